// Check-in and attendance from the today list: front desk marks an arrival (the practitioner
// sees it on their today and on the appointment), takes a mistaken one back, records attended
// or no-show; without JavaScript a 303 home, with htmx the row alone. Refusals say why with a
// 4xx, another practice's appointment is not found, and every change is in the audit log.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { auditActions, practiceDay } from "./today-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { berlinDate } from "../../lib/clock.ts";

const test = suite("Check-in from today");

const HTMX = { "HX-Request": "true" };

async function arrival(db: Awaited<ReturnType<typeof practiceDay>>["db"], id: string) {
  return (await db.selectFrom("appointments").select(["arrived_at", "arrived_by", "status", "version"])
    .where("id", "=", id).executeTakeFirstOrThrow());
}

test("front desk checks a patient in; the practitioner sees it; a mistaken one is taken back", async () => {
  const day = await practiceDay();
  const { db, appointments } = day;
  const desk = await day.signIn(day.frontDesk);
  const before = await arrival(db, appointments.coming);

  const checked = await desk.post(`/today/appointments/${appointments.coming}/check-in`, {});
  assert.is(checked.status, 303);
  assert.is(checked.location, "/?notice=arrived");
  const stored = await arrival(db, appointments.coming);
  assert.ok(stored.arrived_at, "the arrival is stored");
  assert.is(stored.arrived_by, day.frontDesk.accountId);
  assert.is(stored.version, before.version, "an open edit of the appointment does not go stale");
  assert.ok((await auditActions(db, appointments.coming)).includes("appointment.arrived"));
  const home = await desk.get("/?notice=arrived");
  assert.match(home.html, "Die Ankunft ist vermerkt.");
  assert.match(home.html, `action="/today/appointments/${appointments.coming}/check-in/undo"`);

  const practitioner = await day.signIn(day.practitioner);
  assert.match((await practitioner.get("/")).html, /angekommen um \d\d:\d\d/);
  assert.match(
    (await practitioner.get(`/calendar/appointments/${appointments.coming}`)).html,
    /angekommen um \d\d:\d\d/,
  );
  const dayView = await practitioner.get(`/calendar/day?date=${berlinDate(day.clock.now())}`);
  assert.match(dayView.html, /class="appointment-status">angekommen um \d\d:\d\d</, "and in the calendar's grid");

  const again = await desk.post(`/today/appointments/${appointments.coming}/check-in`, {});
  assert.is(again.status, 409);
  assert.match(again.html, "Die Ankunft war schon vermerkt.");

  const undone = await desk.post(`/today/appointments/${appointments.coming}/check-in/undo`, {});
  assert.is(undone.status, 303);
  assert.is(undone.location, "/?notice=undone");
  assert.is((await arrival(db, appointments.coming)).arrived_at, null);
  assert.ok((await auditActions(db, appointments.coming)).includes("appointment.arrival_undone"));
  const twice = await desk.post(`/today/appointments/${appointments.coming}/check-in/undo`, {});
  assert.is(twice.status, 409);
  assert.match(twice.html, "Für diesen Termin ist keine Ankunft vermerkt.");
  assert.not.match((await practitioner.get("/")).html, /angekommen um/);
});

test("with htmx a check-in answers with the row alone, a refusal too with its reason", async () => {
  const day = await practiceDay();
  const desk = await day.signIn(day.frontDesk);
  const id = day.appointments.coming;
  const row = await desk.post(`/today/appointments/${id}/check-in`, {}, HTMX);
  assert.is(row.status, 200);
  assert.ok(row.html.startsWith(`<li id="today-${id}"`), row.html.slice(0, 80));
  assert.not.match(row.html, "<html");
  assert.match(row.html, "angekommen um");
  assert.match(row.html, `hx-post="/today/appointments/${id}/check-in/undo"`);
  const refused = await desk.post(`/today/appointments/${id}/check-in`, {}, HTMX);
  assert.is(refused.status, 409);
  assert.ok(refused.html.startsWith(`<li id="today-${id}"`));
  assert.match(refused.html, "Die Ankunft war schon vermerkt.");
});

test("attended and no-show from today: once begun, as a row with htmx, refused before it begins", async () => {
  const day = await practiceDay();
  const { db, appointments } = day;
  const desk = await day.signIn(day.frontDesk);
  const { version } = await arrival(db, appointments.begun);
  const attended = await desk.post(`/today/appointments/${appointments.begun}/attendance`, {
    version: String(version),
    status: "attended",
  });
  assert.is(attended.status, 303);
  assert.is(attended.location, "/?notice=attendance");
  assert.is((await arrival(db, appointments.begun)).status, "attended");
  assert.ok((await auditActions(db, appointments.begun)).includes("appointment.attended"));

  const { version: ownersVersion } = await arrival(db, appointments.ownersBegun);
  const noShow = await desk.post(`/today/appointments/${appointments.ownersBegun}/attendance`, {
    version: String(ownersVersion),
    status: "no_show",
  }, HTMX);
  assert.is(noShow.status, 200);
  assert.match(noShow.html, "nicht erschienen");
  assert.not.match(noShow.html, '/check-in"', "a closed appointment offers no check-in");
  assert.ok((await auditActions(db, appointments.ownersBegun)).includes("appointment.no_show"));

  const early = await desk.post(`/today/appointments/${appointments.coming}/attendance`, {
    version: String((await arrival(db, appointments.coming)).version),
    status: "attended",
  });
  assert.is(early.status, 422);
  assert.is((await arrival(db, appointments.coming)).status, "booked");

  const stale = await desk.post(`/today/appointments/${appointments.begun}/attendance`, {
    version: String(version),
    status: "no_show",
  });
  assert.is(stale.status, 409, "an older page's version is refused");
  assert.is((await arrival(db, appointments.begun)).status, "attended");
});

test("bad input is refused with a reason and writes nothing", async () => {
  const day = await practiceDay();
  const { db, appointments } = day;
  const desk = await day.signIn(day.frontDesk);
  const begun = await arrival(db, appointments.begun);
  const badChoice = await desk.post(`/today/appointments/${appointments.begun}/attendance`, {
    version: String(begun.version),
    status: "vielleicht",
  });
  assert.is(badChoice.status, 422);
  const noVersion = await desk.post(`/today/appointments/${appointments.begun}/attendance`, { status: "attended" });
  assert.is(noVersion.status, 409);
  assert.equal(await arrival(db, appointments.begun), begun);

  const cancelled = await desk.post(`/today/appointments/${appointments.cancelled}/check-in`, {});
  assert.is(cancelled.status, 422);
  assert.is((await arrival(db, appointments.cancelled)).arrived_at, null);
  const tomorrow = await desk.post(`/today/appointments/${appointments.tomorrow}/check-in`, {});
  assert.is(tomorrow.status, 422);
  assert.match(tomorrow.html, "Einchecken geht erst am Tag des Termins.");
  assert.is((await arrival(db, appointments.tomorrow)).arrived_at, null);
  for (const action of ["check-in", "check-in/undo", "attendance"]) {
    assert.is((await desk.post(`/today/appointments/not-an-id/${action}`, {})).status, 404, action);
  }
});

test("another practice's appointment is not found, and roles without calendar.write may not check in", async () => {
  const day = await practiceDay();
  const { db, appointments } = day;
  const desk = await day.signIn(day.frontDesk);
  const foreign = appointments.foreign;
  for (const action of ["check-in", "check-in/undo"]) {
    assert.is((await desk.post(`/today/appointments/${foreign}/${action}`, {})).status, 404, action);
    assert.is((await desk.post(`/today/appointments/${foreign}/${action}`, {}, HTMX)).status, 404, action);
  }
  const attendance = await desk.post(`/today/appointments/${foreign}/attendance`, { version: "1", status: "attended" });
  assert.is(attendance.status, 404);
  const untouched = await arrival(db, foreign);
  assert.is(untouched.arrived_at, null);
  assert.is(untouched.status, "booked");
  assert.equal(await auditActions(db, foreign), []);

  const billing = await addMember(db, day.masterKey, day.owner.practiceId, "billing");
  const billingClient = await signedInMember(day.app, day.clock, billing);
  assert.is((await billingClient.post(`/today/appointments/${appointments.coming}/check-in`, {})).status, 403);
  assert.is((await arrival(db, appointments.coming)).arrived_at, null);
});

test.run();
