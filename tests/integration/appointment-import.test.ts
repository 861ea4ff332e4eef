import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import type { Db } from "../../db/database.ts";

const test = suite("appointment import from ICS: preview per event, conflicts, one transaction");

async function world() {
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock, { owner_name: "Dr. Ina Kalender" });
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  return { app, db, clock, masterKey, client, owner, anna, locationId: location.id };
}

async function postImport(client: TestClient, fields: Record<string, string>, file?: string) {
  const form = new FormData();
  form.set("_csrf", client.csrfToken() ?? "");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file !== undefined) form.set("file", new File([file], "kalender.ics", { type: "text/calendar" }));
  return await client.send("/calendar/import/file", { method: "POST", headers: { Origin: TEST_BASE_URL }, body: form });
}

const calendar = (...events: string[]) =>
  ["BEGIN:VCALENDAR", "VERSION:2.0", ...events.flatMap((e) => ["BEGIN:VEVENT", e, "END:VEVENT"]), "END:VCALENDAR"]
    .join("\r\n");

async function appointmentsOf(db: Db, practitionerId: string) {
  return await db.selectFrom("appointments").select(["title", "starts_at", "ends_at", "location_id"])
    .where("practitioner_id", "=", practitionerId).orderBy("starts_at").execute();
}

test("events are previewed with their problems and conflicts, the rest imported on confirmation and audited", async () => {
  const { db, client, owner, anna, locationId } = await world();
  await db.insertInto("appointments").values({
    practice_id: owner.practiceId,
    location_id: locationId,
    practitioner_id: anna.membershipId,
    title: "Schon da",
    starts_at: new Date("2027-01-11T09:00:00Z"),
    ends_at: new Date("2027-01-11T10:00:00Z"),
    updated_at: new Date("2026-12-01T00:00:00Z"),
  }).execute();
  const ics = calendar(
    "DTSTART;TZID=Europe/Berlin:20270111T080000\r\nDTEND;TZID=Europe/Berlin:20270111T085000\r\nSUMMARY:Sitzung A",
    "DTSTART:20270111T093000Z\r\nDTEND:20270111T100000Z\r\nSUMMARY:Kollision",
    "DTSTART;VALUE=DATE:20270112\r\nSUMMARY:Urlaub",
    "DTSTART:20270111T071000Z\r\nDTEND:20270111T072000Z\r\nSUMMARY:Doppelt",
    "DTSTART:20270112T130000Z\r\nDTEND:20270112T140000Z\r\nSUMMARY:Sitzung B",
  );
  const placement = { practitioner_id: anna.membershipId, location_id: locationId };
  const preview = await postImport(client, { ...placement, step: "preview" }, ics);
  assert.is(preview.status, 200);
  assert.match(preview.html, "Überschneidet sich mit einem Termin oder einer Abwesenheit");
  assert.match(preview.html, "Ganztägig");
  assert.match(preview.html, "weiter oben in der Datei");
  assert.match(preview.html, "2 Termine übernehmen");
  assert.is((await appointmentsOf(db, anna.membershipId)).length, 1, "nothing written before the confirmation");

  const confirmed = await postImport(client, { ...placement, step: "confirm", ics });
  assert.is(confirmed.status, 303);
  const stored = await appointmentsOf(db, anna.membershipId);
  assert.equal(stored.map((a) => [a.title, a.starts_at.toISOString(), a.ends_at.toISOString()]), [
    ["Sitzung A", "2027-01-11T07:00:00.000Z", "2027-01-11T07:50:00.000Z"],
    ["Schon da", "2027-01-11T09:00:00.000Z", "2027-01-11T10:00:00.000Z"],
    ["Sitzung B", "2027-01-12T13:00:00.000Z", "2027-01-12T14:00:00.000Z"],
  ]);
  const events = await db.selectFrom("audit_events").select("details")
    .where("practice_id", "=", owner.practiceId).where("action", "=", "appointments.imported").execute();
  assert.equal(events.map((e) => e.details), [{ rows: 2 }]);
  // The same file again: every event now collides, nothing is imported.
  const again = await postImport(client, { ...placement, step: "confirm", ics });
  assert.is(again.status, 422);
  assert.is((await appointmentsOf(db, anna.membershipId)).length, 3);
});

test("another practice's practitioner, a missing file and non-owners are refused, never a 500", async () => {
  const { app, db, clock, client, owner, anna, locationId, masterKey } = await world();
  const ics = calendar("DTSTART:20270111T080000Z\r\nDTEND:20270111T090000Z\r\nSUMMARY:X");
  const strangerClient = new TestClient(app);
  await signedInOwner(strangerClient, db, clock, { owner_name: "Fremde Praxis" });
  const foreign = await postImport(strangerClient, {
    practitioner_id: anna.membershipId,
    location_id: locationId,
    step: "confirm",
  }, ics);
  assert.is(foreign.status, 422);
  const placement = { practitioner_id: anna.membershipId, location_id: locationId };
  const noEvents = await postImport(client, { ...placement, step: "preview" }, "kein Kalender \u0000");
  assert.is(noEvents.status, 422);
  assert.match(noEvents.html, "keine Termine");
  const tooLarge = await postImport(client, { ...placement, step: "preview" }, "A".repeat(1_600_000));
  assert.is(tooLarge.status, 413);
  const member = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const desk = await signedInMember(app, clock, member);
  assert.is((await desk.get("/calendar/import")).status, 403);
  assert.is((await postImport(desk, { ...placement, step: "confirm" }, ics)).status, 403);
  assert.is((await appointmentsOf(db, anna.membershipId)).length, 0);
  assert.is((await client.get("/calendar/import")).status, 200);
});

test.run();
