import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { startSmtpServer } from "../support/smtp-server.ts";
import { TestClient } from "../support/http-client.ts";
import { registerPractice } from "../support/practice-fixtures.ts";
import { createSmtpTransport } from "../../lib/mail.ts";
import { deliverDueMails } from "../../db/outgoing-mails.ts";

/** Delivers rounds until one sends nothing: the shared test database holds other suites' mails too. */
async function deliverAll(...args: Parameters<typeof deliverDueMails>) {
  let total = 0;
  for (let round = 0; round < 500; round++) {
    const sent = await deliverDueMails(...args);
    if (sent === 0) break;
    total += sent;
  }
  return total;
}

const test = suite("mail delivery over SMTP");

test("the verification code reaches the mail server in German, and the mail is marked sent", async () => {
  const smtp = await startSmtpServer();
  try {
    const { app, db, clock, log } = await createTestApp();
    const { email } = await registerPractice(new TestClient(app));
    const queued = await db.selectFrom("outgoing_mails").select("body").where("recipient", "=", email)
      .executeTakeFirstOrThrow();
    const code = queued.body.match(/\d{8}/)![0];
    await deliverAll(db, createSmtpTransport(smtp.url, "kartei@praxis.example"), clock, log);

    const mail = smtp.received.find((m) => m.to.includes(email));
    assert.ok(mail, "delivered to the registered address");
    assert.match(mail!.raw, /^Subject: =\?UTF-8\?/m, "the umlaut subject is encoded");
    assert.ok(mail!.raw.includes("From: kartei@praxis.example"));
    const stored = await db.selectFrom("outgoing_mails").select(["sent_at", "body"]).where("recipient", "=", email)
      .executeTakeFirstOrThrow();
    assert.ok(stored.sent_at);
    assert.ok(mail!.raw.includes(code), "the code is in the delivered body");
    assert.is(stored.body, "", "and no longer in the database once delivered");

    const again = await deliverDueMails(db, createSmtpTransport(smtp.url, "kartei@praxis.example"), clock, log);
    assert.is(again, 0, "nothing is sent twice");
  } finally {
    await smtp.close();
  }
});

test("a refused mail is retried later, and the log names no address", async () => {
  const { app, db, clock, log } = await createTestApp();
  const { email } = await registerPractice(new TestClient(app));
  const smtp = await startSmtpServer(email);
  try {
    await deliverAll(db, createSmtpTransport(smtp.url, "kartei@praxis.example"), clock, log);
    const row = await db.selectFrom("outgoing_mails").select(["sent_at", "attempts", "next_attempt_at", "last_error"])
      .where("recipient", "=", email).executeTakeFirstOrThrow();
    assert.is(row.sent_at, null);
    assert.is(row.attempts, 1);
    assert.ok(row.next_attempt_at > clock.now(), "a retry is scheduled");
    assert.ok(log.lines.some((line) => line.includes("mail delivery failed")));
    assert.not.ok(log.lines.some((line) => line.includes(email)), "no address in the log");
  } finally {
    await smtp.close();
  }
});

test.run();
