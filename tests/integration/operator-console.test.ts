import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, uniqueEmail } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { signedInOperator, stepUp } from "../support/operator-fixtures.ts";
import { createOperatorAccount, generateOperatorPassword } from "../../bin/operator-create.ts";
import { appendAuditEvent } from "../../db/audit.ts";
import { verifySealedChain } from "../support/audit-fixtures.ts";
import type { Db } from "../../db/database.ts";

const ELEVEN_MINUTES = 11 * 60_000;

async function subjectsTo(db: Db, recipient: string) {
  const mails = await db.selectFrom("outgoing_mails").select("subject").where("recipient", "=", recipient)
    .orderBy("id").execute();
  return mails.map((mail) => mail.subject);
}

async function auditOf(db: Db, action: string, subjectId: string) {
  return await db.selectFrom("audit_events").select(["practice_id", "actor_account_id", "details"])
    .where("action", "=", action).where("subject_id", "=", subjectId).orderBy("id").execute();
}

const creation = suite("creating operators from the command line");

creation(
  "operator:create makes a verified operator who must set up a second factor and lands in the console",
  async () => {
    const { app, db, clock } = await createTestApp();
    const email = uniqueEmail("betrieb");
    const created = await createOperatorAccount(db, { email, name: "Olaf Betrieb" }, clock.now());
    assert.ok(created.ok);
    if (!created.ok) return;
    assert.ok(created.generated);
    assert.match(created.password, /^([a-zA-Z0-9]{4}-){5}[a-zA-Z0-9]{4}$/);
    assert.is.not(generateOperatorPassword(), created.password);
    const account = await db.selectFrom("accounts").selectAll().where("id", "=", created.accountId)
      .executeTakeFirstOrThrow();
    assert.is(account.kind, "operator");
    assert.is(account.status, "active");
    assert.ok(account.verified_at);
    assert.is.not(account.password_hash, created.password, "only the hash is stored");
    assert.is(
      (await db.selectFrom("memberships").select("id").where("account_id", "=", account.id).execute()).length,
      0,
    );
    const events = await auditOf(db, "operator.created", created.accountId);
    assert.equal(events.map((event) => event.practice_id), [null], "in the installation's chain");
    assert.ok((await verifySealedChain(db, null)).intact);

    const again = await createOperatorAccount(db, { email: email.toUpperCase(), name: "Zweite" }, clock.now());
    assert.equal(again, { ok: false, problem: "an account with this email address exists already" });
    const weak = await createOperatorAccount(
      db,
      { email: uniqueEmail(), name: "Schwach", password: "passwort1" },
      clock.now(),
    );
    assert.is(weak.ok, false);
    const invalid = await createOperatorAccount(db, { email: "kein-name", name: "" }, clock.now());
    assert.is(invalid.ok, false);

    // The same sign-in strength: password, then a second factor that must be set up first.
    const client = new TestClient(app);
    assert.is((await signInAs(client, email, created.password)).location, "/sign-in/second-factor");
    assert.is((await client.get("/sign-in/second-factor")).location, "/security/enrol");
    assert.is((await client.get("/operator")).status, 404, "not before the second factor");
    const operator = await signedInOperator(app, db, clock);
    assert.is((await operator.client.get("/")).location, "/operator");
    const consolePage = await operator.client.get("/operator");
    assert.is(consolePage.status, 200);
    assert.ok(consolePage.html.includes('action="/operator/registration"'));
  },
);

creation.run();

const access = suite("the console is for operators only");

access("owners, members and visitors get 404 on every console page", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const memberClient = await signedInMember(app, clock, member);
  for (const client of [ownerClient, memberClient, new TestClient(app)]) {
    assert.is((await client.get("/operator")).status, 404);
    assert.is((await client.get(`/operator/practices/${owner.practiceId}`)).status, 404);
    assert.is((await client.get(`/operator/accounts/${member.accountId}`)).status, 404);
    assert.is((await client.get("/operator/terms")).status, 404);
    assert.is(
      (await client.post(`/operator/practices/${owner.practiceId}/lock`, { practice_reason: "x" })).status,
      404,
    );
    assert.is((await client.post("/operator/registration", { open: "no", registration_reason: "x" })).status, 404);
  }
  const practice = await db.selectFrom("practices").select("status").where("id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.is(practice.status, "active", "nothing changed");
});

access("the operator sees practices and their people, and no patient data; unknown ids answer 404", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Praxis Lindenhof" });
  await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  const { client } = await signedInOperator(app, db, clock);
  const list = await client.get("/operator");
  assert.ok(list.html.includes("Praxis Lindenhof"));
  const row = list.html.slice(list.html.indexOf(`data-practice-id="${owner.practiceId}"`)).split("</tr>")[0];
  assert.ok(row.includes("<td>2</td>"), "two members");
  const page = await client.get(`/operator/practices/${owner.practiceId}`);
  assert.is(page.status, 200);
  assert.ok(page.html.includes("Paula Empfang") && page.html.includes(owner.email));
  assert.ok(page.html.includes("Empfang"), "the role");
  assert.is((await client.get(`/operator/practices/${crypto.randomUUID()}`)).status, 404);
  assert.is((await client.get("/operator/practices/not-an-id")).status, 404);
  assert.is((await client.get(`/operator/accounts/${crypto.randomUUID()}`)).status, 404);
});

access.run();

const locks = suite("locking practices and accounts");

locks("locking a practice takes every member's access at once; it needs step-up and a reason", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const memberClient = await signedInMember(app, clock, member);
  assert.is((await memberClient.get("/team")).status, 200);
  const operator = await signedInOperator(app, db, clock);
  const lockPath = `/operator/practices/${owner.practiceId}/lock`;

  const noReason = await operator.client.post(lockPath, { practice_reason: "  " });
  assert.is(noReason.status, 422);
  assert.ok(fieldError(noReason.html, "practice_reason"));
  clock.advance(ELEVEN_MINUTES);
  const stale = await operator.client.post(lockPath, { practice_reason: "Zahlungsverzug" });
  assert.is(stale.location?.split("?")[0], "/step-up", "a fresh second factor first");
  assert.is(
    (await db.selectFrom("practices").select("status").where("id", "=", owner.practiceId).executeTakeFirstOrThrow())
      .status,
    "active",
  );

  await stepUp(operator.client, clock, operator.totpSecret);
  const locked = await operator.client.post(lockPath, { practice_reason: "Zahlungsverzug" });
  assert.is(locked.status, 303);
  const practice = await db.selectFrom("practices").selectAll().where("id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.is(practice.status, "locked");
  assert.is(practice.locked_reason, "Zahlungsverzug");
  assert.ok(practice.locked_at);
  assert.is((await memberClient.get("/team")).location, "/practices", "the member's access ended at once");
  const events = await auditOf(db, "practice.locked", owner.practiceId);
  assert.equal(events.map((event) => event.practice_id), [null, owner.practiceId], "installation and practice");
  assert.is(events[0].actor_account_id, operator.accountId);
  assert.is(events[1].details.reason, "Zahlungsverzug");
  assert.ok((await verifySealedChain(db, owner.practiceId)).intact);
  assert.ok((await subjectsTo(db, owner.email)).includes("Ihre Praxis wurde vom Betrieb gesperrt"), "owner told");
  assert.equal(await subjectsTo(db, member.email), [], "members are not written to");
  assert.is(
    (await operator.client.post(lockPath, { practice_reason: "noch einmal" })).status,
    303,
  );
  assert.is(
    (await subjectsTo(db, owner.email)).filter((subject) => subject === "Ihre Praxis wurde vom Betrieb gesperrt")
      .length,
    1,
    "an unchanged lock writes no second mail",
  );

  assert.is(
    (await operator.client.post(`/operator/practices/${owner.practiceId}/unlock`, { practice_reason: "bezahlt" }))
      .status,
    303,
  );
  assert.is((await memberClient.get("/team")).status, 200, "access returns with the unlock");
  assert.ok((await subjectsTo(db, owner.email)).includes("Ihre Praxis wurde wieder freigegeben"));
});

locks("locking an account ends all of its sessions and refuses sign-in until it is unlocked", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "front_desk");
  const first = await signedInMember(app, clock, member);
  const second = await signedInMember(app, clock, member);
  const operator = await signedInOperator(app, db, clock);
  const base = `/operator/accounts/${member.accountId}`;

  assert.is((await operator.client.post(`${base}/lock`, {})).status, 422, "a reason is required");
  assert.is((await operator.client.post(`${base}/lock`, { account_reason: "Missbrauchsverdacht" })).status, 303);
  const account = await db.selectFrom("accounts").selectAll().where("id", "=", member.accountId)
    .executeTakeFirstOrThrow();
  assert.is(account.status, "locked");
  assert.is(account.locked_reason, "Missbrauchsverdacht");
  assert.is(
    (await db.selectFrom("sessions").select("id").where("account_id", "=", member.accountId).execute()).length,
    0,
  );
  assert.is((await first.get("/team")).location, "/sign-in");
  assert.is((await second.get("/team")).location, "/sign-in");
  const refused = await signInAs(new TestClient(app), member.email, GOOD_PASSWORD);
  assert.is.not(refused.location, "/sign-in/second-factor");
  const events = await auditOf(db, "account.locked", member.accountId);
  assert.equal(events.map((event) => event.practice_id), [null, owner.practiceId]);
  assert.is(events[0].details.sessionsEnded, 2);
  assert.equal(await subjectsTo(db, member.email), ["Ihr Kartei-Konto wurde gesperrt"], "the person is told");

  // A person who chose English is written to in English.
  await db.updateTable("accounts").set({ language: "en" }).where("id", "=", member.accountId).execute();
  assert.is((await operator.client.post(`${base}/unlock`, { account_reason: "geklärt" })).status, 303);
  assert.equal(await subjectsTo(db, member.email), [
    "Ihr Kartei-Konto wurde gesperrt",
    "Your Kartei account has been unlocked",
  ]);
  assert.ok(
    (await subjectsTo(db, owner.email)).every((subject) => !subject.includes("Kartei-Konto")),
    "the account lock tells only the person",
  );
  assert.is((await signInAs(new TestClient(app), member.email, GOOD_PASSWORD)).location, "/sign-in/second-factor");
  assert.is(
    (await operator.client.post(`/operator/accounts/${operator.accountId}/lock`, { account_reason: "x" })).status,
    404,
    "operators are not locked from the console",
  );
});

locks.run();

const support = suite("support actions after a check");

support("resetting a person's second factors deletes them, so they must enrol again", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const memberClient = await signedInMember(app, clock, member);
  await db.insertInto("recovery_codes").values({ account_id: member.accountId, code_hash: "x", created_at: new Date() })
    .execute();
  const operator = await signedInOperator(app, db, clock);
  const path = `/operator/accounts/${member.accountId}/factors/reset`;

  const unchecked = await operator.client.post(path, { reset_reason: "Telefon verloren, Ausweis geprüft" });
  assert.is(unchecked.status, 422);
  assert.ok(fieldError(unchecked.html, "reset_checked"));
  assert.is((await operator.client.post(path, { reset_checked: "yes" })).status, 422, "a reason is required");
  assert.is(
    (await db.selectFrom("second_factors").select("id").where("account_id", "=", member.accountId).execute())
      .length,
    1,
    "nothing changed",
  );

  const reset = await operator.client.post(path, {
    reset_checked: "yes",
    reset_reason: "Telefon verloren, Ausweis geprüft",
  });
  assert.is(reset.status, 303);
  assert.is(
    (await db.selectFrom("second_factors").select("id").where("account_id", "=", member.accountId).execute())
      .length,
    0,
  );
  assert.is(
    (await db.selectFrom("recovery_codes").select("id").where("account_id", "=", member.accountId).execute())
      .length,
    0,
  );
  assert.is((await memberClient.get("/team")).location, "/sign-in", "the session ended");

  const client = new TestClient(app);
  assert.is((await signInAs(client, member.email, GOOD_PASSWORD)).location, "/sign-in/second-factor");
  assert.is((await client.get("/sign-in/second-factor")).location, "/security/enrol", "enrolment is forced again");
  assert.is((await client.get("/security/totp/new")).status, 200, "and possible");

  const [installation, practice] = await auditOf(db, "factors.reset", member.accountId);
  assert.is(installation.practice_id, null);
  assert.is(practice.practice_id, owner.practiceId);
  assert.is(installation.details.method, "deleted_for_new_enrolment");
  assert.is(installation.details.factorsDeleted, 1);
  assert.is(installation.details.recoveryCodesDeleted, 1);
});

support("resynchronising a YubiKey resets its stored counters", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "billing");
  const other = await addMember(db, masterKey, owner.practiceId, "billing");
  const keyId = crypto.randomUUID();
  await db.insertInto("second_factors").values({
    id: keyId,
    account_id: member.accountId,
    kind: "yubico_otp",
    name: "YubiKey blau",
    status: "active",
    created_at: new Date(),
    confirmed_at: new Date(),
    secret: new Uint8Array(22),
    yubico_public_id: `cccc${crypto.randomUUID().replaceAll("-", "").slice(0, 8).replace(/[^cbdefghijklnrtuv]/g, "c")}`,
    yubico_usage_counter: 41,
    yubico_session_counter: 7,
  }).execute();
  const operator = await signedInOperator(app, db, clock);
  const page = await operator.client.get(`/operator/accounts/${member.accountId}`);
  assert.ok(page.html.includes("YubiKey blau"));

  const form = { factor_id: keyId, resync_checked: "yes", resync_reason: "Schlüssel neu programmiert" };
  assert.is(
    (await operator.client.post(`/operator/accounts/${member.accountId}/factors/resync`, {
      ...form,
      resync_reason: "",
    })).status,
    422,
  );
  assert.is(
    (await operator.client.post(`/operator/accounts/${other.accountId}/factors/resync`, form)).status,
    404,
    "another person's key",
  );
  assert.is((await operator.client.post(`/operator/accounts/${member.accountId}/factors/resync`, form)).status, 303);
  const key = await db.selectFrom("second_factors").selectAll().where("id", "=", keyId).executeTakeFirstOrThrow();
  assert.is(key.yubico_usage_counter, 0);
  assert.is(key.yubico_session_counter, 0);
  assert.is(key.status, "active");
  const events = await auditOf(db, "factor.yubikey_resynchronised", keyId);
  assert.equal(events.map((event) => event.practice_id), [null, owner.practiceId]);
});

support("extending the automatic lock needs a future day and a reason", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const operator = await signedInOperator(app, db, clock);
  const path = `/operator/accounts/${member.accountId}/auto-lock-extension`;
  const past = await operator.client.post(path, { extend_until: "2020-01-01", extend_reason: "Elternzeit" });
  assert.is(past.status, 422);
  assert.ok(fieldError(past.html, "extend_until"));
  assert.is(
    (await operator.client.post(path, { extend_until: "2099-02-30", extend_reason: "Elternzeit" })).status,
    422,
  );
  assert.is((await operator.client.post(path, { extend_until: "2099-06-30" })).status, 422);
  assert.is(
    (await operator.client.post(path, { extend_until: "2099-06-30", extend_reason: "Elternzeit" })).status,
    303,
  );
  const account = await db.selectFrom("accounts").select("auto_lock_extended_until").where("id", "=", member.accountId)
    .executeTakeFirstOrThrow();
  const until = account.auto_lock_extended_until;
  assert.is(typeof until === "string" ? until : until?.toISOString().slice(0, 10), "2099-06-30");
  const [event] = await auditOf(db, "account.auto_lock_extended", member.accountId);
  assert.equal(event.details.until, "2099-06-30");
});

support.run();

const installation = suite("the installation: registration, lockouts, loss reports");

installation("closed registration shows a clear page, refuses the form with 403 and stores nothing", async () => {
  const { app, db, clock } = await createTestApp();
  const operator = await signedInOperator(app, db, clock);
  assert.is((await operator.client.post("/operator/registration", { open: "no" })).status, 422, "a reason is required");
  const closed = await operator.client.post("/operator/registration", {
    open: "no",
    registration_reason: "Eigene Praxis angelegt",
  });
  assert.is(closed.location, "/operator?notice=changed");
  try {
    const visitor = new TestClient(app);
    const page = await visitor.get("/register");
    assert.is(page.status, 403);
    assert.ok(page.html.includes('id="registration-closed"'));
    const email = uniqueEmail("spaet");
    const refused = await visitor.post("/register", {
      practice_name: "Zu spät",
      owner_name: "Karl Spät",
      email,
      password: GOOD_PASSWORD,
      password_confirmation: GOOD_PASSWORD,
      accept_terms: "yes",
    });
    assert.is(refused.status, 403);
    assert.is((await db.selectFrom("accounts").select("id").where("email", "=", email).execute()).length, 0);
    assert.is((await db.selectFrom("practices").select("id").where("name", "=", "Zu spät").execute()).length, 0);
    assert.is((await db.selectFrom("outgoing_mails").select("id").where("recipient", "=", email).execute()).length, 0);
    const [event] = await db.selectFrom("audit_events").select(["practice_id", "details"])
      .where("action", "=", "registration.closed").where("actor_account_id", "=", operator.accountId).execute();
    assert.is(event.practice_id, null);
    assert.is(event.details.reason, "Eigene Praxis angelegt");
  } finally {
    const opened = await operator.client.post("/operator/registration", {
      open: "yes",
      registration_reason: "Test vorbei",
    });
    assert.is(opened.location, "/operator?notice=changed");
  }
  assert.is((await new TestClient(app).get("/register")).status, 200, "open again");
});

installation("lockouts and loss reports across the installation are listed once each", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Lotte Gesperrt" });
  const guesser = new TestClient(app, undefined, "192.0.2.77");
  for (let i = 0; i < 5; i++) await signInAs(guesser, member.email, "falsch-falsch-falsch");
  await db.transaction().execute((trx) =>
    appendAuditEvent(trx, {
      practiceId: owner.practiceId,
      action: "loss.reported",
      subjectType: "account",
      subjectId: owner.accountId,
      occurredAt: clock.now(),
    })
  );
  const operator = await signedInOperator(app, db, clock);
  const page = await operator.client.get("/operator/events");
  assert.is(page.status, 200);
  const lockouts = page.html.slice(page.html.indexOf('id="lockouts"'), page.html.indexOf('id="loss-reports"'));
  assert.is(lockouts.split("Lotte Gesperrt").length - 1, 1);
  const lossReports = page.html.slice(page.html.indexOf('id="loss-reports"'));
  assert.ok(lossReports.includes("loss.reported"));
  assert.ok(lossReports.includes(owner.email));
});

installation("hostile input to the console gets 404 or 422 and changes nothing, never a 500", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const operator = await signedInOperator(app, db, clock);
  const base = `/operator/accounts/${member.accountId}`;
  const attempts: [string, Record<string, string>, number][] = [
    [`/operator/practices/${owner.practiceId}/lock`, { practice_reason: "a\u0000b" }, 422],
    [`/operator/practices/${owner.practiceId}/lock`, { practice_reason: "x".repeat(10_000) }, 422],
    [`/operator/practices/${owner.practiceId}'--/lock`, { practice_reason: "x" }, 404],
    [`${base}/lock`, { account_reason: "\ufffd" }, 422],
    [`${base}/factors/resync`, { factor_id: "1 or 1=1", resync_checked: "yes", resync_reason: "x" }, 422],
    [`${base}/factors/resync`, { factor_id: crypto.randomUUID(), resync_checked: "yes", resync_reason: "x" }, 404],
    [`${base}/auto-lock-extension`, { extend_until: "2099-99-99", extend_reason: "x" }, 422],
    [`${base}/auto-lock-extension`, { extend_until: "99999-01-01", extend_reason: "x" }, 422],
    [`/operator/accounts/${crypto.randomUUID()}/lock`, { account_reason: "x" }, 404],
    ["/operator/accounts/%00/lock", { account_reason: "x" }, 404],
    ["/operator/registration", { open: "vielleicht", registration_reason: "x" }, 422],
    ["/operator/terms", {
      ...{ version: "v1", title_de: "a", title_en: "b", body_de: "c\u0000", body_en: "d" },
      reason: "x",
    }, 422],
  ];
  for (const [path, fields, status] of attempts) {
    assert.is((await operator.client.post(path, fields)).status, status, path);
  }
  const practice = await db.selectFrom("practices").select("status").where("id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.is(practice.status, "active");
  const account = await db.selectFrom("accounts").select(["status", "auto_lock_extended_until"])
    .where("id", "=", member.accountId).executeTakeFirstOrThrow();
  assert.is(account.status, "active");
  assert.is(account.auto_lock_extended_until, null);
});

installation.run();
