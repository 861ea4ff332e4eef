import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { freeSlots } from "../../lib/free-slots.ts";
import { availabilityFor } from "../../db/working-hours.ts";

const test = suite("working hours, absences and rooms");

async function practice() {
  const { app, db, clock, masterKey } = await createTestApp();
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const ben = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Ben Kollege" });
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  return {
    app,
    db,
    clock,
    masterKey,
    owner,
    ownerClient,
    anna,
    ben,
    annaClient: await signedInMember(app, clock, anna),
    deskClient: await signedInMember(app, clock, desk),
    desk,
  };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());

const sundayMorning = { weekday: "7", starts: "08:00", ends: "12:00", valid_from: "2026-01-01" };

async function auditActions(db: Awaited<ReturnType<typeof practice>>["db"], practiceId: string) {
  return (await db.selectFrom("audit_events").select("action").where("practice_id", "=", practiceId)
    .orderBy("id").execute())
    .map((e) => e.action);
}

test("a practitioner enters their own working hours; 08:00–12:00 Berlin lands right on both DST change days", async () => {
  const { db, annaClient, anna, owner } = await world();
  const base = `/calendar/settings/practitioners/${anna.membershipId}`;
  const added = await annaClient.post(`${base}/working-hours`, sundayMorning);
  assert.is(added.status, 303);
  assert.is(added.location, `${base}?notice=hoursAdded`);
  const page = await annaClient.get(base);
  assert.is(page.status, 200);
  assert.match(page.html, /Sonntag<\/strong> 08:00–12:00/);

  const availability = await availabilityFor(
    db,
    owner.practiceId,
    [anna.membershipId],
    new Date("2026-03-28T00:00:00Z"),
    new Date("2026-10-26T00:00:00Z"),
  );
  const working = availability.get(anna.membershipId)!.working.map((w) => w.start.toISOString());
  assert.ok(working.includes("2026-03-29T06:00:00.000Z"), "summer time from the spring change day");
  assert.ok(working.includes("2026-10-18T06:00:00.000Z"));
  assert.ok(working.includes("2026-10-25T07:00:00.000Z"), "winter time from the autumn change day");
  const day = availability.get(anna.membershipId)!;
  const fourHours = freeSlots(day, [], 240, new Date("2026-10-25T00:00:00Z"), new Date("2026-10-26T00:00:00Z"));
  assert.equal(fourHours.map((s) => s.start.toISOString()), ["2026-10-25T07:00:00.000Z"]);
  assert.ok((await auditActions(db, owner.practiceId)).includes("working_hours.added"));
});

test("bad times, dates and overlaps answer 422 beside the field and write nothing", async () => {
  const { db, annaClient, anna } = await world();
  const base = `/calendar/settings/practitioners/${anna.membershipId}`;
  const count = async () =>
    (await db.selectFrom("working_hours").select("id").where("practitioner_id", "=", anna.membershipId).execute())
      .length;
  const before = await count();
  const overlap = await annaClient.post(`${base}/working-hours`, { ...sundayMorning, starts: "11:00", ends: "13:00" });
  assert.is(overlap.status, 422);
  assert.ok(fieldError(overlap.html, "starts").includes("Überschneidet"));
  const badTime = await annaClient.post(`${base}/working-hours`, { ...sundayMorning, starts: "25:00" });
  assert.is(badTime.status, 422);
  assert.ok(fieldError(badTime.html, "starts"));
  const backwards = await annaClient.post(`${base}/working-hours`, {
    ...sundayMorning,
    starts: "14:00",
    ends: "13:00",
  });
  assert.ok(fieldError(backwards.html, "ends"));
  const badDate = await annaClient.post(`${base}/working-hours`, { ...sundayMorning, valid_from: "31.02.2026" });
  assert.ok(fieldError(badDate.html, "valid_from"));
  const hostile = await annaClient.post(`${base}/working-hours`, {
    weekday: "99999999999999999999",
    starts: "\u0000",
    ends: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    location_id: "not-a-uuid",
    valid_from: "9".repeat(5000),
  });
  assert.is(hostile.status, 422);
  assert.ok(fieldError(hostile.html, "weekday").includes("Möglichkeiten"), "a day the list does not offer");
  const foreignLocation = await annaClient.post(`${base}/working-hours`, {
    ...sundayMorning,
    weekday: "1",
    location_id: crypto.randomUUID(),
  });
  assert.is(foreignLocation.status, 422);
  assert.ok(fieldError(foreignLocation.html, "location_id"));
  assert.is(await count(), before);
});

test("hours change from a day on: the old interval gets a last day, the new one follows it", async () => {
  const { db, annaClient, anna, owner } = await world();
  const base = `/calendar/settings/practitioners/${anna.membershipId}`;
  const later = { ...sundayMorning, starts: "09:00", ends: "13:00", valid_from: "2027-01-01" };
  assert.is((await annaClient.post(`${base}/working-hours`, later)).status, 422, "overlaps the open-ended hours");
  const old = await db.selectFrom("working_hours").select("id").where("practitioner_id", "=", anna.membershipId)
    .where("weekday", "=", 7).executeTakeFirstOrThrow();
  const beforeStart = await annaClient.post(`${base}/working-hours/${old.id}/end`, { ends_on: "2025-12-31" });
  assert.is(beforeStart.status, 422);
  assert.ok(fieldError(beforeStart.html, `ends_on_${old.id}`));
  assert.is((await annaClient.post(`${base}/working-hours/${old.id}/end`, { ends_on: "kein Datum" })).status, 422);
  const ended = await annaClient.post(`${base}/working-hours/${old.id}/end`, { ends_on: "31.12.2026" });
  assert.is(ended.location, `${base}?notice=hoursEnded`);
  assert.is((await annaClient.post(`${base}/working-hours`, later)).status, 303);
  const extend = await annaClient.post(`${base}/working-hours/${old.id}/end`, { ends_on: "2027-06-30" });
  assert.is(extend.status, 422, "extending the old one would overlap the new one");
  const [winter] = (await availabilityFor(
    db,
    owner.practiceId,
    [anna.membershipId],
    new Date("2027-01-03T00:00:00Z"),
    new Date("2027-01-04T00:00:00Z"),
  )).get(anna.membershipId)!.working;
  assert.is(winter.start.toISOString(), "2027-01-03T08:00:00.000Z", "09:00 Berlin in winter");
  assert.is(
    (await annaClient.post(`${base}/working-hours/${crypto.randomUUID()}/end`, { ends_on: "2027-01-01" }))
      .status,
    404,
  );
});

test("a practitioner cannot change a colleague's hours (403); the owner can; the front desk only reads", async () => {
  const { db, annaClient, ownerClient, deskClient, ben } = await world();
  const base = `/calendar/settings/practitioners/${ben.membershipId}`;
  assert.is((await annaClient.post(`${base}/working-hours`, { ...sundayMorning, weekday: "2" })).status, 403);
  assert.is((await deskClient.post(`${base}/working-hours`, { ...sundayMorning, weekday: "2" })).status, 403);
  const byOwner = await ownerClient.post(`${base}/working-hours`, { ...sundayMorning, weekday: "2" });
  assert.is(byOwner.status, 303);
  const entry = await db.selectFrom("working_hours").select("id").where("practitioner_id", "=", ben.membershipId)
    .executeTakeFirstOrThrow();
  assert.is((await annaClient.post(`${base}/working-hours/${entry.id}/delete`, {})).status, 403);

  const view = await deskClient.get(base);
  assert.is(view.status, 200, "the front desk books by working hours");
  assert.match(view.html, /Dienstag<\/strong> 08:00–12:00/);
  assert.not.ok(view.html.includes(`${base}/working-hours"`), "no form for them");

  assert.is((await ownerClient.post(`${base}/working-hours/${entry.id}/delete`, {})).status, 303);
  assert.is((await ownerClient.post(`${base}/working-hours/${entry.id}/delete`, {})).status, 404, "gone");
});

test("absences: recorded as Berlin days (a DST change day), taken out of the free slots, deleted again", async () => {
  const { db, annaClient, anna, owner, deskClient } = await world();
  const base = `/calendar/settings/practitioners/${anna.membershipId}`;
  const recorded = await annaClient.post(`${base}/absences`, {
    start_date: "2027-03-28",
    end_date: "28.03.2027",
    kind: "training",
    note: "Kongress",
  });
  assert.is(recorded.status, 303);
  const absence = await db.selectFrom("absences").selectAll().where("practitioner_id", "=", anna.membershipId)
    .executeTakeFirstOrThrow();
  assert.is(absence.starts_at.toISOString(), "2027-03-27T23:00:00.000Z", "midnight in Berlin, winter time");
  assert.is(absence.ends_at.toISOString(), "2027-03-28T22:00:00.000Z", "next midnight, summer time");
  const day = (await availabilityFor(db, owner.practiceId, [anna.membershipId], absence.starts_at, absence.ends_at))
    .get(anna.membershipId)!;
  assert.is(day.absences.length, 1);
  assert.equal(freeSlots(day, [], 30, absence.starts_at, absence.ends_at), []);
  const page = await deskClient.get(base);
  assert.ok(page.html.includes("Fortbildung"));
  assert.not.ok(page.html.includes("Kongress"), "the note is for the practitioner and management");
  const own = await annaClient.get(base);
  assert.ok(own.html.includes("Kongress"));
  assert.ok(own.html.includes("28.03.2027 bis 28.03.2027"), "a whole day shows as its date");
  const sick = await annaClient.post(`${base}/absences`, {
    start_date: "2027-04-05",
    end_date: "2027-04-06",
    kind: "sick",
  });
  assert.is(sick.status, 303);
  const seen = await deskClient.get(base);
  assert.ok(seen.html.includes("Abwesend") && !seen.html.includes("Krankheit</strong>"), "sickness shows as absence");

  const backwards = await annaClient.post(`${base}/absences`, {
    start_date: "2026-04-02",
    end_date: "2026-04-01",
    kind: "vacation",
  });
  assert.is(backwards.status, 422);
  assert.ok(fieldError(backwards.html, "end_date"));
  const untilMidnight = await annaClient.post(`${base}/absences`, {
    start_date: "2027-05-03",
    start_time: "13:00",
    end_date: "2027-05-03",
    end_time: "24:00",
    kind: "other",
  });
  assert.is(untilMidnight.status, 303, "24:00 ends the day");
  const skipped = await annaClient.post(`${base}/absences`, {
    start_date: "2026-03-29",
    start_time: "02:30",
    end_date: "2026-03-30",
    kind: "other",
  });
  assert.is(skipped.status, 422);
  assert.ok(
    fieldError(skipped.html, "start_time").includes("02:30 Uhr gibt es"),
    fieldError(skipped.html, "start_time"),
  );
  const badKind = await annaClient.post(`${base}/absences`, {
    start_date: "2026-04-02",
    end_date: "2026-04-03",
    kind: "party",
    start_time: "8 Uhr",
  });
  assert.ok(fieldError(badKind.html, "kind") && fieldError(badKind.html, "start_time"));

  assert.is((await deskClient.post(`${base}/absences/${absence.id}/delete`, {})).status, 403);
  assert.is((await annaClient.post(`${base}/absences/${absence.id}/delete`, {})).status, 303);
  const actions = await auditActions(db, owner.practiceId);
  assert.ok(actions.includes("absence.recorded") && actions.includes("absence.removed"));
});

test("another practice's practitioner, entry or room answers 404; unknown ids too", async () => {
  const { app, db, clock, annaClient, ownerClient, anna } = await world();
  const other = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Andere Praxis" });
  const otherMembership = (await db.selectFrom("memberships").select("id")
    .where("practice_id", "=", other.practiceId).executeTakeFirstOrThrow()).id;
  const base = `/calendar/settings/practitioners/${otherMembership}`;
  assert.is((await ownerClient.get(base)).status, 404);
  assert.is((await ownerClient.post(`${base}/working-hours`, sundayMorning)).status, 404);
  assert.is(
    (await ownerClient.post(`${base}/absences`, { start_date: "2026-05-01", end_date: "2026-05-01" }))
      .status,
    404,
  );
  assert.is((await annaClient.get("/calendar/settings/practitioners/not-a-uuid")).status, 404);
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", other.practiceId)
    .executeTakeFirstOrThrow();
  const room = await db.insertInto("rooms").values({
    practice_id: other.practiceId,
    location_id: location.id,
    name: "Fremder Raum",
  }).returning("id").executeTakeFirstOrThrow();
  assert.is((await ownerClient.post(`/calendar/settings/rooms/${room.id}`, { name: "Meins" })).status, 404);
  assert.is((await ownerClient.post(`/calendar/settings/rooms/${room.id}/archive`, {})).status, 404);
  const adding = await ownerClient.post("/calendar/settings/rooms", {
    location_id: location.id,
    name: "Eingeschleust",
  });
  assert.is(adding.status, 422, "another practice's location is not offered");
  const ownEntry = await db.selectFrom("working_hours").select("id").where("practitioner_id", "=", anna.membershipId)
    .executeTakeFirstOrThrow();
  assert.is(
    (await ownerClient.post(`${base}/working-hours/${ownEntry.id}/delete`, {})).status,
    404,
    "an entry under another practice's practitioner",
  );
});

test("rooms: the owner adds, renames and archives per location; others only look", async () => {
  const { db, ownerClient, annaClient, owner } = await world();
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const added = await ownerClient.post("/calendar/settings/rooms", { location_id: location.id, name: "Raum 1" });
  assert.is(added.status, 303);
  const twice = await ownerClient.post("/calendar/settings/rooms", { location_id: location.id, name: "raum 1" });
  assert.is(twice.status, 422);
  assert.ok(fieldError(twice.html, "name"));
  const room = await db.selectFrom("rooms").select("id").where("practice_id", "=", owner.practiceId)
    .where("name", "=", "Raum 1").executeTakeFirstOrThrow();
  assert.is((await ownerClient.post(`/calendar/settings/rooms/${room.id}`, { name: "Behandlung <1>" })).status, 303);
  const listed = await annaClient.get("/calendar/settings/rooms");
  assert.is(listed.status, 200);
  assert.ok(listed.html.includes("Behandlung &lt;1&gt;"));
  assert.not.ok(listed.html.includes(`/calendar/settings/rooms/${room.id}/archive`), "no buttons for a practitioner");
  assert.is((await annaClient.post("/calendar/settings/rooms", { location_id: location.id, name: "X" })).status, 403);
  assert.is((await annaClient.post(`/calendar/settings/rooms/${room.id}/archive`, {})).status, 403);
  assert.is((await ownerClient.post(`/calendar/settings/rooms/${room.id}/archive`, {})).status, 303);
  const archived = await db.selectFrom("rooms").select("archived_at").where("id", "=", room.id)
    .executeTakeFirstOrThrow();
  assert.ok(archived.archived_at);
  assert.match((await ownerClient.get("/calendar/settings/rooms")).html, /Behandlung &lt;1&gt; <span class="muted">/);
  const actions = await auditActions(db, owner.practiceId);
  assert.ok(["room.created", "room.renamed", "room.archived"].every((a) => actions.includes(a)));
});

test("the settings page lists the practitioners for everyone with the calendar", async () => {
  const { deskClient, annaClient } = await world();
  const desk = await deskClient.get("/calendar/settings");
  assert.is(desk.status, 200);
  assert.ok(desk.html.includes("Anna Behandlerin") && desk.html.includes("Dr. Eva Inhaber"));
  assert.ok(desk.html.includes("Kalender-Abos gibt es für Behandelnde"));
  assert.not.ok(desk.html.includes("/calendar/settings/feed-policy"));
  const own = await annaClient.get("/calendar/settings");
  assert.ok(own.html.includes("Abo-Adresse erstellen"));
  assert.not.ok(own.html.includes("Paula Empfang"), "the front desk has no working hours");
});

test.run();
