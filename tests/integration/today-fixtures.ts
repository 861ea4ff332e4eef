// A practice's day for the today tests: the clock at 11:00 in Berlin, a practitioner with
// working hours and three appointments (one begun, one to come, one cancelled), the owner with
// one begun, a note title and a draft, and another practice with an appointment of its own.
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { storedAppointment, storedPatient } from "./notes-fixtures.ts";
import { berlinDate } from "../../lib/clock.ts";
import { addDays, isoWeekday, startOfBerlinDay } from "../../lib/berlin-time.ts";
import type { Db } from "../../db/database.ts";
import { generateSecretToken, hashSecret } from "../../lib/secret-token.ts";

const HOUR = 3_600_000;

/** The next 11:00 of a Berlin day from now on (the clock only moves forward). */
function nextEleven(now: Date): Date {
  const today = berlinDate(now);
  const eleven = new Date(startOfBerlinDay(today).getTime() + 11 * HOUR);
  return eleven > now ? eleven : new Date(startOfBerlinDay(addDays(today, 1)).getTime() + 11 * HOUR);
}

export async function ownerMembershipId(db: Db, practiceId: string) {
  return (await db.selectFrom("memberships").select("id").where("practice_id", "=", practiceId)
    .where("role", "=", "owner").executeTakeFirstOrThrow()).id;
}

export async function practiceDay() {
  const env = await createTestApp();
  const { app, db, clock, masterKey } = env;
  clock.set(nextEleven(clock.now()));
  const day = berlinDate(clock.now());
  const at = (hours: number, minutes = 0) =>
    new Date(startOfBerlinDay(day).getTime() + hours * HOUR + minutes * 60_000);

  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock);
  const owners = await ownerMembershipId(db, owner.practiceId);
  const practitioner = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const frontDesk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Bernd Empfang" });
  const [albers, brandt, classen, dorn] = await Promise.all(
    ["Albers", "Brandt", "Claßen", "Dorn"].map((name) => storedPatient(db, owner.practiceId, name, "Eva")),
  );
  const begun = await storedAppointment(db, owner.practiceId, practitioner.membershipId, albers, at(9));
  const coming = await storedAppointment(db, owner.practiceId, practitioner.membershipId, brandt, at(14));
  const ownersBegun = await storedAppointment(db, owner.practiceId, owners, classen, at(10, 30));
  const cancelled = await storedAppointment(db, owner.practiceId, practitioner.membershipId, dorn, at(12));
  await db.updateTable("appointments").set({ status: "cancelled", cancelled_at: clock.now(), cancel_reason: "krank" })
    .where("id", "=", cancelled).execute();
  const tomorrow = await storedAppointment(
    db,
    owner.practiceId,
    practitioner.membershipId,
    brandt,
    new Date(startOfBerlinDay(addDays(day, 1)).getTime() + 9 * HOUR),
  );
  await db.insertInto("working_hours").values({
    practice_id: owner.practiceId,
    practitioner_id: practitioner.membershipId,
    weekday: isoWeekday(day),
    starts_at_minute: 8 * 60,
    ends_at_minute: 16 * 60,
    valid_from: "2026-01-01",
  }).execute();
  // Albers' last entry (a template's name: clinical content for front desk) and the practitioner's draft.
  for (const [title, ageHours] of [["Verlaufsnotiz", 48], ["Erstanamnese", 1]] as const) {
    await db.insertInto("notes").values({
      practice_id: owner.practiceId,
      patient_id: albers,
      title,
      author_id: practitioner.accountId,
      content_ciphertext: new Uint8Array([1, 2, 3]),
      key_version: 1,
      created_at: new Date(clock.now().getTime() - ageHours * HOUR),
      updated_at: clock.now(),
      finalize_due_at: new Date(clock.now().getTime() + 24 * HOUR),
      ...(title === "Verlaufsnotiz" ? { status: "final" as const, finalized_at: clock.now() } : {}),
    }).execute();
  }

  const otherClient = new TestClient(app);
  const other = await signedInOwner(otherClient, db, clock);
  const foreignPatient = await storedPatient(db, other.practiceId, "Fremdpraxis", "Ida");
  const foreign = await storedAppointment(
    db,
    other.practiceId,
    await ownerMembershipId(db, other.practiceId),
    foreignPatient,
    at(13),
  );

  return {
    ...env,
    ownerClient,
    owner,
    practitioner,
    frontDesk,
    appointments: { begun, coming, ownersBegun, cancelled, tomorrow, foreign },
    patients: { albers, brandt, classen, dorn },
    signIn: (member: Parameters<typeof signedInMember>[2]) => signedInMember(app, clock, member),
  };
}

export async function auditActions(db: Db, subjectId: string): Promise<string[]> {
  const rows = await db.selectFrom("audit_events").select("action").where("subject_id", "=", subjectId)
    .orderBy("occurred_at").orderBy("id").execute();
  return rows.map((row) => row.action);
}

/** A browser of the member that waits for an approver's decision. */
export async function pendingBrowser(db: Db, practiceId: string, accountId: string, description: string, now: Date) {
  await db.insertInto("known_browsers").values({
    account_id: accountId,
    practice_id: practiceId,
    browser_hash: hashSecret(generateSecretToken()),
    description,
    status: "pending",
    first_seen_at: now,
    last_seen_at: now,
  }).execute();
}
