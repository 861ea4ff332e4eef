// The home page is today for each role: front desk sees the practice's day without a word of
// clinical content, the practitioner their own day with last note titles and drafts, the owner
// the practice's day and what waits for them; nobody sees another practice's appointments.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { pendingBrowser, practiceDay } from "./today-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { generateSecretToken, hashSecret } from "../../lib/secret-token.ts";
import { berlinDate } from "../../lib/clock.ts";
import { addDays } from "../../lib/berlin-time.ts";

const test = suite("Today per role");

const ROW = (id: string) => `id="today-${id}"`;

test("front desk sees the practice's day: who is next, gaps, cancellations, and no note title", async () => {
  const day = await practiceDay();
  const client = await day.signIn(day.frontDesk);
  const home = await client.get("/");
  assert.is(home.status, 200);
  assert.match(home.html, "Heute in der Praxis");
  for (const id of [day.appointments.begun, day.appointments.coming, day.appointments.ownersBegun]) {
    assert.match(home.html, ROW(id));
  }
  assert.match(home.html, "Albers, Eva");
  assert.match(home.html, "Claßen, Eva", "the owner's appointment is part of the practice's day");
  assert.match(home.html, "Anna Behandlerin");
  assert.match(home.html, /id="today-[^"]*" class="today-row is-next"/, "someone is next");
  assert.match(home.html, `${ROW(day.appointments.coming)} class="today-row is-next"`);
  assert.match(
    home.html,
    new RegExp(`${ROW(day.appointments.begun)}(?:(?!</li>).)*nicht vermerkt`),
    "over, and nobody said whether the patient came",
  );
  assert.match(home.html, "Heute abgesagt");
  assert.match(home.html, "12:00–12:50 Dorn, Eva");
  assert.not.match(home.html, ROW(day.appointments.cancelled), "a cancelled one is no row to check in");
  assert.match(home.html, "11:05–14:00 bei Anna Behandlerin", "the cancelled hour is free time");
  assert.match(home.html, "14:50–16:00 bei Anna Behandlerin");
  assert.match(home.html, `action="/today/appointments/${day.appointments.coming}/check-in"`);
  assert.match(home.html, `action="/today/appointments/${day.appointments.begun}/attendance"`);
  assert.not.match(home.html, `action="/today/appointments/${day.appointments.coming}/attendance"`, "not begun yet");
  for (const clinical of ["Erstanamnese", "Verlaufsnotiz", "Letzter Eintrag", "Entwürfe"]) {
    assert.not.match(home.html, clinical);
  }
  assert.not.match(home.html, "Fremdpraxis");
  assert.not.match(home.html, ROW(day.appointments.tomorrow));
  assert.not.match(home.html, "Wartet auf Sie");
  assert.not.match(home.html, 'href="/notices"', "front desk decides nothing: no notices link");
});

test("a practitioner sees their own day with the last note title and their drafts", async () => {
  const day = await practiceDay();
  const client = await day.signIn(day.practitioner);
  const home = await client.get("/");
  assert.match(home.html, "Ihr Tag heute");
  assert.match(home.html, ROW(day.appointments.begun));
  assert.match(home.html, ROW(day.appointments.coming));
  assert.not.match(home.html, ROW(day.appointments.ownersBegun), "the owner's patients are not theirs");
  assert.match(home.html, "Letzter Eintrag: Erstanamnese", "the latest entry, not the older one");
  assert.not.match(home.html, "Verlaufsnotiz");
  assert.match(home.html, "Ihre Entwürfe zum Festschreiben");
  assert.match(home.html, /href="\/notes\/[0-9a-f-]{36}">Erstanamnese · Albers, Eva · wird am/);
  assert.match(home.html, "11:05–14:00", "their gaps");
  assert.not.match(home.html, "Fremdpraxis");
  assert.not.match(home.html, "Wartet auf Sie");
});

test("the owner sees the practice's day with note titles and what waits for them", async () => {
  const day = await practiceDay();
  const { db, clock, masterKey, owner, frontDesk, practitioner } = day;
  await pendingBrowser(db, owner.practiceId, frontDesk.accountId, "Firefox auf Linux", clock.now());
  await db.insertInto("approval_requests").values({
    practice_id: owner.practiceId,
    action: "lock_practice",
    payload: "{}",
    reason: "Verdacht",
    requested_by: practitioner.accountId,
    requested_at: clock.now(),
    status: "pending",
  }).execute();
  const soon = addDays(berlinDate(clock.now()), 5);
  await addMember(db, masterKey, owner.practiceId, "third_party", { name: "Steuerbüro Kant", endsOn: soon });
  await addMember(db, masterKey, owner.practiceId, "third_party", { name: "Später", endsOn: "2099-12-31" });
  const lost = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Carla Verloren" });
  await db.updateTable("second_factors").set({
    status: "locked",
    locked_at: clock.now(),
    locked_reason: "reported_lost",
  })
    .where("account_id", "=", lost.accountId).execute();

  const home = await day.ownerClient.get("/");
  assert.match(home.html, "Heute in der Praxis");
  assert.match(home.html, ROW(day.appointments.ownersBegun));
  assert.match(home.html, ROW(day.appointments.begun));
  assert.match(home.html, "Letzter Eintrag: Erstanamnese");
  assert.match(home.html, "Wartet auf Sie");
  assert.match(home.html, '<a href="/practice/browsers">1 Browser wartet auf Freigabe</a>');
  assert.match(home.html, '<a href="/practice/approvals">1 Vier-Augen-Anfrage</a>');
  assert.match(home.html, "1 Person ohne Zugang nach Verlustmeldung");
  assert.match(home.html, "1 Zugang Dritter endet in den nächsten 14 Tagen");
  assert.not.match(home.html, "Fremdpraxis");
  assert.match(home.html, 'href="/notices"');

  const notices = await day.ownerClient.get("/notices");
  assert.is(notices.status, 200);
  assert.match(notices.html, "Bernd Empfang: Firefox auf Linux");
  assert.match(notices.html, "angefragt von Anna Behandlerin");
  assert.match(notices.html, `href="/team/members/${lost.membershipId}">Carla Verloren hat nach einer Verlustmeldung`);
  assert.match(notices.html, "Steuerbüro Kant, bis");
  assert.not.match(notices.html, "Später");
  const badge = await day.ownerClient.get("/notices/badge", { "HX-Request": "true" });
  assert.is(badge.status, 200);
  assert.match(badge.html, '<span aria-hidden="true">4</span>');
  assert.match(badge.html, "4 warten auf Sie");
  assert.not.match(badge.html, "<html");

  // Re-issue under way: the loss report waits for the person now, not for the owner.
  await db.insertInto("invitations").values({
    practice_id: owner.practiceId,
    email: lost.email,
    name: "Carla Verloren",
    role: "front_desk",
    invited_by: owner.accountId,
    link_token_hash: hashSecret(generateSecretToken()),
    activation_code_hash: "x",
    created_at: clock.now(),
    expires_at: new Date(clock.now().getTime() + 86_400_000),
    accepted_at: null,
    accepted_account_id: null,
    withdrawn_at: null,
    reissue_account_id: lost.accountId,
  }).execute();
  assert.match((await day.ownerClient.get("/notices/badge")).html, '<span aria-hidden="true">3</span>');
});

test("front desk and a practitioner have no notices; a designated approver sees browsers, not the team's", async () => {
  const day = await practiceDay();
  const { db, clock, owner, frontDesk, practitioner } = day;
  await pendingBrowser(db, owner.practiceId, practitioner.accountId, "Safari auf dem iPad", clock.now());
  const desk = await day.signIn(frontDesk);
  assert.is((await desk.get("/notices/badge")).html, "");
  const page = await desk.get("/notices");
  assert.is(page.status, 200);
  assert.match(page.html, "Nichts wartet auf Sie.");
  assert.not.match(page.html, "Safari");

  await db.updateTable("memberships").set({ approves_browsers: true }).where("id", "=", frontDesk.membershipId)
    .execute();
  const approver = await day.signIn(frontDesk);
  assert.match((await approver.get("/")).html, 'href="/notices"');
  assert.match((await approver.get("/notices")).html, "Anna Behandlerin: Safari auf dem iPad");
  assert.match((await approver.get("/notices/badge")).html, '<span aria-hidden="true">1</span>');
  assert.match((await approver.get("/")).html, "1 Browser wartet auf Freigabe");
});

test("the badge's poll never keeps an idle session alive, and after its end it swaps nothing", async () => {
  const day = await practiceDay();
  const { ownerClient, clock, config } = day;
  const idle = config.sessionIdleMinutes * 60_000;
  assert.is((await ownerClient.get("/")).status, 200);
  for (let waited = 0; waited < idle; waited += 5 * 60_000) {
    clock.advance(5 * 60_000);
    const poll = await ownerClient.get("/notices/badge", { "HX-Request": "true" });
    assert.ok(poll.status === 200 || poll.status === 204, `poll answered ${poll.status}`);
  }
  const after = await ownerClient.get("/notices/badge", { "HX-Request": "true" });
  assert.is(after.status, 204, "the session ended: nothing to swap");
  assert.is(after.html, "");
  const home = await ownerClient.get("/");
  assert.is(home.status, 303, "polling did not count as the person's activity");
  assert.match(home.location ?? "", /^\/sign-in/);
});

test("a new practice sees its first steps instead of an empty day", async () => {
  const { createTestApp } = await import("../support/test-app.ts");
  const { TestClient } = await import("../support/http-client.ts");
  const { signedInOwner } = await import("../support/practice-fixtures.ts");
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock);
  const home = await client.get("/");
  assert.match(home.html, "Erste Schritte");
  assert.not.match(home.html, "Heute in der Praxis");
  assert.not.match(home.html, "Freie Zeiten");
});

test("a practice of one with patients and bookings sees its day, and still the invitation to a team", async () => {
  const { createTestApp } = await import("../support/test-app.ts");
  const { TestClient } = await import("../support/http-client.ts");
  const { signedInOwner } = await import("../support/practice-fixtures.ts");
  const { storedAppointment, storedPatient } = await import("./notes-fixtures.ts");
  const { ownerMembershipId } = await import("./today-fixtures.ts");
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const patient = await storedPatient(db, owner.practiceId, "Solo", "Sara");
  const soon = new Date(clock.now().getTime() + 60_000);
  const id = await storedAppointment(
    db,
    owner.practiceId,
    await ownerMembershipId(db, owner.practiceId),
    patient,
    soon,
  );
  const home = await client.get("/");
  assert.match(home.html, "Ihr Team einladen");
  const today = berlinDate(clock.now()) === berlinDate(soon);
  assert.is(home.html.includes(`id="today-${id}"`), today, "the appointment is in today's list when it is today's");
  assert.match(home.html, "Heute in der Praxis");
  assert.not.match(home.html, "Freie Zeiten", "without working hours there is no free time to speak of");
});

test("in English the day reads in English", async () => {
  const day = await practiceDay();
  await day.db.updateTable("accounts").set({ language: "en" }).where("id", "=", day.frontDesk.accountId).execute();
  const client = await day.signIn(day.frontDesk);
  const home = await client.get("/");
  assert.match(home.html, "Today in the practice");
  assert.match(home.html, "11:05–14:00 with Anna Behandlerin");
  assert.match(home.html, "Cancelled today");
});

test.run();
