// Every member reaches the list of their own browsers from the security page.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { signedInOperator } from "../support/operator-fixtures.ts";

const test = suite("the security page leads to one's own browsers");

test("a practitioner finds the link on /security and sees their own browser there", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Petra Praxis" });
  const client = await signedInMember(app, clock, member);
  const security = await client.get("/security");
  assert.is(security.status, 200);
  assert.ok(security.html.includes('href="/practice/browsers"'));
  assert.ok(security.html.includes("Freigegebene Browser ansehen und widerrufen"));

  const browsers = await client.get("/practice/browsers");
  assert.is(browsers.status, 200);
  const ownId = (await db.selectFrom("known_browsers").select("id").where("account_id", "=", member.accountId)
    .executeTakeFirstOrThrow()).id;
  assert.ok(browsers.html.includes(`/practice/browsers/${ownId}/revoke`), "their own browser, revocable");
});

test("an operator, without a practice, gets no such link", async () => {
  const { app, db, clock } = await createTestApp();
  const operator = await signedInOperator(app, db, clock);
  const security = await operator.client.get("/security");
  assert.is(security.status, 200);
  assert.not.ok(security.html.includes('href="/practice/browsers"'));
});

test.run();
