// Browser approval (Browserfreigabe): a browser is known by a random identifier in a long-lived
// cookie, stored here only as a hash, once per person and practice. A browser a person has not
// used in the practice before waits until someone else approves it; a denied or revoked one
// gets nothing.
//
// Who approves: a member's browser, an owner or a member the owner designated; an owner's
// browser, another owner. An owner's browser is approved implicitly when the practice has no
// other owner who could approve it: this is how the practice's first owner browser (at
// registration and first sign-in) gets in, and it keeps a practice with a single owner from
// locking itself out. The implicit approval is audited like any other. Nobody approves their own.
import type { Transaction } from "kysely";
import type { MailOrder } from "../lib/mail-templates.ts";
import type { Role } from "../lib/permissions.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import type { PracticeActor } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueMail } from "./outgoing-mails.ts";
import { type Approver, isApprover, listApprovers } from "./approvers.ts";
import type { KnownBrowser } from "./sessions.ts";

export type BrowserVerdict = "approved" | "pending" | "refused";

// last_seen_at is refreshed at most this often, like a session's.
const TOUCH_AFTER_MS = 60_000;

export interface BrowserVisit {
  practiceId: string;
  accountId: string;
  role: Role;
  browserHash: string;
  description: string;
  /** The practice's policy: when off, unknown browsers pass (denied and revoked ones never do). */
  approvalRequired: boolean;
}

/**
 * Whether this browser may work in the practice now; a first visit registers it. `alreadyRead`
 * is its registration as read with the session in this request (null: none), so a page request
 * does not ask again; undefined reads it here.
 */
export async function admitBrowser(
  db: Db,
  visit: BrowserVisit,
  approvalMail: (approver: Approver, browserId: string) => MailOrder,
  facts: RequestFacts,
  alreadyRead?: KnownBrowser | null,
): Promise<{ verdict: BrowserVerdict; mailed: boolean }> {
  const known = alreadyRead !== undefined ? alreadyRead : await db.selectFrom("known_browsers")
    .select(["id", "status", "last_seen_at as lastSeenAt"])
    .where("account_id", "=", visit.accountId).where("practice_id", "=", visit.practiceId)
    .where("browser_hash", "=", visit.browserHash).executeTakeFirst() ?? null;
  if (known) {
    if (known.status === "denied" || known.status === "revoked") return { verdict: "refused", mailed: false };
    if (known.status === "pending") return { verdict: visit.approvalRequired ? "pending" : "approved", mailed: false };
    if (facts.now.getTime() - known.lastSeenAt.getTime() >= TOUCH_AFTER_MS) {
      await db.updateTable("known_browsers").set({ last_seen_at: facts.now }).where("id", "=", known.id).execute();
    }
    return { verdict: "approved", mailed: false };
  }
  if (!visit.approvalRequired) return { verdict: "approved", mailed: false };
  return await db.transaction().execute((trx) => registerBrowser(trx, visit, approvalMail, facts));
}

async function registerBrowser(
  trx: Transaction<Database>,
  visit: BrowserVisit,
  approvalMail: (approver: Approver, browserId: string) => MailOrder,
  facts: RequestFacts,
): Promise<{ verdict: BrowserVerdict; mailed: boolean }> {
  const approvers = await listApprovers(trx, visit.practiceId, facts.now, {
    ownersOnly: visit.role === "owner",
    except: visit.accountId,
  });
  const implicit = visit.role === "owner" && approvers.length === 0;
  const inserted = await trx.insertInto("known_browsers").values({
    account_id: visit.accountId,
    practice_id: visit.practiceId,
    browser_hash: visit.browserHash,
    description: visit.description.slice(0, 120),
    status: implicit ? "approved" : "pending",
    first_seen_at: facts.now,
    last_seen_at: facts.now,
    decided_at: implicit ? facts.now : null,
  }).onConflict((oc) => oc.columns(["account_id", "practice_id", "browser_hash"]).doNothing())
    .returning("id").executeTakeFirst();
  // A parallel request of the same browser registered it first: its outcome stands.
  if (!inserted) return { verdict: implicit ? "approved" : "pending", mailed: false };
  await appendAuditEvent(trx, {
    practiceId: visit.practiceId,
    action: implicit ? "browser.approved_implicitly" : "browser.approval_requested",
    actorAccountId: visit.accountId,
    subjectType: "browser",
    subjectId: inserted.id,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details: { accountId: visit.accountId, reason: implicit ? "no_other_owner" : null },
  });
  if (implicit) return { verdict: "approved", mailed: false };
  for (const approver of approvers) await queueMail(trx, approvalMail(approver, inserted.id), facts.now);
  return { verdict: "pending", mailed: approvers.length > 0 };
}

/**
 * Whether this browser has been approved for the account in any practice: a cheap lookup of
 * the hashed cookie (no Argon2), which lets its sign-in use the hashing queue's reserved share.
 */
export async function isApprovedBrowser(db: Db, accountId: string, browserHash: string): Promise<boolean> {
  const row = await db.selectFrom("known_browsers").select("id").where("account_id", "=", accountId)
    .where("browser_hash", "=", browserHash).where("status", "=", "approved").limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The browser's state as the waiting page shows it; null when it was never registered. */
export async function browserStatus(db: Db, practiceId: string, accountId: string, browserHash: string) {
  const row = await db.selectFrom("known_browsers").select("status")
    .where("account_id", "=", accountId).where("practice_id", "=", practiceId)
    .where("browser_hash", "=", browserHash).executeTakeFirst();
  return row?.status ?? null;
}

export interface BrowserRow {
  id: string;
  accountId: string;
  memberName: string;
  role: Role;
  description: string;
  status: "pending" | "approved" | "denied" | "revoked";
  firstSeenAt: Date;
  lastSeenAt: Date;
  decidedAt: Date | null;
  decidedByName: string | null;
  /** Whether the person looking may approve or deny it (pending, not their own, their call). */
  decidable: boolean;
  revocable: boolean;
}

/**
 * The browsers the person may see: every member's for an approver, their own for anyone else.
 * Denied and revoked ones stay listed, so the record of decisions is visible.
 */
export async function listBrowsers(db: Db, scope: PracticeActor, now: Date): Promise<BrowserRow[]> {
  const approver = await isApprover(db, scope.practiceId, scope.accountId, now);
  const owner = await isApprover(db, scope.practiceId, scope.accountId, now, { ownersOnly: true });
  let query = db.selectFrom("known_browsers")
    .innerJoin("accounts", "accounts.id", "known_browsers.account_id")
    .innerJoin("memberships", (join) =>
      join.onRef("memberships.account_id", "=", "known_browsers.account_id")
        .onRef("memberships.practice_id", "=", "known_browsers.practice_id"))
    .leftJoin("accounts as deciders", "deciders.id", "known_browsers.decided_by")
    .select([
      "known_browsers.id",
      "known_browsers.account_id",
      "known_browsers.description",
      "known_browsers.status",
      "known_browsers.first_seen_at",
      "known_browsers.last_seen_at",
      "known_browsers.decided_at",
      "accounts.name as member_name",
      "memberships.role",
      "deciders.name as decided_by_name",
    ])
    .where("known_browsers.practice_id", "=", scope.practiceId);
  if (!approver) query = query.where("known_browsers.account_id", "=", scope.accountId);
  const rows = await query.orderBy("accounts.name").orderBy("known_browsers.last_seen_at", "desc").execute();
  return rows.map((row) => {
    const mayDecide = row.account_id !== scope.accountId && (row.role === "owner" ? owner : approver);
    return {
      id: row.id,
      accountId: row.account_id,
      memberName: row.member_name,
      role: row.role,
      description: row.description,
      status: row.status,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      decidedAt: row.decided_at,
      decidedByName: row.decided_by_name,
      decidable: mayDecide && row.status === "pending",
      revocable: (mayDecide || row.account_id === scope.accountId) &&
        (row.status === "approved" || row.status === "pending"),
    };
  });
}

export type BrowserDecision = "approve" | "deny" | "revoke";

/**
 * Approves or denies a waiting browser, or revokes one. Revoking one's own browser is allowed
 * (a lost laptop); every other decision belongs to someone else who may approve it. False when
 * the browser is not this practice's, or not the person's to decide: the caller answers 404.
 */
export async function decideBrowser(
  db: Db,
  scope: PracticeActor,
  browserId: string,
  decision: BrowserDecision,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("known_browsers")
      .innerJoin("memberships", (join) =>
        join.onRef("memberships.account_id", "=", "known_browsers.account_id")
          .onRef("memberships.practice_id", "=", "known_browsers.practice_id"))
      .select(["known_browsers.id", "known_browsers.account_id", "known_browsers.status", "memberships.role"])
      .where("known_browsers.id", "=", browserId).where("known_browsers.practice_id", "=", scope.practiceId)
      .forUpdate().executeTakeFirst();
    if (!row) return false;
    const own = row.account_id === scope.accountId;
    const mayDecide = !own &&
      await isApprover(trx, scope.practiceId, scope.accountId, facts.now, { ownersOnly: row.role === "owner" });
    const allowed = decision === "revoke"
      ? (own || mayDecide) && (row.status === "approved" || row.status === "pending")
      : mayDecide && row.status === "pending";
    if (!allowed) return false;
    const status = decision === "approve" ? "approved" : decision === "deny" ? "denied" : "revoked";
    await trx.updateTable("known_browsers")
      .set({ status, decided_by: scope.accountId, decided_at: facts.now })
      .where("id", "=", row.id).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: `browser.${status}`,
      actorAccountId: scope.accountId,
      subjectType: "browser",
      subjectId: row.id,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { accountId: row.account_id },
    });
    return true;
  });
}
