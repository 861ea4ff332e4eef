import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { nextTotpCode, signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { generateRecoveryCodes, hashRecoveryCode } from "../../lib/recovery-codes.ts";
import { hashPassword } from "../../lib/password.ts";
import type { Db } from "../../db/database.ts";

async function practiceWithMember() {
  const setup = await createTestApp();
  const { app, db, clock, masterKey } = setup;
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Lea Verlust" });
  return { ...setup, owner, member };
}

async function activeFactors(db: Db, accountId: string) {
  return await db.selectFrom("second_factors").select(["id", "name"]).where("account_id", "=", accountId)
    .where("status", "=", "active").execute();
}

async function mailsTo(db: Db, recipient: string) {
  return await db.selectFrom("outgoing_mails").select(["subject", "body"]).where("recipient", "=", recipient)
    .orderBy("id").execute();
}

async function giveRecoveryCodes(db: Db, accountId: string) {
  const codes = generateRecoveryCodes();
  await db.insertInto("recovery_codes").values(codes.map((code) => ({
    account_id: accountId,
    code_hash: hashRecoveryCode(code)!,
    created_at: new Date(),
  }))).execute();
  return codes;
}

async function addOperator(db: Db, email: string) {
  await db.insertInto("accounts").values({
    email,
    name: "Betrieb",
    password_hash: await hashPassword("Betrieb ist wachsam 2026"),
    status: "active",
    language: "en",
    kind: "operator",
  }).execute();
}

const signedIn = suite("reporting a loss while signed in");

signedIn("a lost key is refused immediately in a concurrent session", async () => {
  const { app, db, clock, member } = await practiceWithMember();
  const here = await signedInMember(app, clock, member);
  const elsewhere = await signedInMember(app, clock, member);
  assert.is((await elsewhere.get("/")).status, 200);
  const [factor] = await activeFactors(db, member.accountId);

  const page = await here.get("/security/loss-report");
  assert.is(page.status, 200);
  assert.ok(page.html.includes(`value="${factor.id}"`));
  const reported = await here.post("/security/loss-report", { factor: factor.id });
  assert.is(reported.status, 200);
  assert.is((await elsewhere.get("/")).location, "/sign-in", "the other session is out at once");
  assert.is((await here.get("/")).location, "/sign-in");
  assert.is((await activeFactors(db, member.accountId)).length, 0);

  // The locked key signs nobody in again.
  const client = new TestClient(app);
  await signInAs(client, member.email, member.password);
  const refused = await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, member.totpSecret) });
  assert.is.not(refused.status, 303);
});

signedIn("not sure which: every credential is locked, the owner and the operator are told", async () => {
  const { app, db, clock, owner, member } = await practiceWithMember();
  const operator = `operator.${crypto.randomUUID()}@betrieb.example`;
  await addOperator(db, operator);
  await giveRecoveryCodes(db, member.accountId);
  const client = await signedInMember(app, clock, member);
  const reported = await client.post("/security/loss-report", { factor: "all" });
  assert.is(reported.status, 200);
  assert.is((await activeFactors(db, member.accountId)).length, 0);
  const codes = await db.selectFrom("recovery_codes").select("id").where("account_id", "=", member.accountId).execute();
  assert.is(codes.length, 0, "unused recovery codes are void");
  const ownerMails = await mailsTo(db, owner.email);
  assert.ok(ownerMails.some((m) => m.body.includes("Lea Verlust")), "the owner learns who");
  const operatorMails = await mailsTo(db, operator);
  assert.is(operatorMails.length, 1);
  assert.ok(operatorMails[0].subject.startsWith("Loss report"), "in the operator's language");
  const event = await db.selectFrom("audit_events").select("details").where("action", "=", "loss.reported")
    .where("subject_id", "=", member.accountId).executeTakeFirstOrThrow();
  assert.is(event.details.allCredentials, true);
  assert.is(event.details.via, "signed_in");
});

signedIn("a stale or foreign factor id changes nothing", async () => {
  const { app, db, clock, owner, member } = await practiceWithMember();
  const client = await signedInMember(app, clock, member);
  const ownerFactor = (await activeFactors(db, owner.accountId))[0];
  const refused = await client.post("/security/loss-report", { factor: ownerFactor.id });
  assert.is(refused.status, 422);
  assert.is((await activeFactors(db, owner.accountId)).length, 1);
  assert.is((await activeFactors(db, member.accountId)).length, 1);
  assert.is((await client.post("/security/loss-report", { factor: "x" })).status, 422);
  assert.is((await client.get("/")).status, 200);
});

signedIn.run();

const signedOut = suite("reporting a loss from the sign-in page");

signedOut(
  "with the password: all credentials locked, sessions ended, owner told, then new credentials requested once",
  async () => {
    const { app, db, clock, owner, member } = await practiceWithMember();
    const running = await signedInMember(app, clock, member);
    const client = new TestClient(app, undefined, "192.0.2.10");
    assert.ok((await client.get("/sign-in")).html.includes('href="/lost-key"'));
    const reported = await client.post("/lost-key", { email: member.email, proof: member.password });
    assert.is(reported.status, 200);
    assert.is((await running.get("/")).location, "/sign-in");
    assert.is((await activeFactors(db, member.accountId)).length, 0);
    assert.is((await mailsTo(db, owner.email)).filter((m) => m.body.includes(member.email)).length, 1);
    const event = await db.selectFrom("audit_events").select("details").where("action", "=", "loss.reported")
      .where("subject_id", "=", member.accountId).executeTakeFirstOrThrow();
    assert.is(event.details.via, "signed_out");

    const token = reported.html.match(/name="token" value="([^"]+)"/)![1];
    const requested = await client.post("/lost-key/new-credentials", { token });
    assert.is(requested.status, 200);
    const again = await client.post("/lost-key/new-credentials", { token });
    assert.is(again.status, 200);
    const requests = (await mailsTo(db, owner.email)).filter((m) => m.body.includes("neue Zugangsmittel"));
    assert.is(requests.length, 1, "one request per report");
    assert.is((await activeFactors(db, member.accountId)).length, 0, "the old credentials stay locked");

    const forged = await client.post("/lost-key/new-credentials", { token: token.slice(0, -2) + "AA" });
    assert.is(forged.status, 422);
    clock.advance(2 * 60 * 60_000);
    assert.is((await client.post("/lost-key/new-credentials", { token })).status, 422, "stale after an hour");
  },
);

signedOut("with a recovery code and the key's name: only that key is locked", async () => {
  const { db, masterKey, app, member } = await practiceWithMember();
  void masterKey;
  const [codeOne] = await giveRecoveryCodes(db, member.accountId);
  await db.insertInto("second_factors").values({
    id: crypto.randomUUID(),
    account_id: member.accountId,
    kind: "totp",
    name: "Zweithandy",
    status: "active",
    created_at: new Date(),
    confirmed_at: new Date(),
    secret: new Uint8Array(32),
  }).execute();
  const client = new TestClient(app, undefined, "192.0.2.11");
  const reported = await client.post("/lost-key", { email: member.email, proof: codeOne, factor_name: "zweithandy" });
  assert.is(reported.status, 200);
  const left = await activeFactors(db, member.accountId);
  assert.equal(left.map((f) => f.name), ["App"]);
  const unused = await db.selectFrom("recovery_codes").select("id").where("account_id", "=", member.accountId)
    .where("used_at", "is", null).execute();
  assert.is(unused.length, 9, "the code was spent, the others remain");
});

signedOut(
  "an unknown email and a wrong proof get the same answer, and wrong proofs spend the failure slots",
  async () => {
    const { app, db, member } = await practiceWithMember();
    const client = new TestClient(app, undefined, "192.0.2.12");
    const unknown = await client.post("/lost-key", { email: "niemand@praxis.example", proof: "irgendwas" });
    const wrong = await client.post("/lost-key", { email: member.email, proof: "irgendwas" });
    assert.is(unknown.status, 401);
    assert.is(wrong.status, 401);
    const strip = (html: string) =>
      html.replace(/value="[^"]*"/g, "").replace(/[a-z0-9.]+@praxis\.example/g, "").replace(/[0-9a-f-]{36}/g, "");
    assert.is(strip(unknown.html), strip(wrong.html));
    for (let i = 0; i < 4; i++) await client.post("/lost-key", { email: member.email, proof: "falsch" + i });
    const account = await db.selectFrom("accounts").select(["locked_until"]).where("id", "=", member.accountId)
      .executeTakeFirstOrThrow();
    assert.ok(account.locked_until, "five wrong proofs lock the account out for a while");
    const right = await client.post("/lost-key", { email: member.email, proof: member.password });
    assert.is(right.status, 401, "not even the right proof during the lockout");
    assert.is((await activeFactors(db, member.accountId)).length, 1);
    const empty = await client.post("/lost-key", { email: "", proof: "" });
    assert.is(empty.status, 422);
    assert.ok(fieldError(empty.html, "email"));
  },
);

signedOut.run();
