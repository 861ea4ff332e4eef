// The database goes away under load and comes back: a real app process on Postgres, reached
// through a proxy the test cuts (every connection closed, new ones refused) and restores.
// Postgres only: embedded PGlite lives inside the process and cannot go away on its own.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { ensureShippedTerms } from "../../db/terms.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { createScratchDatabase } from "../support/test-database.ts";
import { startCuttableProxy } from "../support/cuttable-proxy.ts";
import {
  createdPatientId,
  createPatientOver,
  type Outcome,
  signedInBrowsers,
  startAppProcess,
} from "../support/app-process.ts";

const CLIENTS = 8;
const CONNECT_TIMEOUT_SECONDS = 2;
const SHUTDOWN_SECONDS = 10;
// A request during the outage waits at most for a connection attempt and a wait for a free one.
const ANSWER_BOUND_MS = 2 * CONNECT_TIMEOUT_SECONDS * 1000 + 2_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(url: string) {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    return { status: response.status, body: await response.text(), ms: performance.now() - started };
  } catch (error) {
    return { status: 0, body: String(error), ms: performance.now() - started };
  }
}

const test = suite("database outage");

if (Deno.env.get("TEST_DATABASE_URL")) {
  test("on Postgres the app outlives a database outage under load, answers 503 meanwhile, serves again, and ends in its bound on SIGTERM", async () => {
    const scratch = (await createScratchDatabase())!;
    const direct = openPostgres(scratch.url, 2);
    const server = new URL(scratch.url);
    const proxy = startCuttableProxy({ hostname: server.hostname, port: Number(server.port || 5432) });
    const viaProxy = new URL(scratch.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    let app: Awaited<ReturnType<typeof startAppProcess>> | undefined;
    let stop = false;
    let clients: Promise<void>[] = [];
    try {
      await migrateToLatest(direct.db);
      await ensureShippedTerms(direct.db, CURRENT_TERMS, new Date());
      const { browsers, masterKeyBase64 } = await signedInBrowsers(direct.db, CLIENTS);
      app = await startAppProcess({
        DATABASE_URL: viaProxy.href,
        KARTEI_MASTER_KEY: masterKeyBase64,
        BASE_URL: "http://kartei.test",
        DB_CONNECT_SECONDS: String(CONNECT_TIMEOUT_SECONDS),
        SHUTDOWN_SECONDS: String(SHUTDOWN_SECONDS),
      });
      const url = app.url;
      const outcomes: Outcome[] = [];
      clients = browsers.map(async (browser, client) => {
        for (let n = 0; !stop; n++) {
          const outcome = await createPatientOver(url, browser, `Ausfall ${client}-${n}`);
          outcomes.push(outcome);
          if (!createdPatientId(outcome)) await pause(50);
        }
      });
      const acknowledgedSoFar = () => outcomes.filter((o) => createdPatientId(o)).length;
      while (acknowledgedSoFar() < 2 * CLIENTS) await pause(100);

      proxy.cut();
      const cutAt = performance.now();
      await pause(3_000);
      const ready = await timed(`${url}/readyz`);
      const health = await timed(`${url}/healthz`);
      await pause(1_000);
      const duringOutage = outcomes.filter((o) => o.sentAt > cutAt + 500);

      proxy.restore();
      const restoredAt = performance.now();
      let servedAgainMs = Infinity;
      while (performance.now() - restoredAt < 30_000) {
        const answered = outcomes.find((o) => o.sentAt > restoredAt && createdPatientId(o));
        if (answered) {
          servedAgainMs = answered.sentAt + answered.ms - restoredAt;
          break;
        }
        await pause(100);
      }
      const readyAgain = await timed(`${url}/readyz`);
      await pause(500);
      stop = true;
      await Promise.all(clients);

      assert.equal(await Promise.race([app.status.then(() => "ended"), pause(0).then(() => "alive")]), "alive");
      assert.is(health.status, 200, "the process itself answers");
      assert.is(ready.status, 503, "/readyz says the database is away");
      assert.ok(ready.ms < 2_000, `within 2 s (${Math.round(ready.ms)} ms)`);

      assert.ok(duringOutage.length >= CLIENTS, `requests kept coming (${duringOutage.length})`);
      for (const outcome of duringOutage) {
        assert.is(outcome.kind, "answered", "no request is left without an answer");
        if (outcome.kind !== "answered") continue;
        assert.is(outcome.status, 503, "the maintenance answer, not a 500");
        assert.ok(outcome.ms < ANSWER_BOUND_MS, `answered within the bound (${Math.round(outcome.ms)} ms)`);
      }
      const statuses = new Set(outcomes.map((o) => o.kind === "answered" ? o.status : 0));
      assert.ok([...statuses].every((s) => s === 303 || s === 503), `only 303 and 503: ${[...statuses]}`);

      assert.ok(servedAgainMs < 30_000, "serves again by itself once the database is back");
      assert.is(readyAgain.status, 200);
      assert.not.ok(
        app.lines.some((line) => line.includes("contained")),
        "nothing escaped to the last-resort handler",
      );

      const acknowledged = outcomes.map(createdPatientId).filter((id): id is string => id !== null);
      const stored = await direct.db.selectFrom("patients").select("id").where("id", "in", acknowledged).execute();
      assert.is(stored.length, acknowledged.length, "no acknowledged write is missing");

      // SIGTERM while the database is away again still ends the process within its bound.
      proxy.cut();
      const waiting = [createPatientOver(url, browsers[0], "Ausfall beim Beenden"), timed(`${url}/readyz`)];
      await pause(200);
      const signalledAt = performance.now();
      app.signal("SIGTERM");
      const status = await Promise.race([app.status, pause(3 * SHUTDOWN_SECONDS * 1000).then(() => null)]);
      const exitMs = performance.now() - signalledAt;
      await Promise.all(waiting);
      const slowest = Math.max(...duringOutage.map((o) => o.ms));
      console.log(
        `  outage: ${duringOutage.length} requests answered 503 in at most ${Math.round(slowest)} ms, /readyz in ` +
          `${Math.round(ready.ms)} ms; served again ${Math.round(servedAgainMs)} ms after the database returned; ` +
          `${acknowledged.length} acknowledged writes all stored; SIGTERM during an outage: exit after ${
            Math.round(exitMs)
          } ms`,
      );
      assert.ok(status, "the process ended");
      assert.ok(exitMs < SHUTDOWN_SECONDS * 1000 + 2_000, `within the shutdown bound (${Math.round(exitMs)} ms)`);
    } finally {
      stop = true;
      proxy.restore();
      await app?.kill();
      await Promise.all(clients);
      proxy.close();
      await direct.close();
      await scratch.drop();
    }
  });
}

test.run();
