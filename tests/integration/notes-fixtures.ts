// Patients and appointments for the documentation tests, stored directly (their own areas
// are tested elsewhere).
import type { Db } from "../../db/database.ts";
import { normaliseName } from "../../lib/search-text.ts";

export async function storedPatient(db: Db, practiceId: string, family = "Müller", given = "Anna") {
  const row = await db.insertInto("patients").values({
    practice_id: practiceId,
    family_name: family,
    given_names: given,
    search_name: normaliseName(`${family} ${given}`),
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function storedAppointment(
  db: Db,
  practiceId: string,
  practitionerMembershipId: string,
  patientId: string,
  startsAt: Date,
  minutes = 50,
) {
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", practiceId)
    .executeTakeFirstOrThrow();
  const row = await db.insertInto("appointments").values({
    practice_id: practiceId,
    location_id: location.id,
    practitioner_id: practitionerMembershipId,
    patient_id: patientId,
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + minutes * 60_000),
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** The note id of a redirect to /notes/:id. */
export function noteIdOf(location: string | null): string {
  const match = location?.match(/^\/notes\/([0-9a-f-]{36})/);
  if (!match) throw new Error(`not a note address: ${location}`);
  return match[1];
}
