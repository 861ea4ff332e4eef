// The practice's access policy as the owner sets it: the networks sign-in is allowed from (empty:
// anywhere) with per-member exceptions, browser approval on or off, and the actions that need
// four eyes. Also the refusal of a session that comes from outside the allowed networks.
import type { PracticeActor } from "./practice-scope.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";

export interface AccessPolicy {
  allowedNetworks: string[];
  browserApproval: boolean;
  fourEyesActions: string[];
}

export async function loadAccessPolicy(db: Db, scope: PracticeActor): Promise<AccessPolicy> {
  const row = await db.selectFrom("practices").select(["allowed_networks", "browser_approval", "four_eyes_actions"])
    .where("id", "=", scope.practiceId).executeTakeFirstOrThrow();
  return {
    allowedNetworks: row.allowed_networks ?? [],
    browserApproval: row.browser_approval,
    fourEyesActions: row.four_eyes_actions ?? [],
  };
}

/** The members with their exception and approver flag, for the owner's policy page. */
export async function listMemberAccess(db: Db, scope: PracticeActor, now: Date) {
  const rows = await db.selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .innerJoin("practices", "practices.id", "memberships.practice_id")
    .select([
      "memberships.id",
      "memberships.account_id",
      "memberships.role",
      "memberships.status",
      "memberships.ended_at",
      "memberships.ends_on",
      "memberships.network_exception",
      "memberships.approves_browsers",
      "practices.status as practice_status",
      "accounts.name",
    ])
    .where("memberships.practice_id", "=", scope.practiceId)
    .orderBy("accounts.name").execute();
  return rows.filter((row) => membershipIsCurrent(row, now)).map((row) => ({
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    role: row.role,
    networkException: row.network_exception,
    approvesBrowsers: row.approves_browsers,
  }));
}

export async function saveAccessPolicy(
  db: Db,
  scope: PracticeActor,
  policy: AccessPolicy,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("practices").set({
      allowed_networks: policy.allowedNetworks,
      browser_approval: policy.browserApproval,
      four_eyes_actions: policy.fourEyesActions,
    }).where("id", "=", scope.practiceId).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "practice.access_policy_changed",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: {
        allowedNetworks: policy.allowedNetworks.join(" "),
        browserApproval: policy.browserApproval,
        fourEyesActions: policy.fourEyesActions.join(" "),
      },
    });
  });
}

/** Sets a member's network exception and approver flag; false when it is not this practice's. */
export async function saveMemberAccess(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  access: { networkException: boolean; approvesBrowsers: boolean },
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("memberships")
      .set({ network_exception: access.networkException, approves_browsers: access.approvesBrowsers })
      .where("id", "=", membershipId).where("practice_id", "=", scope.practiceId)
      .returning("account_id").executeTakeFirst();
    if (!updated) return false;
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "membership.access_changed",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: membershipId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { networkException: access.networkException, approvesBrowsers: access.approvesBrowsers },
    });
    return true;
  });
}

/**
 * A session came from outside the practice's networks: it ends, and the refusal is recorded in
 * the practice's chain. From the address its sign-in came from, it is a refused sign-in (met on
 * the first practice page after the second factor); from another, a running session that moved.
 */
export async function refuseOutsideNetwork(
  db: Db,
  input: { practiceId: string; accountId: string; tokenHash: string; address: string },
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await trx.deleteFrom("sessions").where("token_hash", "=", input.tokenHash)
      .returning("ip").executeTakeFirst();
    await appendAuditEvent(trx, {
      practiceId: input.practiceId,
      action: ended?.ip === input.address ? "sign_in.network_refused" : "session.network_refused",
      actorAccountId: input.accountId,
      subjectType: "account",
      subjectId: input.accountId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { address: input.address },
    });
  });
}
