import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { postBooking } from "../support/booking-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";
import { berlinParts } from "../../lib/berlin-time.ts";
import { onPostgres } from "../support/postgres-race.ts";

const test = suite("calendar: recurring series and daylight saving");

async function practice() {
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const patientId = await addPatient(db, owner.practiceId, "Weber", "Jonas");
  return { app, db, clock, owner, client, anna, locationId: location.id, patientId };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());
type World = Awaited<ReturnType<typeof practice>>;

function series(w: World, fields: Record<string, string>) {
  return {
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: "",
    patient_id: w.patientId,
    time: "09:00",
    duration: "45",
    title: "Physiotherapie",
    repeat: "weekly",
    interval_weeks: "1",
    ...fields,
  };
}

async function occurrences(w: World, seriesTitle: string) {
  const rows = await w.db.selectFrom("appointments").selectAll().where("practice_id", "=", w.owner.practiceId)
    .where("title", "=", seriesTitle).orderBy("starts_at").execute();
  return rows.map((row) => ({ ...row, local: berlinParts(row.starts_at) }));
}

/** The appointments shown in one row (local time) of the grid. */
function gridRow(html: string, time: string): string {
  const start = html.indexOf(`<th scope="row" class="calendar-time">${time}</th>`);
  if (start < 0) return "";
  return html.slice(start, html.indexOf("</tr>", start));
}

test("a weekly 09:00 series across both clock changes stays at 09:00 in Berlin; UTC shifts", async () => {
  const w = await world();
  const booked = await postBooking(
    w.client,
    series(w, { title: "DST", date: "2026-03-22", repeat_end: "until", until: "2026-04-05" }),
  );
  assert.is(booked.status, 303);
  assert.match(booked.location ?? "", /notice=seriesCreated/);
  const rows = await occurrences(w, "DST");
  assert.equal(rows.map((r) => r.starts_at.toISOString()), [
    "2026-03-22T08:00:00.000Z",
    "2026-03-29T07:00:00.000Z",
    "2026-04-05T07:00:00.000Z",
  ]);
  assert.ok(rows.every((r) => r.local.time === "09:00" && r.series_id === rows[0].series_id));
  const autumn = await postBooking(
    w.client,
    series(w, { title: "DST autumn", date: "2026-10-18", repeat_end: "count", count: "2" }),
  );
  assert.is(autumn.status, 303);
  assert.equal((await occurrences(w, "DST autumn")).map((r) => r.starts_at.toISOString()), [
    "2026-10-18T07:00:00.000Z",
    "2026-10-25T08:00:00.000Z",
  ]);
  const audit = await w.db.selectFrom("audit_events").select("action").where("subject_id", "=", rows[0].series_id!)
    .execute();
  assert.equal(audit.map((a) => a.action), ["series.created"]);
});

test("the week view across the spring change shows the series in the 09:00 row and marks the missing hour", async () => {
  const w = await world();
  const before = await w.client.get(`/calendar/week?date=2026-03-22&practitioner=${w.anna.membershipId}`);
  assert.is(before.status, 200);
  assert.match(gridRow(before.html, "09:00"), /09:00–09:45/);
  // Sunday 29 March has no 02:00–03:00 (the grid widens to the early appointment below).
  await postBooking(w.client, {
    ...series(w, { title: "Early", date: "2026-03-28", time: "01:30", duration: "30" }),
    repeat: "none",
  });
  const withNight = await w.client.get(`/calendar/week?date=2026-03-28&practitioner=${w.anna.membershipId}`);
  assert.match(gridRow(withNight.html, "01:30"), /01:30–02:00/);
  assert.match(gridRow(withNight.html, "02:30"), /slot-nonexistent/);
  const after = await w.client.get(`/calendar/week?date=2026-04-01&practitioner=${w.anna.membershipId}`);
  assert.match(gridRow(after.html, "09:00"), /09:00–09:45/);
  assert.not.match(gridRow(after.html, "08:00"), /09:00–09:45/);
});

test("working hours shape the grid: free cells inside them link to booking, time outside is shaded", async () => {
  const w = await world();
  const hours = await w.client.post(`/calendar/settings/practitioners/${w.anna.membershipId}/working-hours`, {
    weekday: "2",
    starts: "08:00",
    ends: "12:00",
    valid_from: "2027-08-01",
  });
  assert.is(hours.status, 303);
  const week = await w.client.get(`/calendar/week?date=2027-08-03&practitioner=${w.anna.membershipId}`);
  const tuesday = (time: string) => gridRow(week.html, time).split("<td").slice(1)[1] ?? "";
  assert.match(tuesday("09:00"), /slot-book/);
  assert.match(tuesday("09:00"), /start=2027-08-03T09:00/);
  assert.match(tuesday("13:00"), /slot-off/);
  assert.not.match(tuesday("13:00"), /slot-book/);

  // Booking outside them asks for "book anyway"; inside them it just books.
  const single = (time: string, extra: Record<string, string> = {}) =>
    series(w, { title: `Stunden ${time}`, date: "2027-08-03", time, repeat: "none", ...extra });
  const late = await postBooking(w.client, single("13:00"));
  assert.is(late.status, 422);
  const message = fieldError(late.html, "time");
  assert.ok(message.includes("Außerhalb der Arbeitszeit") && message.includes("Anna Behandlerin"), message);
  assert.is((await occurrences(w, "Stunden 13:00")).length, 0, "nothing written");
  assert.is((await postBooking(w.client, single("13:00", { allow_overlap: "yes" }))).status, 303);
  assert.is((await postBooking(w.client, single("11:00"))).status, 303, "11:00–11:45 fits");
  const overEnd = await postBooking(w.client, single("11:50"));
  assert.is(overEnd.status, 422, "11:50–12:35 runs past 12:00");
  assert.ok(fieldError(overEnd.html, "time").includes("Außerhalb der Arbeitszeit"));
  // The other tests of this file book Anna at any time: her hours go again.
  const entry = await w.db.selectFrom("working_hours").select("id").where("practitioner_id", "=", w.anna.membershipId)
    .executeTakeFirstOrThrow();
  const base = `/calendar/settings/practitioners/${w.anna.membershipId}`;
  assert.is((await w.client.post(`${base}/working-hours/${entry.id}/delete`, {})).status, 303);
});

test("a series running into the missing hour is refused with that date; nothing is written", async () => {
  const w = await world();
  const refused = await postBooking(
    w.client,
    series(w, { title: "Night", date: "2026-03-22", time: "02:30", repeat_end: "count", count: "3" }),
  );
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "time"), /02:30 Uhr gibt es am So\., 29\.03\.2026 nicht/);
  assert.is((await occurrences(w, "Night")).length, 0);
  const tooMany = await postBooking(
    w.client,
    series(w, { title: "Forever", date: "2027-01-04", repeat_end: "until", until: "2030-01-01" }),
  );
  assert.is(tooMany.status, 422);
  assert.match(fieldError(tooMany.html, "until"), /höchstens 100/);
  const empty = await postBooking(w.client, series(w, { title: "X", date: "2027-01-04", until: "" }));
  assert.is(empty.status, 422);
  assert.ok(fieldError(empty.html, "until"));
});

test("every two weeks, for a count; a conflict on any occurrence refuses the whole series", async () => {
  const w = await world();
  const ok = await postBooking(
    w.client,
    series(w, { title: "Biweekly", date: "2027-02-01", interval_weeks: "2", repeat_end: "count", count: "3" }),
  );
  assert.is(ok.status, 303);
  assert.equal((await occurrences(w, "Biweekly")).map((r) => r.local.date), ["2027-02-01", "2027-02-15", "2027-03-01"]);
  const clash = await postBooking(
    w.client,
    series(w, { title: "Clash", date: "2027-01-18", time: "09:30", repeat_end: "until", until: "2027-02-28" }),
  );
  assert.is(clash.status, 422);
  assert.match(fieldError(clash.html, "time"), /01\.02\.2027 von 09:00 bis 09:45/);
  assert.is((await occurrences(w, "Clash")).length, 0);
  const series_ = await w.db.selectFrom("appointment_series").select("id").where("title", "=", "Clash").execute();
  assert.is(series_.length, 0);
});

test("'this one' moves only that occurrence; the rest of the series stays", async () => {
  const w = await world();
  await postBooking(w.client, series(w, { title: "Single edit", date: "2027-04-05", repeat_end: "count", count: "3" }));
  const [, second] = await occurrences(w, "Single edit");
  const move = {
    version: String(second.version),
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: "",
    date: second.local.date,
    time: "10:00",
    duration: "45",
  };
  // A choice the form does not offer is refused, not read as "this one".
  const unknown = await w.client.post(`/calendar/appointments/${second.id}/move`, { ...move, apply: "everything" });
  assert.is(unknown.status, 422);
  assert.ok(fieldError(unknown.html, "apply").includes("Möglichkeiten"), fieldError(unknown.html, "apply"));
  const cancelled = await w.client.post(`/calendar/appointments/${second.id}/cancel`, {
    version: String(second.version),
    reason: "Krank",
    apply: "all",
  });
  assert.is(cancelled.status, 422);
  assert.equal((await occurrences(w, "Single edit")).map((r) => [r.local.time, r.status]), [
    ["09:00", "booked"],
    ["09:00", "booked"],
    ["09:00", "booked"],
  ]);
  const moved = await w.client.post(`/calendar/appointments/${second.id}/move`, { ...move, apply: "this" });
  assert.is(moved.status, 303);
  const rows = await occurrences(w, "Single edit");
  assert.equal(rows.map((r) => r.local.time), ["09:00", "10:00", "09:00"]);
  assert.equal(rows.map((r) => r.series_exception), [false, true, false]);
});

test("'this and following' splits the series: earlier ones unchanged, later ones moved, in one go", async () => {
  const w = await world();
  await postBooking(w.client, series(w, { title: "Split", date: "2027-05-03", repeat_end: "count", count: "4" }));
  const before = await occurrences(w, "Split");
  const oldSeries = before[0].series_id!;
  // A single appointment sits where the fourth occurrence would move to: the change is refused.
  await postBooking(w.client, {
    ...series(w, { title: "Blocker", date: "2027-05-25", time: "11:00", duration: "30" }),
    repeat: "none",
  });
  const change = (fields: Record<string, string>) =>
    w.client.post(`/calendar/appointments/${before[1].id}/move`, {
      version: String(before[1].version),
      practitioner_id: w.anna.membershipId,
      location_id: w.locationId,
      room_id: "",
      date: "2027-05-11",
      time: "11:00",
      duration: "60",
      apply: "following",
      ...fields,
    });
  const refused = await change({});
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "time"), /25\.05\.2027 von 11:00 bis 11:30/);
  assert.equal(
    (await occurrences(w, "Split")).map((r) => r.starts_at.getTime()),
    before.map((r) => r.starts_at.getTime()),
  );

  const done = await change({ time: "14:00" });
  assert.is(done.status, 303);
  const after = await occurrences(w, "Split");
  // Monday → Tuesday from the second occurrence on, at 14:00 for 60 minutes.
  assert.equal(after.map((r) => `${r.local.date} ${r.local.time}`), [
    "2027-05-03 09:00",
    "2027-05-11 14:00",
    "2027-05-18 14:00",
    "2027-05-25 14:00",
  ]);
  assert.is(after[0].series_id, oldSeries);
  const newSeries = after[1].series_id!;
  assert.is.not(newSeries, oldSeries);
  assert.ok(after.slice(1).every((r) => r.series_id === newSeries));
  assert.ok(after.slice(1).every((r) => r.ends_at.getTime() - r.starts_at.getTime() === 3_600_000));
  const old = await w.db.selectFrom("appointment_series").select(["until_date", "ended_on"]).where("id", "=", oldSeries)
    .executeTakeFirstOrThrow();
  assert.ok(old.until_date !== null);
  const audit = await w.db.selectFrom("audit_events").select("action").where("subject_id", "=", oldSeries)
    .orderBy("id").execute();
  assert.equal(audit.map((a) => a.action), ["series.created", "series.updated"]);
});

test("'this and following' with a new rhythm lays the remaining occurrences out every two weeks", async () => {
  const w = await world();
  await postBooking(w.client, series(w, { title: "Rhythm", date: "2027-09-06", repeat_end: "count", count: "4" }));
  const before = await occurrences(w, "Rhythm");
  const bad = await w.client.post(`/calendar/appointments/${before[1].id}/move`, {
    version: String(before[1].version),
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: "",
    date: before[1].local.date,
    time: "09:00",
    duration: "45",
    interval_weeks: "0",
    apply: "following",
  });
  assert.is(bad.status, 422);
  assert.ok(fieldError(bad.html, "interval_weeks"));
  const changed = await w.client.post(`/calendar/appointments/${before[1].id}/move`, {
    version: String(before[1].version),
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: "",
    date: before[1].local.date,
    time: "09:00",
    duration: "45",
    interval_weeks: "2",
    apply: "following",
  });
  assert.is(changed.status, 303);
  const after = await occurrences(w, "Rhythm");
  assert.equal(after.map((r) => r.local.date), ["2027-09-06", "2027-09-13", "2027-09-27", "2027-10-11"]);
  const rule = await w.db.selectFrom("appointment_series").select("interval_weeks").where(
    "id",
    "=",
    after[1].series_id!,
  )
    .executeTakeFirstOrThrow();
  assert.is(rule.interval_weeks, 2);
});

test("cancelling 'this and following' frees every later occurrence", async () => {
  const w = await world();
  await postBooking(w.client, series(w, { title: "Cancel tail", date: "2027-06-07", repeat_end: "count", count: "3" }));
  const [, second] = await occurrences(w, "Cancel tail");
  const cancelled = await w.client.post(`/calendar/appointments/${second.id}/cancel`, {
    version: String(second.version),
    reason: "Therapie beendet",
    apply: "following",
  });
  assert.is(cancelled.status, 303);
  assert.equal((await occurrences(w, "Cancel tail")).map((r) => r.status), ["booked", "cancelled", "cancelled"]);
});

test("a series with a room or patient id that does not exist is refused beside the field; nothing is written", async () => {
  const w = await world();
  const base = { title: "Ghost", date: "2027-11-01", repeat_end: "count", count: "2" };
  const room = await postBooking(w.client, series(w, { ...base, room_id: crypto.randomUUID() }));
  assert.is(room.status, 422);
  assert.ok(fieldError(room.html, "room_id"));
  const patient = await postBooking(w.client, series(w, { ...base, patient_id: crypto.randomUUID() }));
  assert.is(patient.status, 422);
  assert.ok(fieldError(patient.html, "patient_id"));
  assert.is((await occurrences(w, "Ghost")).length, 0);
  const rules = await w.db.selectFrom("appointment_series").select("id").where("title", "=", "Ghost").execute();
  assert.is(rules.length, 0);
});

test("'this and following' from an occurrence already marked attended changes it too, but not into the future", async () => {
  const w = await world();
  // Two past Mondays: the second one, the last of the series, took place.
  const today = berlinParts(w.clock.now()).date;
  const monday = (weeksBack: number) => {
    const day = new Date(`${today}T12:00:00Z`);
    day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7) - 7 * weeksBack);
    return day.toISOString().slice(0, 10);
  };
  await postBooking(
    w.client,
    series(w, { title: "Attended tail", date: monday(3), time: "07:00", repeat_end: "count", count: "2" }),
  );
  const [, last] = await occurrences(w, "Attended tail");
  const attended = await w.client.post(`/calendar/appointments/${last.id}/attendance`, {
    version: String(last.version),
    status: "attended",
  });
  assert.is(attended.status, 303);
  const change = (fields: Record<string, string>) =>
    w.client.post(`/calendar/appointments/${last.id}/move`, {
      version: String(last.version + 1),
      practitioner_id: w.anna.membershipId,
      location_id: w.locationId,
      room_id: "",
      date: last.local.date,
      time: "07:30",
      duration: "45",
      apply: "following",
      ...fields,
    });
  const future = await change({ date: "2027-12-06" });
  assert.is(future.status, 422);
  assert.match(future.html, /nicht in die Zukunft verschieben/);
  const done = await change({});
  assert.is(done.status, 303);
  const after = await occurrences(w, "Attended tail");
  assert.equal(after.map((r) => `${r.local.time} ${r.status}`), ["07:00 booked", "07:30 attended"]);
});

test("'this and following' across the autumn change keeps the new wall-clock time on both sides", async () => {
  const w = await world();
  await postBooking(
    w.client,
    series(w, { title: "Autumn split", date: "2027-10-18", repeat_end: "count", count: "3" }),
  );
  const [, second] = await occurrences(w, "Autumn split");
  const done = await w.client.post(`/calendar/appointments/${second.id}/move`, {
    version: String(second.version),
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: "",
    date: "2027-10-25",
    time: "10:00",
    duration: "45",
    apply: "following",
  });
  assert.is(done.status, 303);
  // 31 October 2027 is the change to winter time: 10:00 is 08:00 UTC before and 09:00 UTC after.
  assert.equal((await occurrences(w, "Autumn split")).map((r) => r.starts_at.toISOString()), [
    "2027-10-18T07:00:00.000Z",
    "2027-10-25T08:00:00.000Z",
    "2027-11-01T09:00:00.000Z",
  ]);
});

test("whatever is typed into the series fields ends as a message beside the field, never as an error page", async () => {
  const w = await world();
  const cases: [Record<string, string>, string][] = [
    [{ repeat_end: "count", count: "0" }, "count"],
    [{ repeat_end: "count", count: "1000" }, "count"],
    [{ repeat_end: "count", count: "1e3", interval_weeks: "53" }, "interval_weeks"],
    [{ repeat_end: "count", count: "2", interval_weeks: "0" }, "interval_weeks"],
    [{ until: "2027-10-31" }, "until"],
    [{ until: "0000-01-01" }, "until"],
    [{ until: "2027-11-31" }, "until"],
    [{ repeat_end: "count", count: "2", duration: "-5" }, "duration"],
    [{ repeat_end: "count", count: "2", duration: "1000000000" }, "duration"],
    [{ repeat_end: "count", count: "2", time: "24:00" }, "time"],
    [{ repeat_end: "count", count: "2", date: "99999-01-01" }, "date"],
    [{ repeat_end: "count", count: "2", title: "Physio\u0000🦷" }, "title"],
  ];
  for (const [fields, field] of cases) {
    const page = await postBooking(w.client, series(w, { title: "Typed", date: "2027-11-08", ...fields }));
    assert.is(page.status, 422, JSON.stringify(fields));
    assert.ok(fieldError(page.html, field), JSON.stringify(fields));
  }
  const emoji = await postBooking(
    w.client,
    series(w, { title: "Typed 🦷 „Übung“", date: "2027-11-08", repeat_end: "count", count: "2" }),
  );
  assert.is(emoji.status, 303);
  assert.is((await occurrences(w, "Typed 🦷 „Übung“")).length, 2);
});

// Needs two connections at once; PGlite has one.
if (onPostgres) {
  test("'this and following' while someone moves a later occurrence on its own: refused as stale, nothing lost (on Postgres, concurrent)", async () => {
    const w = await world();
    await postBooking(w.client, series(w, { title: "Race", date: "2027-12-06", repeat_end: "count", count: "3" }));
    const [, second, third] = await occurrences(w, "Race");
    // The other person's "this one" move of the third occurrence, not yet committed.
    const other = await w.db.startTransaction().execute();
    const movedStart = new Date(third.starts_at.getTime() + 3_600_000);
    await other.updateTable("appointments").set({
      starts_at: movedStart,
      ends_at: new Date(movedStart.getTime() + 45 * 60_000),
      series_exception: true,
      version: third.version + 1,
    }).where("id", "=", third.id).execute();
    const change = w.client.post(`/calendar/appointments/${second.id}/move`, {
      version: String(second.version),
      practitioner_id: w.anna.membershipId,
      location_id: w.locationId,
      room_id: "",
      date: second.local.date,
      time: "15:00",
      duration: "45",
      apply: "following",
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await other.commit().execute();
    assert.is((await change).status, 409);
    const after = await occurrences(w, "Race");
    assert.equal(after.map((r) => r.local.time), ["09:00", "09:00", "10:00"]);
    assert.ok(after.every((r) => r.series_id === second.series_id));
  });
}

test.run();
