// The owner's hand on the team: lock and unlock a membership, end a member's sessions, lock or
// remove one of their second factors, set or bring forward the end of a membership, and lock
// every credential of the whole practice after a suspected breach. Each action carries the
// owner's reason into the practice's audit chain, in the transaction of the change.
import type { Transaction } from "kysely";
import { berlinDate } from "../lib/clock.ts";
import { dayOf } from "../lib/auto-lock-deadline.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { endAllSessions } from "./sessions.ts";
import { deleteFactorUnlessLast } from "./second-factors.ts";
import { queueMail } from "./outgoing-mails.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";
import type { PracticeActor } from "./practice-scope.ts";

export type MemberOutcome = "done" | "unknown" | "self" | "ended" | "unchanged" | "last";

/** One member of the scope's practice, with their second factors, for the owner's page. */
export async function findMember(db: Db, scope: PracticeActor, membershipId: string, now: Date) {
  const member = await db.selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .innerJoin("practices", "practices.id", "memberships.practice_id")
    .select([
      "memberships.id",
      "memberships.account_id",
      "memberships.role",
      "memberships.status",
      "memberships.locked_at",
      "memberships.locked_reason",
      "memberships.ended_at",
      "memberships.ends_on",
      "accounts.name",
      "accounts.email",
      "practices.status as practice_status",
    ])
    .where("memberships.id", "=", membershipId)
    .where("memberships.practice_id", "=", scope.practiceId)
    .executeTakeFirst();
  if (!member) return null;
  const [factors, sessions] = await Promise.all([
    db.selectFrom("second_factors").select(["id", "kind", "name", "status", "last_used_at", "locked_at"])
      .where("account_id", "=", member.account_id).where("status", "!=", "pending").orderBy("created_at").execute(),
    db.selectFrom("sessions").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("account_id", "=", member.account_id).executeTakeFirstOrThrow(),
  ]);
  return {
    ...member,
    ends_on: member.ends_on ? dayOf(member.ends_on) : null,
    current: membershipIsCurrent(member, now),
    self: member.account_id === scope.accountId,
    factors,
    sessionCount: Number(sessions.n),
  };
}

export type Member = NonNullable<Awaited<ReturnType<typeof findMember>>>;

interface LockedMember {
  id: string;
  account_id: string;
  status: "active" | "locked";
  ends_on: Date | null;
  email: string;
  language: "de" | "en";
  practice_name: string;
}

/**
 * Runs an owner's action on one membership of their practice in one transaction, with the
 * membership row locked. Another practice's membership is "unknown", exactly like none; the
 * owner's own membership is managed elsewhere; an ended membership changes no more.
 */
async function actOnMember(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  work: (trx: Transaction<Database>, member: LockedMember) => Promise<MemberOutcome>,
): Promise<MemberOutcome> {
  return await db.transaction().execute(async (trx) => {
    const member = await trx.selectFrom("memberships")
      .innerJoin("accounts", "accounts.id", "memberships.account_id")
      .innerJoin("practices", "practices.id", "memberships.practice_id")
      .select([
        "memberships.id",
        "memberships.account_id",
        "memberships.status",
        "memberships.ended_at",
        "memberships.ends_on",
        "accounts.email",
        "accounts.language",
        "practices.name as practice_name",
      ])
      .where("memberships.id", "=", membershipId).where("memberships.practice_id", "=", scope.practiceId)
      .forUpdate("memberships").executeTakeFirst();
    if (!member) return "unknown";
    if (member.account_id === scope.accountId) return "self";
    if (member.ended_at) return "ended";
    return await work(trx, member);
  });
}

async function auditMemberAction(
  trx: Transaction<Database>,
  scope: PracticeActor,
  member: { id: string; account_id: string },
  action: string,
  details: Record<string, string | number | boolean | null>,
  facts: RequestFacts,
) {
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "membership",
    subjectId: member.id,
    requestId: facts.requestId,
    details: { accountId: member.account_id, ...details },
    occurredAt: facts.now,
  });
}

/** Locks the membership: the practice is closed to the person at once, and their sessions end. */
export async function lockMembership(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  reason: string,
  facts: RequestFacts,
): Promise<MemberOutcome> {
  return await actOnMember(db, scope, membershipId, async (trx, member) => {
    if (member.status === "locked") return "unchanged";
    await trx.updateTable("memberships").set({ status: "locked", locked_at: facts.now, locked_reason: reason })
      .where("id", "=", member.id).execute();
    const sessionsEnded = await endAllSessions(trx, member.account_id);
    await auditMemberAction(trx, scope, member, "member.locked", { reason, sessionsEnded }, facts);
    await queueMail(trx, {
      to: member.email,
      language: member.language,
      facts: { kind: "memberLocked", practice: member.practice_name },
    }, facts.now);
    return "done";
  });
}

export async function unlockMembership(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  reason: string,
  facts: RequestFacts,
): Promise<MemberOutcome> {
  return await actOnMember(db, scope, membershipId, async (trx, member) => {
    if (member.status === "active") return "unchanged";
    await trx.updateTable("memberships").set({ status: "active", locked_at: null, locked_reason: null })
      .where("id", "=", member.id).execute();
    await auditMemberAction(trx, scope, member, "member.unlocked", { reason }, facts);
    return "done";
  });
}

export async function endMemberSessions(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  reason: string,
  facts: RequestFacts,
): Promise<MemberOutcome> {
  return await actOnMember(db, scope, membershipId, async (trx, member) => {
    const sessionsEnded = await endAllSessions(trx, member.account_id);
    await auditMemberAction(trx, scope, member, "member.sessions_ended", { reason, sessionsEnded }, facts);
    return "done";
  });
}

/** A person whose membership has run out is no longer the owner's to touch. */
function pastEnd(member: LockedMember, now: Date): boolean {
  return member.ends_on !== null && dayOf(member.ends_on) < berlinDate(now);
}

/** Locks one of the member's factors; their sessions end, as with a lost key. */
export async function lockMemberFactor(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  factorId: string,
  reason: string,
  facts: RequestFacts,
): Promise<MemberOutcome> {
  return await actOnMember(db, scope, membershipId, async (trx, member) => {
    if (pastEnd(member, facts.now)) return "ended";
    const locked = await trx.updateTable("second_factors")
      .set({ status: "locked", locked_at: facts.now, locked_reason: "locked_by_owner" })
      .where("id", "=", factorId).where("account_id", "=", member.account_id).where("status", "=", "active")
      .returning("kind").executeTakeFirst();
    if (!locked) return "unknown";
    const sessionsEnded = await endAllSessions(trx, member.account_id);
    await auditMemberAction(trx, scope, member, "member.factor_locked", {
      factorId,
      kind: locked.kind,
      reason,
      sessionsEnded,
    }, facts);
    return "done";
  });
}

/** Removes one of the member's factors, never the last one (nor the last active one). */
export async function removeMemberFactor(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  factorId: string,
  reason: string,
  facts: RequestFacts,
): Promise<MemberOutcome> {
  return await actOnMember(db, scope, membershipId, async (trx, member) => {
    if (pastEnd(member, facts.now)) return "ended";
    const removed = await deleteFactorUnlessLast(trx, member.account_id, factorId);
    if (typeof removed === "string") return removed;
    await auditMemberAction(
      trx,
      scope,
      member,
      "member.factor_removed",
      { factorId, kind: removed.kind, reason },
      facts,
    );
    return "done";
  });
}

/** Sets or moves the membership's last day (today or later; to end it at once, see below). */
export async function setMembershipEndDate(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  endsOn: string,
  reason: string,
  facts: RequestFacts,
): Promise<MemberOutcome> {
  return await actOnMember(db, scope, membershipId, async (trx, member) => {
    await trx.updateTable("memberships").set({ ends_on: endsOn }).where("id", "=", member.id).execute();
    await auditMemberAction(trx, scope, member, "member.end_date_set", { endsOn, reason }, facts);
    return "done";
  });
}

/** Ends the membership now: the practice is closed to the person, their sessions in it end. */
export async function endMembershipNow(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  reason: string,
  facts: RequestFacts,
): Promise<MemberOutcome> {
  return await actOnMember(db, scope, membershipId, async (trx, member) => {
    await trx.updateTable("memberships").set({ ended_at: facts.now }).where("id", "=", member.id).execute();
    const ended = await trx.deleteFrom("sessions").where("account_id", "=", member.account_id)
      .where("practice_id", "=", scope.practiceId).executeTakeFirst();
    await auditMemberAction(trx, scope, member, "member.ended", {
      reason,
      sessionsEnded: Number(ended.numDeletedRows),
    }, facts);
    return "done";
  });
}

export interface LockedCredentials {
  factors: number;
  recoveryCodes: number;
  sessions: number;
}

/**
 * Locks every credential a person holds: active second factors are locked, unfinished ones
 * and unused recovery codes are voided, and every session ends. The password stays, but
 * without a factor it signs nobody in: new credentials come only through re-issue.
 */
export async function lockAllCredentials(
  trx: Transaction<Database>,
  accountId: string,
  reason: "reported_lost" | "practice_locked",
  now: Date,
): Promise<LockedCredentials> {
  const factors = await trx.updateTable("second_factors")
    .set({ status: "locked", locked_at: now, locked_reason: reason })
    .where("account_id", "=", accountId).where("status", "=", "active").returning("id").execute();
  await trx.deleteFrom("second_factors").where("account_id", "=", accountId).where("status", "=", "pending")
    .execute();
  const codes = await trx.deleteFrom("recovery_codes").where("account_id", "=", accountId)
    .where("used_at", "is", null).executeTakeFirst();
  const sessions = await endAllSessions(trx, accountId);
  return { factors: factors.length, recoveryCodes: Number(codes.numDeletedRows), sessions };
}

/**
 * Suspected breach: every credential of every member of the practice (the acting owner's
 * too) is locked and every session of theirs ends. Runs inside the caller's transaction when
 * given one, so four-eyes approval can execute it together with recording the decision.
 */
export async function lockWholePractice(
  db: Db | Transaction<Database>,
  scope: PracticeActor,
  reason: string,
  facts: RequestFacts,
): Promise<{ accounts: number; factors: number; sessions: number }> {
  const work = async (trx: Transaction<Database>) => {
    const members = await trx.selectFrom("memberships")
      .innerJoin("accounts", "accounts.id", "memberships.account_id")
      .innerJoin("practices", "practices.id", "memberships.practice_id")
      .select(["accounts.id", "accounts.email", "accounts.language", "practices.name as practice_name"])
      .where("memberships.practice_id", "=", scope.practiceId).where("memberships.ended_at", "is", null)
      .orderBy("accounts.id").execute();
    const totals = { accounts: members.length, factors: 0, sessions: 0 };
    for (const member of members) {
      const locked = await lockAllCredentials(trx, member.id, "practice_locked", facts.now);
      totals.factors += locked.factors;
      totals.sessions += locked.sessions;
      await queueMail(
        trx,
        {
          to: member.email,
          language: member.language,
          facts: { kind: "practiceLocked", practice: member.practice_name },
        },
        facts.now,
      );
    }
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "practice.credentials_locked",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      details: { reason, ...totals },
      occurredAt: facts.now,
    });
    return totals;
  };
  return db.isTransaction ? await work(db as Transaction<Database>) : await db.transaction().execute(work);
}

/** Whether the practice wants a second approval before this action takes effect. */
export async function needsFourEyes(db: Db, scope: PracticeActor, action: string): Promise<boolean> {
  const practice = await db.selectFrom("practices").select("four_eyes_actions").where("id", "=", scope.practiceId)
    .executeTakeFirstOrThrow();
  return practice.four_eyes_actions.includes(action);
}

/**
 * Asks for the second approval of locking the whole practice; the four-eyes mechanism carries
 * it out once approved (lockWholePractice above).
 */
export async function requestPracticeLock(
  db: Db,
  scope: PracticeActor,
  reason: string,
  facts: RequestFacts,
): Promise<string> {
  return await db.transaction().execute(async (trx) => {
    const request = await trx.insertInto("approval_requests").values({
      practice_id: scope.practiceId,
      action: "lock_practice",
      reason,
      requested_by: scope.accountId,
      requested_at: facts.now,
      status: "pending",
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "approval.requested",
      actorAccountId: scope.accountId,
      subjectType: "approval_request",
      subjectId: request.id,
      requestId: facts.requestId,
      details: { action: "lock_practice", reason },
      occurredAt: facts.now,
    });
    return request.id;
  });
}
