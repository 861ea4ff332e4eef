import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { addUsualTreatment, KEPT_FORM_PAGE } from "../support/booking-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";
import { findKeptBookingForm } from "../../db/kept-booking-forms.ts";

const test = suite("quick booking: the dialog of a free cell, conflicts inline, no resubmit after a refusal");

const HTMX = { "HX-Request": "true", "HX-Request-Type": "partial" };
const DAY = "2027-02-15";

async function practice() {
  const { app, db, clock, masterKey } = await createTestApp();
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  const { locationId, roomId, typeId } = await addUsualTreatment(db, owner.practiceId, anna.membershipId);
  const patientId = await addPatient(db, owner.practiceId, "Müller", "Anna");
  const otherPatientId = await addPatient(db, owner.practiceId, "Schmidt", "Bernd");
  return {
    app,
    db,
    clock,
    anna,
    practiceId: owner.practiceId,
    ownerClient,
    locationId,
    roomId,
    typeId,
    patientId,
    otherPatientId,
    deskClient: await signedInMember(app, clock, desk),
    annaClient: await signedInMember(app, clock, anna),
  };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());
type World = Awaited<ReturnType<typeof practice>>;

/** The value a form field shows: an input's value or a select's chosen option. */
function shown(html: string, name: string): string | undefined {
  const select = html.match(new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`));
  if (select) return (select[1].match(/<option value="([^"]*)" selected/) ?? select[1].match(/value="([^"]*)"/))?.[1];
  return html.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`))?.[1];
}

function cellHref(w: World, time: string) {
  return `/calendar/new?practitioner=${w.anna.membershipId}&start=${DAY}T${time}&location=${w.locationId}`;
}

/** What the dialog's form sends back, as the page showed it, with a patient chosen. */
function dialogFields(html: string, patientId: string): Record<string, string> {
  const fields: Record<string, string> = { patient_id: patientId, title: "" };
  for (
    const name of [
      "quick",
      "practitioner_id",
      "location_id",
      "shown_practitioner_id",
      "shown_type_id",
      "filled_duration",
      "filled_room",
      "appointment_type_id",
      "date",
      "time",
      "duration",
      "room_id",
    ]
  ) fields[name] = shown(html, name) ?? "";
  return fields;
}

async function appointmentsAt(w: World, time: string) {
  const [hours, minutes] = time.split(":").map(Number);
  // February: Berlin is UTC+1.
  const at = new Date(Date.UTC(2027, 1, 15, hours - 1, minutes));
  return await w.db.selectFrom("appointments").selectAll().where("starts_at", "=", at)
    .where("status", "!=", "cancelled").execute();
}

test("a free cell asked by htmx answers the dialog, prefilled with the usual type; a plain request the full page", async () => {
  const w = await world();
  const dialog = await w.deskClient.get(cellHref(w, "10:00"), HTMX);
  assert.is(dialog.status, 200);
  assert.not.match(dialog.html, /<html/);
  assert.match(dialog.html, /^<dialog id="quick-booking"/);
  assert.match(dialog.html, /hx-post="\/calendar\/appointments"/);
  assert.is(shown(dialog.html, "quick"), "1");
  assert.is(shown(dialog.html, "appointment_type_id"), w.typeId, "Anna's usual type");
  assert.is(shown(dialog.html, "duration"), "45");
  assert.is(shown(dialog.html, "room_id"), w.roomId);
  assert.is(shown(dialog.html, "date"), DAY);
  assert.is(shown(dialog.html, "time"), "10:00");
  assert.match(dialog.html, /hx-get="\/calendar\/patient-options"/);

  // A grid of all locations and a practitioner with no location of their own (nor a usual type's room): it is asked.
  const owner = await w.db.selectFrom("memberships").select("id").where("role", "=", "owner")
    .where("practice_id", "=", w.practiceId).executeTakeFirstOrThrow();
  const anywhere = await w.deskClient.get(`/calendar/new?practitioner=${owner.id}&start=${DAY}T10:00`, HTMX);
  assert.match(anywhere.html, /<select id="location_id" name="location_id"/);
  assert.not.match(dialog.html, /<select id="location_id"/, "the grid's location is taken");

  const page = await w.deskClient.get(cellHref(w, "10:00"));
  assert.is(page.status, 200);
  assert.match(page.html, /^<!DOCTYPE html>/);
  assert.match(page.html, /id="booking-form"/);
  assert.not.match(page.html, /<dialog/);
  assert.is(shown(page.html, "duration"), "45");

  const week = await w.deskClient.get(`/calendar/week?date=${DAY}&practitioner=${w.anna.membershipId}`);
  assert.match(week.html, /id="calendar-body"/);
  assert.match(week.html, /id="quick-booking-slot"/);
  assert.match(week.html, /quick-booking\.js/);
});

test("booking from the dialog answers the confirmation, and the appointment is written with its type and room", async () => {
  const w = await world();
  const dialog = await w.deskClient.get(cellHref(w, "11:00"), HTMX);
  const booked = await w.deskClient.post("/calendar/appointments", dialogFields(dialog.html, w.patientId), HTMX);
  assert.is(booked.status, 200);
  const [row] = await appointmentsAt(w, "11:00");
  assert.ok(row, "booked");
  assert.match(booked.html, new RegExp(`data-booked="${row.id}"`));
  assert.match(booked.html, /Termin gebucht: Montag, 15\.02\.2027 um 11:00/);
  assert.is(row.appointment_type_id, w.typeId);
  assert.is(row.room_id, w.roomId);
  assert.is(row.patient_id, w.patientId);
  assert.is(row.ends_at.getTime() - row.starts_at.getTime(), 45 * 60_000);
  const audit = await w.db.selectFrom("audit_events").select("action").where("subject_id", "=", row.id).execute();
  assert.equal(audit.map((event) => event.action), ["appointment.created"]);
  const week = await w.deskClient.get(`/calendar/week?date=${DAY}&practitioner=${w.anna.membershipId}`);
  assert.match(week.html, new RegExp(`href="/calendar/appointments/${row.id}[^"]*"[^>]*draggable="true"`));
});

test("a conflict in the dialog answers 422 with the message beside the time, and nothing is written", async () => {
  const w = await world();
  const dialog = await w.deskClient.get(cellHref(w, "14:00"), HTMX);
  const fields = dialogFields(dialog.html, w.patientId);
  assert.is((await w.deskClient.post("/calendar/appointments", fields, HTMX)).status, 200);
  const refused = await w.deskClient.post(
    "/calendar/appointments",
    { ...fields, patient_id: w.otherPatientId, time: "14:15" },
    HTMX,
  );
  assert.is(refused.status, 422);
  assert.not.match(refused.html, /<html/);
  assert.match(refused.html, /^<form[^>]*id="quick-booking-form"/);
  assert.match(
    fieldError(refused.html, "time"),
    /Anna Behandlerin hat am .* von 14:00 bis 14:45 Uhr bereits einen Termin/,
  );
  assert.match(refused.html, /Der Termin wurde nicht gebucht/);
  assert.is(shown(refused.html, "time"), "14:15", "as typed");
  assert.is((await appointmentsAt(w, "14:15")).length, 0);
  assert.is(
    (await w.db.selectFrom("kept_booking_forms").select("id").where("practice_id", "=", w.practiceId).execute())
      .length,
    0,
    "the dialog keeps nothing: its form is in the page",
  );
});

test("a refused plain booking redirects to a GET that answers 422 with the messages; a reload posts nothing", async () => {
  const w = await world();
  const page = await w.deskClient.get(cellHref(w, "16:00"));
  const fields: Record<string, string> = { ...dialogFields(page.html, w.patientId), repeat: "none" };
  delete fields.quick;
  assert.is((await w.deskClient.post("/calendar/appointments", fields)).status, 303);
  const before = await w.db.selectFrom("appointments").select("id").execute();
  const refused = await w.deskClient.post("/calendar/appointments", {
    ...fields,
    patient_id: w.otherPatientId,
    time: "16:30",
    title: "Zweittermin",
  });
  assert.is(refused.status, 303);
  const location = refused.location ?? "";
  assert.ok(location.startsWith(KEPT_FORM_PAGE), location);
  for (const attempt of ["first showing", "reload"]) {
    const shownAgain = await w.deskClient.get(location);
    assert.is(shownAgain.status, 422, attempt);
    assert.match(shownAgain.html, /^<!DOCTYPE html>/);
    assert.match(fieldError(shownAgain.html, "time"), /bereits einen Termin/, attempt);
    assert.match(shownAgain.html, /role="alert">Überschneidung/);
    assert.is(shown(shownAgain.html, "time"), "16:30", "as typed");
    assert.is(shown(shownAgain.html, "title"), "Zweittermin");
    assert.match(shownAgain.html, new RegExp(`value="${w.otherPatientId}" checked`), "the patient stays chosen");
  }
  const after = await w.db.selectFrom("appointments").select("id").execute();
  assert.is(after.length, before.length, "nothing booked");
  const kept = await w.db.selectFrom("kept_booking_forms").select(["form", "practice_id"])
    .where("practice_id", "=", w.practiceId).execute();
  assert.is(kept.length, 1);
  assert.not.match(kept[0].form, /_csrf/, "the CSRF token is not kept");
  // Kept for a working day (12 hours), then no longer found.
  const row = await w.db.selectFrom("kept_booking_forms").select(["id", "session_id", "practice_id", "created_at"])
    .where("practice_id", "=", w.practiceId).executeTakeFirstOrThrow();
  const scope = {
    practiceId: row.practice_id,
    accountId: "",
    membershipId: "",
    role: "front_desk" as const,
    areas: [],
  };
  const later = (hours: number) => new Date(row.created_at.getTime() + hours * 60 * 60_000);
  assert.ok(await findKeptBookingForm(w.db, scope, row.session_id, row.id, later(11)));
  assert.is(await findKeptBookingForm(w.db, scope, row.session_id, row.id, later(13)), undefined);

  // Only the session that typed it sees it: another person of the practice, or a bad id, gets 404.
  assert.is((await w.annaClient.get(location)).status, 404);
  assert.is((await w.deskClient.get(`${KEPT_FORM_PAGE}not-an-id`)).status, 404);
  assert.is((await w.deskClient.get(`${KEPT_FORM_PAGE}${crypto.randomUUID()}`)).status, 404);
});

test("invalid input in a plain booking is redirected too, with the message beside the field", async () => {
  const w = await world();
  const page = await w.deskClient.get(cellHref(w, "17:00"));
  const fields: Record<string, string> = { ...dialogFields(page.html, ""), repeat: "none", duration: "abc" };
  delete fields.quick;
  const refused = await w.deskClient.post("/calendar/appointments", fields);
  assert.is(refused.status, 303);
  const shownAgain = await w.deskClient.get(refused.location ?? "");
  assert.is(shownAgain.status, 422);
  assert.ok(fieldError(shownAgain.html, "duration"));
  assert.ok(fieldError(shownAgain.html, "patient_id"));
  assert.is((await appointmentsAt(w, "17:00")).length, 0);
});

test("choosing no type in the dialog shows its form again (htmx); its form posted without htmx is redirected", async () => {
  const w = await world();
  const dialog = await w.deskClient.get(cellHref(w, "18:00"), HTMX);
  const fields = dialogFields(dialog.html, "");
  const again = await w.deskClient.post("/calendar/new", { ...fields, appointment_type_id: "" }, HTMX);
  assert.is(again.status, 200);
  assert.match(again.html, /^<form[^>]*id="quick-booking-form"/, "the dialog's form alone");
  assert.is(shown(again.html, "appointment_type_id"), "");
  assert.is(shown(again.html, "time"), "18:00");

  // Without htmx (the script failed), the dialog's form is a plain form: a refusal is redirected.
  const plain = await w.deskClient.post("/calendar/appointments", fields);
  assert.is(plain.status, 303);
  assert.ok(plain.location?.startsWith(KEPT_FORM_PAGE));
  const page = await w.deskClient.get(plain.location ?? "");
  assert.is(page.status, 422);
  assert.match(page.html, /^<!DOCTYPE html>/);
  assert.match(fieldError(page.html, "patient_id"), /.+/);
});

test("the form's search without JavaScript redirects too: the patients found (200), and a reload posts nothing", async () => {
  const w = await world();
  const page = await w.deskClient.get(cellHref(w, "08:00"));
  const fields: Record<string, string> = { ...dialogFields(page.html, ""), repeat: "none", patient_q: "Schmidt" };
  delete fields.quick;
  const searched = await w.deskClient.post("/calendar/new", fields);
  assert.is(searched.status, 303);
  assert.ok(searched.location?.startsWith(KEPT_FORM_PAGE), searched.location ?? "");
  for (const attempt of ["first showing", "reload"]) {
    const shownAgain = await w.deskClient.get(searched.location ?? "");
    assert.is(shownAgain.status, 200, attempt);
    assert.match(shownAgain.html, new RegExp(`name="patient_id" value="${w.otherPatientId}"`), attempt);
    assert.is(shown(shownAgain.html, "patient_q"), "Schmidt");
    assert.is(shown(shownAgain.html, "duration"), "45", "the usual type still fills the form");
    assert.is(fieldError(shownAgain.html, "patient_id"), "", "no message: nothing was refused");
  }
});

test.run();
