import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { berlinDate } from "../../lib/clock.ts";
import type { Db } from "../../db/database.ts";

async function eventsOf(db: Db, practiceId: string, action: string) {
  return await db.selectFrom("audit_events").select(["subject_id", "details", "actor_account_id"])
    .where("practice_id", "=", practiceId).where("action", "=", action).execute();
}

async function membership(db: Db, id: string) {
  return await db.selectFrom("memberships").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function practiceWithMember(role: "practitioner" | "front_desk" = "practitioner") {
  const setup = await createTestApp();
  const { app, db, clock, masterKey } = setup;
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const member = await addMember(db, masterKey, owner.practiceId, role, { name: "Lea Mitglied" });
  const memberClient = await signedInMember(app, clock, member);
  return { ...setup, owner, ownerClient, member, memberClient };
}

const locks = suite("the owner locks, unlocks and ends a member's access");

locks(
  "locking a member closes the practice to them at once, in their running session; unlocking reopens it",
  async () => {
    const { db, owner, ownerClient, member, memberClient } = await practiceWithMember();
    assert.is((await memberClient.get("/")).status, 200);
    const page = await ownerClient.get("/team");
    assert.ok(page.html.includes(`/team/members/${member.membershipId}`), "the team page links to the member");
    assert.ok((await ownerClient.get(`/team/members/${member.membershipId}`)).html.includes("Lea Mitglied"));

    const locked = await ownerClient.post(`/team/members/${member.membershipId}/lock`, { reason: "Laptop gestohlen" });
    assert.is(locked.status, 303);
    assert.is(locked.location, `/team/members/${member.membershipId}?notice=locked`);
    assert.is((await memberClient.get("/")).location, "/sign-in", "every session of theirs has ended");
    const row = await membership(db, member.membershipId);
    assert.is(row.status, "locked");
    assert.is(row.locked_reason, "Laptop gestohlen");
    const [event] = await eventsOf(db, owner.practiceId, "member.locked");
    assert.is(event.subject_id, member.membershipId);
    assert.is(event.actor_account_id, owner.accountId);
    assert.is(event.details.reason, "Laptop gestohlen");
    const mail = await db.selectFrom("outgoing_mails").select("subject").where("recipient", "=", member.email)
      .executeTakeFirst();
    assert.ok(mail, "the member is told by email");

    const unlocked = await ownerClient.post(`/team/members/${member.membershipId}/unlock`, { reason: "Geklärt" });
    assert.is(unlocked.location, `/team/members/${member.membershipId}?notice=unlocked`);
    assert.is((await membership(db, member.membershipId)).status, "active");
    assert.is((await eventsOf(db, owner.practiceId, "member.unlocked")).length, 1);
  },
);

locks(
  "every action needs a reason: without one the page answers 422 beside the field and nothing changes",
  async () => {
    const { db, owner, ownerClient, member, memberClient } = await practiceWithMember();
    const refused = await ownerClient.post(`/team/members/${member.membershipId}/lock`, { reason: "   " });
    assert.is(refused.status, 422);
    assert.ok(fieldError(refused.html, "lock-reason"));
    const noEnd = await ownerClient.post(`/team/members/${member.membershipId}/end-date`, { ends_on: "2001-01-01" });
    assert.is(noEnd.status, 422);
    assert.ok(fieldError(noEnd.html, "ends_on"), "a past day is refused beside the field");
    assert.ok(fieldError(noEnd.html, "end-date-reason"));
    const badDate = await ownerClient.post(`/team/members/${member.membershipId}/end-date`, {
      ends_on: "2027-02-30",
      reason: "x",
    });
    assert.is(badDate.status, 422);
    assert.is((await membership(db, member.membershipId)).status, "active");
    assert.is((await membership(db, member.membershipId)).ends_on, null);
    assert.is((await eventsOf(db, owner.practiceId, "member.locked")).length, 0);
    assert.is((await memberClient.get("/")).status, 200);
  },
);

locks("a stale second factor sends the owner to confirm it first", async () => {
  const { db, clock, ownerClient, member } = await practiceWithMember();
  clock.advance(11 * 60_000);
  const stale = await ownerClient.post(`/team/members/${member.membershipId}/lock`, { reason: "Verdacht" }, {
    Referer: `http://kartei.test/team/members/${member.membershipId}`,
  });
  assert.is(stale.status, 303);
  assert.ok(stale.location?.startsWith("/step-up?return_to="));
  assert.is((await membership(db, member.membershipId)).status, "active");
});

locks("ending all of a member's sessions signs them out everywhere", async () => {
  const { app, clock, db, owner, ownerClient, member, memberClient } = await practiceWithMember();
  const second = await signedInMember(app, clock, member);
  const ended = await ownerClient.post(`/team/members/${member.membershipId}/sessions/end`, { reason: "Gerät weg" });
  assert.is(ended.status, 303);
  assert.is((await memberClient.get("/")).location, "/sign-in");
  assert.is((await second.get("/")).location, "/sign-in");
  const [event] = await eventsOf(db, owner.practiceId, "member.sessions_ended");
  assert.is(event.details.sessionsEnded, 2);
});

locks("an end date is set; ending now closes the practice at once", async () => {
  const { db, clock, owner, ownerClient, member, memberClient } = await practiceWithMember();
  const nextYear = `${Number(berlinDate(clock.now()).slice(0, 4)) + 1}-06-30`;
  const set = await ownerClient.post(`/team/members/${member.membershipId}/end-date`, {
    ends_on: nextYear,
    reason: "Vertrag befristet",
  });
  assert.is(set.status, 303);
  assert.is(berlinDate(new Date((await membership(db, member.membershipId)).ends_on!)), nextYear);
  assert.is((await memberClient.get("/")).status, 200, "access runs until the end date");

  const ended = await ownerClient.post(`/team/members/${member.membershipId}/end`, { reason: "Kündigung" });
  assert.is(ended.status, 303);
  assert.ok((await membership(db, member.membershipId)).ended_at);
  const after = await memberClient.get("/");
  assert.ok(after.location === "/practices" || after.location === "/sign-in", "no way into the practice");
  assert.is((await memberClient.get("/team")).status, 303);
  assert.is((await eventsOf(db, owner.practiceId, "member.ended")).length, 1);
  const again = await ownerClient.post(`/team/members/${member.membershipId}/lock`, { reason: "x" });
  assert.is(again.status, 422, "an ended membership changes no more");
});

locks("the owner cannot act on their own membership here", async () => {
  const { db, owner, ownerClient } = await practiceWithMember();
  const own = await db.selectFrom("memberships").select("id").where("account_id", "=", owner.accountId)
    .executeTakeFirstOrThrow();
  const refused = await ownerClient.post(`/team/members/${own.id}/lock`, { reason: "Versehen" });
  assert.is(refused.status, 422);
  assert.is((await membership(db, own.id)).status, "active");
});

locks.run();

const factors = suite("the owner locks or removes a member's second factor");

factors("a locked factor is refused at once and the member's sessions end", async () => {
  const { db, owner, ownerClient, member, memberClient } = await practiceWithMember();
  const factor = await db.selectFrom("second_factors").select("id").where("account_id", "=", member.accountId)
    .executeTakeFirstOrThrow();
  const locked = await ownerClient.post(`/team/members/${member.membershipId}/factors/${factor.id}/lock`, {
    reason: "YubiKey verloren",
  });
  assert.is(locked.status, 303);
  assert.is((await memberClient.get("/")).location, "/sign-in");
  const row = await db.selectFrom("second_factors").select(["status", "locked_reason"]).where("id", "=", factor.id)
    .executeTakeFirstOrThrow();
  assert.is(row.status, "locked");
  const [event] = await eventsOf(db, owner.practiceId, "member.factor_locked");
  assert.is(event.details.factorId, factor.id);
  assert.is(event.details.reason, "YubiKey verloren");
});

factors("the last factor cannot be removed; another one can", async () => {
  const { db, masterKey, owner, ownerClient, member } = await practiceWithMember();
  const only = await db.selectFrom("second_factors").select("id").where("account_id", "=", member.accountId)
    .executeTakeFirstOrThrow();
  const refused = await ownerClient.post(`/team/members/${member.membershipId}/factors/${only.id}/remove`, {
    reason: "Aufräumen",
  });
  assert.is(refused.status, 422);
  assert.ok(await db.selectFrom("second_factors").select("id").where("id", "=", only.id).executeTakeFirst());

  const spareId = crypto.randomUUID();
  await db.insertInto("second_factors").values({
    id: spareId,
    account_id: member.accountId,
    kind: "totp",
    name: "Alt",
    status: "locked",
    created_at: new Date(),
    secret: new Uint8Array(32),
  }).execute();
  void masterKey;
  const removed = await ownerClient.post(`/team/members/${member.membershipId}/factors/${spareId}/remove`, {
    reason: "Alter Schlüssel",
  });
  assert.is(removed.status, 303);
  assert.not.ok(await db.selectFrom("second_factors").select("id").where("id", "=", spareId).executeTakeFirst());
  assert.is((await eventsOf(db, owner.practiceId, "member.factor_removed")).length, 1);
});

factors.run();

const boundaries = suite("who may lock whom");

boundaries("another practice's membership and factor ids answer 404 and change nothing", async () => {
  const { app, db, clock, masterKey, ownerClient, owner } = await practiceWithMember();
  const other = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Fremde Praxis" });
  const stranger = await addMember(db, masterKey, other.practiceId, "practitioner");
  const strangerFactor = await db.selectFrom("second_factors").select("id").where("account_id", "=", stranger.accountId)
    .executeTakeFirstOrThrow();
  const base = `/team/members/${stranger.membershipId}`;
  assert.is((await ownerClient.get(base)).status, 404);
  for (const path of ["lock", "unlock", "sessions/end", "end", `factors/${strangerFactor.id}/lock`]) {
    assert.is((await ownerClient.post(`${base}/${path}`, { reason: "Übergriff" })).status, 404, path);
  }
  assert.is((await ownerClient.post(`${base}/end-date`, { reason: "x", ends_on: "2099-01-01" })).status, 404);
  assert.is((await ownerClient.get("/team/members/not-a-uuid")).status, 404);
  assert.is((await ownerClient.post("/team/members/not-a-uuid/lock", { reason: "x" })).status, 404);

  // A factor of someone else, through one's own member: 404 as well.
  const mine = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const crossed = await ownerClient.post(`/team/members/${mine.membershipId}/factors/${strangerFactor.id}/lock`, {
    reason: "x",
  });
  assert.is(crossed.status, 404);

  const row = await membership(db, stranger.membershipId);
  assert.is(row.status, "active");
  assert.is(row.ended_at, null);
  assert.is(row.ends_on, null);
  const factor = await db.selectFrom("second_factors").select("status").where("id", "=", strangerFactor.id)
    .executeTakeFirstOrThrow();
  assert.is(factor.status, "active");
  const foreignEvents = await db.selectFrom("audit_events").select("action").where("practice_id", "=", other.practiceId)
    .where("action", "like", "member.%").execute();
  assert.is(foreignEvents.length, 0);
});

boundaries("front desk cannot lock anyone (403)", async () => {
  const { app, db, clock, masterKey, owner } = await practiceWithMember();
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const colleague = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const client = await signedInMember(app, clock, desk);
  assert.is((await client.get(`/team/members/${colleague.membershipId}`)).status, 403);
  assert.is((await client.post(`/team/members/${colleague.membershipId}/lock`, { reason: "x" })).status, 403);
  assert.is((await client.post("/team/lock-practice", { reason: "x" })).status, 403);
  assert.not.ok((await client.get("/team")).html.includes("/team/members/"), "no links to what is forbidden");
  assert.is((await membership(db, colleague.membershipId)).status, "active");
});

boundaries.run();

const practice = suite("locking every credential of the practice");

practice("a suspected breach locks every member's factors and ends all their sessions, the owner's too", async () => {
  const { app, db, clock, masterKey, owner, ownerClient, member, memberClient } = await practiceWithMember();
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const deskClient = await signedInMember(app, clock, desk);
  const outsider = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Unbeteiligt" });

  const page = await ownerClient.get("/team/lock-practice");
  assert.is(page.status, 200);
  const noReason = await ownerClient.post("/team/lock-practice", {});
  assert.is(noReason.status, 422);
  assert.ok(fieldError(noReason.html, "practice-reason"));

  const done = await ownerClient.post("/team/lock-practice", { reason: "Phishing-Verdacht" });
  assert.is(done.status, 200);
  for (const client of [memberClient, deskClient, ownerClient]) {
    assert.is((await client.get("/")).location, "/sign-in");
  }
  for (const accountId of [owner.accountId, member.accountId, desk.accountId]) {
    const active = await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId)
      .where("status", "=", "active").execute();
    assert.is(active.length, 0);
    const codes = await db.selectFrom("recovery_codes").select("id").where("account_id", "=", accountId)
      .where("used_at", "is", null).execute();
    assert.is(codes.length, 0, "recovery codes are void");
  }
  const untouched = await db.selectFrom("second_factors").select("status").where("account_id", "=", outsider.accountId)
    .executeTakeFirstOrThrow();
  assert.is(untouched.status, "active", "another practice is not touched");
  const [event] = await eventsOf(db, owner.practiceId, "practice.credentials_locked");
  assert.is(event.details.reason, "Phishing-Verdacht");
  assert.is(event.details.accounts, 3);
});

practice("with four eyes required, the lock waits as an approval request and locks nothing yet", async () => {
  const { db, owner, ownerClient, member, memberClient } = await practiceWithMember();
  await db.updateTable("practices").set({ four_eyes_actions: ["lock_practice"] }).where("id", "=", owner.practiceId)
    .execute();
  const requested = await ownerClient.post("/team/lock-practice", { reason: "Verdacht" });
  assert.is(requested.location, "/team/lock-practice?notice=requested");
  const request = await db.selectFrom("approval_requests").selectAll().where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.is(request.action, "lock_practice");
  assert.is(request.status, "pending");
  assert.is(request.requested_by, owner.accountId);
  assert.is((await memberClient.get("/")).status, 200);
  const active = await db.selectFrom("second_factors").select("id").where("account_id", "=", member.accountId)
    .where("status", "=", "active").execute();
  assert.is(active.length, 1);
});

practice.run();
