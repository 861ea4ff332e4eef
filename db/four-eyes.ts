// Four eyes: a sensitive action the owner chose (practices.four_eyes_actions) takes effect only
// when a second person approves it: another owner, or a member designated to approve. Features
// plug their actions in with registerFourEyesAction; a request stores the action's payload, and
// approving runs the action's executor in the same transaction as the approval.
import { sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import type { PracticeActor } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { isApprover } from "./approvers.ts";

export type FourEyesPayload = Record<string, string | number | boolean | null>;

export type FourEyesExecutor = (
  trx: Transaction<Database>,
  /** The practice, and the person who asked for the action (it is done in their name). */
  scope: PracticeActor,
  payload: FourEyesPayload,
  facts: RequestFacts,
  request: { id: string; reason: string },
) => Promise<unknown>;

const executors = new Map<string, FourEyesExecutor>();

/** Plugs a feature's action in; the name is what practices.four_eyes_actions lists. */
export function registerFourEyesAction(name: string, execute: FourEyesExecutor): void {
  executors.set(name, execute);
}

/** The actions an owner can put under four eyes. */
export function fourEyesActionNames(): string[] {
  return [...executors.keys()].sort();
}

/** Whether this practice wants a second person to approve the action. */
export async function fourEyesRequired(
  db: Db | Transaction<Database>,
  practiceId: string,
  action: string,
): Promise<boolean> {
  const row = await db.selectFrom("practices").select("four_eyes_actions").where("id", "=", practiceId)
    .executeTakeFirst();
  return (row?.four_eyes_actions ?? []).includes(action);
}

/**
 * Records a request for an action instead of doing it; nothing happens until someone else
 * approves. Call inside the transaction of the feature's own checks. Returns the request id.
 */
export async function requestApproval(
  trx: Transaction<Database>,
  scope: PracticeActor,
  request: { action: string; payload: FourEyesPayload; reason: string },
  facts: RequestFacts,
): Promise<string> {
  if (!executors.has(request.action)) throw new Error(`four-eyes action not registered: ${request.action}`);
  const row = await trx.insertInto("approval_requests").values({
    practice_id: scope.practiceId,
    action: request.action,
    // Sent as text and cast in SQL: drivers disagree on how to serialise a jsonb parameter.
    payload: sql<string>`cast(${JSON.stringify(request.payload)}::text as jsonb)`,
    reason: request.reason,
    requested_by: scope.accountId,
    requested_at: facts.now,
    status: "pending",
  }).returning("id").executeTakeFirstOrThrow();
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action: "four_eyes.requested",
    actorAccountId: scope.accountId,
    subjectType: "approval_request",
    subjectId: row.id,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details: { action: request.action },
  });
  return row.id;
}

export type ApprovalOutcome = "executed" | "rejected" | "withdrawn" | "not_found" | "own_request";

/**
 * Approves (and so executes) or rejects a pending request; its requester may only withdraw it.
 * "not_found" covers another practice's request, a decided one, and a person who may not
 * approve: the caller answers 404 for all of them.
 */
export async function decideApproval(
  db: Db,
  scope: PracticeActor,
  requestId: string,
  decision: "approve" | "reject" | "withdraw",
  facts: RequestFacts,
): Promise<ApprovalOutcome> {
  return await db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("approval_requests")
      .select(["id", "action", "payload", "reason", "requested_by", "status"])
      .where("id", "=", requestId).where("practice_id", "=", scope.practiceId)
      .forUpdate().executeTakeFirst();
    if (!request || request.status !== "pending") return "not_found";
    const own = request.requested_by === scope.accountId;
    if (decision === "withdraw" ? !own : own) return own ? "own_request" : "not_found";
    if (decision !== "withdraw" && !await isApprover(trx, scope.practiceId, scope.accountId, facts.now)) {
      return "not_found";
    }
    const status = decision === "approve" ? "executed" : decision === "reject" ? "rejected" : "withdrawn";
    await trx.updateTable("approval_requests").set({ status, decided_by: scope.accountId, decided_at: facts.now })
      .where("id", "=", request.id).execute();
    const audit = (action: string) =>
      appendAuditEvent(trx, {
        practiceId: scope.practiceId,
        action,
        actorAccountId: scope.accountId,
        subjectType: "approval_request",
        subjectId: request.id,
        requestId: facts.requestId,
        occurredAt: facts.now,
        details: { action: request.action, requestedBy: request.requested_by },
      });
    if (decision !== "approve") {
      await audit(`four_eyes.${status}`);
      return status as "rejected" | "withdrawn";
    }
    await audit("four_eyes.approved");
    const execute = executors.get(request.action);
    if (!execute) throw new Error(`four-eyes action not registered: ${request.action}`);
    // Done in the requester's name: they asked for it; the approver's consent is recorded above.
    const requester = { practiceId: scope.practiceId, accountId: request.requested_by };
    await execute(trx, requester, request.payload as FourEyesPayload, facts, {
      id: request.id,
      reason: request.reason,
    });
    await audit("four_eyes.executed");
    return "executed";
  });
}

export interface ApprovalRow {
  id: string;
  action: string;
  reason: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
  status: Database["approval_requests"]["status"];
  decidedByName: string | null;
  decidedAt: Date | null;
  /** What the person looking may do with it. */
  decidable: boolean;
  withdrawable: boolean;
}

/** The practice's requests, newest first: pending ones on top for approvers and requesters. */
export async function listApprovals(db: Db, scope: PracticeActor, now: Date, limit = 100): Promise<ApprovalRow[]> {
  const approver = await isApprover(db, scope.practiceId, scope.accountId, now);
  let query = db.selectFrom("approval_requests")
    .innerJoin("accounts as requesters", "requesters.id", "approval_requests.requested_by")
    .leftJoin("accounts as deciders", "deciders.id", "approval_requests.decided_by")
    .select([
      "approval_requests.id",
      "approval_requests.action",
      "approval_requests.reason",
      "approval_requests.requested_by",
      "approval_requests.requested_at",
      "approval_requests.status",
      "approval_requests.decided_at",
      "requesters.name as requester_name",
      "deciders.name as decider_name",
    ])
    .where("approval_requests.practice_id", "=", scope.practiceId);
  if (!approver) query = query.where("approval_requests.requested_by", "=", scope.accountId);
  const rows = await query.orderBy("approval_requests.requested_at", "desc").limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedByName: row.requester_name,
    requestedAt: row.requested_at,
    status: row.status,
    decidedByName: row.decider_name,
    decidedAt: row.decided_at,
    decidable: approver && row.status === "pending" && row.requested_by !== scope.accountId,
    withdrawable: row.status === "pending" && row.requested_by === scope.accountId,
  }));
}
