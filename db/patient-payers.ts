// Who pays for a patient besides the patient (a parent, another payer, a company), and the fee
// agreements (§ 2 GOÄ) recorded for the patient. Payers are archived, never deleted: issued
// invoices keep their name and address as printed.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PayerKind } from "./schema-billing.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { patientDisplayName } from "../lib/patient-name.ts";

type Executor = Db | Transaction<Database>;

export interface PayerInput {
  kind: PayerKind;
  name: string;
  address: string;
  email: string;
  language: "de" | "en";
}

export async function billingPatient(db: Executor, scope: PracticeScope, patientId: string) {
  const patient = await db.selectFrom("patients").select(["id", "family_name", "given_names", "title", "email"])
    .where("id", "=", patientId).where("practice_id", "=", scope.practiceId).executeTakeFirst();
  if (!patient) return undefined;
  const payers = await db.selectFrom("patient_payers").selectAll().where("patient_id", "=", patientId)
    .where("practice_id", "=", scope.practiceId).where("archived_at", "is", null).orderBy("created_at").execute();
  const agreements = await db.selectFrom("fee_agreements").select([
    "id",
    "agreed_on",
    "subject",
    "goae_code",
    "factor_hundredths",
  ])
    .where("patient_id", "=", patientId).where("practice_id", "=", scope.practiceId).orderBy("agreed_on").execute();
  return {
    id: patient.id,
    name: patientDisplayName(patient),
    email: patient.email,
    payers,
    agreements: agreements.map((a) => ({ ...a, agreed_on: a.agreed_on.toISOString().slice(0, 10) })),
  };
}

async function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  patientId: string,
  facts: RequestFacts,
  details: Record<string, string | number | boolean | null>,
) {
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "patient",
    subjectId: patientId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details,
  });
}

async function patientKnown(trx: Transaction<Database>, scope: PracticeScope, patientId: string) {
  return !!(await trx.selectFrom("patients").select("id").where("id", "=", patientId)
    .where("practice_id", "=", scope.practiceId).executeTakeFirst());
}

export async function addPayer(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  input: PayerInput,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    if (!await patientKnown(trx, scope, patientId)) return false;
    const row = await trx.insertInto("patient_payers").values({
      practice_id: scope.practiceId,
      patient_id: patientId,
      ...input,
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(trx, scope, "patient.payer_added", patientId, facts, { payer_id: row.id, kind: input.kind });
    return true;
  });
}

export async function archivePayer(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  payerId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const result = await trx.updateTable("patient_payers").set({ archived_at: facts.now }).where("id", "=", payerId)
      .where("patient_id", "=", patientId).where("practice_id", "=", scope.practiceId)
      .where("archived_at", "is", null).executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await audit(trx, scope, "patient.payer_archived", patientId, facts, { payer_id: payerId });
    return true;
  });
}

/**
 * Records a fee agreement (§ 2 GOÄ) made with the patient: it allows a factor above the maximum,
 * up to the agreed one, for the named number on services from the day it was made.
 */
export async function addFeeAgreement(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  input: { agreedOn: string; subject: string; goaeCode: string; factorHundredths: number },
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    if (!await patientKnown(trx, scope, patientId)) return false;
    const row = await trx.insertInto("fee_agreements").values({
      practice_id: scope.practiceId,
      patient_id: patientId,
      agreed_on: input.agreedOn,
      subject: input.subject,
      goae_code: input.goaeCode,
      factor_hundredths: input.factorHundredths,
      recorded_by: scope.accountId,
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(trx, scope, "patient.fee_agreement_recorded", patientId, facts, { agreement_id: row.id });
    return true;
  });
}
