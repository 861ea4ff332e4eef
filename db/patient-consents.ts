// Consent records of a patient: what was agreed and when, optionally with the signed form as an
// encrypted document; a withdrawal keeps the record and adds its date.
import { sql } from "kysely";
import type { Selectable } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Db } from "./database.ts";
import type { PatientConsentsTable } from "./schema-patients.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { insertDocument, type StagedUpload } from "./documents.ts";

export type PatientConsent = Selectable<PatientConsentsTable>;

/** A patient's consents as a JSON array, for a query that reads them along (newest first). */
export function consentsOf(db: Db, scope: PracticeScope, patientId: string) {
  return jsonArrayFrom(
    db.selectFrom("patient_consents").selectAll()
      .where("practice_id", "=", scope.practiceId).where("patient_id", "=", patientId)
      .orderBy("given_on", "desc").orderBy("recorded_at", "desc"),
  );
}

type DatesAsText<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** A consent read along as JSON: its dates arrive as text. */
export function consentFromJson(row: DatesAsText<PatientConsent>): PatientConsent {
  return {
    ...row,
    given_on: new Date(row.given_on),
    withdrawn_on: row.withdrawn_on === null ? null : new Date(row.withdrawn_on),
    recorded_at: new Date(row.recorded_at),
  };
}

export async function listConsents(db: Db, scope: PracticeScope, patientId: string): Promise<PatientConsent[]> {
  return await db.selectFrom("patient_consents").selectAll()
    .where("practice_id", "=", scope.practiceId).where("patient_id", "=", patientId)
    .orderBy("given_on", "desc").orderBy("recorded_at", "desc").execute();
}

export interface ConsentInput {
  subject: string;
  givenOn: string;
  /** The signed form, staged by stageUpload before the transaction. */
  upload: StagedUpload | null;
}

/** Records a consent (and stores its form); undefined when the patient is not the practice's. */
export async function recordConsent(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  patientId: string,
  input: ConsentInput,
  facts: RequestFacts & { requestId: string },
): Promise<string | undefined> {
  return await db.transaction().execute(async (trx) => {
    const patient = await trx.selectFrom("patients").select("id")
      .where("practice_id", "=", scope.practiceId).where("id", "=", patientId).executeTakeFirst();
    if (!patient) return undefined;
    const documentId = input.upload
      ? await insertDocument(trx, masterKey, scope, { patientId, kind: "consent", upload: input.upload, facts })
      : null;
    const { id } = await trx.insertInto("patient_consents").values({
      practice_id: scope.practiceId,
      patient_id: patientId,
      subject: input.subject,
      given_on: input.givenOn,
      document_id: documentId,
      recorded_by: scope.accountId,
      recorded_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "consent.recorded",
      actorAccountId: scope.accountId,
      subjectType: "patient",
      subjectId: patientId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { consent_id: id, document_id: documentId },
    });
    return id;
  });
}

/** Withdraws a consent as of a date; "unchanged" when it was withdrawn already. */
export async function withdrawConsent(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  consentId: string,
  withdrawnOn: string,
  facts: RequestFacts,
): Promise<"done" | "unchanged" | "unknown" | "before_given"> {
  return await db.transaction().execute(async (trx) => {
    const consent = await trx.selectFrom("patient_consents")
      .select(["id", "withdrawn_on", sql<boolean>`given_on > ${withdrawnOn}::date`.as("after")])
      .where("practice_id", "=", scope.practiceId).where("patient_id", "=", patientId).where("id", "=", consentId)
      .forUpdate().executeTakeFirst();
    if (!consent) return "unknown";
    if (consent.withdrawn_on) return "unchanged";
    if (consent.after) return "before_given";
    await trx.updateTable("patient_consents").set({ withdrawn_on: withdrawnOn })
      .where("id", "=", consentId).where("practice_id", "=", scope.practiceId).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "consent.withdrawn",
      actorAccountId: scope.accountId,
      subjectType: "patient",
      subjectId: patientId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { consent_id: consentId },
    });
    return "done";
  });
}
