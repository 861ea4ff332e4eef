import { suite } from "uvu";
import * as assert from "uvu/assert";
import { TestClient } from "../support/http-client.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import { storedAppointment } from "./notes-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { bookingPractice, type BookingWorld, offeredSlots } from "../support/booking-fixtures.ts";
import { bookingOffer, bookingWindow, freeOnlineSlots } from "../../db/online-booking.ts";
import { addDays, berlinTime, mondayOf } from "../../lib/berlin-time.ts";
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

test("anyone will do: each time once; a chosen practitioner: only theirs", async () => {
  const w = await bookingPractice();
  const ben = await addMember(w.db, w.masterKey, w.owner.practiceId, "practitioner", { name: "Ben Kollege" });
  await w.db.insertInto("working_hours").values({
    practice_id: w.owner.practiceId,
    practitioner_id: ben.membershipId,
    weekday: 1,
    starts_at_minute: 600,
    ends_at_minute: 780,
    valid_from: "2026-01-01",
  }).execute();
  const day = addDays(mondayOf(berlinDate(w.clock.now())), 14);
  const monday = `${w.path}?typ=${w.typeId}&tag=${day}`;
  // The page shows the first days only; a later day is reached by its link, so ask for it.
  const values = async (query: string) =>
    offeredSlots((await new TestClient(w.app).get(`${query}&ab=${day}`)).html).map((v) => v.split("."));
  const anyone = await values(monday);
  const times = anyone.map(([, at]) => at);
  assert.equal(times.length, new Set(times).size, "each time once");
  assert.is(anyone.length, 8 + 2, "08:00–12:00 (Anna, Ben from 10:00) and 12:00–13:00 (Ben only)");
  const onlyBen = await values(`${monday}&behandler=${ben.membershipId}`);
  assert.is(onlyBen.length, 6);
  assert.ok(onlyBen.every(([id]) => id === ben.membershipId));
  const page = await new TestClient(w.app).get(`${monday}&ab=${day}`);
  assert.match(page.html, /Ben Kollege/, "the practitioner's name beside a slot, when anyone will do");
});

test("English on the page and in the mail when the patient reads English", async () => {
  const w = await world();
  const client = new TestClient(w.app);
  const page = await client.get(`${w.path}?typ=${w.typeId}&lang=en`);
  assert.match(page.html, /<html lang="en"/);
  assert.match(page.html, /Request appointment/);
  const slot = offeredSlots(page.html)[0];
  const email = "english.reader@example.org";
  const answer = await client.post(w.path, {
    ticket: page.html.match(/name="ticket" value="([^"]+)"/)![1],
    lang: "en",
    typ: w.typeId,
    ort: "",
    tag: "",
    slot,
    given_names: "Emma",
    family_name: "Reader",
    email,
    phone: "",
    date_of_birth: "",
    website: "",
  });
  assert.is(answer.status, 303);
  assert.match(answer.location!, /lang=en$/);
  assert.match((await client.get(answer.location!)).html, /Confirm your request/);
  const mail = await w.db.selectFrom("outgoing_mails").select("subject").where("recipient", "=", email)
    .executeTakeFirstOrThrow();
  assert.match(mail.subject, /please confirm your appointment request/);
});

test.run();
