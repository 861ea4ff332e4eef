import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import {
  enrolTotp,
  GOOD_PASSWORD,
  nextTotpCode,
  registerVerifiedPractice,
  signedInOwner,
  signInAs,
} from "../support/practice-fixtures.ts";
import { createYubikeyEmulator } from "../support/yubikey-emulator.ts";
import { totpCode, totpStep } from "../../lib/totp.ts";
import type { Db } from "../../db/database.ts";
import { onPostgres, raceBehindLock } from "../support/postgres-race.ts";

async function auditActions(db: Db, accountId: string) {
  return (await db.selectFrom("audit_events").select(["action", "details"]).where("actor_account_id", "=", accountId)
    .orderBy("occurred_at").orderBy("id").execute());
}

const enrolment = suite("enrolling a second factor");

enrolment("a verified account without a factor can do nothing but enrol one", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email } = await registerVerifiedPractice(client, db);
  await signInAs(client, email, GOOD_PASSWORD);
  const second = await client.get("/sign-in/second-factor");
  assert.is(second.location, "/security/enrol");
  for (const path of ["/", "/security", "/security/recovery-codes"]) {
    const page = await client.get(path);
    assert.is(page.status, 303, path);
  }
  const enrol = await client.get("/security/enrol");
  assert.is(enrol.status, 200);
  assert.ok(enrol.html.includes("Zweiten Faktor einrichten"));

  const totp = await client.get("/security/totp/new");
  assert.ok(totp.html.includes('src="data:image/svg+xml;base64,'), "QR code rendered on the server");
  const { location } = await enrolTotp(client, clock, "Diensthandy");
  assert.is(location, "/security/recovery-codes?first=1");
  assert.is((await client.get("/")).status, 200, "the enrolment completed the sign-in");
});

enrolment("a wrong code does not activate the factor", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email } = await registerVerifiedPractice(client, db);
  await signInAs(client, email, GOOD_PASSWORD);
  const page = await client.get("/security/totp/new");
  const factorId = page.html.match(/action="\/security\/totp\/([0-9a-f-]{36})"/)![1];
  const wrong = await client.post(`/security/totp/${factorId}`, { name: "App", code: "000000" });
  assert.is(wrong.status, 422);
  assert.ok(fieldError(wrong.html, "code"));
  const row = await db.selectFrom("second_factors").select("status").where("id", "=", factorId)
    .executeTakeFirstOrThrow();
  assert.is(row.status, "pending");
  assert.is((await client.get("/")).status, 303);
  void clock;
});

enrolment.run();

const totp = suite("authenticator app codes");

totp("an accepted code is never accepted again, not even when sent three times at once", async () => {
  const { app, db, clock } = await createTestApp();
  const owner = new TestClient(app);
  const { email, totpSecret } = await signedInOwner(owner, db, clock);

  const code = nextTotpCode(clock, totpSecret);
  const browsers = [new TestClient(app), new TestClient(app), new TestClient(app)];
  for (const browser of browsers) await signInAs(browser, email, GOOD_PASSWORD);
  const answers = await Promise.all(browsers.map((b) => b.post("/sign-in/second-factor", { code })));
  const succeeded = answers.filter((a) => a.status === 303 && a.location === "/");
  assert.is(succeeded.length, 1, "exactly one of three parallel uses of one code passes");
  assert.is(answers.filter((a) => a.status === 422).length, 2);

  const later = new TestClient(app);
  await signInAs(later, email, GOOD_PASSWORD);
  const replay = await later.post("/sign-in/second-factor", { code });
  assert.is(replay.status, 422, "replayed code refused");
  const account = await db.selectFrom("accounts").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  assert.ok((await auditActions(db, account.id)).some((e) => e.action === "second_factor.replay_refused"));
});

if (onPostgres) {
  totp("one code sent from three browsers meeting in the database passes once (on Postgres, concurrent)", async () => {
    const { app, db, clock } = await createTestApp();
    const { email, totpSecret } = await signedInOwner(new TestClient(app), db, clock);
    const code = nextTotpCode(clock, totpSecret);
    const browsers = [new TestClient(app), new TestClient(app), new TestClient(app)];
    for (const browser of browsers) await signInAs(browser, email, GOOD_PASSWORD);
    const race = await raceBehindLock(
      db,
      ["second_factors"],
      browsers.map((b) => () => b.post("/sign-in/second-factor", { code })),
    );
    assert.is(race.metAtBarrier, 3, "all three waited in the database together");
    assert.is(race.answers.filter((a) => a.status === 303 && a.location === "/").length, 1, "exactly one passes");
    assert.is(race.answers.filter((a) => a.status === 422).length, 2);
  });
}

totp("the previous step's code is accepted, older ones are not", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, totpSecret } = await signedInOwner(client, db, clock);
  clock.advance(5 * 60_000);
  const step = totpStep(clock.now());

  await signInAs(client, email, GOOD_PASSWORD);
  const tooOld = await client.post("/sign-in/second-factor", { code: totpCode(totpSecret, step - 2) });
  assert.is(tooOld.status, 422);
  const previous = await client.post("/sign-in/second-factor", { code: totpCode(totpSecret, step - 1) });
  assert.is(previous.status, 303);
});

totp.run();

const recovery = suite("recovery codes");

recovery("ten codes are shown once, each works once, and new ones void the old", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email } = await signedInOwner(client, db, clock);
  const created = await client.post("/security/recovery-codes", {});
  assert.is(created.status, 200);
  const codes = [...created.html.matchAll(/<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/g)].map((
    m,
  ) => m[1]);
  assert.is(codes.length, 10);
  const stored = await db.selectFrom("recovery_codes").select("code_hash").execute();
  assert.not.ok(stored.some((row) => codes.some((code) => row.code_hash.includes(code))), "stored only as hashes");
  const again = await client.get("/security/recovery-codes");
  assert.not.ok(again.html.includes(codes[0]), "not shown again");

  await client.post("/sign-out", {});
  await signInAs(client, email, GOOD_PASSWORD);
  const used = await client.post("/sign-in/second-factor", { code: codes[3].toLowerCase().replaceAll("-", " ") });
  assert.is(used.status, 303, "a recovery code signs in, however it is typed");
  await client.post("/sign-out", {});
  await signInAs(client, email, GOOD_PASSWORD);
  assert.is((await client.post("/sign-in/second-factor", { code: codes[3] })).status, 422, "but only once");
  assert.is((await client.post("/sign-in/second-factor", { code: codes[4] })).status, 303);

  const renewed = await client.post("/security/recovery-codes", {});
  assert.is(renewed.status, 200);
  await client.post("/sign-out", {});
  await signInAs(client, email, GOOD_PASSWORD);
  assert.is((await client.post("/sign-in/second-factor", { code: codes[5] })).status, 422, "old codes are void");
});

recovery.run();

const yubikey = suite("YubiKey one-time passwords");

async function ownerWithYubikey() {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const key = createYubikeyEmulator();
  const enrolled = await client.post("/security/yubikey", {
    name: "YubiKey am Schlüsselbund",
    csv: key.personalizationCsvLine("traditional"),
    otp: key.press(),
  });
  assert.is(enrolled.status, 303, `enrolment answered ${enrolled.status}: ${fieldError(enrolled.html, "otp")}`);
  return { app, db, clock, client, owner, key };
}

yubikey("a key imported from the personalization log signs in, a replayed OTP is refused", async () => {
  const { app, db, owner, key } = await ownerWithYubikey();
  const client = new TestClient(app);
  await signInAs(client, owner.email, GOOD_PASSWORD);
  const otp = key.press();
  assert.is((await client.post("/sign-in/second-factor", { code: otp })).status, 303);

  const thief = new TestClient(app);
  await signInAs(thief, owner.email, GOOD_PASSWORD);
  const replay = await thief.post("/sign-in/second-factor", { code: otp });
  assert.is(replay.status, 422, "a replayed OTP is refused");
  const older = key.press();
  const newer = key.press();
  assert.is((await thief.post("/sign-in/second-factor", { code: newer })).status, 303);
  const other = new TestClient(app);
  await signInAs(other, owner.email, GOOD_PASSWORD);
  assert.is((await other.post("/sign-in/second-factor", { code: older })).status, 422, "an older OTP is refused");
  const events = await auditActions(db, owner.accountId);
  assert.ok(events.filter((e) => e.action === "second_factor.replay_refused").length >= 2);
});

yubikey("a refused import never shows the key's secret again", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock);
  const key = createYubikeyEmulator();
  const csv = key.personalizationCsvLine("traditional");
  const refused = await client.post("/security/yubikey", {
    name: "Schlüssel",
    csv,
    otp: createYubikeyEmulator().press(),
  });
  assert.is(refused.status, 422);
  const aesHex = [...key.aesKey].map((b) => b.toString(16).padStart(2, "0")).join("");
  assert.not.ok(refused.html.toLowerCase().includes(aesHex), "the AES secret is not in the page");
});

yubikey("an OTP from another person's key is refused", async () => {
  const { app, db, clock, owner } = await ownerWithYubikey();
  const stranger = await ownerWithYubikey();
  void clock;
  const client = new TestClient(app);
  await signInAs(client, owner.email, GOOD_PASSWORD);
  const refused = await client.post("/sign-in/second-factor", { code: stranger.key.press() });
  assert.is(refused.status, 422);
  const failure = (await auditActions(db, owner.accountId)).find((e) => e.action === "second_factor.failed");
  assert.equal(failure?.details, { reason: "foreign_key", step: "sign_in" });
});

yubikey("the key can also be entered field by field; a key already in use cannot be imported twice", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock);
  const key = createYubikeyEmulator();
  const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  const fields = {
    name: "Ersatzschlüssel",
    public_id: key.publicId,
    private_id: hex(key.privateId),
    aes_key: hex(key.aesKey),
  };
  const wrongOtp = await client.post("/security/yubikey", { ...fields, otp: createYubikeyEmulator().press() });
  assert.is(wrongOtp.status, 422);
  assert.ok(fieldError(wrongOtp.html, "otp"));
  assert.not.ok(wrongOtp.html.includes(hex(key.aesKey)), "the AES secret is not echoed back");
  assert.is((await client.post("/security/yubikey", { ...fields, otp: key.press() })).status, 303);

  const other = new TestClient(app);
  await signedInOwner(other, db, clock);
  const taken = await other.post("/security/yubikey", { ...fields, otp: key.press() });
  assert.is(taken.status, 422);
  assert.ok(fieldError(taken.html, "public_id").includes("bereits"));
  const badCsv = await other.post("/security/yubikey", { name: "x", csv: "OATH-HOTP,nonsense", otp: key.press() });
  assert.is(badCsv.status, 422);
  assert.ok(fieldError(badCsv.html, "csv"));
});

yubikey.run();

const management = suite("managing second factors");

management("the last factor cannot be removed; another one can", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { accountId } = await signedInOwner(client, db, clock);
  const [only] = await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId).execute();
  const refused = await client.post(`/security/factors/${only.id}/remove`, {});
  assert.is(refused.location, "/security?notice=lastFactor");
  assert.is(
    (await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId).execute()).length,
    1,
  );

  await enrolTotp(client, clock, "Zweites Telefon");
  const removed = await client.post(`/security/factors/${only.id}/remove`, {});
  assert.is(removed.location, "/security?notice=factorRemoved");
  const left = await db.selectFrom("second_factors").select("name").where("account_id", "=", accountId).execute();
  assert.equal(left.map((f) => f.name), ["Zweites Telefon"]);
  assert.ok((await auditActions(db, accountId)).some((e) => e.action === "factor.removed"));
});

management("a factor reported lost is locked at once and every session ends", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, accountId, totpSecret } = await signedInOwner(client, db, clock);
  const elsewhere = new TestClient(app);
  await signInAs(elsewhere, email, GOOD_PASSWORD);
  await elsewhere.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is((await elsewhere.get("/")).status, 200);

  const [factor] = await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId).execute();
  const lost = await client.post(`/security/factors/${factor.id}/lost`, {});
  assert.is(lost.location, "/sign-in?notice=factorLocked");
  assert.is((await elsewhere.get("/")).status, 303, "the other session ended immediately");
  const row = await db.selectFrom("second_factors").select(["status", "locked_reason"]).where("id", "=", factor.id)
    .executeTakeFirstOrThrow();
  assert.equal(row, { status: "locked", locked_reason: "reported_lost" });

  await signInAs(client, email, GOOD_PASSWORD);
  const withLocked = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is(withLocked.status, 422, "a locked factor's codes open nothing");
});

management("managing factors needs a second factor from the last 10 minutes", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { totpSecret } = await signedInOwner(client, db, clock);
  clock.advance(11 * 60_000);
  const page = await client.get("/security");
  assert.is(page.status, 200, "looking is allowed");
  const stale = await client.get("/security/totp/new");
  assert.is(stale.status, 303);
  assert.is(stale.location, "/step-up?return_to=%2Fsecurity%2Ftotp%2Fnew");
  const stepUp = await client.get(stale.location!);
  assert.ok(stepUp.html.includes("Bitte bestätigen Sie sich erneut"));
  const confirmed = await client.post("/step-up", {
    code: nextTotpCode(clock, totpSecret),
    return_to: "/security/totp/new",
  });
  assert.is(confirmed.status, 303);
  assert.is(confirmed.location, "/security/totp/new", "back where the person was");
  assert.is((await client.get("/security/totp/new")).status, 200);
  const offsite = await client.post("/step-up", { code: nextTotpCode(clock, totpSecret), return_to: "//evil.example" });
  assert.is(offsite.location, "/");
});

management("a person sees their sessions and can end another one", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, totpSecret } = await signedInOwner(client, db, clock);
  const laptop = new TestClient(app);
  await laptop.send("/sign-in", { method: "GET", headers: { "User-Agent": "Mozilla/5.0 (X11; Linux) Firefox/140.0" } });
  await laptop.post("/sign-in", { email, password: GOOD_PASSWORD }, {
    "User-Agent": "Mozilla/5.0 (X11; Linux) Firefox/140.0",
  });
  await laptop.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });

  const page = await client.get("/security");
  assert.ok(page.html.includes("Firefox · Linux"));
  assert.ok(page.html.includes("diese Sitzung"));
  const sessionId = page.html.match(/action="\/security\/sessions\/([0-9a-f-]{36})\/end"/)![1];
  const ended = await client.post(`/security/sessions/${sessionId}/end`, {});
  assert.is(ended.location, "/security?notice=sessionEnded");
  assert.is((await laptop.get("/")).status, 303);
  assert.is((await client.post(`/security/sessions/${sessionId}/end`, {})).status, 404);
  assert.is((await client.post(`/security/sessions/not-a-session/end`, {})).status, 404);
});

management.run();

const policy = suite("the practice's sign-in policy");

policy("owners can be required to use a security key; the owner must have one before turning it on", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, totpSecret, practiceId, accountId } = await signedInOwner(client, db, clock);
  const refused = await client.post("/security/policy", { password_max_age_days: "0", owners_need_webauthn: "yes" });
  assert.is(refused.status, 422, "not without a key of one's own");
  assert.ok(fieldError(refused.html, "owners_need_webauthn").includes("Sicherheitsschlüssel"));

  // The owner's key, as the WebAuthn enrolment stores it (its ceremony is tested in webauthn.test.ts).
  await db.insertInto("second_factors").values({
    id: crypto.randomUUID(),
    account_id: accountId,
    kind: "webauthn",
    name: "YubiKey 5",
    status: "active",
    created_at: clock.now(),
    webauthn_credential_id: `test-${accountId}`,
    webauthn_public_key: new Uint8Array(77),
    webauthn_counter: 0,
  }).execute();
  const saved = await client.post("/security/policy", { password_max_age_days: "0", owners_need_webauthn: "yes" });
  assert.is(saved.location, "/security?notice=policySaved");
  const practice = await db.selectFrom("practices").select("owners_need_webauthn").where("id", "=", practiceId)
    .executeTakeFirstOrThrow();
  assert.is(practice.owners_need_webauthn, true);

  await client.post("/sign-out", {});
  await signInAs(client, email, GOOD_PASSWORD);
  const totpRefused = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is(totpRefused.status, 422);
  assert.ok(fieldError(totpRefused.html, "code").includes("verlangt von Praxisinhabern"));
  assert.is((await client.get("/")).status, 303);
  const policyEvent = await db.selectFrom("audit_events").select("action").where("practice_id", "=", practiceId)
    .where("action", "=", "practice.sign_in_policy_changed").execute();
  assert.is(policyEvent.length, 1);
});

policy.run();

const lockedOut = suite("when every factor is locked");

lockedOut("the password alone cannot set up a new factor; a recovery code can", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, accountId } = await signedInOwner(client, db, clock);
  const created = await client.post("/security/recovery-codes", {});
  const code = created.html.match(/<code>([0-9A-Z-]{19})<\/code>/)![1];
  const [factor] = await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId).execute();
  await client.post(`/security/factors/${factor.id}/lost`, {});

  const thief = new TestClient(app);
  await signInAs(thief, email, GOOD_PASSWORD);
  assert.is((await thief.get("/sign-in/second-factor")).status, 200, "asked for a factor, not offered enrolment");
  for (const path of ["/security/enrol", "/security/totp/new", "/security/yubikey/new"]) {
    assert.is((await thief.get(path)).location, "/sign-in/second-factor", path);
  }

  await signInAs(client, email, GOOD_PASSWORD);
  assert.is((await client.post("/sign-in/second-factor", { code })).location, "/");
  await enrolTotp(client, clock, "Neues Telefon");
  const factors = await db.selectFrom("second_factors").select(["name", "status"]).where("account_id", "=", accountId)
    .orderBy("created_at").execute();
  assert.equal(factors.map((f) => f.status), ["locked", "active"]);
});

lockedOut.run();
