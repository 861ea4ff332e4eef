import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { testDatabase } from "../support/test-database.ts";
import { createScratchDatabase } from "../support/test-database.ts";
import { uniqueEmail } from "../support/test-app.ts";
import { GOOD_PASSWORD } from "../support/practice-fixtures.ts";
import { appendAuditEvent } from "../../db/audit.ts";
import { sealAuditEvents } from "../../db/audit-sealer.ts";
import { runDailyAuditVerification } from "../../db/audit-verification.ts";
import { type Db, openEmbedded, openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { createOperatorAccount } from "../../bin/operator-create.ts";
import { fixedClock } from "../../lib/clock.ts";
import { createMemoryLogger } from "../../lib/log.ts";

const test = suite("verifying the audit log");

async function practiceWithEvents(db: Db, count: number): Promise<string> {
  const { id } = await db.insertInto("practices").values({ name: "Prüf-Praxis" }).returning("id")
    .executeTakeFirstOrThrow();
  for (let i = 0; i < count; i++) {
    await appendAuditEvent(db, { practiceId: id, action: "test.event", details: { i }, occurredAt: new Date() });
  }
  await sealAuditEvents(db);
  return id;
}

/** Edits a sealed event the way only a superuser could: with triggers off. */
async function tamper(db: Db, practiceId: string, sequence: number) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`update audit_events set details = '{"i": 99}'
      where practice_id = ${practiceId} and sequence = ${sequence}`.execute(trx);
  });
}

const root = new URL("../../", import.meta.url).pathname;

/** `deno task audit:verify` as an operator runs it, against a database of its own. */
async function auditVerify(database: Record<string, string>, ...args: string[]) {
  const env: Record<string, string> = { ...database };
  for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "audit:verify", ...(args.length ? ["--", ...args] : [])],
    cwd: root,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: output.code, stdout: text.decode(output.stdout), stderr: text.decode(output.stderr) };
}

test("deno task audit:verify prints each chain and exits 1 when a sealed event was edited", async () => {
  // Postgres through DATABASE_URL when the suite runs there, otherwise PGlite in a data folder
  // under ./data (the task may write only there).
  const scratch = await createScratchDatabase();
  const dataDir = scratch ? null : `${root}data/audit-verify-test-${crypto.randomUUID()}`;
  const database: Record<string, string> = scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir! };
  const open = () => scratch ? Promise.resolve(openPostgres(scratch.url, 1)) : openEmbedded(dataDir!);
  try {
    const handle = await open();
    await migrateToLatest(handle.db);
    const intact = await practiceWithEvents(handle.db, 2);
    const damaged = await practiceWithEvents(handle.db, 3);
    await tamper(handle.db, damaged, 2);
    await handle.close();

    const all = await auditVerify(database);
    assert.is(all.code, 1);
    assert.ok(all.stdout.includes(`practice ${damaged}: BROKEN at event 2 (hash)`), all.stdout);
    assert.ok(all.stdout.includes(`practice ${intact}: intact, 2 events`), all.stdout);
    assert.ok(all.stdout.includes("installation: intact"), all.stdout);
    const one = await auditVerify(database, "--practice", intact);
    assert.is(one.code, 0, one.stderr);
    assert.equal(one.stdout.trim().split("\n"), [`practice ${intact}: intact, 2 events`]);
    const typo = await auditVerify(database, "--practice", "praxis-7");
    assert.is(typo.code, 2);
    assert.ok(typo.stderr.includes("--practice needs a practice id"), typo.stderr);
  } finally {
    await scratch?.drop();
    if (dataDir) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});

test("the daily verification logs a broken chain by ids and mails every operator, once a day", async () => {
  const { db } = await testDatabase();
  const operatorEmail = uniqueEmail("operator");
  const clock = fixedClock(new Date("2031-03-02T03:00:00Z"));
  const created = await createOperatorAccount(
    db,
    { email: operatorEmail, name: "Eva Betrieb", password: GOOD_PASSWORD },
    clock.now(),
  );
  if (!created.ok) throw new Error(created.problem);
  const damaged = await practiceWithEvents(db, 3);
  await tamper(db, damaged, 3);
  const log = createMemoryLogger();

  const broken = await runDailyAuditVerification(db, clock, log);
  const found = broken?.find((report) => report.practiceId === damaged);
  assert.ok(found, "the damaged practice is reported");
  assert.equal(found!.verdict, { intact: false, events: 2, brokenAtSequence: 3, reason: "hash" });
  const logged = log.lines.map((line) => JSON.parse(line))
    .find((line) => line.msg === "audit chain broken" && line.practiceId === damaged);
  assert.equal(logged && { level: logged.level, sequence: logged.sequence, reason: logged.reason }, {
    level: "error",
    sequence: 3,
    reason: "hash",
  });
  assert.not.ok(log.lines.join("\n").includes(operatorEmail), "no address in the log");
  const mails = await db.selectFrom("outgoing_mails").select(["subject", "body"])
    .where("recipient", "=", operatorEmail).execute();
  assert.is(mails.length, 1);
  assert.is(mails[0].subject, "Kartei: Das Audit-Protokoll ist beschädigt");
  assert.ok(mails[0].body.includes(`${damaged}: Ereignis 3 (hash)`), mails[0].body);

  // Another process an hour later finds the day's run done; the next day it runs again.
  clock.advance(60 * 60_000);
  assert.is(await runDailyAuditVerification(db, clock, log), null);
  clock.advance(23 * 60 * 60_000);
  assert.ok((await runDailyAuditVerification(db, clock, log))?.some((r) => r.practiceId === damaged));
  const again = await db.selectFrom("outgoing_mails").select("id").where("recipient", "=", operatorEmail).execute();
  assert.is(again.length, 2);
});

test("two processes checking at the same moment run the day's verification once", async () => {
  const { db } = await testDatabase();
  const clock = fixedClock(new Date("2031-06-01T03:00:00Z"));
  const log = createMemoryLogger();
  const runs = await Promise.all([
    runDailyAuditVerification(db, clock, log),
    runDailyAuditVerification(db, clock, log),
  ]);
  assert.is(runs.filter((run) => run !== null).length, 1);
});

test.run();
