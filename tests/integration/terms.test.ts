import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { createScratchDatabase } from "../support/test-database.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, nextTotpCode, signedInOwner, signInAs } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { signedInOperator } from "../support/operator-fixtures.ts";
import { type DatabaseHandle, openInMemory, openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { currentTerms, ensureShippedTerms } from "../../db/terms.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { testNow } from "../support/test-clock.ts";

// Publishing a version changes what everyone must accept: these scenarios get a database of
// their own, so the other suites keep the shipped version.
async function ownDatabase(): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  const scratch = await createScratchDatabase();
  const handle = scratch ? openPostgres(scratch.url) : await openInMemory();
  await migrateToLatest(handle.db);
  await ensureShippedTerms(handle.db, CURRENT_TERMS, new Date(testNow().getTime() - 60_000));
  return {
    handle,
    async drop() {
      await handle.close();
      await scratch?.drop();
    },
  };
}

const database = await ownDatabase();
const db = database.handle.db;

const NEW_TERMS = {
  version: "2027-01",
  title_de: "Nutzungsbedingungen 2027",
  title_en: "Terms of use 2027",
  body_de: "1. Neu geregelt.\n\n2. Ebenfalls neu.",
  body_en: "1. Newly settled.\n\n2. Also new.",
  reason: "Jahresüberarbeitung",
};

const terms = suite("terms of use: publishing, accepting, objecting");

terms("the shipped version is in force until an operator publishes another; /terms shows the current one", async () => {
  const current = await currentTerms(db);
  assert.is(current?.version, CURRENT_TERMS.version);
  assert.is(await ensureShippedTerms(db, CURRENT_TERMS, new Date()), false, "published once only");
  const { app } = await createTestApp({}, {}, { db });
  const page = await new TestClient(app).get("/terms");
  assert.ok(page.html.includes(CURRENT_TERMS.title.de));
});

terms("publishing needs a reason and a new version name, and is audited", async () => {
  const { app, clock } = await createTestApp({}, {}, { db });
  const operator = await signedInOperator(app, db, clock);
  const noReason = await operator.client.post("/operator/terms", { ...NEW_TERMS, version: "2026-12", reason: "" });
  assert.is(noReason.status, 422);
  assert.ok(fieldError(noReason.html, "reason"));
  const taken = await operator.client.post("/operator/terms", { ...NEW_TERMS, version: CURRENT_TERMS.version });
  assert.is(taken.status, 422);
  assert.ok(fieldError(taken.html, "version"));
  const oddName = await operator.client.post("/operator/terms", { ...NEW_TERMS, version: "../neu" });
  assert.is(oddName.status, 422);
  assert.is((await currentTerms(db))?.version, CURRENT_TERMS.version, "nothing published");
});

terms(
  "after a new version, everyone must accept it before anything else; acceptance is kept with version and time",
  async () => {
    const { app, clock, masterKey } = await createTestApp({}, {}, { db });
    const ownerClient = new TestClient(app);
    const owner = await signedInOwner(ownerClient, db, clock);
    const member = await addMember(db, masterKey, owner.practiceId, "front_desk");
    assert.is((await ownerClient.get("/team")).status, 200, "the registration accepted the version in force");

    const operator = await signedInOperator(app, db, clock);
    assert.is((await operator.client.post("/operator/terms", NEW_TERMS)).location, "/operator/terms?notice=published");
    assert.is((await currentTerms(db))?.version, "2027-01");
    const announcement = await db.selectFrom("outgoing_mails").select("body").where("recipient", "=", owner.email)
      .orderBy("id", "desc").executeTakeFirstOrThrow();
    assert.ok(announcement.body.includes("2027-01"), "everyone is told by mail");
    const [published] = await db.selectFrom("audit_events").select(["practice_id", "details"])
      .where("action", "=", "terms.published").where("subject_id", "=", "2027-01").execute();
    assert.is(published.practice_id, null);
    assert.is(published.details.reason, "Jahresüberarbeitung");
    assert.is((await operator.client.get("/operator")).status, 200, "operators are not party to the terms");

    // The owner's running session: nothing before the acceptance.
    for (const path of ["/", "/team", "/team/locations", "/security", "/practices"]) {
      assert.is((await ownerClient.get(path)).location, "/terms/accept", path);
    }
    const page = await ownerClient.get("/terms/accept");
    assert.is(page.status, 200);
    assert.ok(page.html.includes("Nutzungsbedingungen 2027") && page.html.includes("Ebenfalls neu."));
    assert.ok((await new TestClient(app).get("/terms")).html.includes("Nutzungsbedingungen 2027"));

    const stale = await ownerClient.post("/terms/accept", { version: CURRENT_TERMS.version });
    assert.is(stale.status, 409, "accepting an older version does not count");
    clock.advance(5_000);
    const acceptedAt = clock.now();
    assert.is((await ownerClient.post("/terms/accept", { version: "2027-01" })).location, "/");
    const acceptance = await db.selectFrom("terms_acceptances").selectAll().where("account_id", "=", owner.accountId)
      .where("terms_version", "=", "2027-01").executeTakeFirstOrThrow();
    assert.is(acceptance.accepted_at.getTime(), acceptedAt.getTime());
    assert.is((await ownerClient.get("/team")).status, 200);
    assert.is((await ownerClient.get("/terms/accept")).location, "/", "nothing left to accept");
    const events = await db.selectFrom("audit_events").select(["practice_id", "details"])
      .where("action", "=", "terms.accepted").where("subject_id", "=", owner.accountId).execute();
    assert.equal(events.map((event) => [event.practice_id, event.details.version]), [[owner.practiceId, "2027-01"]]);

    // A fresh sign-in: right after the second factor, the terms come first.
    const memberClient = new TestClient(app);
    await signInAs(memberClient, member.email, GOOD_PASSWORD);
    const done = await memberClient.post("/sign-in/second-factor", { code: nextTotpCode(clock, member.totpSecret) });
    assert.is(done.location, "/");
    assert.is((await memberClient.get("/")).location, "/terms/accept");
    assert.is((await memberClient.post("/terms/accept", { version: "2027-01" })).location, "/");
    // What comes next (e.g. a browser approval) is no longer the terms.
    assert.is.not((await memberClient.get("/team")).location, "/terms/accept");
  },
);

terms("an objection is recorded, the owner and the operators are told, and the person is signed out", async () => {
  const { app, clock, masterKey } = await createTestApp({}, {}, { db });
  clock.advance(60 * 60_000); // later than the version the scenario before published
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { practice_name: "Praxis Widerspruch" });
  const member = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Wanda Widerspruch" });
  const operator = await signedInOperator(app, db, clock);
  assert.is(
    (await operator.client.post("/operator/terms", { ...NEW_TERMS, version: "2027-02" })).location,
    "/operator/terms?notice=published",
  );
  const memberClient = await signedInMember(app, clock, member);
  const elsewhere = await signedInMember(app, clock, member);
  assert.is((await memberClient.get("/team")).location, "/terms/accept");

  const objected = await memberClient.post("/terms/object", { version: "2027-02" });
  assert.is(objected.location, "/terms/objected");
  assert.is(memberClient.sessionToken(), undefined, "the cookie is gone");
  assert.is((await memberClient.get("/team")).location, "/sign-in");
  assert.is((await elsewhere.get("/team")).location, "/sign-in", "every session ended");
  assert.is((await memberClient.get("/terms/objected")).status, 200);

  const objection = await db.selectFrom("terms_objections").selectAll().where("account_id", "=", member.accountId)
    .executeTakeFirstOrThrow();
  assert.is(objection.terms_version, "2027-02");
  assert.is(objection.objected_at.getTime(), clock.now().getTime());
  assert.is(
    (await db.selectFrom("terms_acceptances").select("id").where("account_id", "=", member.accountId)
      .where("terms_version", "=", "2027-02").execute()).length,
    0,
  );
  const toOwner = await db.selectFrom("outgoing_mails").select(["subject", "body"])
    .where("recipient", "=", owner.email).orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.ok(toOwner.body.includes("Wanda Widerspruch") && toOwner.body.includes("Praxis Widerspruch"));
  assert.ok(toOwner.body.includes("2027-02"));
  const toOperator = await db.selectFrom("outgoing_mails").select("body").where("recipient", "=", operator.email)
    .orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.ok(toOperator.body.includes("Wanda Widerspruch"));
  assert.ok(toOperator.body.includes(member.email));
  const [event] = await db.selectFrom("audit_events").select(["details"]).where("action", "=", "terms.objected")
    .where("subject_id", "=", member.accountId).execute();
  assert.is(event.details.sessionsEnded, 2);

  // At the next sign-in the choice is offered again.
  const again = new TestClient(app);
  await signInAs(again, member.email, GOOD_PASSWORD);
  await again.post("/sign-in/second-factor", { code: nextTotpCode(clock, member.totpSecret) });
  assert.is((await again.get("/team")).location, "/terms/accept");
});

terms("the acceptance page needs a completed sign-in", async () => {
  const { app } = await createTestApp({}, {}, { db });
  const visitor = new TestClient(app);
  assert.is((await visitor.get("/terms/accept")).location, "/sign-in");
  assert.is((await visitor.post("/terms/accept", { version: "2027-02" })).location, "/sign-in");
  assert.is((await visitor.post("/terms/object", { version: "2027-02" })).location, "/sign-in");
});

terms.after(async () => {
  await database.drop();
});

terms.run();
