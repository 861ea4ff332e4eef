import { suite } from "uvu";
import * as assert from "uvu/assert";
import { testDatabase } from "../support/test-database.ts";
import { uniqueEmail } from "../support/test-app.ts";
import { lockAccountsWithoutMembership } from "../../db/auto-lock.ts";
import type { Db } from "../../db/database.ts";

async function practice(db: Db) {
  return (await db.insertInto("practices").values({ name: "Praxis Auto" }).returning("id").executeTakeFirstOrThrow())
    .id;
}

async function person(
  db: Db,
  practiceId: string,
  membership: { endedAt?: Date | null; endsOn?: string | null },
  extendedUntil: string | null = null,
) {
  const account = await db.insertInto("accounts").values({
    email: uniqueEmail("auto"),
    name: "Ehemalig",
    password_hash: "x",
    status: "active",
    language: "de",
    auto_lock_extended_until: extendedUntil,
  }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({
    practice_id: practiceId,
    account_id: account.id,
    role: "practitioner",
    ended_at: membership.endedAt ?? null,
    ends_on: membership.endsOn ?? null,
  }).execute();
  return account.id;
}

async function state(db: Db, accountId: string) {
  const account = await db.selectFrom("accounts").select(["status", "locked_reason"]).where("id", "=", accountId)
    .executeTakeFirstOrThrow();
  const events = await db.selectFrom("audit_events").select("details").where("action", "=", "account.auto_locked")
    .where("subject_id", "=", accountId).execute();
  return { ...account, events: events.length };
}

const job = suite("the automatic lock of people without a membership");

job(
  "two runs at the same time lock each due account exactly once; current, extended and recent ones stay",
  async () => {
    const { db } = await testDatabase();
    const practiceId = await practice(db);
    const now = new Date("2028-01-02T10:00:00Z");
    const endedLongAgo = await person(db, practiceId, { endedAt: new Date("2026-12-31T12:00:00Z") });
    const endDatePassed = await person(db, practiceId, { endsOn: "2026-06-30" });
    // Ended on New Year's Day 2027 in Germany (23:30 UTC on 31 December): due only after March 2028.
    const endedNewYear = await person(db, practiceId, { endedAt: new Date("2026-12-31T23:30:00Z") });
    const extended = await person(db, practiceId, { endedAt: new Date("2026-01-10T09:00:00Z") }, "2028-06-30");
    const stillMember = await person(db, practiceId, { endedAt: new Date("2025-01-01T09:00:00Z") });
    await db.insertInto("memberships").values({
      practice_id: await practice(db),
      account_id: stillMember,
      role: "billing",
    })
      .execute();
    const futureEnd = await person(db, practiceId, { endsOn: "2028-12-31" });
    const running = await person(db, practiceId, {});
    await db.insertInto("sessions").values({
      token_hash: crypto.randomUUID(),
      account_id: endedLongAgo,
      practice_id: null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + 3_600_000),
    }).execute();

    const [first, second] = await Promise.all([
      lockAccountsWithoutMembership(db, now),
      lockAccountsWithoutMembership(db, now),
    ]);
    assert.ok(first + second >= 2);
    for (const accountId of [endedLongAgo, endDatePassed]) {
      const locked = await state(db, accountId);
      assert.is(locked.status, "locked");
      assert.is(locked.locked_reason, "no_membership");
      assert.is(locked.events, 1, "locked and audited exactly once");
    }
    for (const accountId of [endedLongAgo, endDatePassed]) {
      const mails = await db.selectFrom("outgoing_mails").innerJoin(
        "accounts",
        "accounts.email",
        "outgoing_mails.recipient",
      )
        .select("outgoing_mails.subject").where("accounts.id", "=", accountId).execute();
      assert.equal(mails.map((mail) => mail.subject), ["Ihr Kartei-Konto wurde gesperrt"], "told once");
    }
    const sessions = await db.selectFrom("sessions").select("id").where("account_id", "=", endedLongAgo).execute();
    assert.is(sessions.length, 0, "their sessions ended");
    for (const accountId of [endedNewYear, extended, stillMember, futureEnd, running]) {
      const untouched = await state(db, accountId);
      assert.is(untouched.status, "active");
      assert.is(untouched.events, 0);
      const mails = await db.selectFrom("outgoing_mails").innerJoin(
        "accounts",
        "accounts.email",
        "outgoing_mails.recipient",
      )
        .select("outgoing_mails.id").where("accounts.id", "=", accountId).execute();
      assert.is(mails.length, 0);
    }

    await lockAccountsWithoutMembership(db, now);
    assert.is((await state(db, endedLongAgo)).events, 1, "a later run leaves locked accounts alone");

    // After March 2028 the New Year's one is due; after the extension, the extended one.
    await lockAccountsWithoutMembership(db, new Date("2028-04-01T10:00:00Z"));
    assert.is((await state(db, endedNewYear)).status, "locked");
    assert.is((await state(db, extended)).status, "active");
    await lockAccountsWithoutMembership(db, new Date("2028-07-01T10:00:00Z"));
    assert.is((await state(db, extended)).status, "locked");
    assert.is((await state(db, stillMember)).status, "active");
    assert.is((await state(db, running)).status, "active");
  },
);

job.run();
