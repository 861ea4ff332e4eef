import { suite } from "uvu";
import * as assert from "uvu/assert";
import { type Page, TestClient } from "../support/http-client.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import { storedAppointment } from "./notes-fixtures.ts";
import { signedInMember } from "../support/team-fixtures.ts";
import { ownerScopeOf } from "../support/practice-fixtures.ts";
import { cancelAppointment } from "../../db/appointments.ts";
import { generateSecretToken, hashSecret } from "../../lib/secret-token.ts";
import {
  bookingMail,
  bookingPractice,
  type BookingWorld,
  offeredSlots,
  person,
  ticketOf,
} from "../support/booking-fixtures.ts";

const test = suite("online booking: the waiting list and appointment proposals (Terminzettel)");

let shared: BookingWorld | undefined;
const world = async () => (shared ??= await bookingPractice());

async function joinWaitingList(w: BookingWorld, email: string) {
  const client = new TestClient(w.app);
  const form = await client.get(`${w.path}/warteliste?typ=${w.typeId}`);
  const answer = await client.post(`${w.path}/warteliste`, {
    ticket: ticketOf(form.html),
    lang: "de",
    typ: w.typeId,
    ort: "",
    tag: "",
    behandler: "",
    ...person({ email }),
  });
  assert.is(answer.status, 303, `${email} asks`);
  const confirmed = await client.post(answer.location!.split("?")[0], { code: (await bookingMail(w.db, email)).code });
  assert.is(confirmed.status, 200);
  assert.match(confirmed.html, /Warteliste/);
}

const startOf = (slot: string) => new Date(Number(slot.split(".")[1]));

async function freeNow(w: BookingWorld, day: string) {
  return offeredSlots((await new TestClient(w.app).get(`${w.path}?typ=${w.typeId}&tag=${day}`)).html);
}

test("a cancellation offers the slot to the waiting list in the order they joined; the first to confirm gets it", async () => {
  const w = await world();
  const slot = offeredSlots((await new TestClient(w.app).get(`${w.path}?typ=${w.typeId}`)).html)[1];
  const patientId = await insertPatient(w.db, w.owner.practiceId, { family_name: "Absage", given_names: "Otto" });
  const appointmentId = await storedAppointment(
    w.db,
    w.owner.practiceId,
    w.anna.membershipId,
    patientId,
    startOf(slot),
    30,
  );
  const emails = ["warte.a@example.org", "warte.b@example.org", "warte.c@example.org"];
  for (const email of emails) {
    await joinWaitingList(w, email);
    w.clock.advance(1000);
  }
  const waiting = await w.db.selectFrom("booking_requests").select("status").where("email", "in", emails).execute();
  assert.equal(waiting.map((r) => r.status), ["waiting", "waiting", "waiting"]);

  const cancelled = await w.ownerClient.post(`/calendar/appointments/${appointmentId}/cancel`, {
    reason: "Patient krank",
    version: "1",
  });
  assert.is(cancelled.status, 303);
  const offers = await w.db.selectFrom("outgoing_mails").select(["recipient", "subject"])
    .where("recipient", "in", emails).where("subject", "like", "%frei geworden%").orderBy("id").execute();
  assert.equal(offers.map((m) => m.recipient), emails, "offered in the order they joined");

  const links = await Promise.all(emails.map(async (email) => (await bookingMail(w.db, email)).link));
  assert.match(links[1], /^\/buchen\/angebot\/[a-z2-7]{52}$/);
  const opened = await new TestClient(w.app).get(links[1]);
  assert.is(opened.status, 200);
  assert.match(opened.html, /Diesen Termin nehmen/);
  const taken = await new TestClient(w.app).post(links[1], {});
  assert.is(taken.status, 200, "B confirms first and gets it");
  const booked = await w.db.selectFrom("appointments").innerJoin(
    "booking_requests",
    "booking_requests.appointment_id",
    "appointments.id",
  )
    .select(["booking_requests.email", "appointments.status"]).where("appointments.starts_at", "=", startOf(slot))
    .where("appointments.status", "<>", "cancelled").execute();
  assert.equal(booked, [{ email: emails[1], status: "booked" }]);
  const late = await new TestClient(w.app).post(links[0], {});
  assert.is(late.status, 409, "A comes too late");
  assert.match(late.html, /nicht mehr frei/);
  assert.match((await new TestClient(w.app).get(links[2])).html, /nicht mehr frei/);
  assert.is((await new TestClient(w.app).post(links[1], {})).status, 409, "an offer is taken once");
});

test("an entry waits as long as the page books ahead: later, a freed slot is not offered to it", async () => {
  const w = await bookingPractice({ horizon_weeks: "1" });
  await joinWaitingList(w, "zu.lange@example.org");
  w.clock.advance(8 * 86_400_000);
  const patientId = await insertPatient(w.db, w.owner.practiceId);
  const startsAt = new Date(w.clock.now().getTime() + 3 * 86_400_000);
  const appointmentId = await storedAppointment(w.db, w.owner.practiceId, w.anna.membershipId, patientId, startsAt, 30);
  const scope = await ownerScopeOf(w.db, w.owner);
  const cancelled = await cancelAppointment(w.db, scope, appointmentId, { version: 1, reason: "krank" }, {
    requestId: "test",
    now: w.clock.now(),
  }, (token) => `http://kartei.test/buchen/angebot/${token}`);
  assert.ok(cancelled.ok);
  assert.equal(
    await w.db.selectFrom("slot_offers").select("id").where("practice_id", "=", w.owner.practiceId).execute(),
    [],
  );
});

/** Sends the proposal form as a browser does: the chosen slots as repeated checkbox fields. */
async function sendProposal(client: TestClient, fields: [string, string][]): Promise<Page> {
  const body = new URLSearchParams([["_csrf", client.csrfToken()!], ...fields]);
  return await client.send("/calendar/proposals", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://kartei.test" },
    body: body.toString(),
  });
}

async function proposalFor(w: BookingWorld, patientId: string, count: number, validHours = "48") {
  const form = await w.annaClient.get(
    `/calendar/proposals?patient_id=${patientId}&typ=${w.typeId}&behandler=${w.anna.membershipId}`,
  );
  assert.is(form.status, 200);
  const offered = [...form.html.matchAll(/name="slots" value="([^"]+)"/g)].map((m) => m[1]);
  // Days after tomorrow: also past the public page's lead time, so the page shows the hold.
  const chosen = offered.filter((value) => Number(value.split(".")[2]) > Date.now() + 2 * 86_400_000)
    .slice(0, count);
  const sent = await sendProposal(w.annaClient, [
    ["patient_id", patientId],
    ["typ", w.typeId],
    ["valid_hours", validHours],
    ...chosen.map((value): [string, string] => ["slots", value]),
  ]);
  return { sent, chosen: chosen.map((value) => Number(value.split(".")[2])) };
}

test("a proposal holds its slots; the patient confirms one by the link and the others are free again", async () => {
  const w = await world();
  const email = "vorschlag@example.org";
  const patientId = await insertPatient(w.db, w.owner.practiceId, { family_name: "Vorschlag", given_names: "Paula" });
  await w.db.updateTable("patients").set({ email }).where("id", "=", patientId).execute();
  const { sent, chosen } = await proposalFor(w, patientId, 3);
  assert.is(sent.status, 303, sent.html);
  const day = new Date(chosen[0]).toISOString().slice(0, 10);
  const held = (await freeNow(w, day)).map((v) => Number(v.split(".")[1]));
  for (const at of chosen) assert.not.ok(held.includes(at), "held while the proposal is open");
  const { link, body } = await bookingMail(w.db, email);
  assert.match(link, /^\/buchen\/vorschlag\/[a-z2-7]{52}$/);
  assert.match(body, /Terminvorschl|schlägt Ihnen/);

  const patient = new TestClient(w.app);
  const page = await patient.get(link);
  assert.is(page.status, 200);
  const slotIds = [...page.html.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1]);
  assert.is(slotIds.length, 3);
  assert.is((await patient.post(link, { slot: "nicht-da" })).status, 422, "hostile choice");
  assert.is((await patient.post(link, { slot: crypto.randomUUID() })).status, 422, "another proposal's slot");
  const confirmed = await patient.post(link, { slot: slotIds[1] });
  assert.is(confirmed.status, 200);
  assert.match(confirmed.html, /gebucht/);
  const appointment = await w.db.selectFrom("appointments").select(["patient_id", "starts_at"])
    .where("practice_id", "=", w.owner.practiceId).where("starts_at", "=", new Date(chosen[1]))
    .where("status", "=", "booked").executeTakeFirstOrThrow();
  assert.is(appointment.patient_id, patientId);
  // Without a consent the proposal's own mail confirms it; the send log says why nothing else went.
  assert.match((await bookingMail(w.db, email)).subject, /bestätigt/);
  const logged = await w.db.selectFrom("patient_messages").select(["kind", "status", "reason"])
    .where("patient_id", "=", patientId).execute();
  assert.equal(logged, [{ kind: "confirmation", status: "skipped", reason: "no_consent" }]);
  const free = (await freeNow(w, day)).map((v) => Number(v.split(".")[1]));
  assert.ok(free.includes(chosen[0]) || new Date(chosen[0]).toISOString().slice(0, 10) !== day, "released");
  assert.not.ok(free.includes(chosen[1]), "booked");
  assert.is((await patient.post(link, { slot: slotIds[0] })).status, 410, "a proposal is confirmed once");
  assert.match((await patient.get(link)).html, /Gebucht ist/);
});

test("a patient who takes messages in English gets the proposal and its confirmation in English", async () => {
  const w = await world();
  const email = "proposal.en@example.org";
  const patientId = await insertPatient(w.db, w.owner.practiceId, { family_name: "Walker", given_names: "Amy" });
  await w.db.updateTable("patients").set({ email }).where("id", "=", patientId).execute();
  await w.db.insertInto("patient_message_preferences").values({
    patient_id: patientId,
    practice_id: w.owner.practiceId,
    preferred_channel: null,
    language: "en",
    updated_at: new Date(),
  }).execute();
  const { sent } = await proposalFor(w, patientId, 2);
  assert.is(sent.status, 303, sent.html);
  const { link, subject } = await bookingMail(w.db, email);
  assert.match(subject, /appointments proposed to you/);
  const patient = new TestClient(w.app);
  const slotIds = [...(await patient.get(link)).html.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1]);
  assert.is((await patient.post(link, { slot: slotIds[0] })).status, 200);
  assert.match((await bookingMail(w.db, email)).subject, /your appointment is confirmed/);
});

test("a proposal expires: afterwards its link confirms nothing and its slots are free", async () => {
  const w = await world();
  const email = "ablauf@example.org";
  const patientId = await insertPatient(w.db, w.owner.practiceId, { family_name: "Ablauf", given_names: "Erna" });
  await w.db.updateTable("patients").set({ email }).where("id", "=", patientId).execute();
  const { sent, chosen } = await proposalFor(w, patientId, 2, "1");
  assert.is(sent.status, 303);
  const { link } = await bookingMail(w.db, email);
  w.clock.advance(2 * 3_600_000);
  const page = await new TestClient(w.app).get(link);
  assert.match(page.html, /abgelaufen/);
  const slotId = (await w.db.selectFrom("proposal_slots").innerJoin(
    "appointment_proposals as p",
    "p.id",
    "proposal_slots.proposal_id",
  )
    .select("proposal_slots.id").where("p.patient_id", "=", patientId).executeTakeFirstOrThrow()).id;
  assert.is((await new TestClient(w.app).post(link, { slot: slotId })).status, 410);
  assert.not.ok(
    await w.db.selectFrom("appointments").select("id").where("patient_id", "=", patientId).executeTakeFirst(),
  );
  const free = (await freeNow(w, new Date(chosen[0]).toISOString().slice(0, 10))).map((v) => Number(v.split(".")[1]));
  assert.ok(free.includes(chosen[0]), "free again");
  // Two hours on, the practitioner signs in again.
  w.annaClient = await signedInMember(w.app, w.clock, w.anna);
  const list = await w.annaClient.get("/calendar/proposals");
  assert.match(list.html, /abgelaufen/);
});

test("a proposal without an address, for another practice's patient, or without slots is refused; withdrawing frees", async () => {
  const w = await world();
  const noMail = await insertPatient(w.db, w.owner.practiceId, { family_name: "Ohne", given_names: "Post" });
  const refused = await proposalFor(w, noMail, 1);
  assert.is(refused.sent.status, 422);
  assert.match(refused.sent.html, /keine E-Mail-Adresse/);
  const foreign = await bookingPractice();
  const stranger = await insertPatient(foreign.db, foreign.owner.practiceId, { family_name: "Fremd" });
  const noSlots = await sendProposal(w.annaClient, [["patient_id", stranger], ["typ", w.typeId], [
    "valid_hours",
    "48",
  ]]);
  assert.is(noSlots.status, 422);
  const withMail = await insertPatient(w.db, w.owner.practiceId, { family_name: "Zurueck", given_names: "Zora" });
  await w.db.updateTable("patients").set({ email: "zora@example.org" }).where("id", "=", withMail).execute();
  const { sent } = await proposalFor(w, withMail, 1);
  assert.is(sent.status, 303);
  const proposal = await w.db.selectFrom("appointment_proposals").select("id").where("patient_id", "=", withMail)
    .executeTakeFirstOrThrow();
  assert.is((await foreign.ownerClient.post(`/calendar/proposals/${proposal.id}/withdraw`, {})).status, 404);
  assert.is((await w.annaClient.post(`/calendar/proposals/${proposal.id}/withdraw`, {})).status, 303);
  const { link } = await bookingMail(w.db, "zora@example.org");
  assert.match((await new TestClient(w.app).get(link)).html, /gelten nicht mehr/);
});

test("a patient cancelling by their message's link offers the freed slot to the waiting list too", async () => {
  const w = await world();
  const slots = offeredSlots((await new TestClient(w.app).get(`${w.path}?typ=${w.typeId}`)).html);
  const slot = slots[slots.length - 1];
  const patientId = await insertPatient(w.db, w.owner.practiceId, { family_name: "Link", given_names: "Lea" });
  const appointmentId = await storedAppointment(
    w.db,
    w.owner.practiceId,
    w.anna.membershipId,
    patientId,
    startOf(slot),
    30,
  );
  // The link a message to the patient carries (stored, like every one, as its hash).
  const token = generateSecretToken();
  await w.db.insertInto("appointment_links").values({
    token_hash: hashSecret(token),
    practice_id: w.owner.practiceId,
    appointment_id: appointmentId,
    created_at: w.clock.now(),
  }).execute();
  const email = "warte.link@example.org";
  await joinWaitingList(w, email);

  const cancelled = await new TestClient(w.app).post(`/termin/${token}/cancel`, {});
  assert.is(cancelled.status, 303);
  assert.is(
    (await w.db.selectFrom("appointments").select("status").where("id", "=", appointmentId).executeTakeFirstOrThrow())
      .status,
    "cancelled",
  );
  const offer = await bookingMail(w.db, email);
  assert.match(offer.subject, /frei geworden/);
  assert.match(offer.link, /^\/buchen\/angebot\/[a-z2-7]{52}$/);
  assert.is((await new TestClient(w.app).post(offer.link, {})).status, 200, "the waiting patient takes it");
});

test("a proposal to a patient who consented to email: the outbox confirms and reminds, no second mail", async () => {
  // A practice of its own: the shared one's sessions have seen its clock run on.
  const w = await bookingPractice();
  const email = "vorschlag.ja@example.org";
  const patientId = await insertPatient(w.db, w.owner.practiceId, { family_name: "Zusage", given_names: "Rita" });
  await w.db.updateTable("patients").set({ email }).where("id", "=", patientId).execute();
  const consent = await w.ownerClient.post(`/patients/${patientId}/messages/consents`, {
    channel: "email",
    given_on: w.clock.now().toISOString().slice(0, 10),
  });
  assert.is(consent.status, 303);
  const { sent } = await proposalFor(w, patientId, 2);
  assert.is(sent.status, 303, sent.html);
  const { link } = await bookingMail(w.db, email);
  const patient = new TestClient(w.app);
  const slotIds = [...(await patient.get(link)).html.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1]);
  assert.is((await patient.post(link, { slot: slotIds[0] })).status, 200);
  const queued = await w.db.selectFrom("patient_messages").select(["kind", "channel", "status", "reason"])
    .where("patient_id", "=", patientId).orderBy("due_at").execute();
  assert.equal(queued[0], { kind: "confirmation", channel: "email", status: "queued", reason: null });
  assert.ok(queued.some((m) => m.kind === "reminder"), "reminders planned");
  assert.match(
    (await bookingMail(w.db, email)).subject,
    /Terminvorschl|Vorschl/,
    "the last mail is still the proposal",
  );
});

test.run();
