// Security keys as second factors, with a real (software) authenticator and real signatures:
// added as the first factor right after registration, then used to sign in and to step up;
// and every way an answer can be wrong is refused, recorded and counted.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, registerVerifiedPractice, signInAs } from "../support/practice-fixtures.ts";
import { SoftwareAuthenticator } from "../support/software-authenticator.ts";
import type { Db } from "../../db/database.ts";

const test = suite("security keys and passkeys");

interface Json {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
}

async function postJson(client: TestClient, path: string, body: unknown): Promise<Json> {
  if (!client.csrfToken()) await client.get("/sign-in");
  const page = await client.send(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL, "X-CSRF-Token": client.csrfToken()! },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(page.html);
  } catch {
    parsed = { html: page.html, location: page.location };
  }
  return { status: page.status, body: parsed };
}

/** A practice owner who signed in with the password and added a key as their first factor. */
async function ownerWithKey(app: TestClient["app"], db: Db) {
  const client = new TestClient(app);
  const { email } = await registerVerifiedPractice(client, db);
  const key = await SoftwareAuthenticator.create(TEST_BASE_URL);
  key.counter = 7;
  assert.is((await signInAs(client, email, GOOD_PASSWORD)).location, "/sign-in/second-factor");
  const options = await postJson(client, "/security/webauthn/registration-options", {});
  assert.is(options.status, 200);
  const added = await postJson(client, "/security/webauthn/registration", {
    name: "YubiKey 5 NFC",
    response: await key.register(options.body),
  });
  assert.equal(added, { status: 200, body: { redirect: "/security/recovery-codes?first=1" } });
  const account = await db.selectFrom("accounts").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return { client, email, key, accountId: account.id };
}

/** Signs in with the password again, in a new browser; the session then waits for the key. */
async function passwordOnly(app: TestClient["app"], email: string) {
  const client = new TestClient(app);
  assert.is((await signInAs(client, email, GOOD_PASSWORD)).location, "/sign-in/second-factor");
  return client;
}

async function useKey(client: TestClient, key: SoftwareAuthenticator, overrides = {}, returnTo?: string) {
  const options = await postJson(client, "/sign-in/webauthn/options", {});
  assert.is(options.status, 200);
  const response = await key.authenticate(options.body, overrides);
  return await postJson(client, "/sign-in/webauthn", { response, return_to: returnTo });
}

async function failures(db: Db, accountId: string) {
  const rows = await db.selectFrom("audit_events").select("details").where("actor_account_id", "=", accountId)
    .where("action", "=", "second_factor.failed").orderBy("occurred_at").orderBy("id").execute();
  return rows.map((row) => (row.details as { reason: string }).reason);
}

test("a new owner adds a security key as the first factor and is signed in by it", async () => {
  const { app, db } = await createTestApp();
  const { client, key, accountId } = await ownerWithKey(app, db);

  const factor = await db.selectFrom("second_factors").selectAll().where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  assert.is(factor.kind, "webauthn");
  assert.is(factor.status, "active");
  assert.is(factor.name, "YubiKey 5 NFC");
  assert.is(factor.webauthn_credential_id, key.id);
  assert.is(Number(factor.webauthn_counter), 7);
  assert.is(factor.webauthn_transports, "usb,nfc");
  const session = await db.selectFrom("sessions").select(["second_factor_at", "webauthn_challenge"])
    .where("account_id", "=", accountId).executeTakeFirstOrThrow();
  assert.ok(session.second_factor_at, "enrolment completed the sign-in");
  assert.is(session.webauthn_challenge, null, "the challenge is used up");
  assert.is((await client.get("/")).status, 200);

  const actions = await db.selectFrom("audit_events").select(["action", "details"])
    .where("actor_account_id", "=", accountId).execute();
  assert.ok(actions.some((e) => e.action === "factor.added" && (e.details as { kind: string }).kind === "webauthn"));
  assert.ok(actions.some((e) => e.action === "sign_in.enrolled"));
});

test("signing in with the key: options name the key, the answer completes the session", async () => {
  const { app, db } = await createTestApp();
  const { email, key, accountId } = await ownerWithKey(app, db);
  const client = await passwordOnly(app, email);
  const before = client.sessionToken();

  const options = await postJson(client, "/sign-in/webauthn/options", {});
  assert.equal(options.body.allowCredentials.map((c: { id: string }) => c.id), [key.id]);
  assert.is(options.body.userVerification, "discouraged");
  assert.is(options.body.rpId, "kartei.test");
  const signedIn = await postJson(client, "/sign-in/webauthn", {
    response: await key.authenticate(options.body),
    return_to: "https://evil.example/",
  });
  assert.equal(signedIn, { status: 200, body: { redirect: "/" } }, "a foreign return address is ignored");
  assert.is.not(client.sessionToken(), before, "a new session token");
  assert.is((await client.get("/")).status, 200);

  const factor = await db.selectFrom("second_factors").select(["webauthn_counter", "last_used_at"])
    .where("account_id", "=", accountId).executeTakeFirstOrThrow();
  assert.is(Number(factor.webauthn_counter), 8);
  assert.ok(factor.last_used_at);
  const succeeded = await db.selectFrom("audit_events").select("details").where("actor_account_id", "=", accountId)
    .where("action", "=", "sign_in.succeeded").executeTakeFirstOrThrow();
  assert.is((succeeded.details as { kind: string }).kind, "webauthn");
});

test("stepping up with the key returns to the page that asked", async () => {
  const { app, db, clock } = await createTestApp();
  const { client, key, accountId } = await ownerWithKey(app, db);
  clock.advance(11 * 60_000);
  const stepped = await useKey(client, key, {}, "/security");
  assert.equal(stepped, { status: 200, body: { redirect: "/security" } });
  const session = await db.selectFrom("sessions").select("second_factor_at").where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  assert.is(session.second_factor_at?.getTime(), clock.now().getTime());
  const actions = (await db.selectFrom("audit_events").select("action").where("actor_account_id", "=", accountId)
    .execute()).map((e) => e.action);
  assert.ok(actions.includes("step_up.succeeded"));
});

test("an answer signed for another origin is refused", async () => {
  const { app, db } = await createTestApp();
  const { email, key, accountId } = await ownerWithKey(app, db);
  const client = await passwordOnly(app, email);
  const refused = await useKey(client, key, { origin: "https://kartei.test.evil.example" });
  assert.equal(refused, { status: 422, body: { error: "webauthn.error.failed" } });
  assert.equal(await failures(db, accountId), ["wrong_origin"]);
  const account = await db.selectFrom("accounts").select("failed_attempts").where("id", "=", accountId)
    .executeTakeFirstOrThrow();
  assert.is(account.failed_attempts, 1, "the attempt counts against the account");
  assert.is((await client.get("/")).location, "/sign-in/second-factor", "still waiting for a second factor");
});

test("an answer to a challenge this session was never given is refused", async () => {
  const { app, db } = await createTestApp();
  const { email, key, accountId } = await ownerWithKey(app, db);
  const client = await passwordOnly(app, email);
  const refused = await useKey(client, key, { challenge: "bm90LXRoZS1jaGFsbGVuZ2UtZ2l2ZW4" });
  assert.equal(refused, { status: 422, body: { error: "webauthn.error.expired" } });
  assert.equal(await failures(db, accountId), ["challenge"]);
});

test("a challenge counts once: neither a retry nor a replayed answer gets a second go", async () => {
  const { app, db } = await createTestApp();
  const { email, key, accountId } = await ownerWithKey(app, db);
  const stranger = await SoftwareAuthenticator.create(TEST_BASE_URL);
  const client = await passwordOnly(app, email);

  const options = await postJson(client, "/sign-in/webauthn/options", {});
  const wrongKey = await postJson(client, "/sign-in/webauthn", { response: await stranger.authenticate(options.body) });
  assert.is(wrongKey.status, 422);
  const retry = await postJson(client, "/sign-in/webauthn", { response: await key.authenticate(options.body) });
  assert.equal(retry, { status: 422, body: { error: "webauthn.error.expired" } }, "the failed try used it up");

  const fresh = await postJson(client, "/sign-in/webauthn/options", {});
  const answer = await key.authenticate(fresh.body);
  assert.is((await postJson(client, "/sign-in/webauthn", { response: answer })).status, 200);
  const replayed = await postJson(client, "/sign-in/webauthn", { response: answer });
  assert.equal(replayed, { status: 422, body: { error: "webauthn.error.expired" } });
  assert.equal(await failures(db, accountId), ["unknown_credential", "challenge", "challenge"]);
});

test("a key that counts backwards is locked and every session of the person ends", async () => {
  const { app, db } = await createTestApp();
  const { client: first, email, key, accountId } = await ownerWithKey(app, db);
  const second = await passwordOnly(app, email);
  assert.is((await useKey(second, key)).status, 200); // counter 8
  const third = await passwordOnly(app, email);
  assert.is((await db.selectFrom("sessions").select("id").where("account_id", "=", accountId).execute()).length, 3);

  // A copy of the key, made when it stood at 5, signs correctly but with an old counter.
  const cloned = await useKey(third, key, { counter: 5 });
  assert.equal(cloned, { status: 422, body: { error: "webauthn.error.keyLocked" } });

  const factor = await db.selectFrom("second_factors").select(["status", "locked_reason", "webauthn_counter"])
    .where("account_id", "=", accountId).executeTakeFirstOrThrow();
  assert.equal({ ...factor, webauthn_counter: Number(factor.webauthn_counter) }, {
    status: "locked",
    locked_reason: "counter_regression",
    webauthn_counter: 8,
  });
  assert.is((await db.selectFrom("sessions").select("id").where("account_id", "=", accountId).execute()).length, 0);
  assert.is((await first.get("/")).location, "/sign-in", "the other browsers are signed out too");
  assert.is((await second.get("/")).location, "/sign-in");
  assert.equal(await failures(db, accountId), ["counter_regression"]);
  const locked = await db.selectFrom("audit_events").select("details").where("actor_account_id", "=", accountId)
    .where("action", "=", "factor.locked").executeTakeFirstOrThrow();
  assert.is((locked.details as { reason: string }).reason, "counter_regression");

  const again = await passwordOnly(app, email);
  const refused = await postJson(again, "/sign-in/webauthn/options", {});
  assert.equal(refused, { status: 422, body: { error: "webauthn.error.noKey" } }, "the locked key is not offered");
});

test("another person's key does not sign anybody else in", async () => {
  const { app, db } = await createTestApp();
  const alice = await ownerWithKey(app, db);
  const bob = await ownerWithKey(app, db);
  const client = await passwordOnly(app, alice.email);
  const refused = await useKey(client, bob.key);
  assert.equal(refused, { status: 422, body: { error: "webauthn.error.unknownKey" } });
  assert.equal(await failures(db, alice.accountId), ["unknown_credential"]);

  // Nor can Bob's key be added to Alice's account: a credential belongs to one person.
  const options = await postJson(alice.client, "/security/webauthn/registration-options", {});
  const taken = await postJson(alice.client, "/security/webauthn/registration", {
    name: "Bobs Schlüssel",
    response: await bob.key.register(options.body),
  });
  assert.equal(taken, { status: 422, body: { error: "webauthn.error.alreadyRegistered" } });
});

test("adding a second key excludes the first, and a bad name is refused beside its field", async () => {
  const { app, db } = await createTestApp();
  const { client, key, accountId } = await ownerWithKey(app, db);
  const options = await postJson(client, "/security/webauthn/registration-options", {});
  assert.equal(options.body.excludeCredentials.map((c: { id: string }) => c.id), [key.id]);
  assert.equal(options.body.authenticatorSelection, {
    residentKey: "preferred",
    userVerification: "discouraged",
    requireResidentKey: false,
  });
  const spare = await SoftwareAuthenticator.create(TEST_BASE_URL);
  const badName = await postJson(client, "/security/webauthn/registration", {
    name: "Ersatz\u0007",
    response: await spare.register(options.body),
  });
  assert.equal(badName, { status: 422, body: { error: "form.invalidCharacters", field: "name" } });
  const added = await postJson(client, "/security/webauthn/registration", {
    name: "Ersatzschlüssel",
    response: await spare.register(options.body),
  });
  assert.equal(added, { status: 200, body: { redirect: "/security?notice=factorAdded" } });
  const count = await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId).execute();
  assert.is(count.length, 2);
});

test("bad JSON and answers of the wrong shape are a 400, never a 500", async () => {
  const { app, db } = await createTestApp();
  const { email, accountId } = await ownerWithKey(app, db);
  const client = await passwordOnly(app, email);
  for (const body of ["{not json", JSON.stringify({ response: { id: "x" } }), "[]", "null"]) {
    const answer = await postJson(client, "/sign-in/webauthn", body);
    assert.equal(answer, { status: 400, body: { error: "webauthn.error.failed" } }, body);
  }
  assert.is((await postJson(client, "/security/webauthn/registration", "{")).status, 303, "no factor management");
  assert.equal(await failures(db, accountId), ["malformed", "malformed", "malformed", "malformed"]);
});

test("without a session waiting for it, the key endpoints answer 401", async () => {
  const { app } = await createTestApp();
  const client = new TestClient(app);
  const answer = await postJson(client, "/sign-in/webauthn/options", {});
  assert.equal(answer, { status: 401, body: { error: "webauthn.error.sessionEnded", redirect: "/sign-in" } });
});

test.run();
