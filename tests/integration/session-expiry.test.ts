// A session that ends by idle time or by its absolute lifetime leaves an audit event, written
// once, in the chain of each of the person's practices.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { verifySealedChain } from "../support/audit-fixtures.ts";
import type { Db } from "../../db/database.ts";

async function expiries(db: Db, accountId: string) {
  return await db.selectFrom("audit_events").select(["practice_id", "actor_account_id", "details"])
    .where("action", "=", "session.expired").where("subject_id", "=", accountId).orderBy("id").execute();
}

const test = suite("the end of a session by timeout is audited");

test("an idle session's end is recorded once; an active one records nothing", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const account = { id: owner.accountId };

  clock.advance(29 * 60_000);
  assert.is((await client.get("/")).status, 200);
  assert.equal(await expiries(db, account.id), [], "nothing while the session lives");

  clock.advance(30 * 60_000);
  // The same browser asks twice at once: the session is deleted, and recorded, only once.
  const [first, second] = await Promise.all([client.get("/"), client.get("/")]);
  assert.is(first.location, "/sign-in");
  assert.is(second.location, "/sign-in");
  assert.is((await client.get("/")).location, "/sign-in");
  const events = await expiries(db, account.id);
  assert.equal(events.map((event) => event.details), [{ reason: "idle" }]);
  assert.is(events[0].practice_id, owner.practiceId, "in the practice's chain");
  assert.is(events[0].actor_account_id, account.id);
  assert.ok((await verifySealedChain(db, owner.practiceId)).intact);
});

test("a session past its absolute lifetime is recorded as such", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const account = { id: owner.accountId };
  for (let minutes = 0; minutes < 12 * 60; minutes += 20) {
    clock.advance(20 * 60_000);
    await client.get("/");
  }
  assert.is((await client.get("/")).location, "/sign-in");
  assert.equal((await expiries(db, account.id)).map((event) => event.details), [{ reason: "absolute" }]);
});

test.run();
