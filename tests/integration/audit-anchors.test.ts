import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { appendAuditEvent, verifyAuditChain } from "../../db/audit.ts";
import { sealAuditEvents } from "../../db/audit-sealer.ts";
import { anchorPracticeChains, verifyAgainstAnchors } from "../../db/audit-anchors.ts";
import { computeEventHash, GENESIS_HASH } from "../../lib/audit-chain.ts";
import { readAnchors, shortHash } from "../../lib/audit-anchors.ts";
import type { Db } from "../../db/database.ts";
import { runDailyAuditVerification } from "../../db/audit-verification.ts";
import { createMemoryLogger } from "../../lib/log.ts";

const test = suite("audit anchors outside the database");

async function practice() {
  const anchorDir = await Deno.makeTempDir({ prefix: "kartei-anchors-" });
  const app = await createTestApp({}, { anchorDir });
  const client = new TestClient(app.app);
  const owner = await signedInOwner(client, app.db, app.clock, { practice_name: "Praxis Anker" });
  for (let i = 0; i < 4; i++) {
    await appendAuditEvent(app.db, {
      practiceId: owner.practiceId,
      action: "patient.viewed",
      details: { n: i },
      occurredAt: new Date(Date.UTC(2026, 10, 20, 9, i)),
    });
  }
  await sealAuditEvents(app.db);
  return { ...app, client, owner, anchorDir };
}

/** What a database administrator could do: change an event and recompute every hash after it. */
async function rewriteChain(db: Db, practiceId: string) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`update audit_events set details = '{"n": 99}' where practice_id = ${practiceId} and sequence = 2`
      .execute(trx);
    const rows = await trx.selectFrom("audit_events").selectAll().where("practice_id", "=", practiceId)
      .where("sequence", "is not", null).orderBy("sequence").execute();
    let previous = GENESIS_HASH;
    for (const row of rows) {
      const hash = computeEventHash(previous, {
        practiceId: row.practice_id,
        sequence: row.sequence!,
        occurredAt: row.occurred_at,
        action: row.action,
        actorAccountId: row.actor_account_id,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        requestId: row.request_id,
        details: row.details,
      });
      await sql`update audit_events set previous_hash = ${previous}, hash = ${hash} where id = ${row.id}`.execute(trx);
      previous = hash;
    }
  });
}

async function ownerMails(db: Db, email: string) {
  return await db.selectFrom("outgoing_mails").select(["subject", "body"]).where("recipient", "=", email)
    .orderBy("id").execute();
}

test("the day's head goes to a file outside the database and to the owners by mail", async () => {
  const { db, clock, owner, anchorDir } = await practice();
  const reports = await anchorPracticeChains(db, anchorDir, clock.now());
  const mine = reports.find((report) => report.practiceId === owner.practiceId)!;
  assert.ok(mine.verdict.intact);
  const anchors = await readAnchors(anchorDir, owner.practiceId);
  assert.is(anchors.length, 1);
  assert.is(anchors[0].events, mine.verdict.events);
  const head = await db.selectFrom("audit_events").select("hash").where("practice_id", "=", owner.practiceId)
    .where("sequence", "=", anchors[0].events).executeTakeFirstOrThrow();
  assert.is(anchors[0].hash, head.hash);
  const mail = (await ownerMails(db, owner.email)).find((m) => m.subject.includes("Stand des Protokolls"));
  assert.ok(mail, "the owner gets the head");
  assert.ok(mail!.body.includes(`Ereignisse: ${anchors[0].events}`), mail!.body);
  assert.ok(mail!.body.includes(`Prüfsumme: ${shortHash(head.hash!)}`), mail!.body);
});

test("rows rewritten with their hashes in SQL verify as a chain, but not against the anchors", async () => {
  const { db, clock, client, owner, anchorDir } = await practice();
  await anchorPracticeChains(db, anchorDir, clock.now());
  const anchored = (await readAnchors(anchorDir, owner.practiceId))[0].events;
  await rewriteChain(db, owner.practiceId);
  assert.ok((await verifyAuditChain(db, owner.practiceId)).intact, "the rewritten chain holds together on its own");
  assert.equal(await verifyAgainstAnchors(db, owner.practiceId, anchorDir), {
    intact: false,
    events: 0,
    brokenAtSequence: anchored,
    reason: "anchor",
  });
  const page = await client.post("/protocol/verify", {});
  assert.ok(page.html.includes(`bei Ereignis ${anchored} unterbrochen (weicht vom aufbewahrten Stand ab)`));

  clock.advance(24 * 60 * 60_000);
  const reports = await anchorPracticeChains(db, anchorDir, clock.now());
  assert.not.ok(reports.find((report) => report.practiceId === owner.practiceId)!.verdict.intact);
  assert.is((await readAnchors(anchorDir, owner.practiceId)).length, 1, "a broken chain is not anchored");
  const mails = await ownerMails(db, owner.email);
  assert.ok(mails.at(-1)!.subject.includes("ist beschädigt"), mails.at(-1)!.subject);
});

test("events cut from the end of the chain are found against the anchors", async () => {
  const { db, clock, owner, anchorDir } = await practice();
  await anchorPracticeChains(db, anchorDir, clock.now());
  const anchored = (await readAnchors(anchorDir, owner.practiceId))[0].events;
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`delete from audit_events where practice_id = ${owner.practiceId} and sequence >= ${anchored - 1}`
      .execute(trx);
  });
  assert.ok((await verifyAuditChain(db, owner.practiceId)).intact, "a shortened chain holds together on its own");
  const verdict = await verifyAgainstAnchors(db, owner.practiceId, anchorDir);
  assert.equal(verdict, { intact: false, events: 0, brokenAtSequence: anchored, reason: "anchor" });
});

test("the daily job anchors the practices' chains when it has an anchor folder", async () => {
  const { db, clock, owner, anchorDir } = await practice();
  // The day's claim is installation-wide: the test leaves it as it found it for the other files.
  const claim = await db.selectFrom("installation_settings").selectAll().where("key", "=", "audit_verified_at")
    .executeTakeFirst();
  try {
    await db.deleteFrom("installation_settings").where("key", "=", "audit_verified_at").execute();
    const broken = await runDailyAuditVerification(db, clock, createMemoryLogger(), anchorDir);
    assert.ok(broken, "the day's run was this one");
    const anchors = await readAnchors(anchorDir, owner.practiceId);
    assert.is(anchors.length, 1);
    assert.is(anchors[0].at, clock.now().toISOString());
  } finally {
    await db.deleteFrom("installation_settings").where("key", "=", "audit_verified_at").execute();
    if (claim) {
      await sql`insert into installation_settings (key, value)
        values ('audit_verified_at', cast(${JSON.stringify(claim.value)}::text as jsonb))`.execute(db);
    }
  }
});

test.run();
