import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, nextTotpCode, signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";

const practices = suite("belonging to several practices");

practices("a person in two practices chooses one after sign-in; the session carries exactly that one", async () => {
  const { app, db, clock } = await createTestApp();
  const first = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Praxis Nord" });
  const second = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Praxis Süd" });
  await db.insertInto("memberships").values({
    practice_id: second.practiceId,
    account_id: first.accountId,
    role: "practitioner",
  })
    .execute();
  // Not about browser approval: this browser is new to the second practice and would wait.
  await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", second.practiceId).execute();

  const client = new TestClient(app);
  await signInAs(client, first.email, GOOD_PASSWORD);
  await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, first.totpSecret) });
  const home = await client.get("/");
  assert.is(home.location, "/practices", "asked to choose");
  const choice = await client.get("/practices");
  assert.ok(choice.html.includes("Praxis Nord") && choice.html.includes("Praxis Süd"));

  const before = client.sessionToken();
  const chosen = await client.post(`/practices/${second.practiceId}/choose`, {});
  assert.is(chosen.location, "/");
  assert.is.not(client.sessionToken(), before, "a new token for the new practice");
  const page = await client.get("/");
  assert.ok(page.html.includes("Praxis Süd"));
  assert.is((await client.get("/team/locations")).status, 200);
  assert.is((await client.post("/team/locations", { name: "Filiale" })).status, 403, "a practitioner here");

  const foreign = await signedInOwner(new TestClient(app), db, clock, { practice_name: "Fremde Praxis" });
  assert.is((await client.post(`/practices/${foreign.practiceId}/choose`, {})).status, 404, "not theirs: 404");
  assert.is((await client.post(`/practices/not-an-id/choose`, {})).status, 404);
  const events = await db.selectFrom("audit_events").select("action").where("practice_id", "=", second.practiceId)
    .where("action", "=", "session.practice_chosen").execute();
  assert.is(events.length, 1);
});

practices.run();

const team = suite("the team and its locations");

team("the owner sees the members with role and state, and adds a location", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paul Empfang" });
  const locked = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Lea Gesperrt" });
  await db.updateTable("memberships").set({ status: "locked" }).where("id", "=", locked.membershipId).execute();

  const page = await ownerClient.get("/team");
  assert.is(page.status, 200);
  assert.ok(page.html.includes("Paul Empfang"));
  assert.ok(page.html.includes("Empfang"));
  assert.match(page.html, /Lea Gesperrt[\s\S]*gesperrt/);

  const locations = await ownerClient.get("/team/locations");
  assert.ok(locations.html.includes("Hauptpraxis"), "every practice starts with its main location");
  const added = await ownerClient.post("/team/locations", {
    name: "Filiale am Markt",
    address: "Markt 1, 06108 Halle",
  });
  assert.is(added.location, "/team/locations?saved=1");
  const twice = await ownerClient.post("/team/locations", { name: "Filiale am Markt" });
  assert.is(twice.status, 422);
  assert.ok(fieldError(twice.html, "name"));
  const hostile = await ownerClient.post("/team/locations", { name: "<script>x</script>" });
  assert.is(hostile.status, 303);
  assert.ok((await ownerClient.get("/team/locations")).html.includes("&lt;script&gt;x&lt;/script&gt;"));
  const names = (await db.selectFrom("locations").select("name").where("practice_id", "=", owner.practiceId)
    .orderBy("name").execute()).map((l) => l.name);
  assert.equal(names, ["<script>x</script>", "Filiale am Markt", "Hauptpraxis"]);
});

team("a locked membership loses the practice at once, in a running session", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock);
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const client = await signedInMember(app, clock, member);
  assert.is((await client.get("/")).status, 200);
  await db.updateTable("memberships").set({ status: "locked" }).where("id", "=", member.membershipId).execute();
  assert.is((await client.get("/")).location, "/practices");
  assert.is((await client.get("/team")).location, "/practices");
});

team("other practices' members and locations never show", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const mine = new TestClient(app);
  const owner = await signedInOwner(mine, db, clock);
  const other = await signedInOwner(new TestClient(app), db, clock, { owner_name: "Fremde Inhaberin" });
  await addMember(db, masterKey, other.practiceId, "front_desk", { name: "Fremder Empfang" });
  const page = await mine.get("/team");
  assert.not.ok(page.html.includes("Fremde Inhaberin"));
  assert.not.ok(page.html.includes("Fremder Empfang"));
  void owner;
});

team.run();
