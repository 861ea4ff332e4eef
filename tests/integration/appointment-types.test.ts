import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { postBooking } from "../support/booking-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";

const test = suite("appointment types: managing, usual type, booking with a type, the grid");

async function practice() {
  const { app, db, clock, masterKey } = await createTestApp();
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const ben = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Ben Kollege" });
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const room = await db.insertInto("rooms").values({
    practice_id: owner.practiceId,
    location_id: location.id,
    name: "Raum 1",
  }).returning("id").executeTakeFirstOrThrow();
  const patientId = await addPatient(db, owner.practiceId, "Müller", "Anna");
  const stranger = new TestClient(app);
  const other = await signedInOwner(stranger, db, clock, { owner_name: "Fremde Praxis" });
  const otherLocation = await db.selectFrom("locations").select("id").where("practice_id", "=", other.practiceId)
    .executeTakeFirstOrThrow();
  const otherRoom = await db.insertInto("rooms").values({
    practice_id: other.practiceId,
    location_id: otherLocation.id,
    name: "Fremder Raum",
  }).returning("id").executeTakeFirstOrThrow();
  return {
    app,
    db,
    owner,
    ownerClient,
    anna,
    ben,
    locationId: location.id,
    roomId: room.id,
    patientId,
    stranger,
    other,
    otherRoomId: otherRoom.id,
    annaClient: await signedInMember(app, clock, anna),
    deskClient: await signedInMember(app, clock, desk),
  };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());
type World = Awaited<ReturnType<typeof practice>>;

async function typesOf(w: World, practiceId = w.owner.practiceId) {
  return await w.db.selectFrom("appointment_types").selectAll().where("practice_id", "=", practiceId)
    .orderBy("name").execute();
}

async function typeId(w: World, name: string) {
  return (await w.db.selectFrom("appointment_types").select("id").where("practice_id", "=", w.owner.practiceId)
    .where("name", "=", name).executeTakeFirstOrThrow()).id;
}

/** The value a form field shows: an input's value or a select's chosen option. */
function shown(html: string, name: string): string | undefined {
  const select = html.match(new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`));
  // Nothing chosen: a browser sends the first option.
  if (select) return (select[1].match(/<option value="([^"]*)" selected/) ?? select[1].match(/value="([^"]*)"/))?.[1];
  return html.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`))?.[1];
}

/** Every field of the booking form as the page shows it, as a browser would send it back. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (
    const name of [
      "shown_practitioner_id",
      "shown_type_id",
      "filled_duration",
      "filled_room",
      "practitioner_id",
      "location_id",
      "room_id",
      "appointment_type_id",
      "date",
      "time",
      "duration",
    ]
  ) fields[name] = shown(html, name) ?? "";
  return { ...fields, patient_id: "", title: "", repeat: "none" };
}

async function auditActions(w: World, subjectId: string) {
  return (await w.db.selectFrom("audit_events").select("action").where("subject_id", "=", subjectId)
    .orderBy("id").execute()).map((row) => row.action);
}

test("the owner adds types; hostile or impossible input is refused beside its field and nothing is written", async () => {
  const w = await world();
  const good = { name: "Behandlung", duration: "45", colour: "blue", default_room_id: w.roomId };
  const hostile: [Record<string, string>, string, RegExp][] = [
    [{ name: "" }, "name", /ausfüllen|Pflicht|angeben/i],
    [{ name: "Kontrolle\u0000<script>" }, "name", /Zeichen/],
    [{ name: "x".repeat(61) }, "name", /60|lang/],
    [{ duration: "abc" }, "duration", /5 bis 480 Minuten/],
    [{ duration: "4" }, "duration", /5 bis 480 Minuten/],
    [{ duration: "481" }, "duration", /5 bis 480 Minuten/],
    [{ duration: "45.5" }, "duration", /5 bis 480 Minuten/],
    [{ colour: "#ff0000" }, "colour", /Farbe aus der Liste/],
    [{ colour: "" }, "colour", /Farbe aus der Liste/],
    [{ default_room_id: "not-a-room" }, "default_room_id", /Raum aus der Liste/],
    [{ default_room_id: w.otherRoomId }, "default_room_id", /Raum aus der Liste/],
  ];
  for (const [change, field, message] of hostile) {
    const refused = await w.ownerClient.post("/calendar/settings/types", { ...good, ...change });
    assert.is(refused.status, 422, JSON.stringify(change));
    assert.match(fieldError(refused.html, field), message, JSON.stringify(change));
  }
  assert.is((await typesOf(w)).length, 0);

  const created = await w.ownerClient.post("/calendar/settings/types", good);
  assert.is(created.status, 303);
  assert.is(created.location, "/calendar/settings/types?notice=created");
  const [type] = await typesOf(w);
  assert.equal(
    { name: type.name, minutes: type.duration_minutes, colour: type.colour, room: type.default_room_id },
    { name: "Behandlung", minutes: 45, colour: "blue", room: w.roomId },
  );
  assert.is(type.bookable_online, false);
  assert.equal(await auditActions(w, type.id), ["appointment_type.created"]);
  const twin = await w.ownerClient.post("/calendar/settings/types", { ...good, name: "  BEHANDLUNG " });
  assert.is(twin.status, 422);
  assert.match(fieldError(twin.html, "name"), /gibt es schon/);
  const invisible = await w.ownerClient.post("/calendar/settings/types", { ...good, name: "Behand\u200blung" });
  assert.is(invisible.status, 422, "a zero-width space makes no twin");
  assert.match(fieldError(invisible.html, "name"), /gibt es schon/);
  for (
    const more of <Record<string, string>[]> [
      { name: "Kontrolle", duration: "20", colour: "green", default_room_id: "" },
      { name: "Erstanamnese", duration: "90", colour: "orange", default_room_id: "", bookable_online: "yes" },
    ]
  ) assert.is((await w.ownerClient.post("/calendar/settings/types", more)).status, 303);
  assert.is((await typesOf(w)).find((t) => t.name === "Erstanamnese")?.bookable_online, true);
  const list = await w.ownerClient.get("/calendar/settings/types?notice=created");
  assert.match(list.html, /Die Terminart ist angelegt/);
  assert.match(list.html, /type-colour-blue[\s\S]*Behandlung[\s\S]*\(Blau\)/);
});

test("editing a type checks the same fields; another practice's type answers 404 and stays as it is", async () => {
  const w = await world();
  const id = await typeId(w, "Kontrolle");
  const page = await w.ownerClient.get(`/calendar/settings/types/${id}`);
  assert.is(page.status, 200);
  assert.is(shown(page.html, "duration"), "20");
  const bad = await w.ownerClient.post(`/calendar/settings/types/${id}`, {
    name: "Kontrolle",
    duration: "0",
    colour: "green",
  });
  assert.is(bad.status, 422);
  assert.match(fieldError(bad.html, "duration"), /5 bis 480/);
  const taken = await w.ownerClient.post(`/calendar/settings/types/${id}`, {
    name: "behandlung",
    duration: "20",
    colour: "green",
  });
  assert.is(taken.status, 422);
  assert.match(fieldError(taken.html, "name"), /gibt es schon/);
  const saved = await w.ownerClient.post(`/calendar/settings/types/${id}`, {
    name: "Kontrolle",
    duration: "25",
    colour: "yellow",
  });
  assert.is(saved.status, 303);
  const row = (await typesOf(w)).find((t) => t.id === id)!;
  assert.equal([row.duration_minutes, row.colour], [25, "yellow"]);
  assert.equal(await auditActions(w, id), ["appointment_type.created", "appointment_type.updated"]);

  const fields = { name: "Übernommen", duration: "30", colour: "blue" };
  assert.is((await w.stranger.get(`/calendar/settings/types/${id}`)).status, 404);
  assert.is((await w.stranger.post(`/calendar/settings/types/${id}`, fields)).status, 404);
  assert.is((await w.stranger.post(`/calendar/settings/types/${id}/archive`, {})).status, 404);
  assert.is((await w.ownerClient.get(`/calendar/settings/types/${id.toUpperCase()}`)).status, 404);
  assert.is((await w.ownerClient.post("/calendar/settings/types/not-a-uuid", fields)).status, 404);
  assert.is((await typesOf(w)).find((t) => t.id === id)?.name, "Kontrolle");
  assert.not.match((await w.stranger.get("/calendar/settings/types")).html, /type-swatch-name">Kontrolle/);
});

test("the front desk sees the types and books with them but cannot manage them or set a colleague's usual type", async () => {
  const w = await world();
  const id = await typeId(w, "Behandlung");
  const list = await w.deskClient.get("/calendar/settings/types");
  assert.is(list.status, 200);
  assert.match(list.html, /Behandlung/);
  assert.not.match(list.html, /action="\/calendar\/settings\/types"/);
  const fields = { name: "Empfangstermin", duration: "30", colour: "blue" };
  assert.is((await w.deskClient.post("/calendar/settings/types", fields)).status, 403);
  assert.is((await w.deskClient.post(`/calendar/settings/types/${id}`, fields)).status, 403);
  assert.is((await w.deskClient.post(`/calendar/settings/types/${id}/archive`, {})).status, 403);
  assert.is((await w.annaClient.post("/calendar/settings/types", fields)).status, 403);
  const usual = `/calendar/settings/practitioners/${w.anna.membershipId}/usual-type`;
  assert.is((await w.deskClient.post(usual, { usual_type_id: id })).status, 403);
  assert.is((await typesOf(w)).some((t) => t.name === "Empfangstermin"), false);
});

test("a practitioner sets their usual type; unknown and foreign types are refused beside the field", async () => {
  const w = await world();
  const id = await typeId(w, "Behandlung");
  const base = `/calendar/settings/practitioners/${w.anna.membershipId}`;
  const foreign = await w.db.insertInto("appointment_types").values({
    practice_id: w.other.practiceId,
    name: "Fremd",
    duration_minutes: 30,
    colour: "blue",
  }).returning("id").executeTakeFirstOrThrow();
  for (const value of ["nonsense", foreign.id, crypto.randomUUID()]) {
    const refused = await w.annaClient.post(`${base}/usual-type`, { usual_type_id: value });
    assert.is(refused.status, 422);
    assert.match(fieldError(refused.html, "usual_type_id"), /Terminart aus der Liste/);
  }
  const saved = await w.annaClient.post(`${base}/usual-type`, { usual_type_id: id });
  assert.is(saved.status, 303);
  const membership = await w.db.selectFrom("memberships").select("usual_appointment_type_id")
    .where("id", "=", w.anna.membershipId).executeTakeFirstOrThrow();
  assert.is(membership.usual_appointment_type_id, id);
  assert.equal(await auditActions(w, w.anna.membershipId), ["membership.usual_appointment_type_set"]);
  const page = await w.annaClient.get(base);
  assert.is(shown(page.html, "usual_type_id"), id);
  // Another practice cannot reach Anna at all.
  assert.is((await w.stranger.post(`${base}/usual-type`, { usual_type_id: "" })).status, 404);
});

test("booking with Anna preselects her usual type: 45 minutes in room 1, stored with the appointment", async () => {
  const w = await world();
  const id = await typeId(w, "Behandlung");
  const form = await w.deskClient.get(`/calendar/new?practitioner=${w.anna.membershipId}&start=2026-12-07T09:00`);
  assert.is(form.status, 200);
  assert.is(shown(form.html, "appointment_type_id"), id);
  assert.is(shown(form.html, "duration"), "45");
  assert.is(shown(form.html, "room_id"), w.roomId);
  // Ben has no usual type: the form's own 30 minutes and no room.
  const ben = await w.deskClient.get(`/calendar/new?practitioner=${w.ben.membershipId}&start=2026-12-07T09:00`);
  assert.is(shown(ben.html, "appointment_type_id"), "");
  assert.is(shown(ben.html, "duration"), "30");
  assert.is(shown(ben.html, "room_id"), "");

  const booked = await postBooking(w.deskClient, {
    ...formFields(form.html),
    patient_id: w.patientId,
  });
  assert.is(booked.status, 303);
  const row = await w.db.selectFrom("appointments").selectAll().where("practice_id", "=", w.owner.practiceId)
    .where("starts_at", "=", new Date("2026-12-07T08:00:00Z")).executeTakeFirstOrThrow();
  assert.is(row.appointment_type_id, id);
  assert.is(row.room_id, w.roomId);
  assert.is((row.ends_at.getTime() - row.starts_at.getTime()) / 60_000, 45);

  // Changing the practitioner in the form brings that practitioner's usual type (none for Ben).
  const switched = await postBooking(w.deskClient, {
    ...formFields(form.html),
    practitioner_id: w.ben.membershipId,
  }, "/calendar/new");
  assert.is(shown(switched.html, "appointment_type_id"), id, "Ben has no usual type: the chosen one stays");
});

test("choosing a type fills its duration and room; a duration typed by the person wins", async () => {
  const w = await world();
  const control = await typeId(w, "Kontrolle");
  const first = await w.deskClient.get(`/calendar/new?practitioner=${w.anna.membershipId}&start=2026-12-08T09:00`);
  // Without JavaScript: another type and "apply" shows the form again, filled from it.
  const applied = await postBooking(w.deskClient, {
    ...formFields(first.html),
    appointment_type_id: control,
  }, "/calendar/new");
  assert.is(applied.status, 200);
  assert.is(shown(applied.html, "duration"), "25");
  assert.is(shown(applied.html, "room_id"), "", "Kontrolle has no room: the filled-in room 1 goes");
  // A typed duration and a chosen room stay when the type changes again.
  const typed = await postBooking(w.deskClient, {
    ...formFields(applied.html),
    duration: "60",
    room_id: w.roomId,
    appointment_type_id: await typeId(w, "Erstanamnese"),
  }, "/calendar/new");
  assert.is(shown(typed.html, "duration"), "60");
  assert.is(shown(typed.html, "room_id"), w.roomId);
  // With htmx the change swaps in the form alone.
  const live = await w.deskClient.post(
    "/calendar/new",
    { ...formFields(first.html), appointment_type_id: control },
    { "HX-Request": "true" },
  );
  assert.is(live.status, 200);
  assert.not.match(live.html, /<html/);
  assert.match(live.html, /<form[^>]*id="booking-form"/);
  assert.is(shown(live.html, "duration"), "25");
  // Booking straight away after choosing a type (no "apply"): the type's duration still counts.
  const direct = await postBooking(w.deskClient, {
    ...formFields(first.html),
    appointment_type_id: control,
    time: "11:00",
    patient_id: w.patientId,
  });
  assert.is(direct.status, 303);
  const row = await w.db.selectFrom("appointments").selectAll().where("practice_id", "=", w.owner.practiceId)
    .where("starts_at", "=", new Date("2026-12-08T10:00:00Z")).executeTakeFirstOrThrow();
  assert.equal([row.appointment_type_id, row.room_id], [control, null]);
  assert.is((row.ends_at.getTime() - row.starts_at.getTime()) / 60_000, 25);
});

test("the grid and the appointment page show the type's name beside its colour; moving keeps the type", async () => {
  const w = await world();
  const id = await typeId(w, "Behandlung");
  const week = await w.deskClient.get(`/calendar/week?date=2026-12-07&practitioner=${w.anna.membershipId}`);
  assert.match(
    week.html,
    /class="appointment appointment-booked appointment-typed type-colour-blue"><span class="appointment-type">Behandlung<\/span>/,
  );
  const appointment = await w.db.selectFrom("appointments").selectAll().where("appointment_type_id", "=", id)
    .executeTakeFirstOrThrow();
  const moved = await w.deskClient.post(`/calendar/appointments/${appointment.id}/move`, {
    version: String(appointment.version),
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: w.roomId,
    date: "2026-12-07",
    time: "14:00",
    duration: "60",
  });
  assert.is(moved.status, 303);
  const after = await w.db.selectFrom("appointments").select(["appointment_type_id", "version"])
    .where("id", "=", appointment.id).executeTakeFirstOrThrow();
  assert.equal(after, { appointment_type_id: id, version: appointment.version + 1 });
  const page = await w.deskClient.get(`/calendar/appointments/${appointment.id}`);
  assert.match(page.html, /<dt>Terminart<\/dt>[\s\S]*?Behandlung/);
});

test("an archived type is no longer offered nor bookable, but its appointments keep it", async () => {
  const w = await world();
  const id = await typeId(w, "Behandlung");
  const archived = await w.ownerClient.post(`/calendar/settings/types/${id}/archive`, {});
  assert.is(archived.status, 303);
  const usual = await w.db.selectFrom("memberships").select("usual_appointment_type_id")
    .where("id", "=", w.anna.membershipId).executeTakeFirstOrThrow();
  assert.is(usual.usual_appointment_type_id, null, "nobody's usual type any more");
  const form = await w.deskClient.get(`/calendar/new?practitioner=${w.anna.membershipId}&start=2026-12-09T09:00`);
  assert.not.match(form.html, new RegExp(`value="${id}"`));
  assert.is(shown(form.html, "duration"), "30");
  const before = await w.db.selectFrom("appointments").select("id").where("practice_id", "=", w.owner.practiceId)
    .execute();
  const refused = await postBooking(w.deskClient, {
    ...formFields(form.html),
    appointment_type_id: id,
    patient_id: w.patientId,
  });
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "appointment_type_id"), /Terminart aus der Liste/);
  const foreign = await w.db.insertInto("appointment_types").values({
    practice_id: w.other.practiceId,
    name: "Fremde Behandlung",
    duration_minutes: 30,
    colour: "blue",
  }).returning("id").executeTakeFirstOrThrow();
  const foreignBooking = await postBooking(w.deskClient, {
    ...formFields(form.html),
    appointment_type_id: foreign.id,
    patient_id: w.patientId,
  });
  assert.is(foreignBooking.status, 422);
  assert.is(
    (await w.db.selectFrom("appointments").select("id").where("practice_id", "=", w.owner.practiceId).execute())
      .length,
    before.length,
  );
  const week = await w.deskClient.get(`/calendar/week?date=2026-12-07&practitioner=${w.anna.membershipId}`);
  assert.match(week.html, /<span class="appointment-type">Behandlung<\/span>/);
  const list = await w.ownerClient.get("/calendar/settings/types");
  assert.match(list.html, new RegExp(`action="/calendar/settings/types/${id}/restore"`));
  assert.is((await w.ownerClient.post(`/calendar/settings/types/${id}/restore`, {})).status, 303);
  assert.equal(await auditActions(w, id), [
    "appointment_type.created",
    "appointment_type.archived",
    "appointment_type.restored",
  ]);
});

test("a weekly series keeps its type, also when this and the following occurrences move", async () => {
  const w = await world();
  const control = await typeId(w, "Kontrolle");
  const booked = await postBooking(w.deskClient, {
    practitioner_id: w.ben.membershipId,
    location_id: w.locationId,
    room_id: "",
    appointment_type_id: control,
    patient_id: w.patientId,
    date: "2027-01-04",
    time: "08:00",
    duration: "",
    repeat: "weekly",
    interval_weeks: "1",
    repeat_end: "count",
    count: "3",
  });
  assert.is(booked.status, 303);
  const series = await w.db.selectFrom("appointments").select(["id", "version", "appointment_type_id", "series_id"])
    .where("practitioner_id", "=", w.ben.membershipId).where("starts_at", ">=", new Date("2027-01-01"))
    .orderBy("starts_at").execute();
  assert.is(series.length, 3);
  assert.ok(series.every((a) => a.appointment_type_id === control && a.series_id));
  const moved = await w.deskClient.post(`/calendar/appointments/${series[1].id}/move`, {
    version: String(series[1].version),
    practitioner_id: w.ben.membershipId,
    location_id: w.locationId,
    room_id: "",
    date: "2027-01-11",
    time: "09:00",
    duration: "25",
    apply: "following",
  });
  assert.is(moved.status, 303);
  const after = await w.db.selectFrom("appointments").select(["appointment_type_id", "series_id"])
    .where("id", "in", series.map((a) => a.id)).execute();
  assert.ok(after.every((a) => a.appointment_type_id === control));
  const rules = await w.db.selectFrom("appointment_series").select("appointment_type_id")
    .where("id", "in", after.map((a) => a.series_id!)).execute();
  assert.equal(rules.map((r) => r.appointment_type_id), [control, control]);
});

test.run();
