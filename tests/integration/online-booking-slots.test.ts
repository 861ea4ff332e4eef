import { suite } from "uvu";
import * as assert from "uvu/assert";
import { TestClient } from "../support/http-client.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import { storedAppointment } from "./notes-fixtures.ts";
import { bookingPractice, type BookingWorld, offeredSlots } from "../support/booking-fixtures.ts";
import { bookingOffer, bookingWindow, freeOnlineSlots } from "../../db/online-booking.ts";
import { berlinTime } from "../../lib/berlin-time.ts";
import { berlinDate } from "../../lib/clock.ts";

const test = suite("online booking: which slots are free");

let shared: BookingWorld | undefined;
const world = async () => (shared ??= await bookingPractice());

// A Monday far enough ahead that the lead time and today's clock do not touch it.
const MONDAY = "2099-06-01";
const dayRange = (day: string) => ({
  from: new Date(`${day}T00:00:00+02:00`),
  to: new Date(`${day}T23:59:00+02:00`),
});

async function timesOn(w: BookingWorld, day: string, practitionerIds = [w.anna.membershipId]) {
  const offer = await bookingOffer(w.db, w.owner.practiceId, w.clock.now());
  const slots = await freeOnlineSlots(w.db, w.owner.practiceId, offer, {
    durationMinutes: 30,
    practitionerIds,
    locationId: null,
    ...dayRange(day),
  });
  return slots.map((slot) => berlinTime(slot.start));
}

test("working hours in steps of the type's length; an appointment takes what it overlaps, a cancelled one nothing", async () => {
  const w = await world();
  assert.equal(await timesOn(w, MONDAY), ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
  assert.equal(await timesOn(w, "2099-06-06"), [], "no hours on Saturday");
  const patientId = await insertPatient(w.db, w.owner.practiceId);
  await storedAppointment(
    w.db,
    w.owner.practiceId,
    w.anna.membershipId,
    patientId,
    new Date(`${MONDAY}T09:00:00+02:00`),
    30,
  );
  await storedAppointment(
    w.db,
    w.owner.practiceId,
    w.anna.membershipId,
    patientId,
    new Date(`${MONDAY}T10:40:00+02:00`),
    10,
  );
  const cancelled = await storedAppointment(
    w.db,
    w.owner.practiceId,
    w.anna.membershipId,
    patientId,
    new Date(`${MONDAY}T11:30:00+02:00`),
    30,
  );
  await w.db.updateTable("appointments").set({ status: "cancelled", cancelled_at: w.clock.now() })
    .where("id", "=", cancelled).execute();
  assert.equal(await timesOn(w, MONDAY), ["08:00", "08:30", "09:30", "10:00", "11:00", "11:30"]);
});

test("an absence removes its days' slots", async () => {
  const w = await world();
  await w.db.insertInto("absences").values({
    practice_id: w.owner.practiceId,
    practitioner_id: w.anna.membershipId,
    starts_at: new Date("2099-06-02T00:00:00+02:00"),
    ends_at: new Date("2099-06-03T00:00:00+02:00"),
    kind: "vacation",
    created_by: w.owner.accountId,
  }).execute();
  assert.equal(await timesOn(w, "2099-06-02"), []);
  assert.equal((await timesOn(w, "2099-06-03")).length, 8);
});

test("the page offers nothing within the lead time or beyond the horizon, and no practitioner without hours", async () => {
  const w = await world();
  const offer = await bookingOffer(w.db, w.owner.practiceId, w.clock.now());
  assert.equal(offer.practitioners.map((p) => p.name), ["Anna Behandlerin"], "the owner has no working hours");
  const window = bookingWindow({ leadHours: 24, horizonWeeks: 8 }, w.clock.now());
  const slots = await freeOnlineSlots(w.db, w.owner.practiceId, offer, {
    durationMinutes: 30,
    practitionerIds: [w.anna.membershipId],
    locationId: null,
    ...window,
  });
  assert.ok(slots.length > 100, `${slots.length} slots in eight weeks`);
  assert.ok(slots.every((s) => s.start >= window.from && s.end <= window.to));
  const page = await new TestClient(w.app).get(`${w.path}?typ=${w.typeId}`);
  const first = offeredSlots(page.html).map((value) => Number(value.split(".")[1]));
  assert.ok(first.every((at) => at >= window.from.getTime()), "none within 24 hours");
  assert.ok(first.every((at) => berlinDate(new Date(at)) === berlinDate(new Date(first[0]))), "one day at a time");
  const beyond = berlinDate(new Date(window.to.getTime() + 86_400_000));
  const late = await new TestClient(w.app).get(`${w.path}?typ=${w.typeId}&tag=${beyond}`);
  assert.not.match(late.html, new RegExp(`value="[^"]+\\.${new Date(`${beyond}T08:00:00+02:00`).getTime()}"`));
});

test.run();
