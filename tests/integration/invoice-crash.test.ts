// Invoices issued by a real app process that is killed (SIGKILL) in the middle of the run, on
// the test's database kind: Postgres (a scratch database) or embedded PGlite (a data folder).
// After the restart every number is used once, without gap, every issued invoice has its PDF,
// and every issue the app acknowledged (303) is among them.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { type DatabaseHandle, openEmbedded, openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { ensureShippedTerms } from "../../db/terms.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { createScratchDatabase } from "../support/test-database.ts";
import { type BrowserCookies, signedInBrowsers, startAppProcess } from "../support/app-process.ts";
import { ownerScopeOf } from "../support/practice-fixtures.ts";
import { billingReady, draftWith } from "../support/billing-fixtures.ts";

const DRAFTS = 200;
const CLIENTS = 8;
const KILL_AFTER = 60;

const test = suite("invoices survive a killed process");

interface Place {
  open(): Promise<DatabaseHandle>;
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function place(): Promise<Place> {
  const scratch = await createScratchDatabase();
  if (scratch) {
    return {
      open: () => Promise.resolve(openPostgres(scratch.url, 4)),
      env: { DATABASE_URL: scratch.url },
      drop: scratch.drop,
    };
  }
  const dir = await Deno.makeTempDir({ prefix: "kartei-crash-" });
  return {
    open: () => openEmbedded(dir),
    env: { DATA_DIR: dir },
    drop: () => Deno.remove(dir, { recursive: true }),
  };
}

async function issueOver(url: string, browser: BrowserCookies, id: string): Promise<number> {
  try {
    const response = await fetch(`${url}/billing/invoices/${id}/issue`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: browser.cookie },
      body: new URLSearchParams({ _csrf: browser.csrf }),
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

/** Issues the drafts with CLIENTS at a time; stops taking new ones once `stopAfter` were acknowledged. */
async function issueAll(url: string, browser: BrowserCookies, drafts: string[], stopAfter = Infinity) {
  const acknowledged: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < drafts.length && acknowledged.length < stopAfter) {
      const id = drafts[next++];
      if (await issueOver(url, browser, id) === 303) acknowledged.push(id);
    }
  }));
  return acknowledged;
}

test(`a process killed while issuing leaves no gap, no twin and no invoice without PDF (${Deno.env.get("TEST_DATABASE_URL") ? "Postgres" : "PGlite"})`, async () => {
  const where = await place();
  try {
    let handle = await where.open();
    await migrateToLatest(handle.db);
    await ensureShippedTerms(handle.db, CURRENT_TERMS, new Date());
    const { browsers, masterKeyBase64 } = await signedInBrowsers(handle.db, 1);
    const owner = await handle.db.selectFrom("memberships").select([
      "practice_id as practiceId",
      "account_id as accountId",
    ])
      .where("role", "=", "owner").executeTakeFirstOrThrow();
    const scope = await ownerScopeOf(handle.db, owner);
    const { patientId } = await billingReady(handle.db, scope, new Date());
    const drafts: string[] = [];
    for (let i = 0; i < DRAFTS; i++) drafts.push(await draftWith(handle.db, scope, patientId, new Date()));
    await handle.close();

    const env = { ...where.env, KARTEI_MASTER_KEY: masterKeyBase64, BASE_URL: "http://kartei.test" };
    let app = await startAppProcess(env);
    const running = issueAll(app.url, browsers[0], drafts, KILL_AFTER);
    // Killed while the clients still send: some issues are in flight inside a transaction.
    while ((await countIssued(where, app)) < KILL_AFTER / 2) await new Promise((r) => setTimeout(r, 50));
    await app.kill();
    const acknowledgedBefore = await running;

    app = await startAppProcess(env);
    const acknowledgedAfter = await issueAll(app.url, browsers[0], drafts);
    await app.kill();

    handle = await where.open();
    try {
      const rows = await handle.db.selectFrom("invoices").select(["id", "number_sequence", "pdf", "pdf_sha256"])
        .where("practice_id", "=", scope.practiceId).where("status", "=", "issued").orderBy("number_sequence")
        .execute();
      assert.is(rows.length, DRAFTS, "every draft issued once in the end");
      rows.forEach((row, index) => assert.is(row.number_sequence, index + 1, "gapless and unique"));
      assert.ok(
        rows.every((row) => row.pdf && row.pdf.length > 1000 && row.pdf_sha256?.length === 32),
        "every PDF stored",
      );
      const issued = new Set(rows.map((row) => row.id));
      assert.ok(
        [...acknowledgedBefore, ...acknowledgedAfter].every((id) => issued.has(id)),
        "acknowledged means issued",
      );
      assert.ok(acknowledgedBefore.length < DRAFTS, "the kill came before the end");
    } finally {
      await handle.close();
    }
  } finally {
    await where.drop();
  }
});

/** How many invoices the running app has issued: asked of the database beside it on Postgres, of the log on PGlite. */
async function countIssued(where: Place, app: { lines: string[] }): Promise<number> {
  if (where.env.DATABASE_URL) {
    const handle = openPostgres(where.env.DATABASE_URL, 1);
    try {
      const row = await handle.db.selectFrom("invoices").select((eb) => eb.fn.countAll<number>().as("n"))
        .where("status", "=", "issued").executeTakeFirstOrThrow();
      return Number(row.n);
    } finally {
      await handle.close();
    }
  }
  // PGlite belongs to the app process: count its acknowledged issue requests in the request log.
  return app.lines.filter((line) => line.includes("/billing/invoices/:id/issue") && line.includes('"status":303'))
    .length;
}

test.run();
