import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import {
  enrolTotp,
  GOOD_PASSWORD,
  nextTotpCode,
  signedInOwner,
  signInAs,
  signInWithTotp,
} from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import type { Db } from "../../db/database.ts";

const CODE = /<code class="activation-code">([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})<\/code>/;
const NEW_PASSWORD = "Schwalben über dem Fluss 93";

async function practiceWithMember() {
  const setup = await createTestApp();
  const { app, db, clock, masterKey } = setup;
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Lea Mitglied" });
  const memberClient = await signedInMember(app, clock, member);
  return { ...setup, owner, ownerClient, member, memberClient };
}

async function factorsOf(db: Db, accountId: string) {
  return await db.selectFrom("second_factors").select(["id", "status"]).where("account_id", "=", accountId)
    .orderBy("created_at").execute();
}

async function reissueLink(db: Db, email: string) {
  const mail = await db.selectFrom("outgoing_mails").select("body").where("recipient", "=", email)
    .orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
  const path = mail.body.match(/https?:\/\/[^\s/]+(\/reissue\/[a-z2-7]{52})/)?.[1];
  if (!path) throw new Error("no re-issue link in the mail");
  return path;
}

const reissue = suite("the owner re-issues access after a loss");

reissue("a lost key is replaced over both channels; the old one stays locked", async () => {
  const { app, db, clock, owner, ownerClient, member, memberClient } = await practiceWithMember();
  const [oldFactor] = await factorsOf(db, member.accountId);
  assert.is((await memberClient.post(`/security/factors/${oldFactor.id}/lost`, {})).status, 303);
  assert.equal((await factorsOf(db, member.accountId)).map((f) => f.status), ["locked"]);

  // The old key is refused, and the password alone offers no enrolment.
  const thief = new TestClient(app);
  const refused = await signInWithTotp(thief, clock, member.email, member.password, member.totpSecret);
  assert.is(refused.status, 422, "the locked factor does not sign in");
  assert.is((await thief.get("/security/enrol")).location, "/sign-in/second-factor");

  // The owner: a reason is required, then the letter with the code; the member gets the link.
  const memberPage = await ownerClient.get(`/team/members/${member.membershipId}`);
  assert.ok(memberPage.html.includes(`/team/members/${member.membershipId}/reissue`));
  const noReason = await ownerClient.post(`/team/members/${member.membershipId}/reissue`, { reason: "" });
  assert.is(noReason.status, 422);
  assert.ok(fieldError(noReason.html, "reissue-reason"));
  const written = await db.selectFrom("invitations").select("id").where("reissue_account_id", "=", member.accountId)
    .executeTakeFirst();
  assert.is(written, undefined, "nothing written");
  const letter = await ownerClient.post(`/team/members/${member.membershipId}/reissue`, {
    reason: "Schlüssel verloren",
  });
  assert.is(letter.status, 200);
  const code = letter.html.match(CODE)![1];
  const invitationId = letter.html.match(/action="\/team\/invitations\/([0-9a-f-]{36})\/letter"/)![1];
  const pdf = await ownerClient.post(`/team/invitations/${invitationId}/letter`, { code });
  assert.is(pdf.headers.get("Content-Type"), "application/pdf", "the printable activation letter");
  const again = await ownerClient.post(`/team/members/${member.membershipId}/reissue`, { reason: "Nochmal" });
  assert.is(again.status, 422, "one open re-issue at a time");
  const [requested] = await db.selectFrom("audit_events").select(["details", "actor_account_id"])
    .where("practice_id", "=", owner.practiceId).where("action", "=", "member.reissue_requested").execute();
  assert.is(requested.actor_account_id, owner.accountId);
  assert.is(requested.details.reason, "Schlüssel verloren");

  const link = await reissueLink(db, member.email);
  assert.is((await new TestClient(app).get(link.replace("/reissue/", "/invitation/"))).status, 404);
  const person = new TestClient(app);
  person.cookies.set("kartei_browser", member.browserToken);
  assert.is((await person.get(link)).status, 200);
  const noCode = await person.post(link, { code: "", password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD });
  assert.is(noCode.status, 422);
  assert.ok(fieldError(noCode.html, "code"));
  const wrong = await person.post(link, {
    code: "AAAA-BBBB-CCCC",
    password: NEW_PASSWORD,
    password_confirmation: NEW_PASSWORD,
  });
  assert.is(wrong.status, 422);
  assert.ok(fieldError(wrong.html, "code"));
  const reused = await person.post(link, { code, password: GOOD_PASSWORD, password_confirmation: GOOD_PASSWORD });
  assert.is(reused.status, 422, "a recent password is refused");
  assert.ok(fieldError(reused.html, "password"));

  const accepted = await person.post(link, { code, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD });
  assert.is(accepted.status, 303);
  assert.is(accepted.location, "/security/enrol");
  assert.is((await memberClient.get("/")).location, "/sign-in", "the member's other sessions ended");
  assert.is(
    (await new TestClient(app).post(link, { code, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD }))
      .status,
    410,
    "the code works once",
  );

  // The enrolment session can set up a new factor, and nothing else.
  assert.is((await person.get("/")).location, "/sign-in/second-factor");
  assert.is((await person.get("/sign-in/second-factor")).location, "/security/enrol");
  assert.is(
    (await person.post("/sign-in/second-factor", { code: nextTotpCode(clock, member.totpSecret) })).location,
    "/security/enrol",
    "the old key cannot complete this session",
  );
  const enrolled = await enrolTotp(person, clock, "Neues Telefon");
  assert.is(enrolled.location, "/security/recovery-codes?first=1");
  assert.is((await person.get("/")).status, 200, "the session is complete");
  assert.equal((await factorsOf(db, member.accountId)).map((f) => f.status), ["locked", "active"]);
  const acceptedEvents = await db.selectFrom("audit_events").select("id")
    .where("action", "=", "credentials.reissue_accepted").where("subject_id", "=", member.accountId).execute();
  assert.ok(acceptedEvents.length >= 1);

  // The new password and the new factor sign in; the old password and the old factor do not.
  assert.is((await signInAs(new TestClient(app), member.email, GOOD_PASSWORD)).status, 401, "old password");
  const later = new TestClient(app);
  later.cookies.set("kartei_browser", member.browserToken);
  const signedIn = await signInWithTotp(later, clock, member.email, NEW_PASSWORD, enrolled.secret);
  assert.is(signedIn.location, "/");
  const stale = new TestClient(app);
  await signInAs(stale, member.email, NEW_PASSWORD);
  assert.is((await stale.get("/security/enrol")).location, "/sign-in/second-factor", "no second enrolment");
});

reissue("another practice's membership answers 404 and changes nothing", async () => {
  const { app, db, clock, member } = await practiceWithMember();
  const other = new TestClient(app);
  await signedInOwner(other, db, clock);
  const answer = await other.post(`/team/members/${member.membershipId}/reissue`, { reason: "Fremd" });
  assert.is(answer.status, 404);
  assert.is((await other.post("/team/members/not-a-uuid/reissue", { reason: "x" })).status, 404);
  const written = await db.selectFrom("invitations").select("id").where("reissue_account_id", "=", member.accountId)
    .executeTakeFirst();
  assert.is(written, undefined);
});

reissue("a wrong code five times voids the re-issue", async () => {
  const { app, db, member, ownerClient } = await practiceWithMember();
  const letter = await ownerClient.post(`/team/members/${member.membershipId}/reissue`, { reason: "Verlust" });
  const code = letter.html.match(CODE)![1];
  const link = await reissueLink(db, member.email);
  const person = new TestClient(app);
  const fields = { code: "AAAA-BBBB-CCCC", password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD };
  for (let i = 0; i < 4; i++) assert.is((await person.post(link, fields)).status, 422);
  assert.is((await person.post(link, fields)).status, 410);
  assert.is((await person.post(link, { ...fields, code })).status, 410, "not even the right code now");
});

reissue.run();
