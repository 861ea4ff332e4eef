import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL, uniqueEmail } from "../support/test-app.ts";
import { TestClient, withoutCsrfTokens } from "../support/http-client.ts";
import { GOOD_PASSWORD, nextTotpCode, signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import { MAX_FAILURES_PER_ADDRESS } from "../../db/sign-in-guard.ts";
import type { Db } from "../../db/database.ts";
import { onPostgres, raceBehindLock } from "../support/postgres-race.ts";

const WRONG = "Falsch geraten 12345";
let addressCounter = 0;

/** Every scenario comes from its own address, so the per-address budget is the scenario's own. */
function from(
  app: ConstructorParameters<typeof TestClient>[0],
  address = `10.20.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`,
) {
  return new TestClient(app, TEST_BASE_URL, address);
}

async function failureReasons(db: Db, accountId: string) {
  const rows = await db.selectFrom("audit_events").select("details").where("actor_account_id", "=", accountId)
    .where("action", "=", "sign_in.failed").execute();
  return rows.map((row) => (row.details as { reason: string }).reason);
}

async function lockoutEvents(db: Db, accountId: string) {
  return await db.selectFrom("audit_events").select("details").where("actor_account_id", "=", accountId)
    .where("action", "=", "account.locked_out").orderBy("id").execute();
}

async function ownerSignedOut() {
  const { app, db, clock } = await createTestApp();
  const owner = await signedInOwner(from(app), db, clock);
  return { app, db, clock, owner, client: from(app) };
}

const lockout = suite("guessing a password");

lockout("five failures lock the account for 15 minutes, and the lock is audited", async () => {
  const { db, clock, owner, client } = await ownerSignedOut();
  for (let i = 0; i < 5; i++) assert.is((await signInAs(client, owner.email, WRONG)).status, 401);
  const locked = await signInAs(client, owner.email, GOOD_PASSWORD);
  assert.is(locked.status, 401, "the right password does not open a locked account");
  assert.equal((await lockoutEvents(db, owner.accountId)).map((e) => e.details), [{ minutes: 15, lockout: 1 }]);

  clock.advance(14 * 60_000);
  assert.is((await signInAs(client, owner.email, GOOD_PASSWORD)).status, 401, "still locked after 14 minutes");
  clock.advance(60_000);
  const open = await signInAs(client, owner.email, GOOD_PASSWORD);
  assert.is(open.location, "/sign-in/second-factor", "open again after 15 minutes");
  const reasons = await failureReasons(db, owner.accountId);
  assert.is(reasons.filter((r) => r === "wrong_password").length, 5);
  assert.is(reasons.filter((r) => r === "locked_out").length, 2, "attempts during the lock are refused, not evaluated");
});

lockout("failures during a lock do not count, and a repeated lock lasts twice as long", async () => {
  const { db, clock, owner, client } = await ownerSignedOut();
  for (let i = 0; i < 5; i++) await signInAs(client, owner.email, WRONG);
  for (let i = 0; i < 10; i++) await signInAs(client, owner.email, WRONG);
  clock.advance(15 * 60_000);
  for (let i = 0; i < 4; i++) assert.is((await signInAs(client, owner.email, WRONG)).status, 401);
  assert.is((await lockoutEvents(db, owner.accountId)).length, 1, "four fresh failures after the lock: no new lock");
  await signInAs(client, owner.email, WRONG);
  assert.equal((await lockoutEvents(db, owner.accountId)).map((e) => e.details), [
    { minutes: 15, lockout: 1 },
    { minutes: 30, lockout: 2 },
  ]);
  clock.advance(29 * 60_000);
  assert.is((await signInAs(client, owner.email, GOOD_PASSWORD)).status, 401);
  clock.advance(60_000);
  assert.is((await signInAs(client, owner.email, GOOD_PASSWORD)).status, 303);
});

lockout("password and second-factor failures count together", async () => {
  const { db, clock, owner, client } = await ownerSignedOut();
  for (let i = 0; i < 3; i++) await signInAs(client, owner.email, WRONG);
  assert.is((await signInAs(client, owner.email, GOOD_PASSWORD)).location, "/sign-in/second-factor");
  assert.is((await client.post("/sign-in/second-factor", { code: "000000" })).status, 422);
  const fifth = await client.post("/sign-in/second-factor", { code: "111111" });
  assert.is(fifth.location, "/sign-in?notice=lockedOut", "the fifth failure locks and ends the waiting session");
  assert.is((await client.get("/sign-in/second-factor")).location, "/sign-in");
  assert.is((await lockoutEvents(db, owner.accountId)).length, 1);
  assert.is((await signInAs(client, owner.email, GOOD_PASSWORD)).status, 401);
  void clock;
});

lockout("a completed sign-in clears the failure count", async () => {
  const { clock, owner, client } = await ownerSignedOut();
  for (let i = 0; i < 4; i++) await signInAs(client, owner.email, WRONG);
  await signInAs(client, owner.email, GOOD_PASSWORD);
  assert.is((await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, owner.totpSecret) })).status, 303);
  await client.post("/sign-out", {});
  for (let i = 0; i < 4; i++) await signInAs(client, owner.email, WRONG);
  assert.is((await signInAs(client, owner.email, GOOD_PASSWORD)).status, 303, "four new failures do not lock");
});

lockout(
  "in a burst of 50 guesses sent at once no more than five are evaluated, and the right one arrives too late",
  async () => {
    const { app, db, owner } = await ownerSignedOut();
    const clients = Array.from({ length: 51 }, () => from(app));
    for (const client of clients) await client.get("/sign-in");
    const hidden = clients[50];
    // All 51 are sent at once; the right password is the last one sent.
    const answers = await Promise.all(
      clients.map((client) => signInAs(client, owner.email, client === hidden ? GOOD_PASSWORD : WRONG)),
    );
    assert.ok(answers.every((a) => a.status === 401), "every attempt, the right password too, is refused");
    assert.is(hidden.sessionToken(), undefined);
    const reasons = await failureReasons(db, owner.accountId);
    assert.is(reasons.filter((r) => r === "wrong_password").length, 5, "exactly five passwords were checked");
    assert.is(reasons.filter((r) => r === "locked_out").length, 46);
    assert.is((await lockoutEvents(db, owner.accountId)).length, 1);
  },
);

if (onPostgres) {
  lockout(
    "eight wrong passwords meeting in the database: exactly five are evaluated (on Postgres, concurrent)",
    async () => {
      const { app, db, owner } = await ownerSignedOut();
      const clients = Array.from({ length: 8 }, () => from(app));
      for (const client of clients) await client.get("/sign-in");
      const race = await raceBehindLock(
        db,
        ["accounts"],
        clients.map((client) => () => signInAs(client, owner.email, WRONG)),
      );
      assert.is(race.metAtBarrier, 8, "all eight waited in the database together");
      assert.ok(race.answers.every((a) => a.status === 401));
      const reasons = await failureReasons(db, owner.accountId);
      assert.is(reasons.filter((r) => r === "wrong_password").length, 5, "exactly five passwords were checked");
      assert.is(reasons.filter((r) => r === "locked_out").length, 3);
      assert.is((await lockoutEvents(db, owner.accountId)).length, 1);
    },
  );
}

lockout("unknown, wrong and locked get the same answer", async () => {
  const { owner, client } = await ownerSignedOut();
  const wrong = await signInAs(client, owner.email, WRONG);
  for (let i = 0; i < 4; i++) await signInAs(client, owner.email, WRONG);
  const locked = await signInAs(client, owner.email, GOOD_PASSWORD);
  const stranger = uniqueEmail("stranger");
  const unknown = await signInAs(client, stranger, WRONG);
  const normalise = (html: string, email: string) => withoutCsrfTokens(html).replaceAll(email, "EMAIL");
  assert.is(wrong.status, 401);
  assert.is(locked.status, 401);
  assert.is(unknown.status, 401);
  assert.is(normalise(locked.html, owner.email), normalise(wrong.html, owner.email));
  assert.is(normalise(unknown.html, stranger), normalise(wrong.html, owner.email));
});

lockout.run();

const perAddress = suite("the per-address budget");

perAddress("one address cannot lock out a whole practice", async () => {
  const { app, db, clock } = await createTestApp();
  const people = [];
  for (let i = 0; i < 6; i++) people.push(await signedInOwner(from(app), db, clock));
  const attacker = from(app, "203.0.113.66");
  let refusedAtAddress = 0;
  for (let round = 0; round < 5; round++) {
    for (const person of people) {
      const answer = await signInAs(attacker, person.email, WRONG);
      if (answer.status === 429) refusedAtAddress++;
    }
  }
  assert.is(refusedAtAddress, 30 - MAX_FAILURES_PER_ADDRESS, "the address is stopped after its budget");
  const lockouts = await db.selectFrom("audit_events").select("actor_account_id")
    .where("action", "=", "account.locked_out")
    .where("actor_account_id", "in", people.map((p) => p.accountId)).execute();
  assert.ok(lockouts.length < people.length, `${lockouts.length} of ${people.length} accounts locked`);
  const blocked = await signInAs(attacker, people[5].email, GOOD_PASSWORD);
  assert.is(blocked.status, 429);
  assert.ok(blocked.html.includes("Zu viele Fehlversuche von dieser Adresse"));

  const colleague = from(app, "198.51.100.7");
  assert.is(
    (await signInAs(colleague, people[5].email, GOOD_PASSWORD)).status,
    303,
    "other addresses are not affected",
  );
  clock.advance(15 * 60_000);
  assert.is((await signInAs(attacker, people[5].email, GOOD_PASSWORD)).status, 303, "the budget renews");
});

perAddress.run();

const proxies = suite("client addresses behind a reverse proxy");

proxies("X-Forwarded-For counts only when the connection comes from a trusted proxy", async () => {
  const { app, db, clock } = await createTestApp({ TRUSTED_PROXIES: "10.9.9.9" });
  const owner = await signedInOwner(from(app), db, clock);
  const viaProxy = from(app, "10.9.9.9");
  await signInAs(viaProxy, owner.email, GOOD_PASSWORD, { "X-Forwarded-For": "1.2.3.4, 203.0.113.5" });
  const direct = from(app, "192.0.2.44");
  await signInAs(direct, owner.email, GOOD_PASSWORD, { "X-Forwarded-For": "203.0.113.99" });
  const addresses = (await db.selectFrom("sessions").select("ip").where("account_id", "=", owner.accountId).execute())
    .map((s) => s.ip);
  assert.ok(addresses.includes("203.0.113.5"), "the proxy's client");
  assert.ok(addresses.includes("192.0.2.44"), "a client's own header is ignored");
  assert.not.ok(addresses.includes("203.0.113.99"));
  assert.not.ok(addresses.includes("1.2.3.4"));
});

proxies.run();

const ownBrowser = suite("the person's own browser during a lock");

ownBrowser("guesses from elsewhere lock the account, but not its owner out of the browser they use", async () => {
  const { app, db, clock } = await createTestApp();
  const mine = from(app);
  const owner = await signedInOwner(mine, db, clock);
  assert.is((await mine.get("/")).status, 200, "this browser is now known for the practice");
  await mine.post("/sign-out", {});

  const attacker = from(app, "198.51.100.200");
  for (let i = 0; i < 5; i++) await signInAs(attacker, owner.email, WRONG);
  assert.is((await lockoutEvents(db, owner.accountId)).length, 1, "the account is locked");
  assert.is((await signInAs(attacker, owner.email, GOOD_PASSWORD)).status, 401, "for everyone else");
  assert.is((await signInAs(from(app), owner.email, GOOD_PASSWORD)).status, 401, "a new browser too");

  const step = await signInAs(mine, owner.email, GOOD_PASSWORD);
  assert.is(step.location, "/sign-in/second-factor", "the owner's own browser still gets in");
  const done = await mine.post("/sign-in/second-factor", { code: nextTotpCode(clock, owner.totpSecret) });
  assert.is(done.location, "/");
  assert.is((await signInAs(attacker, owner.email, GOOD_PASSWORD)).status, 303, "a completed sign-in lifts the lock");
});

ownBrowser("the own browser's guesses are bounded too", async () => {
  const { app, db, clock } = await createTestApp();
  const mine = from(app);
  const owner = await signedInOwner(mine, db, clock);
  await mine.get("/");
  await mine.post("/sign-out", {});
  for (let i = 0; i < 5; i++) await signInAs(from(app), owner.email, WRONG);
  for (let i = 0; i < 5; i++) assert.is((await signInAs(mine, owner.email, WRONG)).status, 401);
  assert.is((await signInAs(mine, owner.email, GOOD_PASSWORD)).status, 401, "five guesses from it are all it gets");
  void db;
});

ownBrowser.run();
