import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { testDatabase } from "../support/test-database.ts";
import { appendAuditEvent, verifyAuditChain } from "../../db/audit.ts";
import { sealAuditEvents, sealChainBatch, startAuditSealing } from "../../db/audit-sealer.ts";
import type { Db } from "../../db/database.ts";
import { createMemoryLogger } from "../../lib/log.ts";

const test = suite("the audit log");

async function newPractice(db: Db): Promise<string> {
  const practice = await db.insertInto("practices").values({ name: "Audit-Praxis" }).returning("id")
    .executeTakeFirstOrThrow();
  return practice.id;
}

async function record(db: Db, practiceId: string, count: number) {
  for (let i = 0; i < count; i++) {
    await db.transaction().execute((trx) =>
      appendAuditEvent(trx, {
        practiceId,
        action: "test.event",
        details: { n: i, note: "ärztlich" },
        requestId: `req-${i}`,
        occurredAt: new Date(Date.UTC(2026, 10, 25, 10, 0, 0, i)),
      })
    );
  }
}

async function recordSealed(db: Db, practiceId: string, count: number) {
  await record(db, practiceId, count);
  await sealAuditEvents(db);
}

async function chainColumns(db: Db, practiceId: string) {
  return await db.selectFrom("audit_events").select(["id", "sequence", "previous_hash", "hash"])
    .where("practice_id", "=", practiceId).orderBy("id").execute();
}

/** Rewrites history the way only someone with superuser rights could: triggers off. */
async function asSuperuser(db: Db, change: ReturnType<typeof sql>) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await change.execute(trx);
  });
}

async function refused(db: Db, statement: ReturnType<typeof sql>): Promise<boolean> {
  try {
    await statement.execute(db);
    return false;
  } catch (error) {
    return String(error).includes("append-only");
  }
}

test("the database refuses to change or delete audit events, sealed or not", async () => {
  const { db } = await testDatabase();
  const practiceId = await newPractice(db);
  await recordSealed(db, practiceId, 2);
  await record(db, practiceId, 1);
  const [first, , unsealed] = await chainColumns(db, practiceId);
  assert.is(unsealed.sequence, null, "the newest is not sealed yet");
  for (
    const statement of [
      sql`update audit_events set action = 'rewritten' where id = ${first.id}`,
      sql`update audit_events set action = 'rewritten' where id = ${unsealed.id}`,
      sql`update audit_events set sequence = 9, previous_hash = ${first.hash}, hash = ${first.hash}
        where id = ${first.id}`,
      sql`delete from audit_events where id = ${first.id}`,
      sql`delete from audit_events where id = ${unsealed.id}`,
      sql`truncate audit_events`,
    ]
  ) {
    assert.ok(await refused(db, statement), statement.compile(db).sql);
  }
  await sealAuditEvents(db);
  assert.equal(await verifyAuditChain(db, practiceId), { intact: true, events: 3 });
});

test("the sealing update sets the chain columns of an unsealed event once, and nothing else", async () => {
  const { db } = await testDatabase();
  const practiceId = await newPractice(db);
  await record(db, practiceId, 1);
  const [event] = await chainColumns(db, practiceId);
  const hash = "a".repeat(64);
  assert.ok(
    await refused(
      db,
      sql`update audit_events set sequence = 1, previous_hash = ${hash}, hash = ${hash}, action = 'forged'
        where id = ${event.id}`,
    ),
    "chain columns together with content",
  );
  assert.ok(
    await refused(db, sql`update audit_events set request_id = 'other' where id = ${event.id}`),
    "content alone",
  );
  let checked = false;
  try {
    await sql`update audit_events set sequence = 1 where id = ${event.id}`.execute(db);
  } catch (error) {
    checked = String(error).includes("audit_events_sealed_whole");
  }
  assert.ok(checked, "the three chain columns are set together");
  await sealAuditEvents(db);
  const [sealed] = await chainColumns(db, practiceId);
  assert.is(sealed.sequence, 1);
  assert.ok(
    await refused(db, sql`update audit_events set sequence = 2, hash = ${hash} where id = ${event.id}`),
    "a sealed event is never sealed again",
  );
  assert.equal(await chainColumns(db, practiceId), [sealed]);
});

test("each practice has its own unbroken chain", async () => {
  const { db } = await testDatabase();
  const a = await newPractice(db);
  const b = await newPractice(db);
  await record(db, a, 3);
  await record(db, b, 2);
  await record(db, a, 1);
  await sealAuditEvents(db);
  assert.equal(await verifyAuditChain(db, a), { intact: true, events: 4 });
  assert.equal(await verifyAuditChain(db, b), { intact: true, events: 2 });
  assert.equal((await chainColumns(db, b)).map((r) => r.sequence), [1, 2]);
  assert.equal((await chainColumns(db, a)).map((r) => r.sequence), [1, 2, 3, 4], "in the order of insertion");
});

test("a rewritten event, a removed event and a rewritten hash are found at the first broken link", async () => {
  const { db } = await testDatabase();

  const edited = await newPractice(db);
  await recordSealed(db, edited, 5);
  await asSuperuser(
    db,
    sql`update audit_events set details = '{"n": 99}' where practice_id = ${edited} and sequence = 3`,
  );
  assert.equal(await verifyAuditChain(db, edited), { intact: false, events: 2, brokenAtSequence: 3, reason: "hash" });

  const removed = await newPractice(db);
  await recordSealed(db, removed, 5);
  await asSuperuser(db, sql`delete from audit_events where practice_id = ${removed} and sequence = 2`);
  assert.equal(await verifyAuditChain(db, removed), { intact: false, events: 1, brokenAtSequence: 3, reason: "gap" });

  const rehashed = await newPractice(db);
  await recordSealed(db, rehashed, 4);
  await asSuperuser(
    db,
    sql`update audit_events set action = 'forged', hash = ${
      "f".repeat(64)
    } where practice_id = ${rehashed} and sequence = 2`,
  );
  const verdict = await verifyAuditChain(db, rehashed);
  assert.is(verdict.intact, false);
  if (!verdict.intact) assert.is(verdict.brokenAtSequence, 2);
});

test("an event rolled back with its change leaves no trace and no gap", async () => {
  const { db } = await testDatabase();
  const practiceId = await newPractice(db);
  await record(db, practiceId, 1);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("practices").set({ name: "Umbenannt" }).where("id", "=", practiceId).execute();
      await appendAuditEvent(trx, { practiceId, action: "test.doomed", occurredAt: new Date() });
      throw new Error("the change failed");
    });
  } catch { /* expected */ }
  await record(db, practiceId, 1);
  await sealAuditEvents(db);
  const actions = await db.selectFrom("audit_events").select("action").where("practice_id", "=", practiceId)
    .execute();
  assert.equal(actions.map((a) => a.action), ["test.event", "test.event"]);
  assert.equal(await verifyAuditChain(db, practiceId), { intact: true, events: 2 });
});

test("the sealing job seals at start what was left unsealed (as after a crash) and every round after", async () => {
  const { db } = await testDatabase();
  const practiceId = await newPractice(db);
  await record(db, practiceId, 3);
  const log = createMemoryLogger();
  // An interval longer than the test: only the round at start runs until kicked.
  const job = startAuditSealing(db, log, 3_600_000);
  await job.kick();
  assert.equal((await chainColumns(db, practiceId)).map((r) => r.sequence), [1, 2, 3]);
  await record(db, practiceId, 2);
  await job.kick();
  await job.stop();
  assert.equal(await verifyAuditChain(db, practiceId), { intact: true, events: 5 });
  assert.equal(log.lines.filter((line) => line.includes('"error"')), []);
});

test("parallel writers and two sealers at once give a chain without gaps or duplicates", async () => {
  const { db } = await testDatabase();
  const practiceId = await newPractice(db);
  const writers = Array.from(
    { length: 40 },
    (_, i) =>
      db.transaction().execute((trx) =>
        appendAuditEvent(trx, { practiceId, action: "test.parallel", details: { i }, occurredAt: new Date() })
      ),
  );
  // Small batches so the sealers take turns on the chain many times while writers still insert.
  const sealers = async () => {
    for (let round = 0; round < 10; round++) await sealChainBatch(db, practiceId, 3);
  };
  await Promise.all([...writers, sealers(), sealers()]);
  await Promise.all([sealAuditEvents(db, 7), sealAuditEvents(db, 7)]);
  const sequences = (await chainColumns(db, practiceId)).map((r) => r.sequence).sort((x, y) => x! - y!);
  assert.equal(sequences, Array.from({ length: 40 }, (_, i) => i + 1));
  assert.equal(await verifyAuditChain(db, practiceId), { intact: true, events: 40 });
});

test("an append does not wait for another open transaction that appended to the same practice", async () => {
  // Needs two connections at once; PGlite has one.
  if (!Deno.env.get("TEST_DATABASE_URL")) return;
  const { db } = await testDatabase();
  const practiceId = await newPractice(db);
  const open = await db.startTransaction().execute();
  await appendAuditEvent(open, { practiceId, action: "test.open", occurredAt: new Date() });
  // Were there a lock, this would wait for `open`, run into the lock timeout and fail.
  await db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '2s'`.execute(trx);
    await appendAuditEvent(trx, { practiceId, action: "test.meanwhile", occurredAt: new Date() });
  });
  // The sealer seals what is committed and leaves the open transaction's event to a later round.
  await sealAuditEvents(db);
  assert.equal(
    await db.selectFrom("audit_events").select(["action", "sequence"]).where("practice_id", "=", practiceId)
      .execute(),
    [{ action: "test.meanwhile", sequence: 1 }],
  );
  await open.commit().execute();
  await sealAuditEvents(db);
  assert.equal(
    await db.selectFrom("audit_events").select(["action", "sequence"]).where("practice_id", "=", practiceId)
      .orderBy("sequence").execute(),
    [{ action: "test.meanwhile", sequence: 1 }, { action: "test.open", sequence: 2 }],
  );
  assert.equal(await verifyAuditChain(db, practiceId), { intact: true, events: 2 });
});

test.run();
