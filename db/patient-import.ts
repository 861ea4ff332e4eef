// Patients from another program's list: the practice's saved column mapping, the name and birth
// date pairs already in the practice (for the duplicate warnings of the preview), and the import
// itself: every patient of the file in one transaction with one audit event that counts them.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import type { PatientInput } from "./patients.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { normaliseName, normalisePhone } from "../lib/search-text.ts";
import type { ColumnMapping } from "../lib/patient-csv.ts";

/** Rows per insert statement: well below Postgres' 65,535 parameters (21 columns per row). */
const BATCH = 1000;

/** The key two records of one person share: the searchable name and the birth date. */
export function duplicateKey(input: Pick<PatientInput, "family_name" | "given_names" | "date_of_birth">): string {
  return `${normaliseName(`${input.family_name} ${input.given_names}`)}|${input.date_of_birth ?? ""}`;
}

export async function findImportMapping(db: Db, scope: PracticeScope): Promise<ColumnMapping | null> {
  const row = await db.selectFrom("patient_import_mappings").select("mapping")
    .where("practice_id", "=", scope.practiceId).executeTakeFirst();
  return (row?.mapping as ColumnMapping | undefined) ?? null;
}

/** The duplicate keys of the practice's patients (archived ones too). */
export async function existingPatientKeys(db: Db, scope: PracticeScope): Promise<Set<string>> {
  const rows = await db.selectFrom("patients")
    .select(["search_name", sql<string>`to_char(date_of_birth, 'YYYY-MM-DD')`.as("birth")])
    .where("practice_id", "=", scope.practiceId)
    .where("date_of_birth", "is not", null)
    .execute();
  return new Set(rows.map((row) => `${row.search_name}|${row.birth}`));
}

/** Creates the patients and keeps the mapping for the next file, all or nothing. */
export async function importPatients(
  db: Db,
  scope: PracticeScope,
  inputs: readonly PatientInput[],
  mapping: ColumnMapping,
  facts: RequestFacts,
): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    for (let start = 0; start < inputs.length; start += BATCH) {
      await trx.insertInto("patients").values(
        inputs.slice(start, start + BATCH).map((input) => ({
          ...input,
          search_name: normaliseName(`${input.family_name} ${input.given_names}`),
          search_phone: normalisePhone(input.phone),
          practice_id: scope.practiceId,
          created_by: scope.accountId,
          created_at: facts.now,
          updated_by: scope.accountId,
          updated_at: facts.now,
        })),
      ).execute();
    }
    const json = sql<string>`cast(${JSON.stringify(mapping)}::text as jsonb)`;
    await trx.insertInto("patient_import_mappings")
      .values({ practice_id: scope.practiceId, mapping: json, updated_at: facts.now })
      .onConflict((oc) => oc.column("practice_id").doUpdateSet({ mapping: json, updated_at: facts.now }))
      .execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "patients.imported",
      actorAccountId: scope.accountId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { rows: inputs.length },
    });
    return inputs.length;
  });
}
