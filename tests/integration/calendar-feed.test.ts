import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";

const test = suite("the calendar feed behind a secret address");

async function practice() {
  const { app, db, clock, masterKey } = await createTestApp();
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { practice_name: "Praxis am Markt" });
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const patient = await db.insertInto("patients").values({
    practice_id: owner.practiceId,
    family_name: "Müller",
    given_names: "Anna Maria",
    search_name: "mueller anna maria",
    date_of_birth: "1980-02-03",
    phone: "0345 123456",
  }).returning("id").executeTakeFirstOrThrow();
  const now = clock.now().getTime();
  const appointment = (hoursFromNow: number, fields: Record<string, unknown> = {}) =>
    db.insertInto("appointments").values({
      practice_id: owner.practiceId,
      location_id: location.id,
      practitioner_id: anna.membershipId,
      patient_id: patient.id,
      starts_at: new Date(now + hoursFromNow * 3_600_000),
      ends_at: new Date(now + (hoursFromNow + 1) * 3_600_000),
      ...fields,
    }).returning("id").executeTakeFirstOrThrow();
  const booked = await appointment(24);
  const cancelled = await appointment(48, { status: "cancelled", cancelled_at: new Date(now) });
  const longAgo = await appointment(-24 * 40);
  const meeting = await appointment(72, { patient_id: null, title: "Teambesprechung; Raum 2" });
  return {
    app,
    db,
    clock,
    owner,
    ownerClient,
    anna,
    annaClient: await signedInMember(app, clock, anna),
    deskClient: await signedInMember(app, clock, desk),
    ids: { booked: booked.id, cancelled: cancelled.id, longAgo: longAgo.id, meeting: meeting.id },
  };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());

async function createFeed(client: TestClient, shows = "busy") {
  const page = await client.post("/calendar/settings/feed", { shows });
  assert.is(page.status, 200);
  assert.is(page.headers.get("Cache-Control"), "no-store");
  const url = page.html.match(/value="(http:\/\/kartei\.test\/calendar\/feed\/[a-z2-7]+\.ics)"/)?.[1];
  assert.ok(url, "the address is shown once");
  return new URL(url!).pathname;
}

const feedOf = async (path: string) => await new TestClient((await world()).app).get(path);

test("the feed says only 'Belegt' by default: no name, no other patient data; cancelled ones left out", async () => {
  const { annaClient, db, anna, ids } = await world();
  const path = await createFeed(annaClient);
  const stored = await db.selectFrom("calendar_feeds").select(["token_hash"]).where(
    "practitioner_id",
    "=",
    anna.membershipId,
  )
    .executeTakeFirstOrThrow();
  assert.is(stored.token_hash.length, 32, "only the SHA-256 is stored");
  assert.not.ok(new TextDecoder().decode(stored.token_hash).includes(path.slice(15, 67)));

  const feed = await feedOf(path);
  assert.is(feed.status, 200);
  assert.match(feed.headers.get("Content-Type") ?? "", /^text\/calendar/);
  assert.is(feed.headers.get("Cache-Control"), "no-store");
  assert.ok(feed.html.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  assert.ok(feed.html.includes("X-WR-CALNAME:Praxis am Markt – Anna Behandlerin"));
  assert.ok(feed.html.includes(`UID:${ids.booked}@kartei.test`));
  assert.not.ok(feed.html.includes(ids.cancelled), "cancelled");
  assert.not.ok(feed.html.includes(ids.longAgo), "older than 30 days");
  assert.is(feed.html.match(/SUMMARY:Belegt/g)?.length, 2);
  for (const secret of ["Müller", "Anna Maria", "1980", "0345", "A. M.", "Teambesprechung"]) {
    assert.not.ok(feed.html.includes(secret), secret);
  }
  const again = await feedOf(path);
  assert.is(again.html.match(/UID:[^\r]+/g)?.join(), feed.html.match(/UID:[^\r]+/g)?.join(), "stable UIDs");
  const used = await db.selectFrom("calendar_feeds").select("last_used_at").where(
    "practitioner_id",
    "=",
    anna.membershipId,
  )
    .where("revoked_at", "is", null).executeTakeFirstOrThrow();
  assert.ok(used.last_used_at);
});

test("initials on request; a new address makes the old one 404; full names need the owner's permission", async () => {
  const { annaClient, ownerClient, db, owner } = await world();
  const first = await createFeed(annaClient, "busy");
  const initials = await createFeed(annaClient, "initials");
  assert.is((await feedOf(first)).status, 404, "replaced");
  const withInitials = await feedOf(initials);
  assert.ok(withInitials.html.includes("SUMMARY:A. M."));
  assert.not.ok(withInitials.html.includes("Müller"));

  const refused = await annaClient.post("/calendar/settings/feed", { shows: "full_names" });
  assert.is(refused.status, 422, "not while the practice forbids full names");
  assert.is((await feedOf(initials)).status, 200, "and the live feed stays");

  assert.is((await ownerClient.post("/calendar/settings/feed-policy", { full_names: "yes" })).status, 303);
  const full = await createFeed(annaClient, "full_names");
  const withNames = await feedOf(full);
  assert.ok(withNames.html.includes("SUMMARY:Müller\\, Anna Maria"), "full name, comma escaped");
  assert.ok(withNames.html.includes("SUMMARY:Teambesprechung\\; Raum 2"));
  assert.not.ok(withNames.html.includes("1980") || withNames.html.includes("0345"), "never other patient data");

  assert.is((await ownerClient.post("/calendar/settings/feed-policy", {})).status, 303);
  const afterwards = await feedOf(full);
  assert.not.ok(afterwards.html.includes("Müller"), "withdrawn permission applies at once");
  assert.ok(afterwards.html.includes("SUMMARY:A. M."));

  const actions = await db.selectFrom("audit_events").select(["action", "details"])
    .where("practice_id", "=", owner.practiceId).execute();
  assert.ok(actions.filter((a) => a.action === "calendar_feed.created").length >= 3);
  assert.ok(actions.filter((a) => a.action === "calendar_feed.revoked").length >= 2);
  assert.is(actions.filter((a) => a.action === "practice.calendar_feed_full_names_changed").length, 2);
});

test("a revoked address answers 404, like an unknown or malformed one", async () => {
  const { annaClient } = await world();
  const path = await createFeed(annaClient);
  assert.is(
    (await annaClient.post("/calendar/settings/feed/revoke", {})).location,
    "/calendar/settings?notice=feedRevoked",
  );
  assert.is((await feedOf(path)).status, 404);
  assert.is((await feedOf(`/calendar/feed/${"a".repeat(52)}.ics`)).status, 404);
  assert.is((await feedOf(`/calendar/feed/${"a".repeat(52)}`)).status, 404);
  assert.is((await feedOf("/calendar/feed/%00.ics")).status, 404);
  assert.ok((await annaClient.get("/calendar/settings")).html.includes("noch keine Abo-Adresse"));
});

test("only the owner sets the name policy; the front desk has no feed; one practice never sees another's", async () => {
  const { app, db, clock, deskClient, annaClient, ids } = await world();
  assert.is((await annaClient.post("/calendar/settings/feed-policy", { full_names: "yes" })).status, 403);
  assert.is((await deskClient.post("/calendar/settings/feed", { shows: "busy" })).status, 404, "no feed of their own");

  const otherClient = new TestClient(app);
  await signedInOwner(otherClient, db, clock, { practice_name: "Andere Praxis" });
  const otherFeed = await feedOf(await createFeed(otherClient));
  assert.is(otherFeed.status, 200);
  assert.not.ok(otherFeed.html.includes(ids.booked));
  assert.not.ok(otherFeed.html.includes("BEGIN:VEVENT"));
});

test("the feed of a locked account, a locked or an ended membership answers 404 until it is current again", async () => {
  const { annaClient, db, anna } = await world();
  const path = await createFeed(annaClient);
  assert.is((await feedOf(path)).status, 200);
  const account = await db.selectFrom("memberships").select("account_id").where("id", "=", anna.membershipId)
    .executeTakeFirstOrThrow();
  const checks: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    [
      "locked account",
      () => db.updateTable("accounts").set({ status: "locked" }).where("id", "=", account.account_id).execute(),
      () => db.updateTable("accounts").set({ status: "active" }).where("id", "=", account.account_id).execute(),
    ],
    [
      "locked membership",
      () => db.updateTable("memberships").set({ status: "locked" }).where("id", "=", anna.membershipId).execute(),
      () => db.updateTable("memberships").set({ status: "active" }).where("id", "=", anna.membershipId).execute(),
    ],
    [
      "ended membership",
      () => db.updateTable("memberships").set({ ended_at: new Date() }).where("id", "=", anna.membershipId).execute(),
      () => db.updateTable("memberships").set({ ended_at: null }).where("id", "=", anna.membershipId).execute(),
    ],
  ];
  for (const [what, lock, unlock] of checks) {
    await lock();
    const feed = await feedOf(path);
    await unlock();
    assert.is(feed.status, 404, what);
    assert.not.ok(feed.html.includes("BEGIN:VCALENDAR"), what);
  }
  assert.is((await feedOf(path)).status, 200, "current again");
});

test.run();
