import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { testDatabase } from "../support/test-database.ts";
import { appendAuditEvent, verifyAuditChain } from "../../db/audit.ts";
import type { Db } from "../../db/database.ts";

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

/** Rewrites history the way only someone with superuser rights could: triggers off. */
async function asSuperuser(db: Db, change: ReturnType<typeof sql>) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await change.execute(trx);
  });
}

test("the database refuses to change or delete audit events", async () => {
  const { db } = await testDatabase();
  const practiceId = await newPractice(db);
  await record(db, practiceId, 2);
  for (
    const statement of [
      sql`update audit_events set action = 'rewritten' where practice_id = ${practiceId}`,
      sql`delete from audit_events where practice_id = ${practiceId}`,
      sql`truncate audit_events`,
    ]
  ) {
    let refused = false;
    try {
      await statement.execute(db);
    } catch (error) {
      refused = String(error).includes("append-only");
    }
    assert.ok(refused, statement.compile(db).sql);
  }
  assert.equal(await verifyAuditChain(db, practiceId), { intact: true, events: 2 });
});

test("each practice has its own unbroken chain", async () => {
  const { db } = await testDatabase();
  const a = await newPractice(db);
  const b = await newPractice(db);
  await record(db, a, 3);
  await record(db, b, 2);
  assert.equal(await verifyAuditChain(db, a), { intact: true, events: 3 });
  assert.equal(await verifyAuditChain(db, b), { intact: true, events: 2 });
  const sequences = (await db.selectFrom("audit_events").select("sequence").where("practice_id", "=", b)
    .orderBy("sequence").execute()).map((r) => r.sequence);
  assert.equal(sequences, [1, 2]);
});

test("a rewritten event, a removed event and a rewritten hash are found at the first broken link", async () => {
  const { db } = await testDatabase();

  const edited = await newPractice(db);
  await record(db, edited, 5);
  await asSuperuser(
    db,
    sql`update audit_events set details = '{"n": 99}' where practice_id = ${edited} and sequence = 3`,
  );
  assert.equal(await verifyAuditChain(db, edited), { intact: false, events: 2, brokenAtSequence: 3, reason: "hash" });

  const removed = await newPractice(db);
  await record(db, removed, 5);
  await asSuperuser(db, sql`delete from audit_events where practice_id = ${removed} and sequence = 2`);
  assert.equal(await verifyAuditChain(db, removed), { intact: false, events: 1, brokenAtSequence: 3, reason: "gap" });

  const rehashed = await newPractice(db);
  await record(db, rehashed, 4);
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
      await appendAuditEvent(trx, { practiceId, action: "test.doomed", occurredAt: new Date() });
      throw new Error("the change failed");
    });
  } catch { /* expected */ }
  await record(db, practiceId, 1);
  assert.equal(await verifyAuditChain(db, practiceId), { intact: true, events: 2 });
});

test("parallel writers never fork or gap a chain", async () => {
  const { db } = await testDatabase();
  const practiceId = await newPractice(db);
  await Promise.all(
    Array.from(
      { length: 20 },
      (_, i) =>
        db.transaction().execute((trx) =>
          appendAuditEvent(trx, { practiceId, action: "test.parallel", details: { i }, occurredAt: new Date() })
        ),
    ),
  );
  assert.equal(await verifyAuditChain(db, practiceId), { intact: true, events: 20 });
});

test.run();
