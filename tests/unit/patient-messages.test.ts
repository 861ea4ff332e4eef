import { suite } from "uvu";
import * as assert from "uvu/assert";
import { afterQuietHours, reminderDueAt } from "../../lib/message-timing.ts";
import { internationalDigits } from "../../lib/phone-number.ts";
import { composePatientMessage, defaultTemplate, unknownPlaceholders } from "../../lib/patient-message-text.ts";
import { MESSAGE_KINDS } from "../../lib/patient-message-kinds.ts";
import { createSevenSms } from "../../lib/patient-channels/seven-sms.ts";
import { createThreemaGateway } from "../../lib/patient-channels/threema.ts";
import { startSevenServer, startThreemaServer } from "../support/message-providers.ts";

const timing = suite("when messages to patients go out");

timing("48 hours before is the same Berlin wall-clock time two days earlier, across both changes", () => {
  // Spring 2027 (28 March): Monday 10:00 CEST ← Saturday 10:00 CET, 47 real hours.
  assert.is(reminderDueAt(new Date("2027-03-29T08:00:00Z"), 48).toISOString(), "2027-03-27T09:00:00.000Z");
  // Autumn 2027 (31 October): Monday 10:00 CET ← Saturday 10:00 CEST, 49 real hours.
  assert.is(reminderDueAt(new Date("2027-11-01T09:00:00Z"), 48).toISOString(), "2027-10-30T08:00:00.000Z");
  // An ordinary week: exactly 48 hours.
  assert.is(reminderDueAt(new Date("2027-05-10T08:00:00Z"), 48).toISOString(), "2027-05-08T08:00:00.000Z");
});

timing("hours beyond whole days are real hours, also through the night of a change", () => {
  // Sunday 28 March 2027 04:00 CEST (02:00 UTC): two real hours earlier is 01:00 CET.
  assert.is(reminderDueAt(new Date("2027-03-28T02:00:00Z"), 2).toISOString(), "2027-03-28T00:00:00.000Z");
  // 26 h: Sunday 10:00 (already summer time) less two hours.
  assert.is(reminderDueAt(new Date("2027-03-29T08:00:00Z"), 26).toISOString(), "2027-03-28T06:00:00.000Z");
});

timing("quiet hours defer to their end in Berlin time; outside them nothing moves", () => {
  const quiet = { fromMinute: 20 * 60, untilMinute: 8 * 60 };
  // 22:30 CET → 08:00 CET next morning.
  assert.is(afterQuietHours(new Date("2027-01-12T21:30:00Z"), quiet).toISOString(), "2027-01-13T07:00:00.000Z");
  // 06:00 CEST → 08:00 CEST the same morning.
  assert.is(afterQuietHours(new Date("2027-06-01T04:00:00Z"), quiet).toISOString(), "2027-06-01T06:00:00.000Z");
  // The night the clocks go forward: 23:00 CET on Saturday → 08:00 CEST on Sunday.
  assert.is(afterQuietHours(new Date("2027-03-27T22:00:00Z"), quiet).toISOString(), "2027-03-28T06:00:00.000Z");
  const noon = new Date("2027-06-01T10:00:00Z");
  assert.is(afterQuietHours(noon, quiet), noon);
  assert.is(afterQuietHours(noon, { fromMinute: 0, untilMinute: 0 }), noon, "none set");
  // A window within one day (00:00–07:00).
  assert.is(
    afterQuietHours(new Date("2027-06-01T02:00:00Z"), { fromMinute: 0, untilMinute: 7 * 60 }).toISOString(),
    "2027-06-01T05:00:00.000Z",
  );
});

const words = suite("the words of messages to patients");

words("German phone numbers become international digits; what cannot be a number is refused", () => {
  assert.is(internationalDigits("0171 1234567"), "491711234567");
  assert.is(internationalDigits("+49 (171) 123-4567"), "491711234567");
  assert.is(internationalDigits("0041 79 123 45 67"), "41791234567");
  assert.is(internationalDigits(""), null);
  assert.is(internationalDigits("171 1234567"), null);
  assert.is(internationalDigits("0171 12"), null);
});

words("every kind has a German and an English template using only known placeholders", () => {
  for (const kind of MESSAGE_KINDS) {
    const de = defaultTemplate("de", kind);
    const en = defaultTemplate("en", kind);
    for (const text of [de.subject, de.emailBody, de.shortBody, en.subject, en.emailBody, en.shortBody]) {
      assert.equal(unknownPlaceholders(text), [], `${kind}: ${text}`);
    }
    assert.is.not(de.emailBody, en.emailBody);
  }
  assert.equal(unknownPlaceholders("Am {datum} um {time}"), ["datum"]);
});

const facts = {
  practice: "Praxis am Lindenplatz",
  name: "Anna Müller",
  date: "Montag, 29. März 2027",
  time: "10:00",
  practitioner: "Dr. Eva Inhaber",
  location: "Hauptpraxis",
  address: "Lindenplatz 2",
  link: "https://praxis.example/termin/abc",
};

words("a text message leaves the patient's name out unless the practice allows it; email keeps it", () => {
  const template = {
    subject: "Termin {name}",
    emailBody: "Guten Tag {name}, {date}",
    shortBody: "Hallo {name}, {date} {link}",
  };
  assert.is(
    composePatientMessage(template, facts, "sms", { namesInShortText: false }).text,
    "Hallo, Montag, 29. März 2027 https://praxis.example/termin/abc",
  );
  assert.match(
    composePatientMessage(template, facts, "threema", { namesInShortText: true }).text,
    /^Hallo Anna Müller,/,
  );
  const mail = composePatientMessage(template, facts, "email", { namesInShortText: false });
  assert.is(mail.subject, "Termin Anna Müller");
  assert.is(mail.text, "Guten Tag Anna Müller, Montag, 29. März 2027");
});

const transports = suite("the providers' answers, as their documentation gives them");

transports(
  "seven.io: 100 delivered with its id; 202 refused; 500 and HTTP 500 retried; a wrong key retried",
  async () => {
    const server = startSevenServer("right-key-123");
    try {
      const channel = createSevenSms({ apiKey: "right-key-123", from: "Praxis", baseUrl: server.url, timeoutMs: 5000 });
      const message = { to: "491711234567", subject: "", text: "Hallo" };
      const sent = await channel.send(message);
      assert.is(sent.kind, "delivered");
      assert.match(sent.kind === "delivered" ? sent.providerId ?? "" : "", /^\d+$/);
      assert.equal(server.requests[0].form, { to: "491711234567", text: "Hallo", from: "Praxis" });
      server.answer({ kind: "code", code: "202" });
      assert.equal(await channel.send(message), { kind: "refused", reason: "seven_recipient_invalid" });
      server.answer({ kind: "code", code: "500" });
      assert.equal(await channel.send(message), { kind: "retry", reason: "seven_no_credit" });
      server.answer({ kind: "status", status: 500 });
      assert.equal(await channel.send(message), { kind: "retry", reason: "http_500" });
      server.answer({ kind: "ok" });
      const wrongKey = createSevenSms({
        apiKey: "wrong-key-123",
        from: "Praxis",
        baseUrl: server.url,
        timeoutMs: 5000,
      });
      assert.equal(await wrongKey.send(message), { kind: "retry", reason: "seven_authentication_failed" });
      server.answer({ kind: "hold" });
      const impatient = createSevenSms({
        apiKey: "right-key-123",
        from: "Praxis",
        baseUrl: server.url,
        timeoutMs: 200,
      });
      assert.equal(await impatient.send(message), { kind: "uncertain", reason: "timeout" });
    } finally {
      await server.close();
    }
    const gone = createSevenSms({ apiKey: "right-key-123", from: "Praxis", baseUrl: server.url, timeoutMs: 1000 });
    assert.equal(await gone.send({ to: "491711234567", subject: "", text: "Hallo" }), {
      kind: "retry",
      reason: "unreachable",
    });
  },
);

transports("Threema: 200 with the message id; 401 and 402 retried; 404 and 413 refused", async () => {
  const server = startThreemaServer("*KARTEI1", "secret-123456");
  try {
    const channel = createThreemaGateway({
      gatewayId: "*KARTEI1",
      secret: "secret-123456",
      baseUrl: server.url,
      timeoutMs: 5000,
    });
    const sent = await channel.send({ to: "ECHO1234", subject: "", text: "Hallo" });
    assert.is(sent.kind, "delivered");
    assert.is(server.requests[0].form.to, "ECHO1234");
    await channel.send({ to: "491711234567", subject: "", text: "Hallo" });
    assert.is(server.requests[1].form.phone, "491711234567", "a number goes as phone");
    assert.equal(await channel.send({ to: "ECHO1234", subject: "", text: "x".repeat(3600) }), {
      kind: "refused",
      reason: "threema_too_long",
    });
    server.answer({ kind: "status", status: 402 });
    assert.equal(await channel.send({ to: "ECHO1234", subject: "", text: "Hallo" }), {
      kind: "retry",
      reason: "threema_no_credits",
    });
    server.answer({ kind: "status", status: 404 });
    assert.equal(await channel.send({ to: "491711234567", subject: "", text: "Hallo" }), {
      kind: "refused",
      reason: "threema_no_such_id",
    });
    const wrong = createThreemaGateway({
      gatewayId: "*KARTEI1",
      secret: "wrong-secret",
      baseUrl: server.url,
      timeoutMs: 5000,
    });
    assert.equal(await wrong.send({ to: "ECHO1234", subject: "", text: "Hallo" }), {
      kind: "retry",
      reason: "threema_authentication_failed",
    });
  } finally {
    await server.close();
  }
});

timing.run();
words.run();
transports.run();
