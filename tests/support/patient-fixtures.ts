// Patients for scenarios: the master data form as a browser posts it, and a patient stored
// directly for tests of other areas that only need one to exist.
import type { Db } from "../../db/database.ts";
import { normaliseName, normalisePhone } from "../../lib/search-text.ts";
import { testNow } from "./test-clock.ts";

/** A complete, valid master data form; tests change what they are about. */
export function patientFields(fields: Record<string, string> = {}): Record<string, string> {
  return {
    title: "",
    family_name: "Müller",
    given_names: "Anna",
    date_of_birth: "12.03.1980",
    sex: "female",
    gender_note: "",
    street: "Hauptstraße 1",
    postal_code: "10115",
    city: "Berlin",
    country: "DE",
    phone: "+49 151 2345678",
    email: "anna.mueller@example.org",
    insurance_kind: "statutory",
    insurer_name: "AOK Nordost",
    insurance_number: "A123456780",
    other_payer: "",
    emergency_contact_name: "",
    emergency_contact_phone: "",
    notes: "",
    ...fields,
  };
}

/** Stores a patient of the practice without going through the form; returns its id. */
export async function insertPatient(
  db: Db,
  practiceId: string,
  fields: { family_name?: string; given_names?: string; date_of_birth?: string | null; phone?: string } = {},
): Promise<string> {
  const family = fields.family_name ?? "Müller";
  const given = fields.given_names ?? "Anna";
  const phone = fields.phone ?? "";
  const row = await db.insertInto("patients").values({
    practice_id: practiceId,
    family_name: family,
    given_names: given,
    date_of_birth: fields.date_of_birth === undefined ? "1980-03-12" : fields.date_of_birth,
    phone,
    search_name: normaliseName(`${family} ${given}`),
    search_phone: normalisePhone(phone),
    updated_at: testNow(),
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}
