// A sign-in with a security key meets the practice's admission as a typed code does: refused
// from outside the allowed networks with the same message, held or refused browsers on the
// same pages.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { SoftwareAuthenticator } from "../support/software-authenticator.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const NETWORK_REFUSED = "Die Anmeldung aus diesem Netz ist für diese Praxis nicht erlaubt.";
const BROWSER_REFUSED = "Dieser Browser wurde für diese Praxis abgelehnt oder gesperrt.";

async function postJson(client: TestClient, path: string, body: unknown) {
  if (!client.csrfToken()) await client.get("/sign-in");
  const page = await client.send(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: TEST_BASE_URL, "X-CSRF-Token": client.csrfToken()! },
    body: JSON.stringify(body),
  });
  return { status: page.status, body: JSON.parse(page.html) };
}

/** A practitioner who added a security key (from their approved browser, inside the practice). */
async function memberWithKey(t: TestApp, ownerAddress = "203.0.113.5") {
  const owner = await signedInOwner(new TestClient(t.app, TEST_BASE_URL, ownerAddress), t.db, t.clock);
  const member = await addMember(t.db, t.masterKey, owner.practiceId, "practitioner");
  const client = await signedInMember(t.app, t.clock, member);
  const key = await SoftwareAuthenticator.create(TEST_BASE_URL);
  const options = await postJson(client, "/security/webauthn/registration-options", {});
  assert.is(options.status, 200);
  const added = await postJson(client, "/security/webauthn/registration", {
    name: "Schlüssel",
    response: await key.register(options.body),
  });
  assert.equal(added.body, { redirect: "/security?notice=factorAdded" });
  return { owner, member, key };
}

/** Password, then the key, from a browser at an address; answers the JSON of the key step. */
async function signInWithKey(
  client: TestClient,
  member: { email: string; password: string },
  key: SoftwareAuthenticator,
) {
  assert.is((await signInAs(client, member.email, member.password)).location, "/sign-in/second-factor");
  const options = await postJson(client, "/sign-in/webauthn/options", {});
  assert.is(options.status, 200);
  return await postJson(client, "/sign-in/webauthn", { response: await key.authenticate(options.body) });
}

const test = suite("a security key meets the practice's admission like a typed code");

test("from outside the allowed networks the key's sign-in ends on the network refusal", async () => {
  const t = await createTestApp();
  const { owner, member, key } = await memberWithKey(t);
  await t.db.updateTable("practices").set({ allowed_networks: ["203.0.113.0/24"] })
    .where("id", "=", owner.practiceId).execute();

  const inside = new TestClient(t.app, TEST_BASE_URL, "203.0.113.77");
  inside.cookies.set("kartei_browser", member.browserToken);
  assert.equal((await signInWithKey(inside, member, key)).body, { redirect: "/" });
  assert.is((await inside.get("/")).status, 200);

  const outside = new TestClient(t.app, TEST_BASE_URL, "192.0.2.44");
  outside.cookies.set("kartei_browser", member.browserToken);
  const refused = await signInWithKey(outside, member, key);
  assert.equal(refused, { status: 200, body: { redirect: "/sign-in/network-refused" } });
  assert.is(outside.sessionToken(), undefined, "the session is gone");
  const page = await outside.get("/sign-in/network-refused");
  assert.is(page.status, 403);
  assert.ok(page.html.includes(NETWORK_REFUSED), "the same message as after a typed code");
  assert.is((await outside.get("/")).location, "/sign-in");
  const events = await t.db.selectFrom("audit_events").select("details").where("practice_id", "=", owner.practiceId)
    .where("action", "=", "sign_in.network_refused").execute();
  assert.equal(events.map((event) => event.details), [{ address: "192.0.2.44" }], "audited once");
});

test("a new browser is held on the waiting page; a denied one is told so", async () => {
  const t = await createTestApp();
  const { member, key } = await memberWithKey(t);

  const stranger = new TestClient(t.app);
  assert.equal((await signInWithKey(stranger, member, key)).body, { redirect: "/" });
  assert.is((await stranger.get("/")).location, "/browser-approval", "held as after a typed code");
  const waiting = await stranger.get("/browser-approval");
  assert.is(waiting.status, 200);
  assert.ok(waiting.html.includes("Browser wartet auf Freigabe"));

  await t.db.updateTable("known_browsers").set({ status: "denied", decided_at: new Date() })
    .where("account_id", "=", member.accountId).where("status", "=", "pending").execute();
  const again = await signInWithKey(stranger, member, key);
  assert.equal(again.body, { redirect: "/browser-approval" });
  const refused = await stranger.get("/browser-approval");
  assert.is(refused.status, 403);
  assert.ok(refused.html.includes(BROWSER_REFUSED));
});

test.run();
