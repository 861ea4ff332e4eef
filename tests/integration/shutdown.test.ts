// SIGTERM under load, on a real app process: it ends within its bound, every request sent
// before the signal is answered, and no acknowledged write is missing afterwards.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { type DatabaseHandle, openEmbedded, openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { ensureShippedTerms } from "../../db/terms.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { createScratchDatabase } from "../support/test-database.ts";
import {
  createdPatientId,
  createPatientOver,
  type Outcome,
  signedInBrowsers,
  startAppProcess,
} from "../support/app-process.ts";

const SHUTDOWN_BOUND_MS = 10_000;
const CLIENTS = 8;

interface Where {
  /** The app's database settings. */
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  /** Whether the app needs the database to itself (PGlite: one process per data folder). */
  exclusive: boolean;
}

async function sigtermUnderLoad(where: Where) {
  const setup = await where.open();
  await migrateToLatest(setup.db);
  await ensureShippedTerms(setup.db, CURRENT_TERMS, new Date());
  const { browsers, masterKeyBase64 } = await signedInBrowsers(setup.db, CLIENTS);
  if (where.exclusive) await setup.close();

  const app = await startAppProcess({
    ...where.env,
    KARTEI_MASTER_KEY: masterKeyBase64,
    BASE_URL: "http://kartei.test",
    SHUTDOWN_SECONDS: String(SHUTDOWN_BOUND_MS / 1000),
  });
  const outcomes: Outcome[] = [];
  let signalledAt = Infinity;
  let stop = false;
  const clients = browsers.map(async (browser, client) => {
    for (let n = 0; !stop; n++) {
      const outcome = await createPatientOver(app.url, browser, `Abschaltung ${client}-${n}`);
      outcomes.push(outcome);
      // After the signal the port closes: a refused request then is expected, and the last one.
      if (outcome.kind === "failed" && outcome.sentAt >= signalledAt) return;
    }
  });
  try {
    for (let waited = 0; outcomes.filter((o) => createdPatientId(o)).length < 3 * CLIENTS && waited < 60_000;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      waited += 100;
    }
    signalledAt = performance.now();
    app.signal("SIGTERM");
    const status = await Promise.race([
      app.status,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 3 * SHUTDOWN_BOUND_MS)),
    ]);
    const exitMs = performance.now() - signalledAt;
    stop = true;
    await Promise.all(clients);

    console.log(
      `  SIGTERM under load: exit after ${Math.round(exitMs)} ms, ${
        outcomes.filter((o) => o.sentAt < signalledAt).length
      } requests sent before the signal`,
    );
    assert.ok(status, "the process ended");
    assert.ok(exitMs < SHUTDOWN_BOUND_MS + 2_000, `ended within the bound (${Math.round(exitMs)} ms)`);
    assert.is(status!.code, 0, "a clean shutdown, not the bound's forced exit");
    assert.ok(app.lines.some((line) => line.includes('"msg":"shut down"')));

    const beforeSignal = outcomes.filter((o) => o.sentAt < signalledAt);
    const dropped = beforeSignal.filter((o) => o.kind === "failed");
    assert.equal(dropped, [], "every request sent before the signal was answered");
    const statuses = new Set(beforeSignal.map((o) => o.kind === "answered" ? o.status : 0));
    assert.equal([...statuses], [303], "and answered as usual: the patient was created");
    assert.ok(beforeSignal.length >= 3 * CLIENTS, `under load (${beforeSignal.length} requests before the signal)`);

    const acknowledged = outcomes.map(createdPatientId).filter((id): id is string => id !== null);
    const after = where.exclusive ? await where.open() : setup;
    try {
      const stored = await after.db.selectFrom("patients").select("id").where("id", "in", acknowledged).execute();
      assert.is(stored.length, acknowledged.length, "every acknowledged patient is stored");
    } finally {
      await after.close();
    }
  } finally {
    stop = true;
    await app.kill();
    await Promise.all(clients);
  }
}

const test = suite("shutting down");

test("SIGTERM under load on PGlite ends within the bound and drops no request in flight", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "kartei-sigterm-" });
  try {
    await sigtermUnderLoad({ env: { DATA_DIR: dataDir }, open: () => openEmbedded(dataDir), exclusive: true });
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

if (Deno.env.get("TEST_DATABASE_URL")) {
  test("SIGTERM under load on Postgres ends within the bound and drops no request in flight", async () => {
    const scratch = (await createScratchDatabase())!;
    try {
      await sigtermUnderLoad({
        env: { DATABASE_URL: scratch.url },
        open: () => Promise.resolve(openPostgres(scratch.url, 2)),
        exclusive: false,
      });
    } finally {
      await scratch.drop();
    }
  });
}

test.run();
