import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { insertPatient } from "../support/patient-fixtures.ts";

const test = suite("calendar views: now line, day sheet, colours, remembered view, the way back");

/** Wednesday, 9 December 2026, 10:42 in Berlin. */
const PINNED = new Date("2026-12-09T09:42:00Z");

async function practice() {
  const { app, db, clock, masterKey } = await createTestApp();
  clock.set(PINNED);
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const ben = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Ben Kollege" });
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  const billing = await addMember(db, masterKey, owner.practiceId, "billing", { name: "Bert Abrechnung" });
  const viewer = await addMember(db, masterKey, owner.practiceId, "third_party", {
    name: "Vera Vertretung",
    areas: ["calendar.read"],
    endsOn: "2027-06-30",
  });
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const room = await db.insertInto("rooms").values({
    practice_id: owner.practiceId,
    location_id: location.id,
    name: "Raum Linde",
  }).returning("id").executeTakeFirstOrThrow();
  const patientId = await insertPatient(db, owner.practiceId, {
    family_name: "Lindqvist",
    given_names: "Maja",
    phone: "0711 123456",
  });
  const w = {
    app,
    db,
    clock,
    owner,
    ownerClient,
    anna,
    ben,
    locationId: location.id,
    roomId: room.id,
    patientId,
    annaClient: await signedInMember(app, clock, anna),
    benClient: await signedInMember(app, clock, ben),
    deskClient: await signedInMember(app, clock, desk),
    billingClient: await signedInMember(app, clock, billing),
    viewerClient: await signedInMember(app, clock, viewer),
  };
  const typed = await ownerClient.post("/calendar/settings/types", {
    name: "Erstgespräch",
    duration: "45",
    colour: "orange",
  });
  assert.is(typed.status, 303);
  const type = await db.selectFrom("appointment_types").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const booked = await w.deskClient.post("/calendar/appointments", {
    practitioner_id: anna.membershipId,
    location_id: location.id,
    room_id: room.id,
    patient_id: patientId,
    appointment_type_id: type.id,
    date: "2026-12-09",
    time: "11:00",
    duration: "45",
    title: "",
    repeat: "none",
  });
  assert.is(booked.status, 303);
  const appointment = await db.selectFrom("appointments").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  // A note on the appointment: clinical content that the day sheet must never show.
  const note = await w.annaClient.post(`/patients/${patientId}/notes`, {
    template_id: "",
    appointment_id: appointment.id,
    field_0: "Befund streng vertraulich",
  });
  assert.is(note.status, 303);
  return { ...w, appointmentId: appointment.id };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());

function unescape(html: string) {
  return html.replaceAll("&amp;", "&");
}

/** The cells of the grid row of one half hour (by its minute of the day), the time column first. */
function rowCells(html: string, minute: number): string[] {
  const row = new RegExp(`<tr class="[^"]*" data-minute="${minute}">([\\s\\S]*?)</tr>`).exec(html);
  assert.ok(row, `a row for minute ${minute}`);
  return row[1].split(/(?=<t[hd][ >])/);
}

test("the now line sits in today's column at the half hour of the request's time, labelled with the time", async () => {
  const w = await world();
  w.clock.set(PINNED);
  const day = await w.annaClient.get(`/calendar/day?date=2026-12-09&practitioner=${w.anna.membershipId}`);
  assert.is(day.status, 200);
  const cells = rowCells(day.html, 10 * 60 + 30);
  assert.match(cells[1], /aria-current="time"/);
  // 10:42 is twelve minutes into the 10:30 half hour: the third fifth-of-ten-minute step.
  assert.match(cells[1], /class="now-line now-offset-2" data-date="2026-12-09"/);
  assert.match(cells[1], /<span class="now-label">jetzt 10:42<\/span>/);
  assert.is(day.html.match(/class="now-line /g)?.length, 1);
  assert.match(day.html, /<script src="\/static\/[^"]+\/now-line\.js" defer><\/script>/);

  const week = await w.annaClient.get(`/calendar/week?date=2026-12-07&practitioner=${w.anna.membershipId}`);
  const weekCells = rowCells(week.html, 10 * 60 + 30);
  // The time column, Monday, Tuesday, then Wednesday the 9th.
  assert.not.match(weekCells[2], /now-line/);
  assert.match(weekCells[3], /jetzt 10:42/);
  assert.is(week.html.match(/class="now-line /g)?.length, 1);

  // Everyone's day: a line in every column, the label once.
  const all = await w.deskClient.get("/calendar/day?date=2026-12-09&practitioner=all");
  assert.is(all.html.match(/class="now-line /g)?.length, 3);
  assert.is(all.html.match(/jetzt 10:42/g)?.length, 1);

  // Everyone's week is a list per day: today's has "now" before the appointment still to come.
  const list = await w.deskClient.get("/calendar/week?date=2026-12-07&practitioner=all");
  assert.is(list.html.match(/class="now-marker"/g)?.length, 1);
  const marker = list.html.indexOf(
    '<li class="now-marker" aria-current="time"><span class="now-label">jetzt 10:42</span>',
  );
  assert.ok(marker > 0 && marker < list.html.indexOf("11:00–11:45"));

  const otherDay = await w.annaClient.get(`/calendar/day?date=2026-12-10&practitioner=${w.anna.membershipId}`);
  assert.not.match(otherDay.html, /now-line|now-line\.js/);
  const nextWeek = await w.annaClient.get(`/calendar/week?date=2026-12-14&practitioner=${w.anna.membershipId}`);
  assert.not.match(nextWeek.html, /now-line/);

  // Twenty-three minutes later the line is in the next half hour.
  w.clock.set(new Date("2026-12-09T10:05:00Z"));
  const later = await w.annaClient.get(`/calendar/day?date=2026-12-09&practitioner=${w.anna.membershipId}`);
  assert.match(rowCells(later.html, 11 * 60)[1], /now-offset-1[\s\S]*jetzt 11:05/);
  w.clock.set(PINNED);
});

test("the front desk prints the day sheet: time, patient, phone, type, room, status, practitioner, nothing clinical", async () => {
  const w = await world();
  const dayView = await w.deskClient.get("/calendar/day?date=2026-12-09&practitioner=all");
  assert.ok(unescape(dayView.html).includes('href="/calendar/day-sheet?date=2026-12-09&practitioner=all"'));
  assert.match(dayView.html, />Tagesliste drucken</);

  const sheet = await w.deskClient.get("/calendar/day-sheet?date=2026-12-09&practitioner=all");
  assert.is(sheet.status, 200);
  const table = /<table class="day-sheet-table">[\s\S]*<\/table>/.exec(sheet.html)?.[0] ?? "";
  for (const text of ["11:00–11:45", "Lindqvist, Maja", "0711 123456", "Erstgespräch", "Raum Linde", "gebucht"]) {
    assert.ok(table.includes(text), `the sheet shows ${text}`);
  }
  assert.ok(table.includes("Anna Behandlerin"));
  assert.not.match(sheet.html, /vertraulich|Befund/);

  const audit = await w.db.selectFrom("audit_events").select(["action", "details", "actor_account_id"])
    .where("practice_id", "=", w.owner.practiceId).where("action", "=", "calendar.day_sheet_viewed").execute();
  assert.is(audit.length, 1);
  assert.equal((audit[0].details as Record<string, unknown>).appointments, 1);
  assert.equal((audit[0].details as Record<string, unknown>).date, "2026-12-09");
  assert.not.match(JSON.stringify(audit[0].details), /Lindqvist|0711/);

  // One practitioner's sheet lists only theirs.
  const bens = await w.deskClient.get(`/calendar/day-sheet?date=2026-12-09&practitioner=${w.ben.membershipId}`);
  assert.not.match(bens.html, /Lindqvist/);
  assert.match(bens.html, /Ben Kollege/);

  // Whoever reads the calendar without master data gets no phone numbers; billing has no calendar.
  const viewer = await w.viewerClient.get("/calendar/day-sheet?date=2026-12-09&practitioner=all");
  assert.is(viewer.status, 200);
  assert.match(viewer.html, /Lindqvist/);
  assert.not.match(viewer.html, /0711 123456|>Telefon</);
  const billing = await w.billingClient.get("/calendar/day-sheet?date=2026-12-09");
  assert.is(billing.status, 403);
});

test("the appointment's page shows the patient's phone number to those who see master data", async () => {
  const w = await world();
  const page = await w.deskClient.get(`/calendar/appointments/${w.appointmentId}`);
  assert.is(page.status, 200);
  assert.match(page.html, /<dt>Telefon<\/dt>\s*<dd><a href="tel:0711123456">0711 123456<\/a><\/dd>/);
  const viewer = await w.viewerClient.get(`/calendar/appointments/${w.appointmentId}`);
  assert.is(viewer.status, 200);
  assert.not.match(viewer.html, /0711 123456/);
});

test("a practitioner chooses their colour; the grid shows it with their initials and name, never alone", async () => {
  const w = await world();
  const page = await w.annaClient.get(`/calendar/settings/practitioners/${w.anna.membershipId}`);
  assert.match(page.html, /name="calendar_colour"/);
  const refused = await w.annaClient.post(`/calendar/settings/practitioners/${w.anna.membershipId}/colour`, {
    calendar_colour: "magenta",
  });
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "calendar_colour"), /Farbe aus der Liste/);
  const saved = await w.annaClient.post(`/calendar/settings/practitioners/${w.anna.membershipId}/colour`, {
    calendar_colour: "green",
  });
  assert.is(saved.status, 303);
  const colleague = await w.annaClient.post(`/calendar/settings/practitioners/${w.ben.membershipId}/colour`, {
    calendar_colour: "purple",
  });
  assert.is(colleague.status, 403);
  const desk = await w.deskClient.post(`/calendar/settings/practitioners/${w.anna.membershipId}/colour`, {
    calendar_colour: "purple",
  });
  assert.is(desk.status, 403);
  const row = await w.db.selectFrom("memberships").select("calendar_colour").where("id", "=", w.anna.membershipId)
    .executeTakeFirstOrThrow();
  assert.is(row.calendar_colour, "green");
  const audit = await w.db.selectFrom("audit_events").select("details")
    .where("action", "=", "membership.calendar_colour_set").where("subject_id", "=", w.anna.membershipId).execute();
  assert.equal(audit.map((a) => a.details), [{ colour: "green" }]);

  const day = await w.deskClient.get("/calendar/day?date=2026-12-09&practitioner=all");
  assert.match(
    day.html,
    /<th scope="col"[^>]*><span class="practitioner-mark type-colour-green"><span class="practitioner-initials" aria-hidden="true">AB<\/span><span class="practitioner-name">Anna Behandlerin<\/span><\/span><\/th>/,
  );
  // Without a colour the mark still names the practitioner.
  assert.match(
    day.html,
    /<span class="practitioner-mark"><span[^>]*>BK<\/span><span class="practitioner-name">Ben Kollege/,
  );
  // Everyone's week lists appointments with the practitioner's mark.
  const week = await w.deskClient.get("/calendar/week?date=2026-12-07&practitioner=all");
  assert.match(week.html, /appointment-practitioner"><span class="practitioner-mark type-colour-green">/);

  const cleared = await w.annaClient.post(`/calendar/settings/practitioners/${w.anna.membershipId}/colour`, {
    calendar_colour: "",
  });
  assert.is(cleared.status, 303);
  const after = await w.db.selectFrom("memberships").select("calendar_colour").where("id", "=", w.anna.membershipId)
    .executeTakeFirstOrThrow();
  assert.is(after.calendar_colour, null);
});

test("/calendar opens each person's last view: kind, practitioner and location, on today", async () => {
  const w = await world();
  const fresh = await w.ownerClient.get("/calendar");
  assert.is(fresh.location, "/calendar/week?date=2026-12-09");

  await w.annaClient.get("/calendar/day?date=2026-12-01&practitioner=all");
  await w.benClient.get(`/calendar/week?date=2026-11-30&practitioner=${w.anna.membershipId}&location=${w.locationId}`);
  const anna = await w.annaClient.get("/calendar");
  assert.is(anna.status, 303);
  assert.is(anna.location, "/calendar/day?date=2026-12-09&practitioner=all");
  const ben = await w.benClient.get("/calendar");
  assert.is(
    unescape(ben.location ?? ""),
    `/calendar/week?date=2026-12-09&practitioner=${w.anna.membershipId}&location=${w.locationId}`,
  );

  // A practitioner or location that is not the practice's is not remembered.
  await w.annaClient.get(`/calendar/week?practitioner=${crypto.randomUUID()}&location=${crypto.randomUUID()}`);
  assert.is((await w.annaClient.get("/calendar")).location, "/calendar/week?date=2026-12-09&practitioner=all");
});

test("links from a view carry the way back; back leads to exactly that view; foreign paths are refused", async () => {
  const w = await world();
  const viewPath = `/calendar/day?date=2026-12-09&practitioner=${w.anna.membershipId}`;
  const day = await w.deskClient.get(viewPath);
  const back = encodeURIComponent(viewPath);
  assert.ok(unescape(day.html).includes(`href="/calendar/appointments/${w.appointmentId}?back=${back}"`));
  assert.ok(unescape(day.html).includes(`&start=2026-12-09T12:00&back=${back}"`));

  const detail = await w.deskClient.get(`/calendar/appointments/${w.appointmentId}?back=${back}`);
  assert.ok(unescape(detail.html).includes(`<a href="${viewPath}">Zum Kalender</a>`));
  // The record's link carries the way back to this appointment, and the record offers it.
  const self = `/calendar/appointments/${w.appointmentId}?back=${back}`;
  assert.ok(unescape(detail.html).includes(`href="/patients/${w.patientId}?back=${encodeURIComponent(self)}"`));
  const record = await w.deskClient.get(`/patients/${w.patientId}?back=${encodeURIComponent(self)}`);
  assert.ok(unescape(record.html).includes(`<a href="${self}">Zurück zum Termin</a>`));

  // From the record's appointments the way back leads to the record.
  const section = await w.deskClient.get(`/patients/${w.patientId}/appointments`, { "HX-Request": "true" });
  const fromRecord = `/calendar/appointments/${w.appointmentId}?back=${encodeURIComponent(`/patients/${w.patientId}`)}`;
  assert.ok(unescape(section.html).includes(`href="${fromRecord}"`));
  const opened = await w.deskClient.get(fromRecord);
  assert.ok(unescape(opened.html).includes(`<a href="/patients/${w.patientId}">Zurück zur Akte</a>`));

  const defaultBack = `/calendar/week?date=2026-12-09&practitioner=${w.anna.membershipId}&location=${w.locationId}`;
  for (
    const foreign of [
      "https://evil.example/calendar",
      "//evil.example/calendar",
      "/\\evil.example",
      "/%5Cevil.example",
      "javascript:alert(1)",
      "/sign-out",
      "/calendar/../sign-out",
      "calendar/day",
    ]
  ) {
    const page = await w.deskClient.get(
      `/calendar/appointments/${w.appointmentId}?back=${encodeURIComponent(foreign)}`,
    );
    assert.is(page.status, 200);
    assert.ok(unescape(page.html).includes(`<a href="${defaultBack}">Zum Kalender</a>`), foreign);
    // (The language switch carries the page's own address; no link leads to the foreign one.)
    assert.not.match(page.html, /href="[^"]*evil\.example/, foreign);
    const record = await w.deskClient.get(`/patients/${w.patientId}?back=${encodeURIComponent(foreign)}`);
    assert.not.match(record.html, /Zurück zum Termin/);
  }

  // Booking from a view returns to it; a foreign way back falls back to the booked week.
  const form = await w.deskClient.get(
    `/calendar/new?practitioner=${w.ben.membershipId}&start=2026-12-09T14:00&back=${back}`,
  );
  assert.ok(unescape(form.html).includes(`<input type="hidden" name="back" value="${viewPath}">`));
  const fields = {
    practitioner_id: w.ben.membershipId,
    location_id: w.locationId,
    room_id: "",
    patient_id: w.patientId,
    date: "2026-12-09",
    time: "14:00",
    duration: "30",
    title: "",
    repeat: "none",
  };
  const booked = await w.deskClient.post("/calendar/appointments", { ...fields, back: viewPath });
  assert.is(booked.status, 303);
  assert.is(booked.location, `${viewPath}&notice=created`);
  const elsewhere = await w.deskClient.post("/calendar/appointments", {
    ...fields,
    time: "15:00",
    back: "//evil.example/calendar/day?x=1",
  });
  assert.is(elsewhere.status, 303);
  assert.match(elsewhere.location ?? "", /^\/calendar\/week\?date=2026-12-09&/);

  // Each of the page's forms carries the way back once.
  const withForms = await w.deskClient.get(`/calendar/appointments/${w.appointmentId}?back=${back}`);
  assert.is(withForms.html.match(/<input type="hidden" name="back"/g)?.length, 2, "change and cancel");

  // Changing the appointment keeps the way back through the redirect.
  const version = await w.db.selectFrom("appointments").select("version").where("id", "=", w.appointmentId)
    .executeTakeFirstOrThrow();
  const moved = await w.deskClient.post(`/calendar/appointments/${w.appointmentId}/move`, {
    version: String(version.version),
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: w.roomId,
    date: "2026-12-09",
    time: "11:00",
    duration: "50",
    back: viewPath,
  });
  assert.is(moved.status, 303);
  assert.is(moved.location, `/calendar/appointments/${w.appointmentId}?notice=changed&back=${back}`);
});

test("the patient search keeps its query in the address (hx-push-url), so reload and back keep it", async () => {
  const w = await world();
  const list = await w.deskClient.get("/patients?q=Lind");
  assert.match(list.html, /<input id="q" name="q" type="search" value="Lind"[^>]*hx-push-url="true"/);
  assert.match(list.html, /Lindqvist, Maja/);
  const typed = await w.deskClient.get("/patients/search?q=Lind", { "HX-Request": "true" });
  assert.is(typed.status, 200);
  assert.not.match(typed.html, /<html/);
  assert.is(typed.headers.get("HX-Push-Url"), "/patients?q=Lind");
  // The picker of other forms does not touch the address.
  const picker = await w.deskClient.get("/patients/search?q=Lind&picker=1", { "HX-Request": "true" });
  assert.is(picker.headers.get("HX-Push-Url"), null);
});

test.run();
