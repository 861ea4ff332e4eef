import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, uniqueEmail } from "../support/test-app.ts";
import { fieldError, type Page, TestClient } from "../support/http-client.ts";
import type { Db } from "../../db/database.ts";
import {
  enrolTotp,
  GOOD_PASSWORD,
  nextTotpCode,
  registerPractice,
  signedInOwner,
  signInAs,
} from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";

const DAY_MS = 86_400_000;
const CODE = /<code class="activation-code">([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})<\/code>/;
const NEW_PASSWORD = "Tulpen im Regen 48 mal";

/** Posts a form that may repeat fields (locations, areas), as a browser sends checkboxes. */
async function postFields(client: TestClient, path: string, fields: [string, string][]): Promise<Page> {
  if (!client.csrfToken()) await client.get("/sign-in");
  const body = new URLSearchParams([["_csrf", client.csrfToken()!], ...fields]);
  return await client.send(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://kartei.test" },
    body: body.toString(),
  });
}

async function invite(
  owner: TestClient,
  fields: Record<string, string> = {},
  lists: { locations?: string[]; areas?: string[] } = {},
) {
  const email = fields.email ?? uniqueEmail("invited");
  const page = await postFields(owner, "/team/invitations", [
    ...Object.entries({ name: "Lea Neu", role: "practitioner", language: "de", scope: "all", ...fields, email }),
    ...(lists.locations ?? []).map((id): [string, string] => ["locations", id]),
    ...(lists.areas ?? []).map((area): [string, string] => ["areas", area]),
  ]);
  const code = page.html.match(CODE)?.[1] ?? "";
  const id = page.html.match(/action="\/team\/invitations\/([0-9a-f-]{36})\/letter"/)?.[1] ?? "";
  return { page, email, code, id };
}

async function invitationMailTo(db: Db, email: string) {
  const mail = await db.selectFrom("outgoing_mails").select(["subject", "body"]).where("recipient", "=", email)
    .orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
  const path = mail.body.match(/https?:\/\/[^\s/]+(\/invitation\/[a-z2-7]{52})/)?.[1];
  if (!path) throw new Error("no invitation link in the mail");
  return { ...mail, path };
}

function newPerson(code: string, fields: Record<string, string> = {}) {
  return {
    code,
    name: "Lea Neu",
    password: NEW_PASSWORD,
    password_confirmation: NEW_PASSWORD,
    accept_terms: "yes",
    ...fields,
  };
}

/** Browser approval (its own suite) would hold a member's first browser; these scenarios are about joining. */
async function withoutBrowserApproval(db: Db, practiceId: string) {
  await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", practiceId).execute();
}

async function actions(db: Db, practiceId: string, action: string) {
  return await db.selectFrom("audit_events").select(["action", "details", "actor_account_id"])
    .where("practice_id", "=", practiceId).where("action", "=", action).execute();
}

const owner = suite("the owner invites a member over two channels");

owner("the email carries only the link, the page shows the code, and the letter is a real PDF", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const me = await signedInOwner(client, db, clock, { practice_name: "Praxis Sonnenhof" });
  assert.ok((await client.get("/team")).html.includes('href="/team/invitations"'), "the team page links to inviting");
  assert.is((await client.get("/team/invitations/new")).status, 200);

  const { page, email, code, id } = await invite(client, { language: "en" });
  assert.is(page.status, 200);
  assert.ok(code, "the code is shown on the page");
  const mail = await invitationMailTo(db, email);
  assert.ok(mail.subject.includes("Praxis Sonnenhof"));
  assert.ok(mail.body.includes("Hello Lea Neu"), "in the language the owner chose");
  assert.not.ok(mail.body.includes(code), "the code never travels by email");
  assert.not.ok(mail.body.includes(code.replaceAll("-", "")));

  const row = await db.selectFrom("invitations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  assert.is(row.practice_id, me.practiceId);
  assert.is.not(row.link_token_hash, mail.path.split("/").pop(), "only a hash of the link is stored");
  assert.not.ok(row.activation_code_hash.includes(code.replaceAll("-", "")));
  assert.is(row.expires_at.getTime() - clock.now().getTime(), 7 * DAY_MS);
  assert.is((await actions(db, me.practiceId, "invitation.created")).length, 1);

  const letter = await client.post(`/team/invitations/${id}/letter`, { code });
  assert.is(letter.status, 200);
  assert.is(letter.headers.get("Content-Type"), "application/pdf");
  assert.match(letter.headers.get("Content-Disposition") ?? "", /^attachment/);
  assert.ok(letter.html.startsWith("%PDF-"), "a PDF");
  assert.ok(letter.html.length > 1500 && letter.html.length < 50_000, `size ${letter.html.length}`);
  assert.is((await client.post(`/team/invitations/${id}/letter`, { code: "ABCD-EFGH-JKMN" })).status, 404);

  const list = await client.get("/team/invitations");
  assert.match(list.html, new RegExp(`data-invitation-id="${id}" data-state="pending"`));
});

owner("bad input answers beside the field and writes nothing", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const me = await signedInOwner(client, db, clock);
  const other = await signedInOwner(new TestClient(app), db, clock);
  const foreignLocation = (await db.selectFrom("locations").select("id").where("practice_id", "=", other.practiceId)
    .executeTakeFirstOrThrow()).id;

  const noRole = await invite(client, { role: "admin" });
  assert.is(noRole.page.status, 422);
  assert.ok(fieldError(noRole.page.html, "role"));
  const badEmail = await invite(client, { email: "not-an-address" });
  assert.ok(fieldError(badEmail.page.html, "email"));
  const noLocations = await invite(client, { scope: "some" });
  assert.ok(fieldError(noLocations.page.html, "locations"));
  const foreign = await invite(client, { scope: "some" }, { locations: [foreignLocation] });
  assert.is(foreign.page.status, 422);
  assert.ok(fieldError(foreign.page.html, "locations"));
  const notAnId = await invite(client, { scope: "some" }, { locations: ["x'; drop table invitations; --"] });
  assert.is(notAnId.page.status, 422);
  const member = await invite(client, { email: me.email });
  assert.is(member.page.status, 422);
  assert.ok(fieldError(member.page.html, "email"), "already in the team");
  assert.is(
    (await db.selectFrom("invitations").select("id").where("practice_id", "=", me.practiceId).execute()).length,
    0,
  );

  const first = await invite(client, { name: "<script>alert(1)</script>" });
  assert.is(first.page.status, 200);
  assert.ok((await client.get("/team/invitations")).html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  const twice = await invite(client, { email: first.email });
  assert.is(twice.page.status, 422, "one open invitation per address");

  clock.advance(11 * 60_000);
  const stale = await invite(client);
  assert.match(stale.page.location ?? "", /^\/step-up\?return_to=/, "inviting needs a fresh second factor");
  assert.match((await client.get("/team/invitations/new")).location ?? "", /^\/step-up/);
  assert.is((await db.selectFrom("invitations").select("id").where("email", "=", stale.email).execute()).length, 0);
});

owner("a third party needs an end date and granted areas; role and locations reach the membership", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const me = await signedInOwner(client, db, clock);
  assert.is((await client.post("/team/locations", { name: "Filiale Süd" })).status, 303);
  const filiale = (await db.selectFrom("locations").select("id").where("practice_id", "=", me.practiceId)
    .where("name", "=", "Filiale Süd").executeTakeFirstOrThrow()).id;

  const noEnd = await invite(client, { role: "third_party" }, { areas: ["billing.read"] });
  assert.is(noEnd.page.status, 422);
  assert.ok(fieldError(noEnd.page.html, "ends_on"));
  const past = await invite(client, { role: "third_party", ends_on: "2001-01-01" }, { areas: ["billing.read"] });
  assert.ok(fieldError(past.page.html, "ends_on"));
  const nonsense = await invite(client, { role: "third_party", ends_on: "2030-02-31" }, { areas: ["billing.read"] });
  assert.ok(fieldError(nonsense.page.html, "ends_on"));
  const noAreas = await invite(client, { role: "third_party", ends_on: "2099-12-31" });
  assert.ok(fieldError(noAreas.page.html, "areas"));
  const notGrantable = await invite(client, { role: "third_party", ends_on: "2099-12-31" }, { areas: ["team.manage"] });
  assert.ok(fieldError(notGrantable.page.html, "areas"));

  const endsOn = new Date(clock.now().getTime() + 90 * DAY_MS).toISOString().slice(0, 10);
  const invited = await invite(client, { role: "third_party", ends_on: endsOn, scope: "some" }, {
    locations: [filiale],
    areas: ["billing.read", "audit.read"],
  });
  assert.is(invited.page.status, 200);
  const { path } = await invitationMailTo(db, invited.email);
  const joined = await new TestClient(app).post(path, newPerson(invited.code));
  assert.is(joined.status, 303);

  const membership = await db.selectFrom("memberships").innerJoin("accounts", "accounts.id", "memberships.account_id")
    .select(["memberships.id", "memberships.role", "memberships.ends_on", "memberships.areas", "all_locations"])
    .where("accounts.email", "=", invited.email).executeTakeFirstOrThrow();
  assert.is(membership.role, "third_party");
  assert.is(new Date(membership.ends_on!).toISOString().slice(0, 10), endsOn);
  assert.equal([...membership.areas].sort(), ["audit.read", "billing.read"]);
  assert.is(membership.all_locations, false);
  const limited = await db.selectFrom("membership_locations").select("location_id")
    .where("membership_id", "=", membership.id).execute();
  assert.equal(limited.map((row) => row.location_id), [filiale]);
});

owner("a front desk member cannot invite; another practice's invitation answers 404 and changes nothing", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const me = await signedInOwner(client, db, clock);
  await withoutBrowserApproval(db, me.practiceId);
  const { id, code } = await invite(client);

  const desk = await signedInMember(app, clock, await addMember(db, masterKey, me.practiceId, "front_desk"));
  assert.is((await desk.get("/team/invitations")).status, 403);
  assert.is((await desk.get("/team/invitations/new")).status, 403);
  assert.is((await invite(desk)).page.status, 403);
  assert.is((await desk.post(`/team/invitations/${id}/withdraw`, {})).status, 403);
  assert.is((await desk.post(`/team/invitations/${id}/letter`, { code })).status, 403);

  const stranger = new TestClient(app);
  await signedInOwner(stranger, db, clock);
  assert.is((await stranger.post(`/team/invitations/${id}/withdraw`, {})).status, 404);
  assert.is((await stranger.post(`/team/invitations/${id}/code`, {})).status, 404);
  assert.is((await stranger.post(`/team/invitations/${id}/letter`, { code })).status, 404);
  assert.is((await stranger.post(`/team/invitations/not-an-id/withdraw`, {})).status, 404);
  assert.not.ok((await stranger.get("/team/invitations")).html.includes(id));

  const row = await db.selectFrom("invitations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  assert.is(row.withdrawn_at, null);
  assert.is(
    (await db.selectFrom("invitations").select("id").where("practice_id", "=", me.practiceId).execute()).length,
    1,
  );
  assert.is((await actions(db, me.practiceId, "invitation.code_reissued")).length, 0);
});

owner.run();

const member = suite("the invited person needs link and code");

member("a new person sets a password, accepts the terms, and is made to enrol a second factor", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const me = await signedInOwner(client, db, clock, { practice_name: "Praxis Sonnenhof" });
  await withoutBrowserApproval(db, me.practiceId);
  const { email, code } = await invite(client, { name: "Lea Neu" });
  const { path } = await invitationMailTo(db, email);

  const person = new TestClient(app);
  const landing = await person.get(path);
  assert.is(landing.status, 200);
  assert.ok(landing.html.includes("Praxis Sonnenhof"));

  const withoutCode = await person.post(path, newPerson(""));
  assert.is(withoutCode.status, 422, "the link alone opens nothing");
  assert.ok(fieldError(withoutCode.html, "code"));
  const weak = await person.post(path, newPerson(code, { password: "Lea Neu 2026!!", password_confirmation: "x" }));
  assert.is(weak.status, 422);
  assert.ok(fieldError(weak.html, "password"), "the personal words count");
  const noTerms = await person.post(path, newPerson(code, { accept_terms: "" }));
  assert.ok(fieldError(noTerms.html, "accept_terms"));
  assert.is((await db.selectFrom("accounts").select("id").where("email", "=", email).execute()).length, 0);
  assert.is(
    (await db.selectFrom("invitations").select("attempts").where("email", "=", email).executeTakeFirstOrThrow())
      .attempts,
    0,
    "form mistakes are no guesses",
  );

  const joined = await person.post(path, newPerson(code.toLowerCase().replaceAll("-", " ")));
  assert.is(joined.status, 303);
  assert.is(joined.location, "/sign-in/second-factor");
  assert.is((await person.get("/sign-in/second-factor")).location, "/security/enrol", "enrolment is forced");
  assert.is((await person.get("/")).status, 303, "no personal data before the second factor");

  const account = await db.selectFrom("accounts").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
  assert.is(account.status, "active");
  assert.ok(account.verified_at, "the link proved the address");
  assert.ok(account.password_hash.startsWith("$argon2id$"));
  const terms = await db.selectFrom("terms_acceptances").select("terms_version").where("account_id", "=", account.id)
    .execute();
  assert.equal(terms.map((row) => row.terms_version), [CURRENT_TERMS.version]);
  const membership = await db.selectFrom("memberships").selectAll().where("account_id", "=", account.id)
    .executeTakeFirstOrThrow();
  assert.is(membership.practice_id, me.practiceId);
  assert.is(membership.role, "practitioner");
  assert.is(membership.all_locations, true);
  const invitation = await db.selectFrom("invitations").selectAll().where("email", "=", email)
    .executeTakeFirstOrThrow();
  assert.ok(invitation.accepted_at);
  assert.is(invitation.accepted_account_id, account.id);
  const accepted = await actions(db, me.practiceId, "invitation.accepted");
  assert.is(accepted.length, 1);
  assert.is(accepted[0].actor_account_id, account.id);

  const totp = await enrolTotp(person, clock);
  assert.is(totp.location, "/security/recovery-codes?first=1");
  const home = await person.get("/");
  assert.is(home.status, 200);
  assert.ok(home.html.includes("Praxis Sonnenhof"));

  const again = await new TestClient(app).get(path);
  assert.is(again.status, 410, "a used link answers a clear page");
  assert.ok(again.html.includes("bereits angenommen"));
  assert.is((await new TestClient(app).post(path, newPerson(code))).status, 410);
  const later = new TestClient(app);
  await signInAs(later, email, NEW_PASSWORD);
  assert.is((await later.post("/sign-in/second-factor", { code: nextTotpCode(clock, totp.secret) })).status, 303);
});

member("the code without the link is impossible, and a code for another invitation fails", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock);
  const first = await invite(client);
  const second = await invite(client);
  const { path } = await invitationMailTo(db, first.email);

  const routes = app.routes.map((route) => route.path).filter((p) => p.startsWith("/invitation"));
  assert.ok(routes.length > 0 && routes.every((p) => p === "/invitation/:token"), "no route takes a code alone");
  const unknown = await new TestClient(app).post(`/invitation/${"a".repeat(52)}`, newPerson(first.code));
  assert.is(unknown.status, 404);
  assert.is((await new TestClient(app).get("/invitation/nonsense")).status, 404);

  const person = new TestClient(app);
  const crossed = await person.post(path, newPerson(second.code));
  assert.is(crossed.status, 422);
  assert.match(fieldError(crossed.html, "code"), /Noch 4 Versuche/);
  assert.is((await db.selectFrom("accounts").select("id").where("email", "=", first.email).execute()).length, 0);
});

member("five wrong codes void the invitation", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const me = await signedInOwner(client, db, clock);
  const { email, code, id } = await invite(client);
  const { path } = await invitationMailTo(db, email);
  const person = new TestClient(app);
  for (let attempt = 1; attempt <= 4; attempt++) {
    const wrong = await person.post(path, newPerson("2222-3333-4444"));
    assert.is(wrong.status, 422);
    assert.ok(fieldError(wrong.html, "code").includes(String(5 - attempt)));
  }
  const fifth = await person.post(path, newPerson("2222-3333-4444"));
  assert.is(fifth.status, 410);
  assert.ok(fifth.html.includes("zu oft falsch"));
  const right = await person.post(path, newPerson(code));
  assert.is(right.status, 410, "not even the right code opens it now");
  assert.is((await db.selectFrom("accounts").select("id").where("email", "=", email).execute()).length, 0);
  assert.is((await actions(db, me.practiceId, "invitation.code_failed")).length, 5);
  assert.is((await actions(db, me.practiceId, "invitation.voided")).length, 1);
  assert.match(
    (await client.get("/team/invitations")).html,
    new RegExp(`data-invitation-id="${id}" data-state="void"`),
  );
  assert.is((await client.post(`/team/invitations/${id}/code`, {})).location, "/team/invitations?notice=notPending");
});

member("an invitation expires after 7 days", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock);
  const { email, code } = await invite(client);
  const { path } = await invitationMailTo(db, email);
  clock.advance(7 * DAY_MS - 60_000);
  assert.is((await new TestClient(app).get(path)).status, 200, "still open on the seventh day");
  clock.advance(60_000);
  const expired = await new TestClient(app).get(path);
  assert.is(expired.status, 410);
  assert.ok(expired.html.includes("abgelaufen"));
  assert.is((await new TestClient(app).post(path, newPerson(code))).status, 410);
  assert.is((await db.selectFrom("accounts").select("id").where("email", "=", email).execute()).length, 0);
});

member("the owner withdraws an invitation, and a new code voids the old one", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const me = await signedInOwner(client, db, clock);
  const withdrawn = await invite(client);
  const link = (await invitationMailTo(db, withdrawn.email)).path;
  const done = await client.post(`/team/invitations/${withdrawn.id}/withdraw`, {});
  assert.is(done.location, "/team/invitations?notice=withdrawn");
  const gone = await new TestClient(app).get(link);
  assert.is(gone.status, 410);
  assert.ok(gone.html.includes("zurückgezogen"));
  assert.is((await new TestClient(app).post(link, newPerson(withdrawn.code))).status, 410);
  assert.is(
    (await client.post(`/team/invitations/${withdrawn.id}/withdraw`, {})).location,
    "/team/invitations?notice=notPending",
  );
  assert.is((await actions(db, me.practiceId, "invitation.withdrawn")).length, 1);

  const reissued = await invite(client);
  const page = await client.post(`/team/invitations/${reissued.id}/code`, {});
  assert.is(page.status, 200);
  const newCode = page.html.match(CODE)![1];
  assert.is.not(newCode, reissued.code);
  assert.is((await client.post(`/team/invitations/${reissued.id}/letter`, { code: reissued.code })).status, 404);
  assert.is((await client.post(`/team/invitations/${reissued.id}/letter`, { code: newCode })).status, 200);
  const path = (await invitationMailTo(db, reissued.email)).path;
  const person = new TestClient(app);
  assert.is((await person.post(path, newPerson(reissued.code))).status, 422, "the old code no longer works");
  assert.is((await person.post(path, newPerson(newCode))).status, 303);
});

member("a person with an account joins with link and code, then signs in as always", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock, { practice_name: "Praxis Nord" });
  const elsewhere = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Praxis Süd" });
  const { code } = await invite(client, { email: elsewhere.email.toUpperCase(), role: "billing" });
  const { path } = await invitationMailTo(db, elsewhere.email.toUpperCase());

  const person = new TestClient(app);
  const landing = await person.get(path);
  assert.not.ok(landing.html.includes('name="password"'), "no new password for an existing account");
  const joined = await person.post(path, { code });
  assert.is(joined.status, 200);
  assert.ok(joined.html.includes("Praxis Nord"));
  assert.is(person.sessionToken(), undefined, "signing in stays the normal way");
  const accounts = await db.selectFrom("accounts").select("id").where("email", "ilike", elsewhere.email).execute();
  assert.is(accounts.length, 1);
  const roles = await db.selectFrom("memberships").select("role").where("account_id", "=", elsewhere.accountId)
    .orderBy("role").execute();
  assert.equal(roles.map((row) => row.role), ["billing", "owner"]);

  await signInAs(person, elsewhere.email, GOOD_PASSWORD);
  await person.post("/sign-in/second-factor", { code: nextTotpCode(clock, elsewhere.totpSecret) });
  const choice = await person.get("/practices");
  assert.ok(choice.html.includes("Praxis Nord") && choice.html.includes("Praxis Süd"));
});

member("an address someone registered but never proved goes to the invited person", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock, { practice_name: "Praxis Nord" });
  const squatted = await registerPractice(new TestClient(app), { practice_name: "Vorweg GmbH" });
  const { code } = await invite(client, { email: squatted.email });
  const { path } = await invitationMailTo(db, squatted.email);

  const person = new TestClient(app);
  assert.ok((await person.get(path)).html.includes('name="password"'), "treated as a new person");
  assert.is((await person.post(path, newPerson(code))).location, "/sign-in/second-factor");
  const account = await db.selectFrom("accounts").selectAll().where("email", "=", squatted.email)
    .executeTakeFirstOrThrow();
  assert.is(account.status, "active");
  const current = await db.selectFrom("memberships").innerJoin("practices", "practices.id", "memberships.practice_id")
    .select("practices.name").where("account_id", "=", account.id).where("ended_at", "is", null).execute();
  assert.equal(current.map((row) => row.name), ["Praxis Nord"]);
  assert.is((await signInAs(new TestClient(app), squatted.email, squatted.password)).status, 401, "the old password");
});

member.run();
