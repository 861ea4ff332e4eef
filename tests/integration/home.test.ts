// The home page tells the truth for the person and practice it shows: counts of what their role
// may see, no request to set up a second factor they already have, and only steps they may take.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { storedAppointment, storedPatient } from "./notes-fixtures.ts";
import { berlinDate } from "../../lib/clock.ts";
import { addDays, startOfBerlinDay } from "../../lib/berlin-time.ts";
import type { Db } from "../../db/database.ts";

const test = suite("Home page per person and practice");

/** Ten o'clock in Berlin, `days` after the clock's today. */
function tenOClock(now: Date, days: number): Date {
  return new Date(startOfBerlinDay(addDays(berlinDate(now), days)).getTime() + 10 * 3_600_000);
}

async function ownerMembership(db: Db, practiceId: string) {
  return (await db.selectFrom("memberships").select("id").where("practice_id", "=", practiceId)
    .where("role", "=", "owner").executeTakeFirstOrThrow()).id;
}

/** A practice with a team, patients and appointments, as the demo practice has them. */
async function practiceWithData() {
  const env = await createTestApp();
  const { app, db, clock, masterKey } = env;
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const owners = await ownerMembership(db, owner.practiceId);
  const patients = await Promise.all(
    ["Albers", "Brandt", "Claßen"].map((name) => storedPatient(db, owner.practiceId, name)),
  );
  const archived = await storedPatient(db, owner.practiceId, "Dorn");
  await db.updateTable("patients").set({ archived_at: clock.now() }).where("id", "=", archived).execute();
  const now = clock.now();
  await storedAppointment(db, owner.practiceId, owners, patients[0], tenOClock(now, 0));
  const cancelled = await storedAppointment(db, owner.practiceId, owners, patients[1], tenOClock(now, 0));
  await db.updateTable("appointments").set({ status: "cancelled", cancelled_at: now }).where("id", "=", cancelled)
    .execute();
  await storedAppointment(db, owner.practiceId, owners, patients[1], tenOClock(now, 2));
  await storedAppointment(db, owner.practiceId, owners, patients[2], tenOClock(now, 10));
  const practitioner = await addMember(db, masterKey, owner.practiceId, "practitioner");
  const frontDesk = await addMember(db, masterKey, owner.practiceId, "front_desk");
  return { ...env, client, owner, practitioner, frontDesk };
}

const FALSE_CLAIMS = ["zweiten Faktor einrichten", "Noch sind keine", "Hier entsteht Ihre Praxis"];

test("the owner of a new practice sees zero counts and honest first steps", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  await signedInOwner(client, db, clock);
  const home = await client.get("/");
  assert.is(home.status, 200);
  assert.match(home.html, "Sie sind mit Passwort und zweitem Faktor angemeldet.");
  assert.match(home.html, ">0 Patientinnen und Patienten</a>");
  assert.match(home.html, ">Heute 0 Termine</a>");
  assert.match(home.html, ">1 Person im Team</a>");
  assert.match(home.html, "Erste Schritte");
  assert.match(home.html, '<a href="/team">Ihr Team einladen');
  assert.match(home.html, '<a href="/patients/new">Die erste Patientin oder den ersten Patienten anlegen.</a>');
  assert.not.match(home.html, "Den nächsten Termin", "no booking step before there is a patient");
  for (const claim of FALSE_CLAIMS) assert.not.match(home.html, claim);
});

test("the owner of a practice with data sees its counts and no first steps", async () => {
  const { client } = await practiceWithData();
  const home = await client.get("/");
  assert.match(home.html, ">3 Patientinnen und Patienten</a>", "the archived patient is not counted");
  assert.match(home.html, ">Heute 1 Termin</a>", "the cancelled appointment is not counted");
  assert.match(home.html, ">In den nächsten 7 Tagen 1 weiterer Termin</a>", "the one in ten days is not counted");
  assert.match(home.html, ">3 Personen im Team</a>");
  assert.not.match(home.html, "Erste Schritte");
  for (const claim of FALSE_CLAIMS) assert.not.match(home.html, claim);
});

test("front desk sees patients and appointments but is never asked to invite the team", async () => {
  const { app, clock, frontDesk } = await practiceWithData();
  const client = await signedInMember(app, clock, frontDesk);
  const home = await client.get("/");
  assert.is(home.status, 200);
  assert.match(home.html, ">3 Patientinnen und Patienten</a>");
  assert.match(home.html, ">Heute 1 Termin</a>");
  assert.not.match(home.html, "Team einladen");
  assert.not.match(home.html, "im Team</a>");
  assert.not.match(home.html, "Erste Schritte");
});

test("a practitioner limited to another location counts only the appointments there", async () => {
  const { app, db, clock, owner, practitioner } = await practiceWithData();
  const other = await db.insertInto("locations").values({ practice_id: owner.practiceId, name: "Zweigstelle" })
    .returning("id").executeTakeFirstOrThrow();
  await db.updateTable("memberships").set({ all_locations: false }).where("id", "=", practitioner.membershipId)
    .execute();
  await db.insertInto("membership_locations").values({
    membership_id: practitioner.membershipId,
    location_id: other.id,
  })
    .execute();
  const client = await signedInMember(app, clock, practitioner);
  const home = await client.get("/");
  assert.match(home.html, ">Heute 0 Termine</a>");
  assert.match(home.html, ">In den nächsten 7 Tagen 0 weitere Termine</a>");
  assert.not.match(home.html, "Team einladen");
});

test("a third party without granted areas is told so instead of seeing counts", async () => {
  const { app, db, clock, masterKey, owner } = await practiceWithData();
  const thirdParty = await addMember(db, masterKey, owner.practiceId, "third_party");
  const client = await signedInMember(app, clock, thirdParty);
  const home = await client.get("/");
  assert.is(home.status, 200);
  assert.match(home.html, "Für Ihre Rolle sind in dieser Praxis noch keine Bereiche freigegeben.");
  assert.not.match(home.html, "Patientinnen und Patienten</a>");
});

test("in English, one patient is singular", async () => {
  const { app, db, clock } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  await storedPatient(db, owner.practiceId);
  await db.updateTable("accounts").set({ language: "en" }).where("id", "=", owner.accountId).execute();
  const home = await client.get("/");
  assert.match(home.html, ">1 patient</a>");
  assert.match(home.html, "Book the next appointment in the calendar.");
});

test.run();
