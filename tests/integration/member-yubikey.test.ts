import { suite } from "uvu";
import * as assert from "uvu/assert";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { createYubikeyEmulator } from "../support/yubikey-emulator.ts";
import type { Db } from "../../db/database.ts";

async function practiceWithMember() {
  const setup = await createTestApp();
  const { app, db, clock, masterKey } = setup;
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Lea Mitglied" });
  return { ...setup, owner, ownerClient, member };
}

async function yubikeysOf(db: Db, accountId: string) {
  return await db.selectFrom("second_factors").selectAll().where("account_id", "=", accountId)
    .where("kind", "=", "yubico_otp").execute();
}

async function importEvents(db: Db, practiceId: string) {
  return await db.selectFrom("audit_events").select(["subject_id", "details", "actor_account_id"])
    .where("practice_id", "=", practiceId).where("action", "=", "member.yubikey_imported").execute();
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((byte, j) => haystack[i + j] === byte)) return true;
  }
  return false;
}

/** The member's browser, signed in with the password and waiting for the second factor. */
async function memberAtSecondFactor(app: ConstructorParameters<typeof TestClient>[0], member: {
  email: string;
  password: string;
  browserToken: string;
}) {
  const client = new TestClient(app);
  client.cookies.set("kartei_browser", member.browserToken);
  const first = await signInAs(client, member.email, member.password);
  assert.is(first.location, "/sign-in/second-factor");
  return client;
}

const imports = suite("the owner sets up a programmed YubiKey for a member");

imports("the owner imports the CSV line; the member signs in with the key, and a replayed OTP is refused", async () => {
  const { app, db, owner, ownerClient, member } = await practiceWithMember();
  const memberPage = await ownerClient.get(`/team/members/${member.membershipId}`);
  assert.ok(memberPage.html.includes(`/team/members/${member.membershipId}/yubikey`), "the member page links to it");
  const form = await ownerClient.get(`/team/members/${member.membershipId}/yubikey`);
  assert.is(form.status, 200);
  assert.ok(form.html.includes("Lea Mitglied"));

  const key = createYubikeyEmulator();
  const imported = await ownerClient.post(`/team/members/${member.membershipId}/yubikey`, {
    name: "Praxisschlüssel",
    csv: key.personalizationCsvLine("traditional"),
    otp: key.press(),
    reason: "Schlüssel von der KV ausgegeben",
  });
  assert.is(imported.status, 303, `import answered ${imported.status}: ${fieldError(imported.html, "otp")}`);
  assert.is(imported.location, `/team/members/${member.membershipId}/yubikey?notice=imported`);
  assert.ok((await ownerClient.get(imported.location!)).html.includes("eingerichtet"));

  const [stored] = await yubikeysOf(db, member.accountId);
  assert.is(stored.status, "active");
  assert.is(stored.name, "Praxisschlüssel");
  assert.is(stored.yubico_public_id, key.publicId);
  assert.is(stored.yubico_usage_counter, 1, "the counters come from the OTP");
  assert.is(stored.yubico_session_counter, 0);
  assert.not.ok(containsBytes(stored.secret!, key.aesKey), "the AES secret is stored sealed");

  const [event] = await importEvents(db, owner.practiceId);
  assert.is(event.subject_id, member.membershipId);
  assert.is(event.actor_account_id, owner.accountId);
  assert.is(event.details.factorId, stored.id);
  assert.is(event.details.reason, "Schlüssel von der KV ausgegeben");
  assert.not.ok(JSON.stringify(event.details).includes(encodeHexLowerCase(key.aesKey)));
  const mail = await db.selectFrom("outgoing_mails").select(["subject", "body"]).where("recipient", "=", member.email)
    .orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.is(mail.subject, "Ein YubiKey wurde für Sie eingerichtet", "in the member's language (German)");
  assert.ok(mail.body.includes("Praxisschlüssel"));

  const memberClient = await memberAtSecondFactor(app, member);
  const otp = key.press();
  const signedIn = await memberClient.post("/sign-in/second-factor", { code: otp });
  assert.is(signedIn.status, 303);
  assert.is((await memberClient.get("/")).status, 200, "the member is in with the imported key");

  const thief = await memberAtSecondFactor(app, member);
  assert.is((await thief.post("/sign-in/second-factor", { code: otp })).status, 422, "a replayed OTP is refused");
  assert.is((await thief.post("/sign-in/second-factor", { code: key.press() })).status, 303, "the next touch works");
});

imports("the three values entered by hand; a member whose language is English is told in English", async () => {
  const { db, ownerClient, member } = await practiceWithMember();
  await db.updateTable("accounts").set({ language: "en" }).where("id", "=", member.accountId).execute();
  const key = createYubikeyEmulator();
  const imported = await ownerClient.post(`/team/members/${member.membershipId}/yubikey`, {
    name: "Key",
    public_id: key.publicId,
    private_id: encodeHexLowerCase(key.privateId),
    aes_key: encodeHexLowerCase(key.aesKey).toUpperCase(),
    otp: key.press(),
    reason: "Handed out",
  });
  assert.is(imported.status, 303);
  assert.is((await yubikeysOf(db, member.accountId))[0].status, "active");
  const mail = await db.selectFrom("outgoing_mails").select("subject").where("recipient", "=", member.email)
    .orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.is(mail.subject, "A YubiKey has been set up for you");
});

imports.run();

const refusals = suite("what the owner's key import refuses");

refusals("a wrong OTP answers 422 beside the field, stores nothing, and the AES secret is not echoed", async () => {
  const { db, owner, ownerClient, member } = await practiceWithMember();
  const key = createYubikeyEmulator();
  const aesHex = encodeHexLowerCase(key.aesKey);
  const ways: Record<string, string>[] = [
    { csv: key.personalizationCsvLine("yubico") },
    { public_id: key.publicId, private_id: encodeHexLowerCase(key.privateId), aes_key: aesHex },
  ];
  for (const fields of ways) {
    const refused = await ownerClient.post(`/team/members/${member.membershipId}/yubikey`, {
      name: "Schlüssel",
      ...fields,
      otp: createYubikeyEmulator().press(),
      reason: "Ausgabe",
    });
    assert.is(refused.status, 422);
    assert.ok(fieldError(refused.html, "otp"));
    assert.not.ok(refused.html.includes(aesHex), "the AES secret is not echoed back");
  }
  assert.is((await yubikeysOf(db, member.accountId)).length, 0, "nothing stored, not even a pending key");
  assert.is((await importEvents(db, owner.practiceId)).length, 0);
  const mails = await db.selectFrom("outgoing_mails").select("id").where("recipient", "=", member.email).execute();
  assert.is(mails.length, 0);
});

refusals("a reason is required; malformed key data are refused beside their fields", async () => {
  const { db, ownerClient, member } = await practiceWithMember();
  const key = createYubikeyEmulator();
  const path = `/team/members/${member.membershipId}/yubikey`;
  const noReason = await ownerClient.post(path, {
    name: "Schlüssel",
    csv: key.personalizationCsvLine(),
    otp: key.press(),
    reason: "  ",
  });
  assert.is(noReason.status, 422);
  assert.ok(fieldError(noReason.html, "yubikey-reason"));
  assert.not.ok(noReason.html.includes(encodeHexLowerCase(key.aesKey)), "not even inside the CSV line");
  const badCsv = await ownerClient.post(path, { name: "x", csv: "OATH-HOTP,nonsense", otp: key.press(), reason: "x" });
  assert.is(badCsv.status, 422);
  assert.ok(fieldError(badCsv.html, "csv"));
  const badFields = await ownerClient.post(path, {
    name: "x",
    public_id: "xyz",
    private_id: "12",
    aes_key: "zz",
    otp: key.press(),
    reason: "x",
  });
  assert.is(badFields.status, 422);
  for (const field of ["public_id", "private_id", "aes_key"]) assert.ok(fieldError(badFields.html, field), field);
  assert.is((await yubikeysOf(db, member.accountId)).length, 0);
});

refusals("a public id already in use answers 422 beside the field", async () => {
  const { db, masterKey, owner, ownerClient, member } = await practiceWithMember();
  const key = createYubikeyEmulator();
  const path = `/team/members/${member.membershipId}/yubikey`;
  const fields = { name: "Schlüssel", csv: key.personalizationCsvLine(), reason: "Ausgabe" };
  assert.is((await ownerClient.post(path, { ...fields, otp: key.press() })).status, 303);

  const colleague = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const taken = await ownerClient.post(`/team/members/${colleague.membershipId}/yubikey`, {
    ...fields,
    otp: key.press(),
  });
  assert.is(taken.status, 422);
  assert.ok(fieldError(taken.html, "public_id").includes("bereits"));
  const again = await ownerClient.post(path, { ...fields, otp: key.press() });
  assert.is(again.status, 422, "not twice for the same member either");
  assert.is((await yubikeysOf(db, colleague.accountId)).length, 0);
  assert.is((await yubikeysOf(db, member.accountId)).length, 1);
});

refusals("another practice's membership answers 404 and changes nothing", async () => {
  const { app, db, clock, masterKey, ownerClient } = await practiceWithMember();
  const other = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Fremde Praxis" });
  const stranger = await addMember(db, masterKey, other.practiceId, "practitioner");
  const key = createYubikeyEmulator();
  const path = `/team/members/${stranger.membershipId}/yubikey`;
  assert.is((await ownerClient.get(path)).status, 404);
  const refused = await ownerClient.post(path, {
    name: "x",
    csv: key.personalizationCsvLine(),
    otp: key.press(),
    reason: "Übergriff",
  });
  assert.is(refused.status, 404);
  assert.is((await ownerClient.get("/team/members/not-a-uuid/yubikey")).status, 404);
  assert.is((await yubikeysOf(db, stranger.accountId)).length, 0);
  assert.is((await importEvents(db, other.practiceId)).length, 0);
});

refusals(
  "front desk may not import keys (403); the owner's own membership and a stale factor are refused",
  async () => {
    const { app, db, clock, masterKey, owner, ownerClient, member } = await practiceWithMember();
    const desk = await addMember(db, masterKey, owner.practiceId, "front_desk");
    const deskClient = await signedInMember(app, clock, desk);
    const key = createYubikeyEmulator();
    const fields = { name: "x", csv: key.personalizationCsvLine(), reason: "x" };
    const path = `/team/members/${member.membershipId}/yubikey`;
    assert.is((await deskClient.get(path)).status, 403);
    assert.is((await deskClient.post(path, { ...fields, otp: key.press() })).status, 403);
    assert.is((await yubikeysOf(db, member.accountId)).length, 0);

    const ownMembership = await db.selectFrom("memberships").select("id").where("account_id", "=", owner.accountId)
      .executeTakeFirstOrThrow();
    const self = await ownerClient.post(`/team/members/${ownMembership.id}/yubikey`, { ...fields, otp: key.press() });
    assert.is(self.status, 422, "one's own keys are set up under Security");
    assert.is((await yubikeysOf(db, owner.accountId)).length, 0);

    clock.advance(11 * 60_000);
    const stale = await ownerClient.post(path, { ...fields, otp: key.press() }, {
      Referer: `http://kartei.test${path}`,
    });
    assert.is(stale.status, 303);
    assert.is(stale.location, `/step-up?return_to=${encodeURIComponent(path)}`);
    assert.is((await yubikeysOf(db, member.accountId)).length, 0);
  },
);

refusals.run();
