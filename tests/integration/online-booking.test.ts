import { suite } from "uvu";
import * as assert from "uvu/assert";
import { TestClient, withoutCsrfTokens } from "../support/http-client.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import { onPostgres, raceBehindLock } from "../support/postgres-race.ts";
import { countingDatabase } from "../support/statement-count.ts";
import {
  bookingMail,
  bookingPractice,
  type BookingWorld,
  bookWithCode,
  offeredSlots,
  requestSlot,
} from "../support/booking-fixtures.ts";

const test = suite("online booking: the public page, its double opt-in and the practice's confirmation");

let shared: BookingWorld | undefined;
const world = async () => (shared ??= await bookingPractice());

async function requestsOf(w: BookingWorld, email: string) {
  return await w.db.selectFrom("booking_requests").selectAll().where("email", "=", email).execute();
}

/** What the messages outbox holds for the appointment: kinds and channels, in order. */
async function outboxOf(w: BookingWorld, appointmentId: string) {
  return (await w.db.selectFrom("patient_messages").select(["kind", "channel", "status"])
    .where("appointment_id", "=", appointmentId).orderBy("due_at").execute())
    .map((m) => `${m.kind}:${m.channel}:${m.status}`);
}

async function appointmentsAt(w: BookingWorld, slot: string) {
  const startsAt = new Date(Number(slot.split(".")[1]));
  return await w.db.selectFrom("appointments").selectAll().where("practice_id", "=", w.owner.practiceId)
    .where("starts_at", "=", startsAt).where("status", "<>", "cancelled").execute();
}

test("the booking page exists only once the owner has switched it on", async () => {
  const w = await world();
  const off = await bookingPractice({ enabled: "" });
  assert.is((await new TestClient(off.app).get(off.path)).status, 404, "saved but off");
  assert.is((await new TestClient(w.app).get("/buchen/aaaaaaaaaaaaaaaaaaaaaaaaaa")).status, 404, "no such page");
  const page = await new TestClient(w.app).get(w.path);
  assert.is(page.status, 200);
  assert.match(page.html, /Erstgespräch \(30 Min\.\)/);
  assert.not.match(page.html, /<script/, "no script: the page works without JavaScript");
  assert.is((await w.annaClient.get("/calendar/settings/online-booking")).status, 403, "the owner's settings");
});

test("a request holds nothing until the mailed code confirms it; then the practice confirms it", async () => {
  const w = await world();
  const client = new TestClient(w.app);
  const email = "clara.schulz@example.org";
  const { answer, slot } = await requestSlot(w, client, { email, given_names: "Clara", family_name: "Schulz" });
  assert.is(answer.status, 303);
  assert.match(answer.location!, new RegExp(`^${w.path}/code/[a-z2-7]{26}\\?lang=de$`));
  assert.equal(await appointmentsAt(w, slot), [], "no appointment before the opt-in");
  assert.is((await requestsOf(w, email))[0].status, "unconfirmed");
  const mail = await bookingMail(w.db, email);
  assert.match(mail.code, /^\d{8}$/);
  assert.match(mail.link, /^\/buchen\/bestaetigen\/[a-z2-7]{52}$/);
  assert.ok(offeredSlots((await client.get(`${w.path}?typ=${w.typeId}`)).html).includes(slot), "still free");

  const codePath = answer.location!.split("?")[0];
  const wrong = await client.post(codePath, { code: mail.code === "11111111" ? "22222222" : "11111111" });
  assert.is(wrong.status, 422);
  assert.match(wrong.html, /Code stimmt nicht/);
  const right = await client.post(codePath, { code: mail.code });
  assert.is(right.status, 200);
  assert.match(right.html, /reserviert/);
  const [appointment] = await appointmentsAt(w, slot);
  assert.ok(appointment, "the slot is held by an appointment");
  assert.is(appointment.practitioner_id, w.anna.membershipId);
  assert.is(appointment.appointment_type_id, w.typeId);
  const patient = await w.db.selectFrom("patients").selectAll().where("id", "=", appointment.patient_id!)
    .executeTakeFirstOrThrow();
  assert.is(patient.family_name, "Schulz");
  assert.ok(patient.pending_since, "a pending patient");
  const listed = await w.ownerClient.get("/patients?q=Schulz");
  assert.match(listed.html, new RegExp(`data-patient-id="${patient.id}">(?:(?!</td>).)*vorläufig`, "s"));
  const pendingRecord = await w.ownerClient.get(`/patients/${patient.id}`);
  assert.match(pendingRecord.html, /Vorläufig: am .* durch eine Online-Buchung angelegt/);
  assert.match(pendingRecord.html, /href="\/calendar\/online-bookings"/);
  assert.not.ok(offeredSlots((await client.get(`${w.path}?typ=${w.typeId}`)).html).includes(slot), "taken now");
  assert.match((await bookingMail(w.db, email)).subject, /eingegangen/);
  assert.is((await client.post(codePath, { code: mail.code })).status, 200, "a second use changes nothing");
  assert.is((await appointmentsAt(w, slot)).length, 1);

  const list = await w.annaClient.get("/calendar/online-bookings");
  assert.is(list.status, 200);
  assert.match(list.html, /Schulz, Clara|Clara Schulz/);
  const [request] = await requestsOf(w, email);
  const decided = await w.annaClient.post(`/calendar/online-bookings/${request.id}/confirm`, {});
  assert.is(decided.status, 303);
  assert.is((await requestsOf(w, email))[0].status, "confirmed");
  // The opt-in is the pending patient's consent to email: the outbox confirms and reminds.
  const consent = await w.db.selectFrom("patient_channel_consents").selectAll()
    .where("patient_id", "=", appointment.patient_id!).executeTakeFirstOrThrow();
  assert.is(consent.channel, "email");
  assert.is(consent.recorded_by, null, "given by the patient, not recorded by staff");
  assert.ok(consent.given_on, "dated");
  const outbox = await outboxOf(w, appointment.id);
  assert.is(outbox[0], "confirmation:email:queued");
  assert.ok(outbox.includes("reminder:email:queued"), outbox.join());
  assert.match((await bookingMail(w.db, email)).subject, /eingegangen/, "no second confirmation on the old path");
  const record = await w.annaClient.get(`/patients/${appointment.patient_id}/messages`);
  assert.match(record.html, /mit der Bestätigung der Online-Buchung/);
  const week = await w.annaClient.get(
    `/calendar/week?date=${new Date(appointment.starts_at).toISOString().slice(0, 10)}`,
  );
  assert.match(week.html, /Schulz/, "the practice sees it in the week view");
});

test("the mailed link confirms only by its button: opening it (a mail scanner) holds nothing", async () => {
  const w = await world();
  const client = new TestClient(w.app);
  const email = "dora.link@example.org";
  const { slot } = await requestSlot(w, client, { email });
  const { link } = await bookingMail(w.db, email);
  const opened = await new TestClient(w.app).get(link);
  assert.is(opened.status, 200);
  assert.equal(await appointmentsAt(w, slot), []);
  const confirmed = await new TestClient(w.app).post(link, {});
  assert.is(confirmed.status, 200);
  assert.is((await appointmentsAt(w, slot)).length, 1);
  assert.is((await new TestClient(w.app).get("/buchen/bestaetigen/" + "a".repeat(52))).status, 404);
});

test("the practice declines a booking: the appointment is cancelled, the patient told, the slot free again", async () => {
  const w = await world();
  const { slot, email } = await bookWithCode(w, new TestClient(w.app));
  const [request] = await requestsOf(w, email);
  assert.is(request.status, "held");
  assert.is((await w.annaClient.post(`/calendar/online-bookings/${request.id}/decline`, {})).status, 303);
  assert.equal(await appointmentsAt(w, slot), []);
  assert.is((await requestsOf(w, email))[0].status, "declined");
  assert.match((await bookingMail(w.db, email)).body, /nicht wahrnehmen/);
  const day = new Date(Number(slot.split(".")[1]));
  const again = await new TestClient(w.app).get(`${w.path}?typ=${w.typeId}&tag=${day.toISOString().slice(0, 10)}`);
  assert.ok(offeredSlots(again.html).includes(slot), "offered again");
  assert.is((await w.annaClient.post(`/calendar/online-bookings/${request.id}/decline`, {})).status, 404, "once");
  const other = await bookingPractice();
  assert.is((await other.ownerClient.post(`/calendar/online-bookings/${request.id}/confirm`, {})).status, 404);
});

test("auto-confirm: the settings confirm the booking at once", async () => {
  const w = await bookingPractice({ auto_confirm: "yes" });
  const { confirmed, email } = await bookWithCode(w, new TestClient(w.app));
  assert.match(confirmed.html, /gebucht/);
  const [request] = await requestsOf(w, email);
  assert.is(request.status, "confirmed");
  assert.is((await outboxOf(w, request.appointment_id!))[0], "confirmation:email:queued", "the outbox confirms");
});

test("a slot booked meanwhile: the second confirmation of one slot is refused", async () => {
  const w = await world();
  const first = new TestClient(w.app);
  const second = new TestClient(w.app);
  const page = await first.get(`${w.path}?typ=${w.typeId}`);
  const slot = offeredSlots(page.html).at(-1)!;
  const a = await requestSlot(w, first, { email: "erste@example.org" }, { slot });
  const b = await requestSlot(w, second, { email: "zweite@example.org" }, { slot });
  assert.is(a.answer.status, 303);
  assert.is(b.answer.status, 303, "both may ask: neither holds the slot yet");
  assert.is(
    (await first.post(a.answer.location!.split("?")[0], { code: (await bookingMail(w.db, "erste@example.org")).code }))
      .status,
    200,
  );
  const refused = await second.post(b.answer.location!.split("?")[0], {
    code: (await bookingMail(w.db, "zweite@example.org")).code,
  });
  assert.is(refused.status, 409);
  assert.match(refused.html, /inzwischen vergeben/);
  assert.is((await appointmentsAt(w, slot)).length, 1);
  assert.is((await requestsOf(w, "zweite@example.org"))[0].status, "taken");
  const late = await requestSlot(w, new TestClient(w.app), { email: "dritte@example.org" }, { slot });
  assert.is(late.answer.status, 409, "a booked slot is not offered or accepted any more");
});

if (onPostgres) {
  test("two confirmations of one slot at the same moment: one holds it, the other is refused (on Postgres, concurrent)", async () => {
    const w = await world();
    const clients = [new TestClient(w.app), new TestClient(w.app)];
    const page = await clients[0].get(`${w.path}?typ=${w.typeId}`);
    const slot = offeredSlots(page.html).at(-2)!;
    const emails = ["race.a@example.org", "race.b@example.org"];
    const paths: string[] = [];
    for (const [index, client] of clients.entries()) {
      const { answer } = await requestSlot(w, client, { email: emails[index] }, { slot });
      paths.push(answer.location!.split("?")[0]);
    }
    const codes = await Promise.all(emails.map(async (email) => (await bookingMail(w.db, email)).code));
    const race = await raceBehindLock(
      w.db,
      ["appointments"],
      clients.map((client, index) => () => client.post(paths[index], { code: codes[index] })),
    );
    assert.is(race.metAtBarrier, 2, "both confirmations waited in the database together");
    assert.equal(race.answers.map((a) => a.status).sort(), [200, 409]);
    assert.is((await appointmentsAt(w, slot)).length, 1);
  });
}

test("the page leaks nothing: a known and an unknown address get the same answers", async () => {
  const w = await world();
  const known = "anna.bekannt@example.org";
  const patientId = await insertPatient(w.db, w.owner.practiceId, { family_name: "Bekannt", given_names: "Anna" });
  await w.db.updateTable("patients").set({ email: known }).where("id", "=", patientId).execute();
  await bookWithCode(w, new TestClient(w.app), { email: known, family_name: "Bekannt", given_names: "Anna" });
  const answers = [];
  for (const email of [known, "niemand.unbekannt@example.org"]) {
    const client = new TestClient(w.app);
    const { answer } = await requestSlot(w, client, { email });
    const codePage = await client.get(answer.location!);
    const wrong = await client.post(answer.location!.split("?")[0], { code: "00000000" });
    const flow = answer.location!.match(/code\/([a-z2-7]+)/)![1];
    answers.push([
      answer.status,
      answer.location!.replace(flow, "FLOW"),
      withoutCsrfTokens(codePage.html).replaceAll(flow, "FLOW"),
      wrong.status,
      withoutCsrfTokens(wrong.html).replaceAll(flow, "FLOW"),
    ]);
  }
  assert.equal(answers[0], answers[1]);
  const page = await new TestClient(w.app).get(`${w.path}?typ=${w.typeId}`);
  assert.not.match(page.html, /Bekannt|Schulz|Neumann/, "no names in the slots");
});

test("a known and an unknown address take the same path: the same statements, in the same order", async () => {
  const counted = await countingDatabase();
  try {
    const w = await bookingPractice({}, {}, { db: counted.db });
    const known = "schon.bekannt@example.org";
    const patientId = await insertPatient(w.db, w.owner.practiceId, { family_name: "Bekannt", given_names: "Bea" });
    await w.db.updateTable("patients").set({ email: known }).where("id", "=", patientId).execute();
    await bookWithCode(w, new TestClient(w.app), { email: known });
    const paths: string[][] = [];
    for (const email of [known, "ganz.neu@example.org"]) {
      const client = new TestClient(w.app);
      const page = await client.get(`${w.path}?typ=${w.typeId}`);
      const slot = offeredSlots(page.html)[0];
      counted.statements.length = 0;
      const { answer } = await requestSlot(w, client, { email }, { slot });
      assert.is(answer.status, 303);
      paths.push([...counted.statements]);
    }
    assert.ok(paths[0].length > 5);
    assert.equal(paths[0], paths[1]);
  } finally {
    await counted.close();
  }
});

test("the open requests of one address are bounded: beyond it the same answer, nothing stored or sent", async () => {
  const w = await world();
  const email = "viel.anfrage@example.org";
  for (let i = 0; i < 3; i++) {
    const { answer } = await requestSlot(w, new TestClient(w.app), { email });
    assert.is(answer.status, 303);
  }
  const mails = async () =>
    (await w.db.selectFrom("outgoing_mails").select("id").where("recipient", "=", email).execute()).length;
  assert.is(await mails(), 3);
  const { answer } = await requestSlot(w, new TestClient(w.app), { email });
  assert.is(answer.status, 303, "the same answer");
  assert.is((await requestsOf(w, email)).length, 3, "nothing stored");
  assert.is(await mails(), 3, "nothing sent");
  const codePage = await new TestClient(w.app).get(answer.location!);
  assert.is(codePage.status, 200, "its code page looks like any other");
});

test("frame-ancestors: only the booking page, and only for the practice's own website", async () => {
  const framed = await bookingPractice({ frame_origin: "https://www.praxis-beispiel.de" });
  const client = new TestClient(framed.app);
  const page = await client.get(framed.path);
  assert.match(page.headers.get("Content-Security-Policy")!, /frame-ancestors https:\/\/www\.praxis-beispiel\.de(;|$)/);
  assert.is(page.headers.get("X-Frame-Options"), null);
  for (const other of ["/sign-in", "/buchen/bestaetigen/" + "a".repeat(52)]) {
    const answer = await client.get(other);
    assert.match(answer.headers.get("Content-Security-Policy")!, /frame-ancestors 'none'/, other);
    assert.is(answer.headers.get("X-Frame-Options"), "DENY", other);
  }
  const plain = await new TestClient((await world()).app).get((await world()).path);
  assert.match(plain.headers.get("Content-Security-Policy")!, /frame-ancestors 'none'/);
  for (
    const origin of [
      "https://evil.example/path'; script-src *",
      "http://www.praxis-beispiel.de",
      "https://[::1]",
      "https://user:pw@praxis.example",
      "https://praxis.example:99999",
      "https://praxis.example *",
    ]
  ) {
    const refused = await framed.ownerClient.post("/calendar/settings/online-booking", {
      enabled: "yes",
      lead_hours: "24",
      horizon_weeks: "8",
      frame_origin: origin,
    });
    assert.is(refused.status, 422, origin);
    assert.match(refused.html, /ohne Pfad/, origin);
  }
  for (
    const [field, value] of [["lead_hours", "-1"], ["lead_hours", "721"], ["horizon_weeks", "0"], [
      "horizon_weeks",
      "x",
    ]]
  ) {
    const refused = await framed.ownerClient.post("/calendar/settings/online-booking", {
      enabled: "yes",
      lead_hours: "24",
      horizon_weeks: "8",
      frame_origin: "",
      [field]: value,
    });
    assert.is(refused.status, 422, `${field}=${value}`);
  }
  const kept = await framed.db.selectFrom("online_booking_settings").selectAll()
    .where("practice_id", "=", framed.owner.practiceId).executeTakeFirstOrThrow();
  assert.is(kept.frame_origin, "https://www.praxis-beispiel.de", "nothing refused was saved");
  assert.is(kept.lead_hours, 24);
});

test("a pending patient is merged into the existing patient: the appointment moves over, audited", async () => {
  const w = await world();
  const existing = await insertPatient(w.db, w.owner.practiceId, {
    family_name: "Vorhanden",
    given_names: "Vera",
    date_of_birth: "1970-05-04",
  });
  const { slot } = await bookWithCode(w, new TestClient(w.app), {
    family_name: "Vorhanden",
    given_names: "Vera",
    date_of_birth: "1970-05-04",
  });
  const [appointment] = await appointmentsAt(w, slot);
  const pendingId = appointment.patient_id!;
  const list = await w.ownerClient.get("/calendar/online-bookings");
  assert.match(list.html, new RegExp(`/calendar/online-bookings/patients/${pendingId}/merge`));
  assert.match(list.html, new RegExp(`value="${existing}"`), "the existing patient is offered as the same person");
  const merged = await w.ownerClient.post(`/calendar/online-bookings/patients/${pendingId}/merge`, {
    target_id: existing,
  });
  assert.is(merged.status, 303);
  assert.is((await appointmentsAt(w, slot))[0].patient_id, existing);
  assert.not.ok(await w.db.selectFrom("patients").select("id").where("id", "=", pendingId).executeTakeFirst());
  const event = await w.db.selectFrom("audit_events").select(["action", "details"]).where("subject_id", "=", existing)
    .where("action", "=", "patient.pending_merged").executeTakeFirstOrThrow();
  assert.is((event.details as { pending_patient_id: string }).pending_patient_id, pendingId);
  const foreign = await bookingPractice();
  assert.is(
    (await foreign.ownerClient.post(`/calendar/online-bookings/patients/${pendingId}/merge`, { target_id: existing }))
      .status,
    404,
    "another practice's patient is unknown",
  );
});

test.run();
