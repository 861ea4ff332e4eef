// Absences of a practitioner (vacation, sickness, training): UTC intervals in which no free
// slot is offered. Every change is audited with ids and the kind only.
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import type { AbsenceKind } from "../lib/absence-kinds.ts";

/** The absences that ended less than 30 days before `now` or have not ended yet, earliest first. */
export async function listAbsences(db: Db, scope: PracticeScope, practitionerId: string, now: Date) {
  return await db.selectFrom("absences")
    .select(["id", "starts_at", "ends_at", "kind", "note"])
    .where("practice_id", "=", scope.practiceId)
    .where("practitioner_id", "=", practitionerId)
    .where("ends_at", ">", new Date(now.getTime() - 30 * 86_400_000))
    .orderBy("starts_at").limit(200).execute();
}

export async function addAbsence(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  absence: { start: Date; end: Date; kind: AbsenceKind; note: string },
  facts: RequestFacts,
): Promise<string> {
  return await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto("absences").values({
      practice_id: scope.practiceId,
      practitioner_id: practitionerId,
      starts_at: absence.start,
      ends_at: absence.end,
      kind: absence.kind,
      note: absence.note,
      created_by: scope.accountId,
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "absence.recorded",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: practitionerId,
      requestId: facts.requestId,
      details: { absence_id: row.id, kind: absence.kind },
      occurredAt: facts.now,
    });
    return row.id;
  });
}

export async function removeAbsence(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  absenceId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom("absences")
      .where("practice_id", "=", scope.practiceId)
      .where("practitioner_id", "=", practitionerId)
      .where("id", "=", absenceId)
      .returning(["id", "kind"]).executeTakeFirst();
    if (!removed) return false;
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "absence.removed",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: practitionerId,
      requestId: facts.requestId,
      details: { absence_id: absenceId, kind: removed.kind },
      occurredAt: facts.now,
    });
    return true;
  });
}
