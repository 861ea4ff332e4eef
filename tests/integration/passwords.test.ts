import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, latestCode, nextTotpCode, signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import type { Db } from "../../db/database.ts";

const NEW_PASSWORD = "Abends Tee, morgens Kaffee 8";

async function changePassword(client: TestClient, db: Db, email: string, from: string, to: string) {
  const started = await client.post("/security/password", {
    current_password: from,
    password: to,
    password_confirmation: to,
  });
  if (started.status !== 303) return started;
  return await client.post(started.location!, { code: await latestCode(db, email) });
}

const change = suite("changing the password");

change("needs the current password, a fresh second factor and the emailed code; all sessions end", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, totpSecret } = await signedInOwner(client, db, clock);
  const other = new TestClient(app);
  await signInAs(other, email, GOOD_PASSWORD);
  await other.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });

  const wrongCurrent = await client.post("/security/password", {
    current_password: "Nicht mein Passwort 99",
    password: NEW_PASSWORD,
    password_confirmation: NEW_PASSWORD,
  });
  assert.is(wrongCurrent.status, 422);
  assert.ok(fieldError(wrongCurrent.html, "current_password"));

  const started = await client.post("/security/password", {
    current_password: GOOD_PASSWORD,
    password: NEW_PASSWORD,
    password_confirmation: NEW_PASSWORD,
  });
  assert.is(started.status, 303);
  assert.match(started.location!, /^\/security\/password\/[a-z2-7]{26}$/);
  const before = await db.selectFrom("accounts").select("password_hash").where("email", "=", email)
    .executeTakeFirstOrThrow();
  const wrongCode = await client.post(started.location!, { code: "00000000" });
  assert.is(wrongCode.status, 422);
  const unchanged = await db.selectFrom("accounts").select("password_hash").where("email", "=", email)
    .executeTakeFirstOrThrow();
  assert.is(unchanged.password_hash, before.password_hash, "nothing changes before the code");

  const done = await client.post(started.location!, { code: await latestCode(db, email) });
  assert.is(done.location, "/sign-in?notice=passwordChanged");
  assert.is((await other.get("/")).status, 303, "the other session ended");
  assert.is((await client.get("/")).status, 303, "this one too");
  assert.is((await signInAs(new TestClient(app), email, GOOD_PASSWORD)).status, 401, "the old password is gone");
  assert.is((await signInAs(new TestClient(app), email, NEW_PASSWORD)).status, 303);
});

change("the last five passwords cannot be used again", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, totpSecret } = await signedInOwner(client, db, clock);
  const passwords = [GOOD_PASSWORD, "Zweites Passwort fuer Tests 1", "Drittes Passwort fuer Tests 2"];
  for (let i = 1; i < passwords.length; i++) {
    const done = await changePassword(client, db, email, passwords[i - 1], passwords[i]);
    assert.is(done.location, "/sign-in?notice=passwordChanged");
    await signInAs(client, email, passwords[i]);
    await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  }
  for (const reused of passwords) {
    const refused = await client.post("/security/password", {
      current_password: passwords.at(-1)!,
      password: reused,
      password_confirmation: reused,
    });
    assert.is(refused.status, 422, reused);
    assert.ok(fieldError(refused.html, "password").includes("vor Kurzem"), fieldError(refused.html, "password"));
  }
});

change.run();

const reset = suite("resetting a forgotten password");

reset("an emailed code and the second factor allow a new password; nothing else does", async () => {
  const { app, db, clock } = await createTestApp();
  const owner = new TestClient(app);
  const { email, totpSecret } = await signedInOwner(owner, db, clock);

  const client = new TestClient(app);
  const asked = await client.post("/password/forgot", { email });
  assert.match(asked.location!, /^\/password\/reset\/[a-z2-7]{26}$/);
  const unknown = await new TestClient(app).post("/password/forgot", { email: "niemand@praxis.example" });
  assert.match(unknown.location!, /^\/password\/reset\/[a-z2-7]{26}$/, "unknown addresses look the same");
  assert.is((await new TestClient(app).post(unknown.location!, { code: "12345678" })).status, 422);

  const coded = await client.post(asked.location!, { code: await latestCode(db, email) });
  assert.is(coded.location, "/sign-in/second-factor");
  assert.is((await client.get("/password/new")).status, 303, "no new password before the second factor");
  assert.is((await client.get("/")).status, 303, "and no personal data");

  const second = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is(second.location, "/password/new");
  assert.is((await client.get("/")).status, 303, "a reset session opens nothing but the new password");
  const weak = await client.post("/password/new", { password: "kurz", password_confirmation: "kurz" });
  assert.is(weak.status, 422);
  const same = await client.post("/password/new", { password: GOOD_PASSWORD, password_confirmation: GOOD_PASSWORD });
  assert.is(same.status, 422, "the current password is in the history");
  const done = await client.post("/password/new", { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD });
  assert.is(done.location, "/sign-in?notice=passwordChanged");
  assert.is((await owner.get("/")).status, 303, "every session of the person ended");
  assert.is((await signInAs(new TestClient(app), email, NEW_PASSWORD)).status, 303);

  const account = await db.selectFrom("accounts").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const actions = (await db.selectFrom("audit_events").select("action").where("actor_account_id", "=", account.id)
    .execute()).map((e) => e.action);
  for (const action of ["password.reset_requested", "password_reset.code_accepted", "password.reset"]) {
    assert.ok(actions.includes(action), action);
  }
});

reset.run();

const expiry = suite("password expiry");

expiry("off by default; when the practice sets it, an expired password must be changed first", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const { email, totpSecret, practiceId } = await signedInOwner(client, db, clock);
  clock.advance(400 * 86_400_000);
  await signInAs(client, email, GOOD_PASSWORD);
  await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is((await client.get("/")).status, 200, "no expiry by default");

  const saved = await client.post("/security/policy", { password_max_age_days: "90" });
  assert.is(saved.location, "/security?notice=policySaved");
  const policy = await db.selectFrom("practices").select("password_max_age_days").where("id", "=", practiceId)
    .executeTakeFirstOrThrow();
  assert.is(policy.password_max_age_days, 90);
  const forced = await client.get("/");
  assert.is(forced.location, "/security/password?expired=1");
  const page = await client.get(forced.location!);
  assert.ok(page.html.includes("Ihr Passwort ist abgelaufen"));

  const done = await changePassword(client, db, email, GOOD_PASSWORD, NEW_PASSWORD);
  assert.is(done.location, "/sign-in?notice=passwordChanged");
  await signInAs(client, email, NEW_PASSWORD);
  await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
  assert.is((await client.get("/")).status, 200, "a fresh password opens the practice again");
  const bad = await client.post("/security/policy", { password_max_age_days: "viele" });
  assert.is(bad.status, 422);
  assert.ok(fieldError(bad.html, "password_max_age_days"));
});

expiry.run();
