import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, uniqueEmail } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, latestCode, registerPractice } from "../support/practice-fixtures.ts";
import { verifySealedChain } from "../support/audit-fixtures.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { MAX_CODE_ATTEMPTS } from "../../db/email-verifications.ts";

const test = suite("registering a practice");

test("a new practice gets an owner who must confirm the email before signing in", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { email, flowPath } = await registerPractice(client);

  const account = await db.selectFrom("accounts").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
  assert.is(account.status, "unverified");
  assert.ok(account.password_hash.startsWith("$argon2id$"), "password stored as Argon2id hash");
  assert.not.ok(account.password_hash.includes(GOOD_PASSWORD));

  const membership = await db.selectFrom("memberships").selectAll().where("account_id", "=", account.id)
    .executeTakeFirstOrThrow();
  assert.is(membership.role, "owner");
  const acceptance = await db.selectFrom("terms_acceptances").selectAll().where("account_id", "=", account.id)
    .executeTakeFirstOrThrow();
  assert.is(acceptance.terms_version, CURRENT_TERMS.version);
  const key = await db.selectFrom("practice_keys").selectAll().where("practice_id", "=", membership.practice_id)
    .executeTakeFirstOrThrow();
  assert.is(key.wrapped_key.length, 12 + 32 + 16, "data key stored wrapped (iv + key + tag)");

  const codePage = await client.get(flowPath);
  assert.is(codePage.status, 200);
  assert.ok(codePage.html.includes("@praxis.example"), "masked address shown");
  assert.not.ok(codePage.html.includes(email), "full address not shown before it is confirmed");

  const signInBefore = await client.post("/sign-in", { email, password: GOOD_PASSWORD });
  assert.is(signInBefore.status, 303);
  assert.match(signInBefore.location ?? "", /^\/verify\/[a-z2-7]{26}\?notice=resent$/, "unverified: new code instead");
  assert.is(client.sessionToken(), undefined);

  const code = await latestCode(db, email);
  const verified = await client.post(signInBefore.location!.split("?")[0], { code });
  assert.is(verified.status, 303);
  assert.is(verified.location, "/sign-in?notice=verified");
  const after = await db.selectFrom("accounts").select(["status", "verified_at"]).where("id", "=", account.id)
    .executeTakeFirstOrThrow();
  assert.is(after.status, "active");
  assert.ok(after.verified_at);

  const chain = await verifySealedChain(db, membership.practice_id);
  assert.equal(chain, { intact: true, events: 3 });
  const actions = (await db.selectFrom("audit_events").select("action")
    .where("practice_id", "=", membership.practice_id).orderBy("id").execute()).map((e) => e.action);
  assert.equal(actions, [
    "practice.registered",
    "account.verification_resent",
    "account.verified",
  ]);
});

test("a verification code is single use, expires after 15 minutes and allows 5 tries", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);

  const first = await registerPractice(client);
  const code = await latestCode(db, first.email);
  assert.is((await client.post(first.flowPath, { code })).status, 303);
  const again = await client.post(first.flowPath, { code });
  assert.is(again.status, 422, "a used code is refused");
  assert.ok(fieldError(again.html, "code"));

  const late = await registerPractice(client);
  clock.advance(15 * 60_000 + 1);
  const expired = await client.post(late.flowPath, { code: await latestCode(db, late.email) });
  assert.is(expired.status, 422);
  const lateAccount = await db.selectFrom("accounts").select("status").where("email", "=", late.email)
    .executeTakeFirstOrThrow();
  assert.is(lateAccount.status, "unverified");

  const guessed = await registerPractice(client);
  const right = await latestCode(db, guessed.email);
  const wrong = right === "00000000" ? "11111111" : "00000000";
  for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
    assert.is((await client.post(guessed.flowPath, { code: wrong })).status, 422);
  }
  const exhausted = await client.post(guessed.flowPath, { code: right });
  assert.is(exhausted.status, 422, "the right code after 5 wrong ones is refused");
  const row = await db.selectFrom("email_verifications").select("attempts")
    .where("id", "=", guessed.flowPath.split("/").pop()!).executeTakeFirstOrThrow();
  assert.is(row.attempts, MAX_CODE_ATTEMPTS);
});

test("registering with a taken address looks the same outside and changes nothing", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { email } = await registerPractice(client);
  const practicesBefore = await db.selectFrom("practices").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();

  const second = await registerPractice(new TestClient(app), { email: email.toUpperCase() });
  assert.match(second.flowPath, /^\/verify\/[a-z2-7]{26}$/);
  const practicesAfter = await db.selectFrom("practices").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
  assert.is(String(practicesAfter.n), String(practicesBefore.n));
  const mails = await db.selectFrom("outgoing_mails").select("subject").where("recipient", "=", email.toUpperCase())
    .execute();
  assert.is(mails.length, 1, "the owner of the address is told instead");
  const decoy = await client.post(second.flowPath, { code: "12345678" });
  assert.is(decoy.status, 422);
});

test("the password policy is enforced with a message beside the field", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const cases: Array<[string, Record<string, string>]> = [
    ["Mindestens 12 Zeichen.", { password: "kurz" }],
    ["zu verbreitet", { password: "Passwort12345!" }],
    ["Namen", { password: "Beispiel ist mein Passwort", owner_name: "Maria Beispiel" }],
    ["E-Mail-Adresse", { password: "annaschmidt rules forever", email: "annaschmidt@praxis.example" }],
    ["Höchstens 256 Zeichen.", { password: "x".repeat(257) }],
  ];
  for (const [message, override] of cases) {
    const email = override.email ?? uniqueEmail();
    const password = override.password;
    const page = await client.post("/register", {
      practice_name: "Praxis",
      owner_name: "Maria Beispiel",
      email,
      password_confirmation: password,
      accept_terms: "yes",
      ...override,
    });
    assert.is(page.status, 422, message);
    assert.ok(fieldError(page.html, "password").includes(message), `${message}: ${fieldError(page.html, "password")}`);
    const written = await db.selectFrom("accounts").select("id").where("email", "=", email).execute();
    assert.is(written.length, 0);
  }
});

test("the inline password check answers while typing", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app);
  const weak = await client.post("/register/password-check", { password: "kurz" }, { "HX-Request": "true" });
  assert.is(weak.status, 200);
  assert.ok(weak.html.includes("Mindestens 12 Zeichen."));
  assert.not.ok(weak.html.includes("<html"), "a fragment, not a page");
  const strong = await client.post("/register/password-check", { password: GOOD_PASSWORD });
  assert.ok(strong.html.includes("erfüllt die Regeln"));
});

test("the terms must be accepted", async () => {
  const { app, db } = await createTestApp();
  const email = uniqueEmail();
  const page = await new TestClient(app).post("/register", {
    practice_name: "Praxis",
    owner_name: "Maria Beispiel",
    email,
    password: GOOD_PASSWORD,
    password_confirmation: GOOD_PASSWORD,
  });
  assert.is(page.status, 422);
  assert.ok(fieldError(page.html, "accept_terms").includes("Nutzungsbedingungen"));
  assert.is((await db.selectFrom("accounts").select("id").where("email", "=", email).execute()).length, 0);
});

test("an unknown verification link answers 404", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app);
  assert.is((await client.get("/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa")).status, 404);
  assert.is((await client.get("/verify/not-a-flow")).status, 404);
  assert.is((await client.post("/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa", { code: "12345678" })).status, 404);
});

test.run();
