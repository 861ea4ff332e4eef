// Messages to patients end to end: booking, moving and cancelling in the calendar queue them,
// the sending job delivers them to loopback servers that speak seven.io's, the Threema
// Gateway's and SMTP's real formats, and the practice sees what went out, what failed and why.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";
import { startSmtpServer } from "../support/smtp-server.ts";
import { startSevenServer, startThreemaServer } from "../support/message-providers.ts";
import { testNow } from "../support/test-clock.ts";
import { createSmtpTransport } from "../../lib/mail.ts";
import { configuredChannels } from "../../lib/patient-channels/configured.ts";
import { deliverAllDue, MAX_ATTEMPTS } from "../../db/patient-message-job.ts";
import { bookAppointment } from "../../db/appointments.ts";
import { unnotifiedChanges } from "../../db/patient-messaging.ts";
import { clearSpentLinks } from "../../db/appointment-links.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { addDays, berlinParts } from "../../lib/berlin-time.ts";
import { berlinWallClockToUtc } from "../../lib/free-slots.ts";

const SEVEN_KEY = "seven-test-key-0001";
const GATEWAY = "*KARTEI1";
const SECRET = "threema-secret-0001";

async function practice() {
  const seven = startSevenServer(SEVEN_KEY);
  const threema = startThreemaServer(GATEWAY, SECRET);
  const smtp = await startSmtpServer();
  const t = await createTestApp({
    SEVEN_API_KEY: SEVEN_KEY,
    SEVEN_BASE_URL: seven.url,
    SEVEN_SMS_FROM: "Praxis",
    THREEMA_GATEWAY_ID: GATEWAY,
    THREEMA_SECRET: SECRET,
    THREEMA_BASE_URL: threema.url,
  });
  // Daytime in Berlin, so that no test depends on when it runs (quiet hours have their own).
  t.clock.set(berlinWallClockToUtc(addDays(berlinDate(testNow()), 1), 10 * 60));
  const client = new TestClient(t.app);
  const owner = await signedInOwner(client, t.db, t.clock, { owner_name: "Dr. Eva Inhaber" });
  const scope = await ownerScopeOf(t.db, owner);
  const location = await t.db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  await t.db.updateTable("locations").set({ address: "Lindenplatz 2, 36037 Fulda" }).where("id", "=", location.id)
    .execute();
  // Working hours every day 08:00–18:00: the link offers free times inside them.
  for (let weekday = 1; weekday <= 7; weekday++) {
    await t.db.insertInto("working_hours").values({
      practice_id: owner.practiceId,
      practitioner_id: scope.membershipId,
      weekday,
      starts_at_minute: 8 * 60,
      ends_at_minute: 18 * 60,
      location_id: null,
      valid_from: "2026-01-01",
      valid_until: null,
    }).execute();
  }
  const channels = configuredChannels(t.config, createSmtpTransport(smtp.url, "praxis@praxis.example"));
  const jobClock = fixedClock(t.clock.now());
  let phones = 0;
  return {
    ...t,
    seven,
    threema,
    smtp,
    client,
    owner,
    scope,
    locationId: location.id,
    jobClock,
    /** Runs the sending job at `at` (default: the app's now) until nothing is due, on these channels. */
    send: async (at?: Date, only?: (keyof typeof channels)[]) => {
      jobClock.set(at ?? t.clock.now());
      const some = only ? Object.fromEntries(only.map((name) => [name, channels[name]])) : channels;
      return await deliverAllDue(t.db, some, jobClock, t.log, { leaseMs: 60_000, baseUrl: t.config.baseUrl });
    },
    /** A patient with email and mobile number and consent to the given channels. */
    async patient(
      options: { consents?: string[]; language?: "de" | "en"; preferred?: string; threemaId?: string } = {},
    ) {
      const phoneDigits = `49171${String(1_000_000 + phones++).padStart(7, "0")}${Math.floor(Math.random() * 10)}`;
      const id = await addPatient(t.db, owner.practiceId, "Müller", "Anna");
      const email = `anna.${crypto.randomUUID().slice(0, 8)}@patient.example`;
      await t.db.updateTable("patients").set({ email, phone: `0${phoneDigits.slice(2, 5)} ${phoneDigits.slice(5)}` })
        .where("id", "=", id).execute();
      for (const channel of options.consents ?? []) {
        const page = await client.post(`/patients/${id}/messages/consents`, {
          channel,
          given_on: berlinDate(t.clock.now()),
        });
        assert.is(page.status, 303, `consent to ${channel}`);
      }
      if (options.language || options.preferred || options.threemaId) {
        const page = await client.post(`/patients/${id}/messages/preferences`, {
          preferred_channel: options.preferred ?? "",
          language: options.language ?? "de",
          threema_id: options.threemaId ?? "",
        });
        assert.is(page.status, 303, "preferences");
      }
      return { id, email, phone: phoneDigits };
    },
    /** Books through the calendar form; the new appointment's id. */
    async book(patientId: string, date: string, time: string) {
      const page = await client.post("/calendar/appointments", {
        practitioner_id: scope.membershipId,
        location_id: location.id,
        room_id: "",
        patient_id: patientId,
        date,
        time,
        duration: "30",
        title: "",
        repeat: "none",
        allow_overlap: "yes",
      });
      assert.is(page.status, 303, `booking answered ${page.status}`);
      const row = await t.db.selectFrom("appointments").select(["id", "version"]).where("patient_id", "=", patientId)
        .orderBy("created_at", "desc").executeTakeFirstOrThrow();
      return row.id;
    },
    async messages(patientId: string) {
      return await t.db.selectFrom("patient_messages").selectAll().where("patient_id", "=", patientId)
        .orderBy("due_at").execute();
    },
  };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());
const today = (w: Awaited<ReturnType<typeof practice>>) => berlinDate(w.clock.now());

const test = suite("messages to patients");

test.after(async () => {
  if (!shared) return;
  await Promise.all([shared.seven.close(), shared.threema.close(), shared.smtp.close()]);
});

test("reminders keep their wall-clock time across the spring change and go out exactly then", async () => {
  const w = await world();
  const patient = await w.patient({ consents: ["sms"] });
  // Monday after the last Sunday of March 2027: 10:00 summer time is 08:00 UTC.
  const appointmentId = await w.book(patient.id, "2027-03-29", "10:00");
  const reminders = (await w.messages(patient.id)).filter((m) => m.kind === "reminder");
  assert.equal(reminders.map((m) => m.due_at.toISOString()), [
    "2027-03-27T09:00:00.000Z", // 48 h: Saturday 10:00 winter time (47 real hours)
    "2027-03-29T06:00:00.000Z", // 2 h: Monday 08:00 summer time
  ]);
  await w.send();
  assert.is(w.seven.to(patient.phone).length, 1, "only the confirmation so far");
  await w.send(new Date("2027-03-27T08:59:00Z"));
  assert.is(w.seven.to(patient.phone).length, 1, "a minute early: still only the confirmation");
  await w.send(new Date("2027-03-27T09:00:00Z"));
  assert.is(w.seven.to(patient.phone).length, 2, "the 48-hour reminder at Saturday 10:00");
  assert.match(w.seven.to(patient.phone)[1].form.text, /^Erinnerung /);
  const log = await w.client.get(`/calendar/appointments/${appointmentId}/messages`);
  assert.is(log.status, 200);
  assert.ok(log.html.includes("zugestellt"));
});

test("reminders keep their wall-clock time across the autumn change", async () => {
  const w = await world();
  const patient = await w.patient({ consents: ["email"] });
  // Monday after the last Sunday of October 2027: 10:00 winter time is 09:00 UTC.
  await w.book(patient.id, "2027-11-01", "10:00");
  const reminders = (await w.messages(patient.id)).filter((m) => m.kind === "reminder");
  assert.equal(reminders.map((m) => m.due_at.toISOString()), [
    "2027-10-30T08:00:00.000Z", // 48 h: Saturday 10:00 summer time (49 real hours)
    "2027-11-01T07:00:00.000Z",
  ]);
});

test("without consent nothing is sent, and the send log says why", async () => {
  const w = await world();
  const patient = await w.patient();
  await w.book(patient.id, addDays(today(w), 7), "09:00");
  await w.send();
  assert.is(w.seven.to(patient.phone).length, 0, "no SMS");
  assert.is(w.threema.to(patient.phone).length, 0, "no Threema");
  assert.not.ok(w.smtp.received.some((m) => m.to.includes(patient.email)), "no mail");
  const rows = await w.messages(patient.id);
  assert.equal(rows.map((m) => [m.kind, m.status, m.reason]), [["confirmation", "skipped", "no_consent"]]);
  const page = await w.client.get(`/patients/${patient.id}/messages`);
  assert.ok(page.html.includes("keine Einwilligung"));

  // Consent given later: the coming appointment gets its reminders, once, however often it is recorded.
  for (const channel of ["sms", "email"]) {
    const consent = await w.client.post(`/patients/${patient.id}/messages/consents`, { channel, given_on: today(w) });
    assert.is(consent.status, 303);
  }
  const reminders = (await w.messages(patient.id)).filter((m) => m.kind === "reminder" && m.status === "queued");
  assert.is(reminders.length, 2, "48 h and 2 h");
});

test("an SMS names nobody unless the practice allows it", async () => {
  const w = await world();
  const template = await w.client.post("/calendar/settings/messages/templates/confirmation/de", {
    subject: "Ihr Termin am {date}",
    email_body: "Guten Tag {name}, bis {date}. {link}",
    short_body: "Guten Tag {name}, Termin {date} um {time} Uhr: {link}",
  });
  assert.is(template.status, 303);
  const anonymous = await w.patient({ consents: ["sms"] });
  await w.book(anonymous.id, addDays(today(w), 8), "09:00");
  await w.send();
  const [first] = w.seven.to(anonymous.phone);
  assert.match(first.form.text, /^Guten Tag, Termin .* um 09:00 Uhr: http:\/\/kartei\.test\/termin\/[a-z2-7]{52}$/);
  assert.not.match(first.form.text, /Müller|Anna/);
  assert.is(first.headers.get("X-Api-Key"), SEVEN_KEY);
  assert.is(first.form.from, "Praxis");

  const settings = await w.client.post("/calendar/settings/messages", {
    reminder_lead_hours: "48, 2",
    patient_change_until_hours: "24",
    quiet_from: "20:00",
    quiet_until: "08:00",
    names_in_short_text: "yes",
  });
  assert.is(settings.status, 303);
  const named = await w.patient({ consents: ["sms"] });
  await w.book(named.id, addDays(today(w), 8), "11:00");
  await w.send();
  assert.match(w.seven.to(named.phone)[0].form.text, /^Guten Tag Anna Müller, Termin/);
  await w.client.post("/calendar/settings/messages", {
    reminder_lead_hours: "48, 2",
    patient_change_until_hours: "24",
    quiet_from: "20:00",
    quiet_until: "08:00",
  });
  assert.is((await w.client.post("/calendar/settings/messages/templates/confirmation/de/reset", {})).status, 303);
});

function mailTo(w: Awaited<ReturnType<typeof practice>>, email: string) {
  const mail = w.smtp.received.find((m) => m.to.includes(email));
  assert.ok(mail, `a mail to ${email}`);
  return mail!.raw;
}

/** The text of a MIME part with the given content type, decoded. */
function mimePart(raw: string, contentType: string): string {
  const start = raw.indexOf(`Content-Type: ${contentType}`);
  assert.ok(start >= 0, `a ${contentType} part`);
  const part = raw.slice(start);
  const headerEnd = part.search(/\r?\n\r?\n/);
  const headers = part.slice(0, headerEnd);
  const body = part.slice(headerEnd).trimStart().split(/\r?\n--/)[0];
  const bytes = /Content-Transfer-Encoding: base64/i.test(headers)
    ? Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0))
    : Uint8Array.from(
      body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
      (c) => c.charCodeAt(0),
    );
  return new TextDecoder().decode(bytes);
}

test("email in the patient's language, with the appointment as an .ics attachment", async () => {
  const w = await world();
  const german = await w.patient({ consents: ["email"] });
  const english = await w.patient({ consents: ["email"], language: "en" });
  await w.book(german.id, addDays(today(w), 9), "09:00");
  await w.book(english.id, addDays(today(w), 9), "10:00");
  await w.send();
  const germanText = mimePart(mailTo(w, german.email), "text/plain");
  assert.ok(germanText.includes("Ihren Termin"), "German template");
  assert.ok(germanText.includes("Lindenplatz 2, 36037 Fulda"), "the location's address");
  assert.ok(mimePart(mailTo(w, english.email), "text/plain").includes("we confirm your appointment"), "English");
  const calendar = mimePart(mailTo(w, english.email), "text/calendar");
  assert.ok(calendar.includes("BEGIN:VEVENT"));
  const start = berlinWallClockToUtc(addDays(today(w), 9), 10 * 60);
  assert.ok(calendar.includes(`DTSTART:${start.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`));
  assert.ok(calendar.includes("LOCATION:"));
  const link = mimePart(mailTo(w, english.email), "text/plain").match(/http:\/\/kartei\.test(\/termin\/[a-z2-7]{52})/);
  assert.ok(link, "the link in the mail");
  const page = await new TestClient(w.app).get(link![1]);
  assert.ok(page.html.includes("Your appointment"), "the link page speaks the patient's language");
});

test("a provider answering 500 is retried with backoff, then dead-lettered, visible and sent again", async () => {
  const w = await world();
  const patient = await w.patient({ consents: ["sms"] });
  w.seven.answer({ kind: "status", status: 500 });
  try {
    await w.book(patient.id, addDays(today(w), 10), "09:00");
    const start = w.clock.now().getTime();
    await w.send(new Date(start));
    assert.is(w.seven.to(patient.phone).length, 1);
    await w.send(new Date(start + 30_000));
    assert.is(w.seven.to(patient.phone).length, 1, "no second try within the first minute");
    for (let hour = 1; hour <= MAX_ATTEMPTS + 1; hour++) await w.send(new Date(start + hour * 2 * 3_600_000));
    assert.is(w.seven.to(patient.phone).length, MAX_ATTEMPTS, "as many tries as allowed, no more");
    const [confirmation] = (await w.messages(patient.id)).filter((m) => m.kind === "confirmation");
    assert.is(confirmation.status, "failed");
    assert.is(confirmation.reason, "http_500");
    const failed = await w.client.get("/calendar/messages/failed");
    assert.ok(failed.html.includes(`data-message-id="${confirmation.id}"`), "the practice sees it");
  } finally {
    w.seven.answer({ kind: "ok" });
  }
  const [confirmation] = (await w.messages(patient.id)).filter((m) => m.kind === "confirmation");
  const resent = await w.client.post(`/calendar/messages/${confirmation.id}/resend`, {});
  assert.is(resent.status, 303);
  await w.send();
  assert.is(w.seven.to(patient.phone).length, MAX_ATTEMPTS + 1);
  const after = await w.db.selectFrom("patient_messages").select(["status", "provider_message_id"])
    .where("id", "=", confirmation.id).executeTakeFirstOrThrow();
  assert.is(after.status, "delivered");
  assert.ok(after.provider_message_id, "seven.io's message id is kept");
});

test("seven.io refusing a number (code 202 in a 200) fails at once, without retries", async () => {
  const w = await world();
  const patient = await w.patient({ consents: ["sms"] });
  w.seven.answer({ kind: "code", code: "202" });
  try {
    await w.book(patient.id, addDays(today(w), 10), "11:00");
    await w.send();
    await w.send(new Date(w.clock.now().getTime() + 6 * 3_600_000));
  } finally {
    w.seven.answer({ kind: "ok" });
  }
  assert.is(w.seven.to(patient.phone).length, 1);
  const [row] = (await w.messages(patient.id)).filter((m) => m.kind === "confirmation");
  assert.equal([row.status, row.reason], ["failed", "seven_recipient_invalid"]);
});

test("Threema goes to the Threema ID when there is one; an unknown phone number (404) fails at once", async () => {
  const w = await world();
  const withId = await w.patient({ consents: ["threema"], preferred: "threema", threemaId: "echo1234" });
  await w.book(withId.id, addDays(today(w), 11), "09:00");
  await w.send();
  const [sent] = w.threema.to("ECHO1234");
  assert.ok(sent, "sent to the ID, in capitals");
  assert.is(sent.form.from, GATEWAY);
  assert.is(sent.form.secret, SECRET);
  const [row] = (await w.messages(withId.id)).filter((m) => m.kind === "confirmation");
  assert.is(row.status, "delivered");
  assert.match(row.provider_message_id ?? "", /^[0-9a-f]{16}$/);

  const phoneOnly = await w.patient({ consents: ["threema"] });
  w.threema.answer({ kind: "status", status: 404 });
  try {
    await w.book(phoneOnly.id, addDays(today(w), 11), "10:00");
    await w.send();
    await w.send(new Date(w.clock.now().getTime() + 6 * 3_600_000));
  } finally {
    w.threema.answer({ kind: "ok" });
  }
  assert.is(w.threema.to(phoneOnly.phone).length, 1);
  const [refused] = (await w.messages(phoneOnly.id)).filter((m) => m.kind === "confirmation");
  assert.equal([refused.status, refused.reason], ["failed", "threema_no_such_id"]);
});

test("a channel the installation lacks, or a consent withdrawn since, gives way to another consented channel", async () => {
  const w = await world();
  await w.send();
  const patient = await w.patient({ consents: ["sms", "email"], preferred: "sms" });
  await w.book(patient.id, addDays(today(w), 12), "14:00");
  await w.send(undefined, ["email"]);
  assert.is(w.seven.to(patient.phone).length, 0);
  assert.ok(w.smtp.received.some((m) => m.to.includes(patient.email)), "sent by email instead");
  const [row] = (await w.messages(patient.id)).filter((m) => m.kind === "confirmation");
  assert.equal([row.status, row.channel], ["delivered", "email"]);

  const smsOnly = await w.patient({ consents: ["sms"] });
  await w.book(smsOnly.id, addDays(today(w), 12), "15:00");
  await w.send(undefined, ["email"]);
  const [off] = (await w.messages(smsOnly.id)).filter((m) => m.kind === "confirmation");
  assert.equal([off.status, off.reason], ["failed", "channel_off"], "no channel left: a dead letter, not silence");

  const withdrawn = await w.patient({ consents: ["sms"] });
  await w.book(withdrawn.id, addDays(today(w), 12), "16:00");
  const [consent] = await w.db.selectFrom("patient_channel_consents").select("id")
    .where("patient_id", "=", withdrawn.id).execute();
  const page = await w.client.post(`/patients/${withdrawn.id}/messages/consents/${consent.id}/withdraw`, {
    withdrawn_on: today(w),
  });
  assert.is(page.status, 303);
  await w.send();
  assert.is(w.seven.to(withdrawn.phone).length, 0, "withdrawn before it went out: not sent");
  const [skipped] = (await w.messages(withdrawn.id)).filter((m) => m.kind === "confirmation");
  assert.equal([skipped.status, skipped.reason], ["skipped", "no_consent"]);
});

test("quiet hours: an SMS queued at night waits for 08:00 in Berlin, an email goes at once", async () => {
  const w = await world();
  const bySms = await w.patient({ consents: ["sms"] });
  const byMail = await w.patient({ consents: ["email"] });
  const evening = berlinWallClockToUtc(today(w), 22 * 60 + 30);
  const day = addDays(today(w), 12);
  for (const patient of [bySms, byMail]) {
    const outcome = await bookAppointment(w.db, w.scope, {
      practitionerId: w.scope.membershipId,
      locationId: w.locationId,
      roomId: null,
      patientId: patient.id,
      appointmentTypeId: null,
      title: "",
      allowConflict: true,
    }, {
      date: day,
      startsAt: berlinWallClockToUtc(day, 9 * 60),
      endsAt: berlinWallClockToUtc(day, 9 * 60 + 30),
    }, { requestId: null, now: evening });
    assert.ok(outcome.ok);
  }
  const [sms] = (await w.messages(bySms.id)).filter((m) => m.kind === "confirmation");
  const morning = berlinWallClockToUtc(addDays(today(w), 1), 8 * 60);
  assert.is(sms.due_at.toISOString(), morning.toISOString());
  await w.send(new Date(evening.getTime() + 60_000));
  assert.ok(w.smtp.received.some((m) => m.to.includes(byMail.email)), "the email at 22:31");
  assert.is(w.seven.to(bySms.phone).length, 0, "no SMS at night");
  await w.send(new Date(morning.getTime() - 60_000));
  assert.is(w.seven.to(bySms.phone).length, 0, "not at 07:59 either");
  await w.send(morning);
  assert.is(w.seven.to(bySms.phone).length, 1, "at 08:00");
  assert.is(berlinParts(morning).time, "08:00");
});

async function move(w: Awaited<ReturnType<typeof practice>>, appointmentId: string, date: string, time: string) {
  const { version } = await w.db.selectFrom("appointments").select("version").where("id", "=", appointmentId)
    .executeTakeFirstOrThrow();
  return await w.client.post(`/calendar/appointments/${appointmentId}/move`, {
    practitioner_id: w.scope.membershipId,
    location_id: w.locationId,
    room_id: "",
    date,
    time,
    duration: "30",
    version: String(version),
    apply: "this",
    allow_overlap: "yes",
  });
}

test("a moved appointment shows 'nicht benachrichtigt' until its notice is delivered or the mark dismissed", async () => {
  const w = await world();
  const told = await w.patient({ consents: ["sms"] });
  const untold = await w.patient();
  const date = addDays(today(w), 14);
  const toldId = await w.book(told.id, date, "09:00");
  const untoldId = await w.book(untold.id, date, "10:00");
  await w.send();
  assert.is((await move(w, toldId, date, "12:00")).status, 303);
  assert.is((await move(w, untoldId, date, "13:00")).status, 303);
  const week = await w.client.get(`/calendar/week?date=${date}&practitioner=${w.scope.membershipId}`);
  assert.is(week.html.match(/class="appointment-unnotified"/g)?.length, 2, "both marked");
  const reminders = (await w.messages(told.id)).filter((m) => m.kind === "reminder");
  assert.ok(reminders.some((m) => m.status === "skipped" && m.reason === "superseded"), "old reminders dropped");
  assert.ok(
    reminders.some((m) =>
      m.status === "queued" && m.reminder_for?.toISOString().endsWith("T11:00:00.000Z") || m.status === "queued"
    ),
  );

  await w.send();
  assert.match(w.seven.to(told.phone).at(-1)!.form.text, /verlegt auf .*12:00 Uhr/);
  const after = await w.client.get(`/calendar/week?date=${date}&practitioner=${w.scope.membershipId}`);
  assert.is(after.html.match(/class="appointment-unnotified"/g)?.length, 1, "the one told is no longer marked");

  const listed = await unnotifiedChanges(w.db, w.scope, w.clock.now());
  assert.ok(listed.some((a) => a.id === untoldId), "listed for the today view");
  assert.not.ok(listed.some((a) => a.id === toldId));
  const page = await w.client.get(`/calendar/appointments/${untoldId}/messages`);
  assert.ok(page.html.includes("noch nicht benachrichtigt"));
  assert.is((await w.client.post(`/calendar/appointments/${untoldId}/notice-dismissed`, {})).status, 303);
  const dismissed = await w.client.get(`/calendar/week?date=${date}&practitioner=${w.scope.membershipId}`);
  assert.not.ok(dismissed.html.includes('class="appointment-unnotified"'));
});

function linkIn(text: string): string {
  const match = text.match(/http:\/\/kartei\.test(\/termin\/[a-z2-7]{52})/);
  assert.ok(match, "a link in the message");
  return match![1];
}

test("the link: the patient sees the appointment, moves it to a free time and cancels it before the deadline", async () => {
  const w = await world();
  const patient = await w.patient({ consents: ["sms"] });
  const date = addDays(today(w), 5);
  const appointmentId = await w.book(patient.id, date, "10:00");
  await w.send();
  const path = linkIn(w.seven.to(patient.phone)[0].form.text);
  const stored = await w.db.selectFrom("appointment_links").select("token_hash")
    .where("appointment_id", "=", appointmentId).execute();
  assert.ok(stored.length >= 1 && stored.every((row) => !path.includes(row.token_hash)), "only the hash is stored");

  const visitor = new TestClient(w.app);
  const page = await visitor.get(path);
  assert.is(page.status, 200);
  assert.ok(page.html.includes("Dr. Eva Inhaber"), "the practitioner");
  assert.ok(page.html.includes("Lindenplatz 2"), "the address");
  assert.not.ok(page.html.includes("Müller"), "no patient name on a page anyone with the link can open");
  const offered = [...page.html.matchAll(/name="start" value="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(offered.length > 0, "free times are offered");

  // The last time offered: one at the very deadline could not be cancelled any more.
  const chosen = offered.at(-1)!;
  const moved = await visitor.post(`${path}/move`, { start: chosen });
  assert.is(moved.status, 303);
  const after = await w.db.selectFrom("appointments").select(["starts_at", "status", "unnotified_change_at"])
    .where("id", "=", appointmentId).executeTakeFirstOrThrow();
  assert.is(after.starts_at.toISOString(), chosen);
  assert.is(after.unnotified_change_at, null, "the patient moved it: nothing to mark");
  assert.ok((await w.messages(patient.id)).some((m) => m.kind === "change" && m.status === "queued"));

  const cancelled = await visitor.post(`${path}/cancel`, {});
  assert.is(cancelled.status, 303);
  const final = await w.db.selectFrom("appointments").select("status").where("id", "=", appointmentId)
    .executeTakeFirstOrThrow();
  assert.is(final.status, "cancelled");
  assert.ok((await w.messages(patient.id)).some((m) => m.kind === "cancellation" && m.status === "queued"));
  const again = await visitor.get(path);
  assert.ok(again.html.includes("abgesagt"));
  assert.not.ok(again.html.includes(`${path}/cancel`), "no more cancel button");
});

test("the link after the deadline: the page, but no cancelling; unknown tokens answer a neutral 404", async () => {
  const w = await world();
  const patient = await w.patient({ consents: ["sms"] });
  // Tomorrow 09:00 is less than the 24 hours' notice the practice asks for.
  const appointmentId = await w.book(patient.id, addDays(today(w), 1), "09:00");
  await w.send();
  const path = linkIn(w.seven.to(patient.phone)[0].form.text);
  const visitor = new TestClient(w.app);
  const page = await visitor.get(path);
  assert.is(page.status, 200);
  assert.ok(page.html.includes("zu spät"));
  const refused = await visitor.post(`${path}/cancel`, {});
  assert.is(refused.status, 409);
  const row = await w.db.selectFrom("appointments").select("status").where("id", "=", appointmentId)
    .executeTakeFirstOrThrow();
  assert.is(row.status, "booked");

  // A day after the appointment the link opens nothing, and housekeeping removes it.
  const { ends_at } = await w.db.selectFrom("appointments").select("ends_at").where("id", "=", appointmentId)
    .executeTakeFirstOrThrow();
  const now = w.clock.now();
  w.clock.set(new Date(ends_at.getTime() + 25 * 3_600_000));
  try {
    assert.is((await visitor.get(path)).status, 404, "expired");
    // What housekeeping runs (clearExpired would also end the owner's session at this hour).
    await clearSpentLinks(w.db, w.clock.now());
    const links = await w.db.selectFrom("appointment_links").select("token_hash")
      .where("appointment_id", "=", appointmentId).execute();
    assert.is(links.length, 0, "its rows are gone");
  } finally {
    w.clock.set(now);
  }
  const missing = await visitor.get("/no-such-page");
  for (const unknown of [`/termin/${"a".repeat(52)}`, "/termin/abc", `/termin/${"A".repeat(52)}`]) {
    const answer = await visitor.get(unknown);
    assert.is(answer.status, 404, unknown);
    assert.is(answer.html.match(/<h1>[^<]*<\/h1>/)?.[0], missing.html.match(/<h1>[^<]*<\/h1>/)?.[0]);
    assert.is((await visitor.post(`${unknown}/cancel`, {})).status, 404);
  }
});

test("hostile input on every form is refused beside the field and writes nothing", async () => {
  const w = await world();
  const patient = await w.patient({ consents: ["sms"] });
  const appointmentId = await w.book(patient.id, addDays(today(w), 6), "15:00");
  await w.send();
  const path = linkIn(w.seven.to(patient.phone)[0].form.text);
  const counts = async () => {
    const [consents, preferences, templates, settings, appointment] = await Promise.all([
      w.db.selectFrom("patient_channel_consents").select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow(),
      w.db.selectFrom("patient_message_preferences").selectAll().where("patient_id", "=", patient.id).execute(),
      w.db.selectFrom("message_templates").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      w.db.selectFrom("practice_message_settings").selectAll().execute(),
      w.db.selectFrom("appointments").select(["starts_at", "status", "version"]).where("id", "=", appointmentId)
        .executeTakeFirstOrThrow(),
    ]);
    return JSON.stringify([consents, preferences, templates, settings, appointment]);
  };
  const before = await counts();
  const visitor = new TestClient(w.app);
  const cases: [string, Record<string, string>, TestClient][] = [
    [`/patients/${patient.id}/messages/consents`, { channel: "fax", given_on: "2026-02-30" }, w.client],
    [`/patients/${patient.id}/messages/consents`, { channel: "sms\u0000", given_on: "x".repeat(5000) }, w.client],
    [
      `/patients/${patient.id}/messages/preferences`,
      { preferred_channel: "pigeon", language: "fr", threema_id: "abc" },
      w.client,
    ],
    [`/patients/${patient.id}/messages/preferences`, { language: "de", threema_id: "ECHO\u0000234" }, w.client],
    ["/calendar/settings/messages", {
      reminder_lead_hours: "0, 999, 1, 2",
      patient_change_until_hours: "-1",
      quiet_from: "25:00",
      quiet_until: "<script>",
    }, w.client],
    ["/calendar/settings/messages/templates/reminder/de", {
      subject: "Termin am {datum}",
      email_body: "Text \u0000",
      short_body: "x".repeat(700),
    }, w.client],
    ["/calendar/settings/messages/templates/reminder/de", { subject: "", email_body: "", short_body: "" }, w.client],
    [`${path}/move`, { start: "garbage" }, visitor],
    [`${path}/move`, { start: "2099-01-01T03:00:00.000Z" }, visitor],
  ];
  for (const [url, fields, client] of cases) {
    const answer = await client.post(url, fields);
    assert.ok(answer.status === 422 || answer.status === 409, `${url} answered ${answer.status}`);
    assert.ok(answer.html.includes('class="field-error"') || answer.status === 409, `${url}: a message`);
  }
  assert.is(await counts(), before, "nothing was written");
  const unknownPlaceholder = await w.client.post("/calendar/settings/messages/templates/reminder/de", {
    subject: "Termin am {datum}",
    email_body: "Text",
    short_body: "Text",
  });
  assert.ok(unknownPlaceholder.html.includes("Unbekannter Platzhalter: {datum}"));
  assert.is((await w.client.get("/calendar/settings/messages/templates/nonsense/de")).status, 404);
  assert.is((await w.client.get("/calendar/settings/messages/templates/reminder/fr")).status, 404);
});

test("the settings page counts delivered SMS and Threema messages per month", async () => {
  const w = await world();
  const page = await w.client.get("/calendar/settings/messages");
  assert.is(page.status, 200);
  const month = berlinDate(w.jobClock.now()).slice(0, 7);
  const delivered = await w.db.selectFrom("patient_messages").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("practice_id", "=", w.owner.practiceId).where("status", "=", "delivered").where("channel", "=", "sms")
    .executeTakeFirstOrThrow();
  assert.ok(Number(delivered.n) > 0);
  const rows = [
    ...page.html.matchAll(/data-month="(\d{4}-\d{2})" data-channel="sms">[\s\S]*?<td class="number">(\d+)</g),
  ];
  const total = rows.reduce((sum, row) => sum + Number(row[2]), 0);
  assert.is(total, Number(delivered.n), "every delivered SMS is counted once");
  assert.ok(rows.length >= 1 && rows.some((row) => row[1] <= month || row[1] > month));
});

test("every message is an audit event, without its content", async () => {
  const w = await world();
  const events = await w.db.selectFrom("audit_events").select(["action", "details"])
    .where("practice_id", "=", w.owner.practiceId).where("action", "like", "patient_message.%").execute();
  const delivered = await w.db.selectFrom("patient_messages").select("id").where("practice_id", "=", w.owner.practiceId)
    .where("status", "in", ["delivered", "failed", "skipped"]).execute();
  const audited = new Set(events.map((e) => (e.details as Record<string, string>).message_id));
  for (const row of delivered) assert.ok(audited.has(row.id), `message ${row.id} audited`);
  const text = JSON.stringify(events);
  assert.not.ok(/Müller|Anna|termin\/|Erinnerung|patient\.example/.test(text), "no content, no address");
});

test.run();
