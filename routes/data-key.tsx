// The practice's data key: the owner sees its versions and starts a rotation (new key at once;
// the background job re-encrypts everything and retires the old key). The status part of the
// page is polled while a rotation runs. Audited as data_key.rotated and data_key.rotation_finished.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { authorize, requireFactorManagement } from "./middleware/access.ts";
import { listDataKeyVersions, rotationProgress, startDataKeyRotation } from "../db/key-rotation.ts";
import {
  DataKeyPage,
  DataKeyStatus,
  type DataKeyStatusProps,
  MAX_STATUS_POLLS,
} from "../views/documents/data-key-page.tsx";

const NOTICES = {
  started: "dataKey.started",
  running: "dataKey.alreadyRunning",
} as const;

async function keyStatus(c: Context<AppEnv>, polls = 0): Promise<DataKeyStatusProps> {
  const { db } = c.var.deps;
  const { practiceId } = practiceScope(c);
  const [versions, progress] = await Promise.all([
    listDataKeyVersions(db, practiceId),
    rotationProgress(db, practiceId),
  ]);
  const current = versions.find((key) => !key.retiredAt)?.version;
  return {
    page: pageContext(c),
    versions: versions.map((key) => ({ ...key, current: key.version === current })),
    progress,
    polls,
  };
}

export function dataKeyRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/practice/data-key", authorize("practice.policy"), async (c) => {
    return c.html(<DataKeyPage status={await keyStatus(c)} notice={queryNotice(c, NOTICES)} />);
  });

  app.get("/practice/data-key/status", authorize("practice.policy"), async (c) => {
    const asked = c.req.query("polls") ?? "";
    const polls = /^\d{1,4}$/.test(asked) ? Math.min(Number(asked), MAX_STATUS_POLLS) : MAX_STATUS_POLLS;
    return c.html(<DataKeyStatus {...await keyStatus(c, polls)} />);
  });

  // A new key for everything: a sensitive step, so it asks for a fresh second factor.
  app.post("/practice/data-key/rotate", authorize("practice.policy"), requireFactorManagement(), async (c) => {
    const { db, masterKey } = c.var.deps;
    const { started } = await startDataKeyRotation(db, masterKey, practiceScope(c), requestFacts(c));
    c.var.deps.kickKeyRotation?.();
    return c.redirect(`/practice/data-key?notice=${started ? "started" : "running"}`, 303);
  });

  return app;
}
