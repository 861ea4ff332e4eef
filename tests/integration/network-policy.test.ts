import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner, signInWithTotp } from "../support/practice-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { verifySealedChain } from "../support/audit-fixtures.ts";
import type { Db } from "../../db/database.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Member = Awaited<ReturnType<typeof addMember>>;

/** A member's own (approved) browser, signing in from the given address. */
async function memberFrom(t: TestApp, member: Member, address: string) {
  const client = new TestClient(t.app, TEST_BASE_URL, address);
  client.cookies.set("kartei_browser", member.browserToken);
  const done = await signInWithTotp(client, t.clock, member.email, member.password, member.totpSecret);
  return { client, done };
}

async function ownerAt(t: TestApp, address: string) {
  const client = new TestClient(t.app, TEST_BASE_URL, address);
  const owner = await signedInOwner(client, t.db, t.clock);
  return { client, owner };
}

async function actions(db: Db, practiceId: string, action: string) {
  return await db.selectFrom("audit_events").select(["actor_account_id", "details"])
    .where("practice_id", "=", practiceId).where("action", "=", action).execute();
}

const ipv4 = suite("the practice network: IPv4");

ipv4(
  "a sign-in from the practice's line gets in; from elsewhere it is refused with a clear message and audited",
  async () => {
    const t = await createTestApp();
    const { client, owner } = await ownerAt(t, "203.0.113.5");
    const saved = await client.post("/practice/access", { allowed_networks: "203.0.113.0/24\n198.51.100.16/28" });
    assert.is(saved.status, 303);
    assert.is(saved.location, "/practice/access?saved=1");
    const page = await client.get("/practice/access");
    assert.ok(page.html.includes("203.0.113.0/24\n198.51.100.16/28"), "the list as saved");
    assert.equal((await actions(t.db, owner.practiceId, "practice.access_policy_changed")).length, 1);

    const member = await addMember(t.db, t.masterKey, owner.practiceId, "practitioner");
    const inside = await memberFrom(t, member, "198.51.100.20");
    assert.is(inside.done.status, 303);
    assert.is((await inside.client.get("/")).status, 200);

    const outside = await memberFrom(t, member, "192.0.2.44");
    assert.is(outside.done.status, 403, "refused right after the second factor");
    assert.ok(outside.done.html.includes("Die Anmeldung aus diesem Netz ist für diese Praxis nicht erlaubt."));
    assert.is(outside.client.sessionToken(), undefined, "the session is gone");
    assert.is((await outside.client.get("/")).location, "/sign-in");
    const refused = await actions(t.db, owner.practiceId, "sign_in.network_refused");
    assert.is(refused.length, 1);
    assert.is(refused[0].actor_account_id, member.accountId);
    assert.equal(refused[0].details, { address: "192.0.2.44" });
    assert.equal((await verifySealedChain(t.db, owner.practiceId)).intact, true);
  },
);

ipv4("a running session from a new address is refused at once", async () => {
  const t = await createTestApp();
  const { client, owner } = await ownerAt(t, "203.0.113.5");
  await client.post("/practice/access", { allowed_networks: "203.0.113.0/24" });
  const member = await addMember(t.db, t.masterKey, owner.practiceId, "front_desk");
  const { client: office } = await memberFrom(t, member, "203.0.113.80");
  assert.is((await office.get("/")).status, 200);

  // The same browser (its cookies) now comes from a café.
  const cafe = new TestClient(t.app, TEST_BASE_URL, "192.0.2.99");
  for (const [name, value] of office.cookies) cafe.cookies.set(name, value);
  const moved = await cafe.get("/team");
  assert.is(moved.status, 403);
  assert.ok(moved.html.includes("nicht erlaubt"));
  assert.is((await office.get("/")).location, "/sign-in", "the session has ended, wherever it comes from next");
  const events = await actions(t.db, owner.practiceId, "session.network_refused");
  assert.equal(events.map((e) => e.details), [{ address: "192.0.2.99" }]);
});

ipv4("an IPv4-mapped IPv6 address counts as its IPv4 address", async () => {
  const t = await createTestApp();
  const { client, owner } = await ownerAt(t, "203.0.113.5");
  await client.post("/practice/access", { allowed_networks: "203.0.113.0/24" });
  const member = await addMember(t.db, t.masterKey, owner.practiceId, "billing");
  assert.is((await (await memberFrom(t, member, "::ffff:203.0.113.9")).client.get("/")).status, 200);
  assert.is((await memberFrom(t, member, "::ffff:192.0.2.9")).done.status, 403);
});

ipv4.run();

const ipv6 = suite("the practice network: IPv6");

ipv6("a /48 lets its addresses in and refuses the neighbour prefix", async () => {
  const t = await createTestApp();
  const { client, owner } = await ownerAt(t, "2001:db8:12:1::5");
  const saved = await client.post("/practice/access", { allowed_networks: "2001:DB8:12::/48" });
  assert.is(saved.status, 303);
  const practice = await t.db.selectFrom("practices").select("allowed_networks").where("id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.equal(practice.allowed_networks, ["2001:db8:12::/48"], "stored in its canonical form");

  const member = await addMember(t.db, t.masterKey, owner.practiceId, "practitioner");
  assert.is((await (await memberFrom(t, member, "2001:db8:12:ffff::1")).client.get("/")).status, 200);
  const outside = await memberFrom(t, member, "2001:db8:13::1");
  assert.is(outside.done.status, 403);
  assert.equal((await actions(t.db, owner.practiceId, "sign_in.network_refused")).map((e) => e.details), [
    { address: "2001:db8:13::1" },
  ]);
  assert.is((await memberFrom(t, member, "203.0.113.5")).done.status, 403, "IPv4 is not in an IPv6 network");
});

ipv6.run();

const exceptions = suite("the practice network: exceptions and the owner's settings");

exceptions("a member with an exception signs in from anywhere; the exception is the owner's, audited", async () => {
  const t = await createTestApp();
  const { client, owner } = await ownerAt(t, "203.0.113.5");
  await client.post("/practice/access", { allowed_networks: "203.0.113.5" });
  const member = await addMember(t.db, t.masterKey, owner.practiceId, "practitioner", { name: "Ina Unterwegs" });
  assert.is((await memberFrom(t, member, "192.0.2.1")).done.status, 403);

  const page = await client.get("/practice/access");
  assert.ok(page.html.includes("Ina Unterwegs"));
  const set = await client.post(`/practice/access/members/${member.membershipId}`, { network_exception: "yes" });
  assert.is(set.status, 303);
  const { client: away } = await memberFrom(t, member, "192.0.2.1");
  assert.is((await away.get("/")).status, 200);
  const changed = await actions(t.db, owner.practiceId, "membership.access_changed");
  assert.equal(changed.map((e) => e.details), [{ networkException: true, approvesBrowsers: false }]);

  assert.is((await away.get("/practice/access")).status, 403, "the policy is the owner's");
  assert.is((await away.post(`/practice/access/members/${member.membershipId}`, {})).status, 403);
  const other = await ownerAt(t, "198.51.100.1");
  assert.is(
    (await other.client.post(`/practice/access/members/${member.membershipId}`, { network_exception: "yes" })).status,
    404,
    "another practice's member answers 404",
  );
  assert.is((await other.client.post("/practice/access/members/not-a-uuid", {})).status, 404);
});

exceptions("malformed networks are refused beside the field, and nothing is written", async () => {
  const t = await createTestApp();
  const { client, owner } = await ownerAt(t, "203.0.113.5");
  const before = await t.db.selectFrom("audit_events").select((eb) => eb.fn.countAll().as("n"))
    .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow();
  const cases: [string, string][] = [
    [
      "203.0.113.0/24\n10.0.0.300/8",
      "Zeile 2: „10.0.0.300/8“ ist keine gültige IPv4- oder IPv6-Adresse bzw. kein gültiges Netz.",
    ],
    ["203.0.113.0/33", "Zeile 1: „203.0.113.0/33“ hat keine gültige Präfixlänge (IPv4: 0 bis 32, IPv6: 0 bis 128)."],
    ["2001:db8::/129", "Zeile 1: „2001:db8::/129“ hat keine gültige Präfixlänge (IPv4: 0 bis 32, IPv6: 0 bis 128)."],
    ["203.0.113.5/24", "Zeile 1: „203.0.113.5/24“ ist keine Netzadresse. Gemeint ist wohl 203.0.113.0/24."],
    [
      "<script>alert(1)</script>",
      "Zeile 1: „&lt;script&gt;alert(1)&lt;/script&gt;“ ist keine gültige IPv4- oder IPv6-Adresse bzw. kein gültiges Netz.",
    ],
    ["1::2::3", "Zeile 1: „1::2::3“ ist keine gültige IPv4- oder IPv6-Adresse bzw. kein gültiges Netz."],
    [
      "192.0.2.0/24",
      "Ihre Adresse 203.0.113.5 liegt in keinem dieser Netze: Sie würden sich selbst aussperren. Nehmen Sie Ihr Netz auf oder geben Sie sich zuerst unten eine Ausnahme.",
    ],
  ];
  for (const [typed, message] of cases) {
    const page = await client.post("/practice/access", { allowed_networks: typed });
    assert.is(page.status, 422, typed);
    assert.is(fieldError(page.html, "allowed_networks"), message, typed);
  }
  const after = await t.db.selectFrom("audit_events").select((eb) => eb.fn.countAll().as("n"))
    .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow();
  assert.is(Number(after.n), Number(before.n), "nothing audited, nothing saved");
  const practice = await t.db.selectFrom("practices").select("allowed_networks").where("id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.equal(practice.allowed_networks, []);
  assert.is((await client.post("/practice/access", { allowed_networks: "" })).status, 303, "empty: anywhere");
});

exceptions("changing the policy needs a fresh second factor", async () => {
  const t = await createTestApp();
  const { client } = await ownerAt(t, "203.0.113.5");
  t.clock.advance(11 * 60_000);
  const page = await client.post("/practice/access", { allowed_networks: "203.0.113.0/24" }, {
    Referer: `${TEST_BASE_URL}/practice/access`,
  });
  assert.is(page.status, 303);
  assert.ok(page.location?.startsWith("/step-up"));
});

exceptions.run();
