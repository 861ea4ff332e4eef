// Pending patients: a booking from the public page creates one for whoever booked, known to
// the practice or not (the page never looks a person up, so it can tell nobody anything). The
// practice then confirms the person as a new patient or merges them into the patient they are:
// the merge moves the appointments, requests and proposals over and removes the pending record.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { mergeMessagesOfPending } from "./booking-messages.ts";
import { normaliseName, normalisePhone } from "../lib/search-text.ts";
import { patientDisplayName } from "../lib/patient-name.ts";

export interface PendingPerson {
  family_name: string;
  given_names: string;
  email: string;
  phone: string;
  /** YYYY-MM-DD or null. */
  date_of_birth: string | null;
}

export async function createPendingPatient(
  trx: Transaction<Database>,
  practiceId: string,
  person: PendingPerson,
  now: Date,
): Promise<string> {
  const row = await trx.insertInto("patients").values({
    practice_id: practiceId,
    family_name: person.family_name,
    given_names: person.given_names,
    email: person.email,
    phone: person.phone,
    date_of_birth: person.date_of_birth,
    search_name: normaliseName(`${person.family_name} ${person.given_names}`),
    search_phone: normalisePhone(person.phone),
    pending_since: now,
    created_at: now,
    updated_at: now,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export interface PendingPatient {
  id: string;
  name: string;
  email: string;
  phone: string;
  dateOfBirth: string | null;
  pendingSince: Date;
  /** Patients of the practice who may be the same person: same name and birth date, or same email. */
  candidates: { id: string; name: string; dateOfBirth: string | null }[];
}

const isoDay = (value: Date | string | null) =>
  value === null ? null : typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);

export async function listPendingPatients(db: Db, scope: PracticeScope): Promise<PendingPatient[]> {
  const pending = await db.selectFrom("patients")
    .select([
      "id",
      "family_name",
      "given_names",
      "title",
      "email",
      "phone",
      "date_of_birth",
      "pending_since",
      "search_name",
    ])
    .where("practice_id", "=", scope.practiceId).where("pending_since", "is not", null)
    .orderBy("pending_since").limit(100).execute();
  if (!pending.length) return [];
  const candidates = await db.selectFrom("patients as c")
    .innerJoin("patients as p", (join) =>
      join.onRef("p.practice_id", "=", "c.practice_id").on((eb) =>
        eb.or([
          eb.and([
            eb("c.search_name", "=", eb.ref("p.search_name")),
            eb("c.date_of_birth", "=", eb.ref("p.date_of_birth")),
          ]),
          eb.and([eb("p.email", "<>", ""), eb(sql`lower(c.email)`, "=", sql`lower(p.email)`)]),
        ])
      ))
    .select(["p.id as pending_id", "c.id", "c.family_name", "c.given_names", "c.title", "c.date_of_birth"])
    .where("c.practice_id", "=", scope.practiceId).where("c.pending_since", "is", null)
    .where("c.archived_at", "is", null).where("p.id", "in", pending.map((p) => p.id))
    .orderBy("c.family_name").limit(500).execute();
  return pending.map((p) => ({
    id: p.id,
    name: patientDisplayName(p),
    email: p.email,
    phone: p.phone,
    dateOfBirth: isoDay(p.date_of_birth),
    pendingSince: p.pending_since!,
    candidates: candidates.filter((c) => c.pending_id === p.id).map((c) => ({
      id: c.id,
      name: patientDisplayName(c),
      dateOfBirth: isoDay(c.date_of_birth),
    })),
  }));
}

async function lockPending(trx: Transaction<Database>, scope: PracticeScope, id: string) {
  return await trx.selectFrom("patients").select("id").where("practice_id", "=", scope.practiceId)
    .where("id", "=", id).where("pending_since", "is not", null).forUpdate().executeTakeFirst();
}

/** The person is a new patient of the practice: the record stays, no longer pending. */
export async function acceptPendingPatient(
  db: Db,
  scope: PracticeScope,
  id: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    if (!await lockPending(trx, scope, id)) return false;
    await trx.updateTable("patients").set({ pending_since: null, updated_by: scope.accountId, updated_at: facts.now })
      .where("id", "=", id).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "patient.pending_accepted",
      actorAccountId: scope.accountId,
      subjectType: "patient",
      subjectId: id,
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
    return true;
  });
}

/** The person is an existing patient: their appointments and requests move over; the pending record goes. */
export async function mergePendingPatient(
  db: Db,
  scope: PracticeScope,
  pendingId: string,
  targetId: string,
  facts: RequestFacts,
): Promise<"merged" | "unknown" | "unknown_target"> {
  return await db.transaction().execute(async (trx) => {
    if (!await lockPending(trx, scope, pendingId)) return "unknown";
    const target = await trx.selectFrom("patients").select("id").where("practice_id", "=", scope.practiceId)
      .where("id", "=", targetId).where("pending_since", "is", null).where("archived_at", "is", null)
      .forUpdate().executeTakeFirst();
    if (!target) return "unknown_target";
    const moved = await trx.updateTable("appointments").set({ patient_id: targetId, updated_at: facts.now })
      .where("practice_id", "=", scope.practiceId).where("patient_id", "=", pendingId).executeTakeFirst();
    await trx.updateTable("booking_requests").set({ patient_id: targetId })
      .where("practice_id", "=", scope.practiceId).where("patient_id", "=", pendingId).execute();
    await trx.updateTable("appointment_proposals").set({ patient_id: targetId })
      .where("practice_id", "=", scope.practiceId).where("patient_id", "=", pendingId).execute();
    await mergeMessagesOfPending(trx, scope.practiceId, pendingId, targetId);
    await trx.deleteFrom("patients").where("id", "=", pendingId).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "patient.pending_merged",
      actorAccountId: scope.accountId,
      subjectType: "patient",
      subjectId: targetId,
      requestId: facts.requestId,
      details: { pending_patient_id: pendingId, appointments_moved: Number(moved.numUpdatedRows) },
      occurredAt: facts.now,
    });
    return "merged";
  });
}
