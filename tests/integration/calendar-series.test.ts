import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";
import { berlinParts } from "../../lib/berlin-time.ts";

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
  const booked = await w.client.post(
    "/calendar/appointments",
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
  const autumn = await w.client.post(
    "/calendar/appointments",
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
  await w.client.post("/calendar/appointments", {
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
});

test("a series running into the missing hour is refused with that date; nothing is written", async () => {
  const w = await world();
  const refused = await w.client.post(
    "/calendar/appointments",
    series(w, { title: "Night", date: "2026-03-22", time: "02:30", repeat_end: "count", count: "3" }),
  );
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "time"), /2026-03-29/);
  assert.is((await occurrences(w, "Night")).length, 0);
  const tooMany = await w.client.post(
    "/calendar/appointments",
    series(w, { title: "Forever", date: "2027-01-04", repeat_end: "until", until: "2030-01-01" }),
  );
  assert.is(tooMany.status, 422);
  assert.match(fieldError(tooMany.html, "until"), /höchstens 100/);
  const empty = await w.client.post("/calendar/appointments", series(w, { title: "X", date: "2027-01-04", until: "" }));
  assert.is(empty.status, 422);
  assert.ok(fieldError(empty.html, "until"));
});

test("every two weeks, for a count; a conflict on any occurrence refuses the whole series", async () => {
  const w = await world();
  const ok = await w.client.post(
    "/calendar/appointments",
    series(w, { title: "Biweekly", date: "2027-02-01", interval_weeks: "2", repeat_end: "count", count: "3" }),
  );
  assert.is(ok.status, 303);
  assert.equal((await occurrences(w, "Biweekly")).map((r) => r.local.date), ["2027-02-01", "2027-02-15", "2027-03-01"]);
  const clash = await w.client.post(
    "/calendar/appointments",
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
  await w.client.post(
    "/calendar/appointments",
    series(w, { title: "Single edit", date: "2027-04-05", repeat_end: "count", count: "3" }),
  );
  const [, second] = await occurrences(w, "Single edit");
  const moved = await w.client.post(`/calendar/appointments/${second.id}/move`, {
    version: String(second.version),
    practitioner_id: w.anna.membershipId,
    location_id: w.locationId,
    room_id: "",
    date: second.local.date,
    time: "10:00",
    duration: "45",
    apply: "this",
  });
  assert.is(moved.status, 303);
  const rows = await occurrences(w, "Single edit");
  assert.equal(rows.map((r) => r.local.time), ["09:00", "10:00", "09:00"]);
  assert.equal(rows.map((r) => r.series_exception), [false, true, false]);
});

test("'this and following' splits the series: earlier ones unchanged, later ones moved, in one go", async () => {
  const w = await world();
  await w.client.post(
    "/calendar/appointments",
    series(w, { title: "Split", date: "2027-05-03", repeat_end: "count", count: "4" }),
  );
  const before = await occurrences(w, "Split");
  const oldSeries = before[0].series_id!;
  // A single appointment sits where the fourth occurrence would move to: the change is refused.
  await w.client.post("/calendar/appointments", {
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
  const audit = await w.db.selectFrom("audit_events").select("action").where("subject_id", "=", oldSeries).execute();
  assert.equal(audit.map((a) => a.action), ["series.created", "series.updated"]);
});

test("'this and following' with a new rhythm lays the remaining occurrences out every two weeks", async () => {
  const w = await world();
  await w.client.post(
    "/calendar/appointments",
    series(w, { title: "Rhythm", date: "2027-09-06", repeat_end: "count", count: "4" }),
  );
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
  await w.client.post(
    "/calendar/appointments",
    series(w, { title: "Cancel tail", date: "2027-06-07", repeat_end: "count", count: "3" }),
  );
  const [, second] = await occurrences(w, "Cancel tail");
  const cancelled = await w.client.post(`/calendar/appointments/${second.id}/cancel`, {
    version: String(second.version),
    reason: "Therapie beendet",
    apply: "following",
  });
  assert.is(cancelled.status, 303);
  assert.equal((await occurrences(w, "Cancel tail")).map((r) => r.status), ["booked", "cancelled", "cancelled"]);
});

test.run();
