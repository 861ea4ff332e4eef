import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { fourEyesActionNames, fourEyesRequired, registerFourEyesAction, requestApproval } from "../../db/four-eyes.ts";
import { appendAuditEvent } from "../../db/audit.ts";
import type { Db } from "../../db/database.ts";

// A stand-in for a feature's sensitive action: renames the practice, and records that it did.
registerFourEyesAction("rename_practice_for_test", async (trx, scope, payload, facts) => {
  await trx.updateTable("practices").set({ name: String(payload.name) }).where("id", "=", scope.practiceId).execute();
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action: "practice.renamed_for_test",
    actorAccountId: scope.accountId,
    requestId: facts.requestId,
    occurredAt: facts.now,
  });
});

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

async function practiceWithTwoOwners(t: TestApp) {
  const ownerClient = new TestClient(t.app);
  const owner = await signedInOwner(ownerClient, t.db, t.clock, { practice_name: "Praxis Vorher" });
  const coOwner = await addMember(t.db, t.masterKey, owner.practiceId, "owner");
  const coOwnerClient = await signedInMember(t.app, t.clock, coOwner);
  const saved = await ownerClient.post("/practice/access", {
    allowed_networks: "",
    browser_approval: "yes",
    four_eyes_rename_practice_for_test: "yes",
  });
  assert.is(saved.status, 303);
  return { owner, ownerClient, coOwner, coOwnerClient };
}

async function ask(t: TestApp, scope: { practiceId: string; accountId: string }, name = "Praxis Nachher") {
  return await t.db.transaction().execute((trx) =>
    requestApproval(trx, scope, {
      action: "rename_practice_for_test",
      payload: { name },
      reason: "Umbenennung nach Umzug",
    }, { requestId: null, now: t.clock.now() })
  );
}

async function practiceName(db: Db, practiceId: string) {
  return (await db.selectFrom("practices").select("name").where("id", "=", practiceId).executeTakeFirstOrThrow()).name;
}

async function actions(db: Db, practiceId: string) {
  return (await db.selectFrom("audit_events").select("action").where("practice_id", "=", practiceId)
    .where((eb) => eb.or([eb("action", "like", "four_eyes.%"), eb("action", "=", "practice.renamed_for_test")]))
    .orderBy("id").execute()).map((row) => row.action);
}

const fourEyes = suite("four eyes");

fourEyes("the owner chooses the actions that need four eyes", async () => {
  const t = await createTestApp();
  const { owner, ownerClient } = await practiceWithTwoOwners(t);
  assert.ok(fourEyesActionNames().includes("lock_practice"), "locking the whole practice is plugged in");
  assert.ok(await fourEyesRequired(t.db, owner.practiceId, "rename_practice_for_test"));
  assert.not.ok(await fourEyesRequired(t.db, owner.practiceId, "lock_practice"));
  const page = await ownerClient.get("/practice/access");
  assert.match(page.html, /name="four_eyes_rename_practice_for_test" value="yes" checked/);
  assert.ok(page.html.includes("Alle Zugänge der Praxis sperren"));
});

fourEyes("an action does nothing until a second person approves; the requester cannot approve it", async () => {
  const t = await createTestApp();
  const { owner, ownerClient, coOwner, coOwnerClient } = await practiceWithTwoOwners(t);
  const requestId = await ask(t, { practiceId: owner.practiceId, accountId: owner.accountId });
  assert.is(await practiceName(t.db, owner.practiceId), "Praxis Vorher", "nothing happened yet");

  const own = await ownerClient.post(`/practice/approvals/${requestId}/approve`, {});
  assert.is(own.location, "/practice/approvals?done=ownRequest");
  assert.is(await practiceName(t.db, owner.practiceId), "Praxis Vorher", "not by the requester");
  const ownList = await ownerClient.get("/practice/approvals");
  assert.not.ok(ownList.html.includes(`/practice/approvals/${requestId}/approve`), "no approve button for one's own");

  const list = await coOwnerClient.get("/practice/approvals");
  assert.ok(list.html.includes("Umbenennung nach Umzug"));
  assert.ok(list.html.includes(`/practice/approvals/${requestId}/approve`));
  const approved = await coOwnerClient.post(`/practice/approvals/${requestId}/approve`, {});
  assert.is(approved.location, "/practice/approvals?done=executed");
  assert.is(await practiceName(t.db, owner.practiceId), "Praxis Nachher");
  const request = await t.db.selectFrom("approval_requests").selectAll().where("id", "=", requestId)
    .executeTakeFirstOrThrow();
  assert.is(request.status, "executed");
  assert.is(request.decided_by, coOwner.accountId);
  assert.equal(request.payload, { name: "Praxis Nachher" });
  assert.equal(await actions(t.db, owner.practiceId), [
    "four_eyes.requested",
    "four_eyes.approved",
    "practice.renamed_for_test",
    "four_eyes.executed",
  ]);
  const renamed = await t.db.selectFrom("audit_events").select("actor_account_id")
    .where("practice_id", "=", owner.practiceId).where("action", "=", "practice.renamed_for_test")
    .executeTakeFirstOrThrow();
  assert.is(renamed.actor_account_id, owner.accountId, "done in the requester's name");
  assert.is((await coOwnerClient.post(`/practice/approvals/${requestId}/approve`, {})).status, 404, "once only");
});

fourEyes("a rejected request never takes effect; a requester can withdraw their own", async () => {
  const t = await createTestApp();
  const { owner, ownerClient, coOwnerClient } = await practiceWithTwoOwners(t);
  const rejectedId = await ask(t, { practiceId: owner.practiceId, accountId: owner.accountId });
  assert.is(
    (await coOwnerClient.post(`/practice/approvals/${rejectedId}/reject`, {})).location,
    "/practice/approvals?done=rejected",
  );
  assert.is((await coOwnerClient.post(`/practice/approvals/${rejectedId}/approve`, {})).status, 404);
  assert.is(await practiceName(t.db, owner.practiceId), "Praxis Vorher");

  const withdrawnId = await ask(t, { practiceId: owner.practiceId, accountId: owner.accountId });
  assert.is(
    (await coOwnerClient.post(`/practice/approvals/${withdrawnId}/withdraw`, {})).status,
    404,
    "only the requester",
  );
  assert.is(
    (await ownerClient.post(`/practice/approvals/${withdrawnId}/withdraw`, {})).location,
    "/practice/approvals?done=withdrawn",
  );
  assert.is((await coOwnerClient.post(`/practice/approvals/${withdrawnId}/approve`, {})).status, 404);
  assert.is(await practiceName(t.db, owner.practiceId), "Praxis Vorher");
  assert.equal(await actions(t.db, owner.practiceId), [
    "four_eyes.requested",
    "four_eyes.rejected",
    "four_eyes.requested",
    "four_eyes.withdrawn",
  ]);
});

fourEyes("only approvers decide: a plain member cannot, a designated one can; other practices answer 404", async () => {
  const t = await createTestApp();
  const { owner } = await practiceWithTwoOwners(t);
  const member = await addMember(t.db, t.masterKey, owner.practiceId, "practitioner");
  const memberClient = await signedInMember(t.app, t.clock, member);
  const requestId = await ask(t, { practiceId: owner.practiceId, accountId: owner.accountId });
  assert.not.ok((await memberClient.get("/practice/approvals")).html.includes(requestId));
  assert.is((await memberClient.post(`/practice/approvals/${requestId}/approve`, {})).status, 404);

  const signedOut = new TestClient(t.app);
  assert.is((await signedOut.post(`/practice/approvals/${requestId}/approve`, {})).location, "/sign-in");
  const other = new TestClient(t.app);
  await signedInOwner(other, t.db, t.clock);
  assert.is((await other.post(`/practice/approvals/${requestId}/approve`, {})).status, 404, "another practice's");
  assert.is((await other.post(`/practice/approvals/not-a-uuid/approve`, {})).status, 404);
  assert.is(await practiceName(t.db, owner.practiceId), "Praxis Vorher");

  await t.db.updateTable("memberships").set({ approves_browsers: true }).where("id", "=", member.membershipId)
    .execute();
  assert.is(
    (await memberClient.post(`/practice/approvals/${requestId}/approve`, {})).location,
    "/practice/approvals?done=executed",
  );
  assert.is(await practiceName(t.db, owner.practiceId), "Praxis Nachher");
});

fourEyes("locking the whole practice, once approved, locks every credential in the same transaction", async () => {
  const t = await createTestApp();
  const { owner, coOwner, coOwnerClient } = await practiceWithTwoOwners(t);
  const requestId = await t.db.transaction().execute((trx) =>
    requestApproval(trx, { practiceId: owner.practiceId, accountId: owner.accountId }, {
      action: "lock_practice",
      payload: {},
      reason: "Verdacht auf Einbruch",
    }, { requestId: null, now: t.clock.now() })
  );
  const activeFactors = async () =>
    (await t.db.selectFrom("second_factors").select("id").where("account_id", "in", [
      owner.accountId,
      coOwner.accountId,
    ])
      .where("status", "=", "active").execute()).length;
  assert.is(await activeFactors(), 2, "nothing locked yet");
  const approved = await coOwnerClient.post(`/practice/approvals/${requestId}/approve`, {});
  assert.is(approved.status, 303);
  assert.is(await activeFactors(), 0);
  const events = (await t.db.selectFrom("audit_events").select("action").where("practice_id", "=", owner.practiceId)
    .orderBy("id").execute()).map((row) => row.action);
  assert.ok(events.indexOf("four_eyes.approved") < events.indexOf("practice.credentials_locked"));
  assert.ok(events.includes("four_eyes.executed"));
});

fourEyes.run();
