import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { postBooking } from "../support/booking-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";
import { berlinParts } from "../../lib/berlin-time.ts";
import { patientAppointments } from "../../db/appointments.ts";
import { translator } from "../../lib/i18n/mod.ts";
import { onPostgres, raceBehindLock } from "../support/postgres-race.ts";

const de = translator("de");

const test = suite("calendar: booking, conflicts, cancelling, attendance, access");

async function practice() {
  const { app, db, clock, masterKey } = await createTestApp();
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const ben = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Ben Kollege" });
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  const billing = await addMember(db, masterKey, owner.practiceId, "billing", { name: "Bert Abrechnung" });
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const room = await db.insertInto("rooms").values({
    practice_id: owner.practiceId,
    location_id: location.id,
    name: "Raum 1",
  }).returning("id").executeTakeFirstOrThrow();
  const patientId = await addPatient(db, owner.practiceId, "Müller", "Anna");
  const otherPatientId = await addPatient(db, owner.practiceId, "Schmidt", "Karl");
  return {
    app,
    db,
    clock,
    masterKey,
    owner,
    ownerClient,
    anna,
    ben,
    desk,
    billing,
    locationId: location.id,
    roomId: room.id,
    patientId,
    otherPatientId,
    annaClient: await signedInMember(app, clock, anna),
    deskClient: await signedInMember(app, clock, desk),
    billingClient: await signedInMember(app, clock, billing),
  };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());

type World = Awaited<ReturnType<typeof practice>>;

function booking(w: World, fields: Record<string, string>) {
  return {
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: "",
    patient_id: w.patientId,
    date: "2026-12-07",
    time: "09:00",
    duration: "30",
    title: "",
    repeat: "none",
    ...fields,
  };
}

async function appointmentsOn(w: World, fromIso: string, toIso: string) {
  return await w.db.selectFrom("appointments").selectAll().where("practice_id", "=", w.owner.practiceId)
    .where("starts_at", ">=", new Date(fromIso)).where("starts_at", "<", new Date(toIso)).orderBy("starts_at")
    .execute();
}

function unescape(html: string) {
  return html.replaceAll("&amp;", "&");
}

test("front desk sees the week and books from a free cell; the appointment shows with the patient's name", async () => {
  const w = await world();
  const week = await w.deskClient.get(`/calendar/week?date=2026-12-09&practitioner=${w.anna.membershipId}`);
  assert.is(week.status, 200);
  assert.match(week.html, /<table class="calendar-grid"/);
  const link = `/calendar/new?practitioner=${w.anna.membershipId}&start=2026-12-07T09:00&location=`;
  assert.ok(unescape(week.html).includes(`/calendar/new?practitioner=${w.anna.membershipId}&start=2026-12-07T09:00`));
  const form = await w.deskClient.get(link.replace("&location=", ""));
  assert.is(form.status, 200);
  assert.match(form.html, /name="date"[^>]*value="2026-12-07"|value="2026-12-07"[^>]*name="date"/);
  assert.match(form.html, /value="09:00"/);

  const booked = await postBooking(w.deskClient, booking(w, {}));
  assert.is(booked.status, 303);
  assert.match(booked.location ?? "", /^\/calendar\/week\?date=2026-12-07&practitioner=.*notice=created$/);
  const rows = await appointmentsOn(w, "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z");
  assert.is(rows.length, 1);
  assert.is(rows[0].starts_at.toISOString(), "2026-12-07T08:00:00.000Z");
  assert.is(rows[0].status, "booked");
  const after = await w.deskClient.get(booked.location!);
  assert.match(after.html, /Müller, Anna/);
  assert.match(after.html, /Der Termin ist gebucht/);
  const audit = await w.db.selectFrom("audit_events").select(["action", "details"])
    .where("practice_id", "=", w.owner.practiceId).where("subject_id", "=", rows[0].id).execute();
  assert.equal(audit.map((a) => a.action), ["appointment.created"]);
  assert.not.match(JSON.stringify(audit[0].details), /Müller/);
});

test("the booking form finds patients by name, with and without JavaScript, keeping what was typed", async () => {
  const w = await world();
  const searched = await postBooking(
    w.deskClient,
    booking(w, { patient_id: "", patient_q: "mueller", time: "16:45" }),
    "/calendar/new",
  );
  assert.is(searched.status, 200);
  assert.match(searched.html, new RegExp(`name="patient_id" value="${w.patientId}"`));
  assert.match(searched.html, /Müller, Anna/);
  assert.match(searched.html, /value="16:45"/);
  const live = await w.deskClient.get("/calendar/patient-options?patient_q=Schmidt", { "HX-Request": "true" });
  assert.is(live.status, 200);
  assert.not.match(live.html, /<html/);
  assert.match(live.html, new RegExp(`value="${w.otherPatientId}"`));
  assert.not.match(live.html, /Müller/);
});

test("an overlap with the same practitioner is refused with a clear message; nothing is written", async () => {
  const w = await world();
  const refused = await postBooking(w.deskClient, booking(w, { time: "09:15", patient_id: w.otherPatientId }));
  assert.is(refused.status, 422);
  assert.match(
    fieldError(refused.html, "time"),
    /Anna Behandlerin hat am .*07\.12\.2026 von 09:00 bis 09:30 Uhr bereits einen Termin/,
  );
  assert.is((await appointmentsOn(w, "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z")).length, 1);
  // What was typed stays in the form.
  assert.match(refused.html, /value="09:15"/);
});

test("the overlap is written, and marked, when it is allowed on purpose", async () => {
  const w = await world();
  const allowed = await postBooking(
    w.deskClient,
    booking(w, { time: "09:15", patient_id: w.otherPatientId, allow_overlap: "yes" }),
  );
  assert.is(allowed.status, 303);
  const rows = await appointmentsOn(w, "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z");
  assert.equal(rows.map((r) => r.conflict_allowed), [false, true]);
});

if (onPostgres) {
  test("two people booking the same slot at the same moment: exactly one succeeds (on Postgres, concurrent)", async () => {
    const w = await world();
    const slot = booking(w, { date: "2026-12-16", time: "10:00", practitioner_id: w.ben.membershipId });
    const race = await raceBehindLock(w.db, ["appointments"], [
      () => postBooking(w.deskClient, slot),
      () => postBooking(w.ownerClient, { ...slot, patient_id: w.otherPatientId }),
    ]);
    assert.is(race.metAtBarrier, 2, "both bookings waited in the database together");
    assert.equal(race.answers.map((page) => page.status).sort(), [303, 422]);
    assert.is((await appointmentsOn(w, "2026-12-16T00:00:00Z", "2026-12-17T00:00:00Z")).length, 1);
  });
}

test("a room taken by another practitioner is a conflict too", async () => {
  const w = await world();
  const first = await postBooking(w.deskClient, booking(w, { date: "2026-12-08", room_id: w.roomId }));
  assert.is(first.status, 303);
  const refused = await postBooking(
    w.deskClient,
    booking(w, { date: "2026-12-08", time: "09:20", room_id: w.roomId, practitioner_id: w.ben.membershipId }),
  );
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "time"), /Raum Raum 1 ist am .*08\.12\.2026 von 09:00 bis 09:30 Uhr belegt/);
  // Ben without the room is free at that time.
  const elsewhere = await postBooking(
    w.deskClient,
    booking(w, { date: "2026-12-08", time: "09:20", practitioner_id: w.ben.membershipId }),
  );
  assert.is(elsewhere.status, 303);
});

test("cancelling needs a reason and frees the slot", async () => {
  const w = await world();
  await postBooking(w.deskClient, booking(w, { date: "2026-12-09", time: "14:00" }));
  const [appointment] = await appointmentsOn(w, "2026-12-09T00:00:00Z", "2026-12-10T00:00:00Z");
  const noReason = await w.deskClient.post(`/calendar/appointments/${appointment.id}/cancel`, {
    version: String(appointment.version),
    reason: "  ",
  });
  assert.is(noReason.status, 422);
  assert.ok(fieldError(noReason.html, "reason"));
  const cancelled = await w.deskClient.post(`/calendar/appointments/${appointment.id}/cancel`, {
    version: String(appointment.version),
    reason: "Patientin krank",
  });
  assert.is(cancelled.status, 303);
  const row = await w.db.selectFrom("appointments").selectAll().where("id", "=", appointment.id)
    .executeTakeFirstOrThrow();
  assert.is(row.status, "cancelled");
  assert.is(row.cancel_reason, "Patientin krank");
  const rebooked = await postBooking(
    w.deskClient,
    booking(w, { date: "2026-12-09", time: "14:00", patient_id: w.otherPatientId }),
  );
  assert.is(rebooked.status, 303);
  const page = await w.deskClient.get(`/calendar/appointments/${appointment.id}`);
  assert.match(page.html, /Abgesagt: Patientin krank/);
});

test("moving and resizing check conflicts and the version; a stale form is refused", async () => {
  const w = await world();
  await postBooking(w.deskClient, booking(w, { date: "2026-12-10", time: "08:00" }));
  await postBooking(w.deskClient, booking(w, { date: "2026-12-10", time: "10:00" }));
  const [early, late] = await appointmentsOn(w, "2026-12-10T00:00:00Z", "2026-12-11T00:00:00Z");
  const move = (id: string, version: number, fields: Record<string, string>) =>
    w.deskClient.post(`/calendar/appointments/${id}/move`, {
      version: String(version),
      practitioner_id: w.anna.membershipId,
      location_id: w.locationId,
      room_id: "",
      date: "2026-12-10",
      time: "08:00",
      duration: "30",
      ...fields,
    });
  const clash = await move(early.id, early.version, { duration: "150" });
  assert.is(clash.status, 422);
  assert.match(fieldError(clash.html, "time"), /10:00 bis 10:30/);
  const resized = await move(early.id, early.version, { duration: "90" });
  assert.is(resized.status, 303);
  const stale = await move(early.id, early.version, { time: "08:30" });
  assert.is(stale.status, 409);
  // A draft written for the appointment falls due after the session, wherever it moves.
  const draft = await w.db.insertInto("notes").values({
    practice_id: w.owner.practiceId,
    patient_id: w.patientId,
    appointment_id: late.id,
    title: "",
    author_id: w.owner.accountId,
    content_ciphertext: new Uint8Array([1]),
    key_version: 1,
    created_at: new Date("2026-12-01T00:00:00Z"),
    finalize_due_at: new Date("2026-12-11T09:30:00Z"),
  }).returning("id").executeTakeFirstOrThrow();
  const moved = await move(late.id, late.version, { date: "2026-12-11", time: "11:00" });
  assert.is(moved.status, 303);
  const row = await w.db.selectFrom("appointments").selectAll().where("id", "=", late.id).executeTakeFirstOrThrow();
  assert.is(row.starts_at.toISOString(), "2026-12-11T10:00:00.000Z");
  const due = await w.db.selectFrom("notes").select("finalize_due_at").where("id", "=", draft.id)
    .executeTakeFirstOrThrow();
  assert.is(due.finalize_due_at.toISOString(), "2026-12-12T10:30:00.000Z", "24 hours after the new end");
  assert.is(row.version, late.version + 1);
  const actions = (await w.db.selectFrom("audit_events").select("action").where("subject_id", "in", [early.id, late.id])
    .orderBy("id").execute()).map((a) => a.action);
  assert.equal(actions, ["appointment.created", "appointment.created", "appointment.updated", "appointment.moved"]);
});

test("a time that does not exist in Berlin is refused next to the time field", async () => {
  const w = await world();
  const refused = await postBooking(w.deskClient, booking(w, { date: "2026-03-29", time: "02:30" }));
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "time"), /02:30 Uhr gibt es am So\., 29\.03\.2026 nicht/);
  const silly = await postBooking(
    w.deskClient,
    booking(w, { date: "2026-02-31", time: "25:00", duration: "99999999999" }),
  );
  assert.is(silly.status, 422);
  assert.ok(fieldError(silly.html, "date"));
  assert.ok(fieldError(silly.html, "time"));
  assert.ok(fieldError(silly.html, "duration"));
});

test("attended or no-show is recorded only once the appointment has begun", async () => {
  const w = await world();
  const now = w.clock.now();
  const local = (at: Date) => berlinParts(at);
  const soon = local(new Date(now.getTime() + 2 * 3_600_000));
  const earlier = local(new Date(now.getTime() - 2 * 3_600_000));
  await postBooking(
    w.deskClient,
    booking(w, { date: soon.date, time: soon.time, practitioner_id: w.ben.membershipId }),
  );
  await postBooking(
    w.deskClient,
    booking(w, { date: earlier.date, time: earlier.time, practitioner_id: w.ben.membershipId }),
  );
  const rows = await w.db.selectFrom("appointments").selectAll().where("practitioner_id", "=", w.ben.membershipId)
    .where("starts_at", ">", new Date(now.getTime() - 3 * 3_600_000))
    .where("starts_at", "<", new Date(now.getTime() + 3 * 3_600_000)).orderBy("starts_at").execute();
  assert.is(rows.length, 2);
  const [past, coming] = rows;
  const early = await w.deskClient.post(`/calendar/appointments/${coming.id}/attendance`, {
    version: String(coming.version),
    status: "attended",
  });
  assert.is(early.status, 422);
  assert.match(early.html, /erst ab Beginn/);
  const noShow = await w.deskClient.post(`/calendar/appointments/${past.id}/attendance`, {
    version: String(past.version),
    status: "no_show",
  });
  assert.is(noShow.status, 303);
  const row = await w.db.selectFrom("appointments").select("status").where("id", "=", past.id)
    .executeTakeFirstOrThrow();
  assert.is(row.status, "no_show");
  const actions = await w.db.selectFrom("audit_events").select("action").where("subject_id", "=", past.id).execute();
  assert.ok(actions.some((a) => a.action === "appointment.no_show"));
});

test("the patient's record lists the appointments (a bare section for htmx)", async () => {
  const w = await world();
  const full = await w.deskClient.get(`/patients/${w.patientId}/appointments`);
  assert.is(full.status, 200);
  assert.match(full.html, /<html/);
  assert.match(full.html, /calendar\/new\?patient=/);
  const partial = await w.deskClient.get(`/patients/${w.patientId}/appointments`, { "HX-Request": "true" });
  assert.is(partial.status, 200);
  assert.not.match(partial.html, /<html/);
  assert.match(partial.html, /Anna Behandlerin/);
  const boosted = await w.deskClient.get(`/patients/${w.patientId}/appointments`, {
    "HX-Request": "true",
    "HX-Request-Type": "full",
  });
  assert.match(boosted.html, /<html/, "a boosted navigation gets the whole page");
});

test("an absence of the practitioner refuses a booking beside the time field unless it is allowed", async () => {
  const w = await world();
  const base = `/calendar/settings/practitioners/${w.ben.membershipId}`;
  // A Tuesday in a quiet week of Ben's; the desk books, as it would.
  assert.is(
    (await w.ownerClient.post(`${base}/absences`, {
      start_date: "2027-06-07",
      end_date: "2027-06-11",
      kind: "vacation",
    }))
      .status,
    303,
  );
  const during = booking(w, { date: "2027-06-08", time: "10:00", practitioner_id: w.ben.membershipId });
  const refused = await postBooking(w.deskClient, during);
  assert.is(refused.status, 422);
  const message = fieldError(refused.html, "time");
  assert.ok(message.includes("Ben Kollege") && message.includes("abwesend"), message);
  assert.not.ok(message.includes("Urlaub"), "the kind of absence stays private");
  const count = async () =>
    (await w.db.selectFrom("appointments").select("id").where("practitioner_id", "=", w.ben.membershipId)
      .where("starts_at", ">=", new Date("2027-06-07T00:00:00Z")).where(
        "starts_at",
        "<",
        new Date("2027-06-12T00:00:00Z"),
      )
      .execute()).length;
  assert.is(await count(), 0, "nothing written");
  const allowed = await postBooking(w.deskClient, { ...during, allow_overlap: "yes" });
  assert.is(allowed.status, 303);
  assert.is(await count(), 1);
  const after = booking(w, { date: "2027-06-14", time: "10:00", practitioner_id: w.ben.membershipId });
  assert.is((await postBooking(w.deskClient, after)).status, 303, "back after the absence");
});

test("an unknown attendance choice answers 422; an upper-case id in a path is unknown", async () => {
  const w = await world();
  const at = berlinParts(new Date(w.clock.now().getTime() - 40 * 86_400_000));
  assert.is(
    (await postBooking(w.deskClient, booking(w, { date: at.date, time: at.time }))).status,
    303,
  );
  const row = await w.db.selectFrom("appointments").select(["id", "version"])
    .where("practitioner_id", "=", w.anna.membershipId).orderBy("starts_at").limit(1).executeTakeFirstOrThrow();
  const odd = await w.deskClient.post(`/calendar/appointments/${row.id}/attendance`, {
    version: String(row.version),
    status: "zzz",
  });
  assert.is(odd.status, 422);
  assert.ok(odd.html.includes(de("calendar.attendanceChoice")));
  assert.is((await w.deskClient.get(`/calendar/appointments/${row.id.toUpperCase()}`)).status, 404);
  assert.is((await w.deskClient.get(`/calendar/appointments/${row.id}`)).status, 200);
});

test("the record lists coming appointments open and folds the past away with its count", async () => {
  const w = await world();
  const now = w.clock.now();
  const patientId = await addPatient(w.db, w.owner.practiceId, "Vogel", "Ida");
  const book = (at: Date) => {
    const local = berlinParts(at);
    // A month away on Ben's calendar: the other tests book around now.
    return postBooking(
      w.deskClient,
      booking(w, { date: local.date, time: local.time, patient_id: patientId, practitioner_id: w.ben.membershipId }),
    );
  };
  const daysAhead = (days: number) => new Date(now.getTime() + days * 86_400_000);
  for (const days of [-30, -31]) assert.is((await book(daysAhead(days))).status, 303);
  const coming = berlinParts(daysAhead(30));
  assert.is((await book(daysAhead(30))).status, 303);
  const section = await w.deskClient.get(`/patients/${patientId}/appointments`, { "HX-Request": "true" });
  const [before, folded] = section.html.split('<details class="disclosure">');
  assert.ok(folded, "the past sits in a closed disclosure");
  assert.ok(folded.includes(de("calendar.pastCount", { count: 2 })), "its summary counts them");
  assert.ok(before.includes(`${coming.time}–`), "the coming one is listed open");
  assert.not.ok(before.includes(de("calendar.past")), "no past above the fold");

  // Cut lists say so: with room for one of each, two past ones are "more", one coming one is not.
  const scope = {
    practiceId: w.owner.practiceId,
    accountId: w.desk.accountId,
    membershipId: w.desk.membershipId,
    role: "front_desk" as const,
    areas: [],
  };
  const cut = await patientAppointments(w.db, scope, patientId, now, 1);
  assert.is(cut.past.length, 1);
  assert.is(cut.upcoming.length, 1);
  assert.is(cut.morePast, true);
  assert.is(cut.moreUpcoming, false);
  assert.ok(cut.past[0].startsAt > daysAhead(-31), "the latest past one");
});

test("the day view shows all practitioners side by side; the week of all lists per day", async () => {
  const w = await world();
  const day = await w.deskClient.get("/calendar/day?date=2026-12-08&practitioner=all");
  assert.is(day.status, 200);
  // Each column is headed by the practitioner's mark: initials and name.
  assert.match(
    day.html,
    /<th scope="col"[^>]*><span class="practitioner-mark">[\s\S]*?Anna Behandlerin<\/span><\/span><\/th>/,
  );
  assert.match(
    day.html,
    /<th scope="col"[^>]*><span class="practitioner-mark">[\s\S]*?Ben Kollege<\/span><\/span><\/th>/,
  );
  const week = await w.deskClient.get("/calendar/week?date=2026-12-08&practitioner=all");
  assert.is(week.status, 200);
  assert.match(week.html, /calendar-week-list/);
  assert.match(week.html, /Schmidt, Karl/);
  // Nonsense in the query shows today's week, not an error.
  const odd = await w.deskClient.get("/calendar/week?date=2026-99-99&practitioner=%00&location=x");
  assert.is(odd.status, 200);
});

test("billing has no calendar; another practice's appointments answer 404 everywhere", async () => {
  const w = await world();
  assert.is((await w.billingClient.get("/calendar/week")).status, 403);
  const [appointment] = await appointmentsOn(w, "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z");
  const { app, db, clock } = { app: w.app, db: w.db, clock: w.clock };
  const stranger = new TestClient(app);
  await signedInOwner(stranger, db, clock, { owner_name: "Fremde Praxis" });
  assert.is((await stranger.get(`/calendar/appointments/${appointment.id}`)).status, 404);
  const fields = { version: String(appointment.version), reason: "x", status: "attended" };
  assert.is((await stranger.post(`/calendar/appointments/${appointment.id}/cancel`, fields)).status, 404);
  assert.is((await stranger.post(`/calendar/appointments/${appointment.id}/attendance`, fields)).status, 404);
  const move = await stranger.post(`/calendar/appointments/${appointment.id}/move`, {
    ...booking(w, {}),
    version: String(appointment.version),
  });
  assert.is(move.status, 404);
  assert.is((await stranger.get(`/patients/${w.patientId}/appointments`)).status, 404);
  assert.is((await stranger.get(`/calendar/appointments/not-a-uuid`)).status, 404);
  // Booking with another practice's practitioner, location and patient is refused, not written.
  const foreign = await postBooking(stranger, booking(w, { date: "2026-12-14" }));
  assert.is(foreign.status, 422);
  assert.is((await appointmentsOn(w, "2026-12-14T00:00:00Z", "2026-12-15T00:00:00Z")).length, 0);
  const row = await db.selectFrom("appointments").select(["status", "version"]).where("id", "=", appointment.id)
    .executeTakeFirstOrThrow();
  assert.equal(row, { status: "booked", version: appointment.version });
});

test("a member limited to one location neither sees nor books appointments elsewhere", async () => {
  const w = await world();
  const branch = await w.db.insertInto("locations").values({ practice_id: w.owner.practiceId, name: "Filiale" })
    .returning("id").executeTakeFirstOrThrow();
  const limited = await addMember(w.db, w.masterKey, w.owner.practiceId, "front_desk", { name: "Lena Filiale" });
  await w.db.updateTable("memberships").set({ all_locations: false }).where("id", "=", limited.membershipId).execute();
  await w.db.insertInto("membership_locations").values({ membership_id: limited.membershipId, location_id: branch.id })
    .execute();
  const client = await signedInMember(w.app, w.clock, limited);
  const [appointment] = await appointmentsOn(w, "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z");
  assert.is((await client.get(`/calendar/appointments/${appointment.id}`)).status, 404);
  const week = await client.get("/calendar/week?date=2026-12-07&practitioner=all");
  assert.not.match(week.html, /Müller, Anna/);
  const refused = await postBooking(client, booking(w, { date: "2026-12-15" }));
  assert.is(refused.status, 422);
  assert.ok(fieldError(refused.html, "location_id"));
});

test("the week and day around 31.12.2200, the last date the date field takes, show instead of failing", async () => {
  const w = await world();
  for (const path of ["/calendar/week?date=2200-12-31&practitioner=all", "/calendar/day?date=2200-12-31"]) {
    assert.is((await w.deskClient.get(path)).status, 200, path);
  }
  const form = await postBooking(w.deskClient, booking(w, { date: "2200-12-30" }), "/calendar/new");
  assert.is(form.status, 200);
});

test("another practice's patient or room cannot be booked, even with one's own practitioner and location", async () => {
  const w = await world();
  const stranger = new TestClient(w.app);
  const other = await signedInOwner(stranger, w.db, w.clock, { owner_name: "Praxis Nebenan" });
  const [ownMembership, ownLocation] = await Promise.all([
    w.db.selectFrom("memberships").select("id").where("practice_id", "=", other.practiceId).executeTakeFirstOrThrow(),
    w.db.selectFrom("locations").select("id").where("practice_id", "=", other.practiceId).executeTakeFirstOrThrow(),
  ]);
  const own = { practitioner_id: ownMembership.id, location_id: ownLocation.id, date: "2027-01-05" };
  const patient = await postBooking(stranger, booking(w, own));
  assert.is(patient.status, 422);
  assert.match(fieldError(patient.html, "patient_id"), /nicht \(mehr\) in der Kartei/);
  const room = await postBooking(
    stranger,
    booking(w, { ...own, patient_id: "", title: "Besprechung", room_id: w.roomId }),
  );
  assert.is(room.status, 422);
  assert.ok(fieldError(room.html, "room_id"));
  const written = await w.db.selectFrom("appointments").select("id").where("practice_id", "=", other.practiceId)
    .execute();
  assert.is(written.length, 0);
});

test("an appointment whose attendance is recorded can be resized but not moved into the future", async () => {
  const w = await world();
  const start = berlinParts(new Date(w.clock.now().getTime() - 26 * 3_600_000));
  await postBooking(
    w.deskClient,
    booking(w, { date: start.date, time: start.time, practitioner_id: w.ben.membershipId, title: "Came" }),
  );
  const row = await w.db.selectFrom("appointments").selectAll().where("title", "=", "Came").executeTakeFirstOrThrow();
  const attended = await w.deskClient.post(`/calendar/appointments/${row.id}/attendance`, {
    version: String(row.version),
    status: "attended",
  });
  assert.is(attended.status, 303);
  const move = (fields: Record<string, string>) =>
    w.deskClient.post(`/calendar/appointments/${row.id}/move`, {
      version: String(row.version + 1),
      practitioner_id: w.ben.membershipId,
      location_id: w.locationId,
      room_id: "",
      date: start.date,
      time: start.time,
      duration: "30",
      ...fields,
    });
  const future = await move({ date: berlinParts(new Date(w.clock.now().getTime() + 30 * 86_400_000)).date });
  assert.is(future.status, 422);
  assert.match(future.html, /nicht in die Zukunft verschieben/);
  const resized = await move({ duration: "50" });
  assert.is(resized.status, 303);
  const after = await w.db.selectFrom("appointments").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
  assert.is(after.status, "attended");
  assert.is(after.ends_at.getTime() - after.starts_at.getTime(), 50 * 60_000);
});

test.run();
