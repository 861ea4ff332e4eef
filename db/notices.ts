// What waits for a person in the practice: browsers and four-eyes requests they may decide (an
// approver's), and for an owner the members who lost their access after a loss report and the
// third-party access that ends soon. One statement counts them all for the header's badge.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { berlinDate } from "../lib/clock.ts";
import { addDays } from "../lib/berlin-time.ts";

/** Third-party access that ends within this many days is named. */
export const EXPIRING_WITHIN_DAYS = 14;

export interface NoticeCounts {
  browsers: number;
  approvals: number;
  lossReports: number;
  expiringAccess: number;
}

export function noticeTotal(counts: NoticeCounts): number {
  return counts.browsers + counts.approvals + counts.lossReports + counts.expiringAccess;
}

/** Whether the person is an approver: an owner, or designated by one (db/approvers.ts). */
function approver(scope: PracticeScope) {
  return sql<boolean>`exists (select 1 from memberships me where me.id = ${scope.membershipId}
    and me.practice_id = ${scope.practiceId} and (me.role = 'owner' or me.approves_browsers))`;
}

/** Browsers waiting for this approver: not their own, and an owner's only for an owner. */
function waitingBrowsers(db: Db, scope: PracticeScope) {
  return db.selectFrom("known_browsers as kb")
    .innerJoin(
      "memberships as m",
      (join) => join.onRef("m.account_id", "=", "kb.account_id").onRef("m.practice_id", "=", "kb.practice_id"),
    )
    .innerJoin("accounts as acc", "acc.id", "kb.account_id")
    .where("kb.practice_id", "=", scope.practiceId).where("kb.status", "=", "pending")
    .where("kb.account_id", "!=", scope.accountId)
    .where((eb) => scope.role === "owner" ? eb.lit(true) : eb("m.role", "!=", "owner"))
    .where(approver(scope));
}

function waitingApprovals(db: Db, scope: PracticeScope) {
  return db.selectFrom("approval_requests as ar")
    .innerJoin("accounts as acc", "acc.id", "ar.requested_by")
    .where("ar.practice_id", "=", scope.practiceId).where("ar.status", "=", "pending")
    .where("ar.requested_by", "!=", scope.accountId)
    .where(approver(scope));
}

/**
 * Members locked out by a loss report: a factor locked as lost, no active factor left, and no
 * re-issue under way. Only the owner re-issues access, so only an owner is told.
 */
function lockedOutMembers(db: Db, scope: PracticeScope, now: Date) {
  return db.selectFrom("memberships as m")
    .innerJoin("accounts as acc", "acc.id", "m.account_id")
    .where("m.practice_id", "=", scope.practiceId).where("m.ended_at", "is", null)
    .where("m.account_id", "!=", scope.accountId)
    .where(sql<boolean>`${scope.role === "owner"}`)
    .where(sql<boolean>`exists (select 1 from second_factors sf where sf.account_id = m.account_id
      and sf.status = 'locked' and sf.locked_reason = 'reported_lost')`)
    .where(sql<boolean>`not exists (select 1 from second_factors sf where sf.account_id = m.account_id
      and sf.status = 'active')`)
    .where(sql<boolean>`not exists (select 1 from invitations i where i.reissue_account_id = m.account_id
      and i.practice_id = m.practice_id and i.accepted_at is null and i.withdrawn_at is null
      and i.expires_at > ${now})`);
}

function expiringThirdParties(db: Db, scope: PracticeScope, now: Date) {
  const today = berlinDate(now);
  return db.selectFrom("memberships as m")
    .innerJoin("accounts as acc", "acc.id", "m.account_id")
    .where("m.practice_id", "=", scope.practiceId).where("m.role", "=", "third_party")
    .where("m.status", "=", "active").where("m.ended_at", "is", null)
    .where("m.ends_on", ">=", sql<Date>`${today}::date`)
    .where("m.ends_on", "<=", sql<Date>`${addDays(today, EXPIRING_WITHIN_DAYS)}::date`)
    .where(sql<boolean>`${scope.role === "owner"}`);
}

/** How many of each wait for the person: one statement, for every page's badge. */
export async function noticeCounts(db: Db, scope: PracticeScope, now: Date): Promise<NoticeCounts> {
  const count = sql<string>`count(*)`;
  const row = await db.selectNoFrom([
    waitingBrowsers(db, scope).select(count.as("n")).as("browsers"),
    waitingApprovals(db, scope).select(count.as("n")).as("approvals"),
    lockedOutMembers(db, scope, now).select(count.as("n")).as("loss_reports"),
    expiringThirdParties(db, scope, now).select(count.as("n")).as("expiring"),
  ]).executeTakeFirstOrThrow();
  return {
    browsers: Number(row.browsers ?? 0),
    approvals: Number(row.approvals ?? 0),
    lossReports: Number(row.loss_reports ?? 0),
    expiringAccess: Number(row.expiring ?? 0),
  };
}

export interface NoticeList {
  browsers: { id: string; memberName: string; description: string; firstSeenAt: Date }[];
  approvals: { id: string; action: string; requestedByName: string; requestedAt: Date }[];
  lossReports: { membershipId: string; memberName: string }[];
  expiringAccess: { membershipId: string; memberName: string; endsOn: string }[];
}

/** The notices themselves, for /notices and the owner's today. */
export async function listNotices(db: Db, scope: PracticeScope, now: Date): Promise<NoticeList> {
  const [browsers, approvals, lossReports, expiring] = await Promise.all([
    waitingBrowsers(db, scope)
      .select(["kb.id", "acc.name", "kb.description", "kb.first_seen_at"]).orderBy("kb.first_seen_at").execute(),
    waitingApprovals(db, scope)
      .select(["ar.id", "ar.action", "acc.name", "ar.requested_at"]).orderBy("ar.requested_at").execute(),
    lockedOutMembers(db, scope, now).select(["m.id", "acc.name"]).orderBy("acc.name").execute(),
    expiringThirdParties(db, scope, now)
      .select(["m.id", "acc.name", sql<string>`m.ends_on::text`.as("ends_on")]).orderBy("m.ends_on").execute(),
  ]);
  return {
    browsers: browsers.map((b) => ({
      id: b.id,
      memberName: b.name,
      description: b.description,
      firstSeenAt: b.first_seen_at,
    })),
    approvals: approvals.map((a) => ({
      id: a.id,
      action: a.action,
      requestedByName: a.name,
      requestedAt: a.requested_at,
    })),
    lossReports: lossReports.map((m) => ({ membershipId: m.id, memberName: m.name })),
    expiringAccess: expiring.map((m) => ({ membershipId: m.id, memberName: m.name, endsOn: m.ends_on })),
  };
}
