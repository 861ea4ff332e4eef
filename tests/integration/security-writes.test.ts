// The security page's writes go through db functions that record their audit event in the
// same transaction: a change is never without its event, and a refused one writes neither.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { enrolTotp, GOOD_PASSWORD, nextTotpCode, signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import type { Db } from "../../db/database.ts";

async function eventsOf(db: Db, accountId: string, action: string) {
  return await db.selectFrom("audit_events").select("details").where("actor_account_id", "=", accountId)
    .where("action", "=", action).execute();
}

const writes = suite("security writes and their audit events");

writes("a second authenticator app keeps the name typed with its first code, recorded as added", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const { factorId } = await enrolTotp(client, clock, "Tablet im Behandlungsraum");
  const factor = await db.selectFrom("second_factors").select(["name", "status", "account_id"])
    .where("id", "=", factorId).executeTakeFirstOrThrow();
  assert.equal(factor, { name: "Tablet im Behandlungsraum", status: "active", account_id: owner.accountId });
  const added = await eventsOf(db, owner.accountId, "factor.added");
  assert.ok(added.some((event) => (event.details as { factorId?: string }).factorId === factorId));
});

writes("ending one's other session writes one event; an unknown session is 404 and writes none", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const laptop = new TestClient(app);
  await signInAs(laptop, owner.email, GOOD_PASSWORD);
  await laptop.post("/sign-in/second-factor", { code: nextTotpCode(clock, owner.totpSecret) });
  const page = await client.get("/security");
  const sessionId = page.html.match(/action="\/security\/sessions\/([0-9a-f-]{36})\/end"/)![1];
  assert.is((await client.post(`/security/sessions/${sessionId}/end`, {})).status, 303);
  assert.is((await client.post(`/security/sessions/${sessionId}/end`, {})).status, 404);
  assert.equal((await eventsOf(db, owner.accountId, "session.ended")).map((e) => e.details), [{ sessionId }]);
});

writes("new recovery codes replace the old set, with one event each time", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const before = (await eventsOf(db, owner.accountId, "recovery_codes.generated")).length;
  for (let round = 0; round < 2; round++) {
    const page = await client.post("/security/recovery-codes", {});
    assert.is(page.status, 200);
  }
  const codes = await db.selectFrom("recovery_codes").select("id").where("account_id", "=", owner.accountId).execute();
  assert.is(codes.length, 10);
  assert.is((await eventsOf(db, owner.accountId, "recovery_codes.generated")).length, before + 2);
});

writes.run();
