import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, uniqueEmail } from "../support/test-app.ts";
import { TestClient, withoutCsrfTokens } from "../support/http-client.ts";
import {
  GOOD_PASSWORD,
  nextTotpCode,
  registerVerifiedPractice,
  signedInOwner,
  signInAs,
  signInWithTotp,
} from "../support/practice-fixtures.ts";
import { hashSecret } from "../../lib/secret-token.ts";

const test = suite("signing in and out");

test("a verified owner signs in with password and second factor, sees the home page and signs out", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, totpSecret } = await signedInOwner(client, db, clock, { owner_name: "Dr. Jana Vogel" });
  await client.post("/sign-out", {});

  const passwordStep = await signInAs(client, email, GOOD_PASSWORD);
  assert.is(passwordStep.status, 303);
  assert.is(passwordStep.location, "/sign-in/second-factor");
  const halfway = client.sessionToken()!;
  const blocked = await client.get("/");
  assert.is(blocked.status, 303, "no personal data before the second factor");
  assert.is(blocked.location, "/sign-in/second-factor");

  const secondStep = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is(secondStep.status, 303);
  assert.is(secondStep.location, "/");
  const token = client.sessionToken()!;
  assert.match(token, /^[a-z2-7]{52}$/);
  assert.is.not(token, halfway, "a new token once the second factor is confirmed");
  assert.is(
    (await db.selectFrom("sessions").select("id").where("token_hash", "=", hashSecret(halfway)).execute()).length,
    0,
  );
  const stored = await db.selectFrom("sessions").select("token_hash").where("token_hash", "=", hashSecret(token))
    .executeTakeFirst();
  assert.ok(stored, "the session is stored under the token's hash");
  const raw = await db.selectFrom("sessions").select("token_hash").where("token_hash", "=", token).executeTakeFirst();
  assert.is(raw, undefined, "the token itself is never stored");

  const home = await client.get("/");
  assert.is(home.status, 200);
  assert.ok(home.html.includes("Willkommen, Dr. Jana Vogel."));
  assert.ok(home.html.includes("Praxis am Markt"));
  assert.is(home.headers.get("Cache-Control"), "no-store");

  const out = await client.post("/sign-out", {});
  assert.is(out.status, 303);
  assert.is(out.location, "/sign-in?notice=signedOut");
  assert.is(client.sessionToken(), undefined);
  assert.is(
    (await db.selectFrom("sessions").select("token_hash").where("token_hash", "=", hashSecret(token)).execute()).length,
    0,
  );

  const stolen = new TestClient(app);
  stolen.cookies.set("kartei_session", token);
  const replay = await stolen.get("/");
  assert.is(replay.status, 303, "a cookie kept after sign-out opens nothing");
  assert.is(replay.location, "/sign-in");

  const account = await db.selectFrom("accounts").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const actions = (await db.selectFrom("audit_events").select("action").where("actor_account_id", "=", account.id)
    .orderBy("occurred_at").orderBy("id").execute()).map((e) => e.action);
  for (
    const action of ["sign_in.password_accepted", "factor.added", "sign_in.enrolled", "sign_in.succeeded", "sign_out"]
  ) {
    assert.ok(actions.includes(action), action);
  }
});

test("unknown address and wrong password get the same answer", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { email } = await registerVerifiedPractice(client, db);
  const unknown = uniqueEmail("nobody");

  const wrongPassword = await signInAs(client, email, "Falsches Passwort 123");
  const unknownAccount = await signInAs(client, unknown, "Falsches Passwort 123");
  assert.is(wrongPassword.status, 401);
  assert.is(unknownAccount.status, 401);
  assert.is(
    withoutCsrfTokens(wrongPassword.html).replaceAll(email, "EMAIL"),
    withoutCsrfTokens(unknownAccount.html).replaceAll(unknown, "EMAIL"),
    "the pages differ only in the address typed",
  );
  assert.ok(wrongPassword.html.includes("E-Mail-Adresse oder Passwort ist falsch."));
  assert.is(client.sessionToken(), undefined);

  const account = await db.selectFrom("accounts").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const failure = await db.selectFrom("audit_events").select(["action", "details"])
    .where("actor_account_id", "=", account.id).where("action", "=", "sign_in.failed").executeTakeFirstOrThrow();
  assert.equal(failure.details, { reason: "wrong_password" });
  const anonymous = await db.selectFrom("audit_events").select("details")
    .where("practice_id", "is", null).where("action", "=", "sign_in.failed").execute();
  assert.ok(anonymous.some((e) => (e.details as { reason?: string }).reason === "unknown_account"));
});

test("a locked account is refused like a wrong password", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { email } = await registerVerifiedPractice(client, db);
  await db.updateTable("accounts").set({ status: "locked" }).where("email", "=", email).execute();
  const page = await signInAs(client, email, GOOD_PASSWORD);
  assert.is(page.status, 401);
  assert.is(client.sessionToken(), undefined);
});

test("signing in replaces any session the browser brought along", async () => {
  const { app, db } = await createTestApp();
  const client = new TestClient(app);
  const { email } = await registerVerifiedPractice(client, db);
  await signInAs(client, email, GOOD_PASSWORD);
  const first = client.sessionToken()!;
  await signInAs(client, email, GOOD_PASSWORD);
  const second = client.sessionToken()!;
  assert.is.not(second, first, "a new token on every sign-in");
  const old = await db.selectFrom("sessions").select("token_hash").where("token_hash", "=", hashSecret(first))
    .execute();
  assert.is(old.length, 0, "the previous session is gone");

  const planted = new TestClient(app);
  planted.cookies.set("kartei_session", "a".repeat(52));
  await signInAs(planted, email, GOOD_PASSWORD);
  assert.is.not(planted.sessionToken(), "a".repeat(52), "a planted token is never adopted");
});

test("sessions end after 30 idle minutes and after 12 hours at most", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, totpSecret } = await signedInOwner(client, db, clock);

  clock.advance(29 * 60_000);
  assert.is((await client.get("/")).status, 200, "still there after 29 minutes");
  clock.advance(29 * 60_000);
  assert.is((await client.get("/")).status, 200, "activity keeps it alive");
  clock.advance(30 * 60_000);
  const idle = await client.get("/");
  assert.is(idle.status, 303, "30 idle minutes end it");
  assert.is(idle.location, "/sign-in");

  await signInWithTotp(client, clock, email, GOOD_PASSWORD, totpSecret);
  assert.is((await client.get("/")).status, 200);
  for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
    clock.advance(20 * 60_000);
    assert.is((await client.get("/")).status, 200);
  }
  clock.advance(20 * 60_000);
  assert.is((await client.get("/")).status, 303, "12 hours end it however active");
});

test("signed-out visitors are sent to the sign-in page; signed-in ones away from it", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const home = await client.get("/");
  assert.is(home.status, 303);
  assert.is(home.location, "/sign-in");
  await signedInOwner(client, db, clock);
  const signIn = await client.get("/sign-in");
  assert.is(signIn.status, 303);
  assert.is(signIn.location, "/");
});

test.run();
