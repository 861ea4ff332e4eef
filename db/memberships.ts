// Memberships: how a person belongs to a practice. Access to a practice ends at once when the
// membership is ended, locked, past its end date, or the practice is locked.
import type { Transaction } from "kysely";
import { membershipIsCurrent } from "../lib/membership-status.ts";
import type { Database, Role } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { rotateSession } from "./sessions.ts";

/** The practices a person may work in right now, by name. */
export async function currentMemberships(db: Db | Transaction<Database>, accountId: string, now: Date) {
  const rows = await db.selectFrom("memberships")
    .innerJoin("practices", "practices.id", "memberships.practice_id")
    .select([
      "memberships.id",
      "memberships.practice_id",
      "memberships.role",
      "memberships.status",
      "memberships.ended_at",
      "memberships.ends_on",
      "practices.name as practice_name",
      "practices.status as practice_status",
    ])
    .where("memberships.account_id", "=", accountId)
    .orderBy("practices.name").execute();
  return rows.filter((row) => membershipIsCurrent(row, now)).map((row) => ({
    id: row.id,
    practiceId: row.practice_id,
    practiceName: row.practice_name,
    role: row.role as Role,
  }));
}

/**
 * Moves a complete session into one of the person's current practices, with a new token (a
 * change of privilege). Null when the practice is not one of theirs, or the session is gone.
 */
export async function choosePractice(
  db: Db,
  input: { accountId: string; tokenHash: string; secondFactorAt: Date; practiceId: string },
  facts: RequestFacts,
): Promise<string | null> {
  return await db.transaction().execute(async (trx) => {
    const memberships = await currentMemberships(trx, input.accountId, facts.now);
    if (!memberships.some((m) => m.practiceId === input.practiceId)) return null;
    const token = await rotateSession(trx, input.tokenHash, {
      secondFactorAt: input.secondFactorAt,
      now: facts.now,
      practiceId: input.practiceId,
    });
    if (!token) return null;
    await appendAuditEvent(trx, {
      practiceId: input.practiceId,
      action: "session.practice_chosen",
      actorAccountId: input.accountId,
      subjectType: "account",
      subjectId: input.accountId,
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
    return token;
  });
}
