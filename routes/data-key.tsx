// The practice's data key: the owner sees its versions and rotates it (new key, everything
// re-encrypted, old key retired). Audited as data_key.rotated.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, requestFacts } from "./page.ts";
import { authorize } from "./middleware/access.ts";
import { listDataKeyVersions, rotateDataKey } from "../db/key-rotation.ts";
import { DataKeyPage } from "../views/documents/data-key-page.tsx";

const COUNT = /^\d{1,9}$/;

export function dataKeyRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/practice/data-key", authorize("practice.policy"), async (c) => {
    const versions = await listDataKeyVersions(c.var.deps.db, practiceScope(c).practiceId);
    const current = versions.find((key) => !key.retiredAt)?.version;
    const [documents, notes] = [c.req.query("documents") ?? "", c.req.query("notes") ?? ""];
    return c.html(
      <DataKeyPage
        page={pageContext(c)}
        versions={versions.map((key) => ({ ...key, current: key.version === current }))}
        rotated={COUNT.test(documents) && COUNT.test(notes)
          ? { documents: Number(documents), notes: Number(notes) }
          : undefined}
      />,
    );
  });

  app.post("/practice/data-key/rotate", authorize("practice.policy"), async (c) => {
    const { db, masterKey } = c.var.deps;
    const result = await rotateDataKey(db, masterKey, practiceScope(c), requestFacts(c));
    return c.redirect(`/practice/data-key?documents=${result.documentChunks}&notes=${result.notes}`, 303);
  });

  return app;
}
