import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner, signInWithTotp } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import type { Db } from "../../db/database.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A sign-in from a browser the person has never used: no identifier cookie yet. */
async function newBrowser(t: TestApp, person: { email: string; password: string; totpSecret: Uint8Array }) {
  const client = new TestClient(t.app);
  const done = await signInWithTotp(client, t.clock, person.email, person.password, person.totpSecret);
  assert.is(done.status, 303);
  return client;
}

async function browsersOf(db: Db, accountId: string) {
  return await db.selectFrom("known_browsers").select(["id", "status", "browser_hash", "description"])
    .where("account_id", "=", accountId).orderBy("first_seen_at").execute();
}

async function auditActions(db: Db, practiceId: string) {
  return (await db.selectFrom("audit_events").select("action").where("practice_id", "=", practiceId)
    .orderBy("id").execute()).map((row) => row.action);
}

const held = suite("browser approval: a new browser is held");

held(
  "a member's new browser waits after the second factor until the owner approves it from the emailed link",
  async () => {
    const t = await createTestApp();
    const ownerClient = new TestClient(t.app);
    const owner = await signedInOwner(ownerClient, t.db, t.clock);
    const member = await addMember(t.db, t.masterKey, owner.practiceId, "practitioner", { name: "Tom Neu" });

    const client = await newBrowser(t, member);
    const cookie = client.cookies.get("kartei_browser");
    assert.ok(cookie && /^[a-z2-7]{52}$/.test(cookie), "a random identifier in a cookie");
    const home = await client.get("/");
    assert.is(home.status, 303);
    assert.is(home.location, "/browser-approval");
    assert.is((await client.get("/team")).location, "/browser-approval", "no practice page at all");
    const waiting = await client.get("/browser-approval");
    assert.is(waiting.status, 200);
    assert.ok(waiting.html.includes("Browser wartet auf Freigabe"));
    assert.is(waiting.headers.get("Refresh"), "15", "reloads itself without JavaScript");
    assert.ok(waiting.html.includes('hx-get="/browser-approval/status"'));
    assert.is((await client.get("/browser-approval/status", { "HX-Request": "true" })).status, 204);

    const stored = await browsersOf(t.db, member.accountId);
    const pending = stored.find((b) => b.status === "pending")!;
    assert.ok(pending, "stored as pending");
    assert.is.not(pending.browser_hash, cookie, "stored only as a hash");
    const mail = await t.db.selectFrom("outgoing_mails").select(["subject", "body"]).where(
      "recipient",
      "=",
      owner.email,
    )
      .orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    assert.ok(mail.subject.includes("Neuer Browser"));
    assert.ok(mail.body.includes("Tom Neu"));
    const link = mail.body.match(/http:\/\/kartei\.test(\/practice\/browsers\/[0-9a-f-]{36})/)![1];
    assert.is(link, `/practice/browsers/${pending.id}`);

    const signedOut = new TestClient(t.app);
    assert.is((await signedOut.get(link)).location, "/sign-in", "the link needs the approver's sign-in");
    assert.is((await client.post(`${link}/approve`, {})).location, "/browser-approval", "not by the waiting browser");

    const request = await ownerClient.get(link);
    assert.is(request.status, 200);
    assert.ok(request.html.includes("Tom Neu"));
    const approved = await ownerClient.post(`${link}/approve`, {});
    assert.is(approved.status, 303);
    assert.is(approved.location, "/practice/browsers?done=approve");

    const poll = await client.get("/browser-approval/status", { "HX-Request": "true" });
    assert.is(poll.headers.get("HX-Redirect"), "/");
    assert.is((await client.get("/")).status, 200, "in, in the same session");
    const list = await ownerClient.get("/practice/browsers");
    assert.ok(list.html.includes("freigegeben"));
    const actions = await auditActions(t.db, owner.practiceId);
    assert.ok(actions.includes("browser.approval_requested"));
    assert.ok(actions.includes("browser.approved"));
  },
);

held("a denied browser gets nothing, and a revoked one loses access at once", async () => {
  const t = await createTestApp();
  const ownerClient = new TestClient(t.app);
  const owner = await signedInOwner(ownerClient, t.db, t.clock);
  const member = await addMember(t.db, t.masterKey, owner.practiceId, "front_desk");

  const denied = await newBrowser(t, member);
  await denied.get("/");
  const [first] = (await browsersOf(t.db, member.accountId)).filter((b) => b.status === "pending");
  assert.is((await ownerClient.post(`/practice/browsers/${first.id}/deny`, {})).status, 303);
  const refused = await denied.get("/");
  assert.is(refused.status, 403);
  assert.ok(refused.html.includes("Browser nicht freigegeben"));
  assert.is((await denied.get("/browser-approval")).status, 403);
  const again = await newBrowser(t, member);
  again.cookies.set("kartei_browser", denied.cookies.get("kartei_browser")!);
  assert.is((await again.get("/")).status, 403, "signing in again with the denied browser changes nothing");

  // The member's own, approved browser, in use, then revoked by the owner.
  const working = await signedInMember(t.app, t.clock, member);
  assert.is((await working.get("/team")).status, 200);
  const approved = (await browsersOf(t.db, member.accountId)).find((b) => b.status === "approved")!;
  assert.is((await ownerClient.post(`/practice/browsers/${approved.id}/revoke`, {})).status, 303);
  assert.is((await working.get("/team")).status, 403, "the very next request is refused");
  assert.is(
    (await ownerClient.post(`/practice/browsers/${approved.id}/approve`, {})).status,
    404,
    "revoked stays revoked",
  );
  const actions = await auditActions(t.db, owner.practiceId);
  assert.ok(actions.includes("browser.denied") && actions.includes("browser.revoked"));
});

held(
  "nobody decides their own browser; a member without the right cannot decide others'; other practices answer 404",
  async () => {
    const t = await createTestApp();
    const ownerClient = new TestClient(t.app);
    const owner = await signedInOwner(ownerClient, t.db, t.clock);
    const colleague = await addMember(t.db, t.masterKey, owner.practiceId, "practitioner");
    const newcomer = await addMember(t.db, t.masterKey, owner.practiceId, "front_desk");
    const colleagueClient = await signedInMember(t.app, t.clock, colleague);
    await (await newBrowser(t, newcomer)).get("/");
    const pending = (await browsersOf(t.db, newcomer.accountId)).find((b) => b.status === "pending")!;

    const list = await colleagueClient.get("/practice/browsers");
    assert.is(list.status, 200);
    assert.not.ok(list.html.includes(pending.id), "only their own browsers");
    assert.is((await colleagueClient.post(`/practice/browsers/${pending.id}/approve`, {})).status, 404);
    assert.is((await colleagueClient.get(`/practice/browsers/${pending.id}`)).status, 404);

    // Designated to approve: now they may decide a member's browser.
    await t.db.updateTable("memberships").set({ approves_browsers: true }).where("id", "=", colleague.membershipId)
      .execute();
    assert.is((await colleagueClient.post(`/practice/browsers/${pending.id}/approve`, {})).status, 303);

    const other = await signedInOwner(new TestClient(t.app), t.db, t.clock);
    const stranger = await addMember(t.db, t.masterKey, other.practiceId, "practitioner");
    await (await newBrowser(t, stranger)).get("/");
    const foreign = (await browsersOf(t.db, stranger.accountId)).find((b) => b.status === "pending")!;
    assert.is((await ownerClient.post(`/practice/browsers/${foreign.id}/approve`, {})).status, 404);
    assert.is((await ownerClient.get(`/practice/browsers/${foreign.id}`)).status, 404);
    assert.is((await ownerClient.post(`/practice/browsers/not-a-uuid/approve`, {})).status, 404);
    assert.is((await browsersOf(t.db, stranger.accountId)).find((b) => b.id === foreign.id)!.status, "pending");

    // Anyone may revoke their own browser (a lost laptop), but not approve it.
    const own = (await browsersOf(t.db, colleague.accountId)).find((b) => b.status === "approved")!;
    assert.is((await colleagueClient.post(`/practice/browsers/${own.id}/revoke`, {})).status, 303);
    assert.is((await colleagueClient.get("/")).status, 403);
  },
);

held("with browser approval switched off, a new browser passes", async () => {
  const t = await createTestApp();
  const ownerClient = new TestClient(t.app);
  const owner = await signedInOwner(ownerClient, t.db, t.clock);
  assert.is((await ownerClient.post("/practice/access", { allowed_networks: "" })).status, 303, "the box unticked");
  const practice = await t.db.selectFrom("practices").select("browser_approval").where("id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.is(practice.browser_approval, false);
  const member = await addMember(t.db, t.masterKey, owner.practiceId, "billing");
  assert.is((await (await newBrowser(t, member)).get("/")).status, 200);
  assert.is((await ownerClient.post("/practice/access", { browser_approval: "yes" })).status, 303);
  assert.is((await (await newBrowser(t, member)).get("/")).location, "/browser-approval", "on again");
});

held.run();

const owners = suite("browser approval: owners' browsers");

owners("the practice's first owner browser is approved implicitly, and so is a sole owner's next one", async () => {
  const t = await createTestApp();
  const ownerClient = new TestClient(t.app);
  const owner = await signedInOwner(ownerClient, t.db, t.clock);
  assert.is((await ownerClient.get("/")).status, 200, "registration and first sign-in are not locked out");
  const second = await newBrowser(t, owner);
  assert.is((await second.get("/")).status, 200, "no other owner could approve it");
  const stored = await browsersOf(t.db, owner.accountId);
  assert.equal(stored.map((b) => b.status), ["approved", "approved"]);
  const actions = await auditActions(t.db, owner.practiceId);
  assert.is(actions.filter((a) => a === "browser.approved_implicitly").length, 2);
});

owners(
  "with a second owner, an owner's new browser waits for the other owner, not for a designated member",
  async () => {
    const t = await createTestApp();
    const ownerClient = new TestClient(t.app);
    const owner = await signedInOwner(ownerClient, t.db, t.clock);
    const coOwner = await addMember(t.db, t.masterKey, owner.practiceId, "owner");
    const approver = await addMember(t.db, t.masterKey, owner.practiceId, "front_desk");
    await t.db.updateTable("memberships").set({ approves_browsers: true }).where("id", "=", approver.membershipId)
      .execute();
    const coOwnerClient = await signedInMember(t.app, t.clock, coOwner);
    const approverClient = await signedInMember(t.app, t.clock, approver);

    const laptop = await newBrowser(t, owner);
    assert.is((await laptop.get("/")).location, "/browser-approval");
    const pending = (await browsersOf(t.db, owner.accountId)).find((b) => b.status === "pending")!;
    assert.is((await ownerClient.post(`/practice/browsers/${pending.id}/approve`, {})).status, 404, "not their own");
    assert.is(
      (await approverClient.post(`/practice/browsers/${pending.id}/approve`, {})).status,
      404,
      "owners' are owners'",
    );
    const mails = await t.db.selectFrom("outgoing_mails").select("recipient").where("subject", "like", "%Browser%")
      .execute();
    assert.ok(mails.some((m) => m.recipient === coOwner.email));
    assert.not.ok(mails.some((m) => m.recipient === approver.email));
    assert.is((await coOwnerClient.post(`/practice/browsers/${pending.id}/approve`, {})).status, 303);
    assert.is((await laptop.get("/")).status, 200);
  },
);

owners.run();
