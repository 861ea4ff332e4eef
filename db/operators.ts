// The operators of the installation and what they may do from the console: see practices and
// their people (never patient data), lock and unlock practices and accounts, reset second
// factors, resynchronise a YubiKey, extend an automatic lock. Every change carries a reason
// and is recorded in the installation's audit chain and in the chain of each practice concerned.
import { sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { endAllSessions } from "./sessions.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";
import { queueMail } from "./outgoing-mails.ts";

export interface NewOperator {
  email: string;
  name: string;
  passwordHash: string;
  language: "de" | "en";
}

/** Creates a verified operator account (from the command line); null when the address is taken. */
export async function createOperator(db: Db, operator: NewOperator, facts: RequestFacts): Promise<string | null> {
  return await db.transaction().execute(async (trx) => {
    const account = await trx.insertInto("accounts").values({
      email: operator.email,
      name: operator.name,
      password_hash: operator.passwordHash,
      status: "active",
      language: operator.language,
      kind: "operator",
      created_at: facts.now,
      verified_at: facts.now,
      password_changed_at: facts.now,
    }).onConflict((conflict) => conflict.expression(sql`lower(email)`).doNothing())
      .returning("id").executeTakeFirst();
    if (!account) return null;
    await appendAuditEvent(trx, {
      practiceId: null,
      action: "operator.created",
      subjectType: "account",
      subjectId: account.id,
      requestId: facts.requestId,
      details: { via: "command_line" },
      occurredAt: facts.now,
    });
    return account.id;
  });
}

export async function isOperator(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom("accounts").select("id").where("id", "=", accountId)
    .where("kind", "=", "operator").where("status", "=", "active").executeTakeFirst();
  return !!row;
}

interface OperatorAction {
  operatorId: string;
  action: string;
  subjectType: "practice" | "account" | "second_factor";
  subjectId: string;
  /** The practices whose chains record the action too. */
  practiceIds: string[];
  details: Record<string, string | number | boolean | null>;
}

async function auditOperatorAction(trx: Transaction<Database>, entry: OperatorAction, facts: RequestFacts) {
  for (const practiceId of [null, ...entry.practiceIds]) {
    await appendAuditEvent(trx, {
      practiceId,
      action: entry.action,
      actorAccountId: entry.operatorId,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      requestId: facts.requestId,
      details: { ...entry.details, byOperator: true },
      occurredAt: facts.now,
    });
  }
}

/** The practices a person belongs to (membership not ended), in a fixed order. */
async function practicesOf(trx: Transaction<Database>, accountId: string): Promise<string[]> {
  const rows = await trx.selectFrom("memberships").select("practice_id").where("account_id", "=", accountId)
    .where("ended_at", "is", null).orderBy("practice_id").execute();
  return rows.map((row) => row.practice_id);
}

// ---- Reading --------------------------------------------------------------------------------

export async function listPractices(db: Db) {
  return await db.selectFrom("practices")
    .select((eb) => [
      "practices.id",
      "practices.name",
      "practices.status",
      "practices.created_at",
      "practices.locked_reason",
      eb.selectFrom("memberships").select((m) => m.fn.countAll<number>().as("n"))
        .whereRef("memberships.practice_id", "=", "practices.id").where("memberships.ended_at", "is", null)
        .as("members"),
    ])
    .orderBy("practices.name").execute();
}

export async function findPractice(db: Db, practiceId: string) {
  return await db.selectFrom("practices")
    .select(["id", "name", "status", "created_at", "locked_at", "locked_reason"])
    .where("id", "=", practiceId).executeTakeFirst();
}

export type MembershipState = "current" | "locked" | "ended";

/** The people of a practice: who they are and the state of membership and account. */
export async function listPracticePeople(db: Db, practiceId: string, now: Date) {
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
      "practices.status as practice_status",
      "accounts.name",
      "accounts.email",
      "accounts.status as account_status",
    ])
    .where("memberships.practice_id", "=", practiceId).orderBy("accounts.name").execute();
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    email: row.email,
    role: row.role,
    accountStatus: row.account_status,
    membershipState:
      (row.status === "locked"
        ? "locked"
        : row.ended_at || !membershipIsCurrent({ ...row, practice_status: "active" }, now)
        ? "ended"
        : "current") as MembershipState,
  }));
}

/** A practice's person as support sees them: account state, memberships and second factors. */
export async function findPerson(db: Db, accountId: string) {
  const account = await db.selectFrom("accounts")
    .select([
      "id",
      "name",
      "email",
      "status",
      "created_at",
      "locked_at",
      "locked_reason",
      "locked_until",
      "auto_lock_extended_until",
    ])
    .where("id", "=", accountId).where("kind", "=", "person").executeTakeFirst();
  if (!account) return null;
  const [memberships, factors] = await Promise.all([
    db.selectFrom("memberships").innerJoin("practices", "practices.id", "memberships.practice_id")
      .select([
        "practices.id as practice_id",
        "practices.name as practice_name",
        "memberships.role",
        "memberships.status",
        "memberships.ended_at",
      ])
      .where("memberships.account_id", "=", accountId).orderBy("practices.name").execute(),
    db.selectFrom("second_factors")
      .select(["id", "kind", "name", "status", "created_at", "last_used_at", "yubico_public_id"])
      .where("account_id", "=", accountId).where("status", "!=", "pending").orderBy("created_at").execute(),
  ]);
  return { account, memberships, factors };
}

/** Lockouts and loss reports across the installation, newest first, once per request. */
export async function listInstallationEvents(db: Db, kind: "lockouts" | "loss_reports", limit = 100) {
  let query = db.selectFrom("audit_events")
    .leftJoin("accounts", (join) => join.on(sql<boolean>`accounts.id::text = audit_events.subject_id`))
    .leftJoin("practices", "practices.id", "audit_events.practice_id")
    .select([
      "audit_events.id",
      "audit_events.occurred_at",
      "audit_events.action",
      "audit_events.request_id",
      "audit_events.subject_id",
      "accounts.name as account_name",
      "accounts.email as account_email",
      "practices.name as practice_name",
    ]);
  query = kind === "lockouts"
    ? query.where("audit_events.action", "=", "account.locked_out")
    : query.where("audit_events.action", "like", "loss.%");
  const rows = await query.orderBy("audit_events.occurred_at", "desc").orderBy("audit_events.id", "desc")
    .limit(limit * 3).execute();
  // One event is written to the chain of each practice of the person: show it once.
  const seen = new Map<string, (typeof rows)[number] & { practices: string[] }>();
  for (const row of rows) {
    const key = `${row.request_id ?? row.id}|${row.action}|${row.subject_id}`;
    const entry = seen.get(key) ?? { ...row, practices: [] };
    if (row.practice_name) entry.practices.push(row.practice_name);
    seen.set(key, entry);
  }
  return [...seen.values()].slice(0, limit);
}

// ---- Changing -------------------------------------------------------------------------------

export interface OperatorChange {
  operatorId: string;
  reason: string;
}

/** Locks a practice: every member loses access to it at once. */
export async function setPracticeLocked(
  db: Db,
  change: OperatorChange,
  practiceId: string,
  locked: boolean,
  facts: RequestFacts,
): Promise<"changed" | "unchanged" | "unknown"> {
  return await db.transaction().execute(async (trx) => {
    const practice = await trx.selectFrom("practices").select(["status", "name"]).where("id", "=", practiceId)
      .forUpdate().executeTakeFirst();
    if (!practice) return "unknown";
    if ((practice.status === "locked") === locked) return "unchanged";
    await trx.updateTable("practices").set(
      locked
        ? { status: "locked", locked_at: facts.now, locked_reason: change.reason }
        : { status: "active", locked_at: null, locked_reason: null },
    ).where("id", "=", practiceId).execute();
    await auditOperatorAction(trx, {
      operatorId: change.operatorId,
      action: locked ? "practice.locked" : "practice.unlocked",
      subjectType: "practice",
      subjectId: practiceId,
      practiceIds: [practiceId],
      details: { reason: change.reason },
    }, facts);
    // The owners answer for the practice: they hear of the lock in their own language.
    const owners = await trx.selectFrom("memberships").innerJoin("accounts", "accounts.id", "memberships.account_id")
      .select(["accounts.email", "accounts.language"])
      .where("memberships.practice_id", "=", practiceId).where("memberships.role", "=", "owner")
      .where("memberships.ended_at", "is", null).orderBy("accounts.id").execute();
    for (const owner of owners) {
      await queueMail(
        trx,
        {
          to: owner.email,
          language: owner.language,
          facts: { kind: "operatorPracticeLock", practice: practice.name, locked },
        },
        facts.now,
      );
    }
    return "changed";
  });
}

/** Locks a person's account (every session ends at once) or unlocks it. */
export async function setAccountLocked(
  db: Db,
  change: OperatorChange,
  accountId: string,
  locked: boolean,
  facts: RequestFacts,
): Promise<"changed" | "unchanged" | "unknown"> {
  return await db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom("accounts").select(["status", "verified_at", "email", "language"])
      .where("id", "=", accountId).where("kind", "=", "person").forUpdate().executeTakeFirst();
    if (!account) return "unknown";
    if ((account.status === "locked") === locked) return "unchanged";
    await trx.updateTable("accounts").set(
      locked
        ? { status: "locked", locked_at: facts.now, locked_reason: change.reason }
        : { status: account.verified_at ? "active" : "unverified", locked_at: null, locked_reason: null },
    ).where("id", "=", accountId).execute();
    const sessionsEnded = locked ? await endAllSessions(trx, accountId) : 0;
    await auditOperatorAction(trx, {
      operatorId: change.operatorId,
      action: locked ? "account.locked" : "account.unlocked",
      subjectType: "account",
      subjectId: accountId,
      practiceIds: await practicesOf(trx, accountId),
      details: { reason: change.reason, sessionsEnded },
    }, facts);
    await queueMail(trx, {
      to: account.email,
      language: account.language,
      facts: { kind: "operatorAccountLock", locked },
    }, facts.now);
    return "changed";
  });
}

/**
 * After a support check: every second factor and recovery code of the person is deleted (not
 * only locked, so that enrolment is possible again at the next sign-in) and every session ends.
 */
export async function resetSecondFactors(
  db: Db,
  change: OperatorChange,
  accountId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom("accounts").select("id").where("id", "=", accountId)
      .where("kind", "=", "person").forUpdate().executeTakeFirst();
    if (!account) return false;
    const factors = await trx.deleteFrom("second_factors").where("account_id", "=", accountId).executeTakeFirst();
    const codes = await trx.deleteFrom("recovery_codes").where("account_id", "=", accountId).executeTakeFirst();
    const sessionsEnded = await endAllSessions(trx, accountId);
    await auditOperatorAction(trx, {
      operatorId: change.operatorId,
      action: "factors.reset",
      subjectType: "account",
      subjectId: accountId,
      practiceIds: await practicesOf(trx, accountId),
      details: {
        reason: change.reason,
        method: "deleted_for_new_enrolment",
        factorsDeleted: Number(factors.numDeletedRows),
        recoveryCodesDeleted: Number(codes.numDeletedRows),
        sessionsEnded,
      },
    }, facts);
    return true;
  });
}

/** After a support check: the YubiKey's stored counters start again from zero. */
export async function resynchroniseYubikey(
  db: Db,
  change: OperatorChange,
  accountId: string,
  factorId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const factor = await trx.updateTable("second_factors")
      .set({ yubico_usage_counter: 0, yubico_session_counter: 0 })
      .where("id", "=", factorId).where("account_id", "=", accountId).where("kind", "=", "yubico_otp")
      .where("account_id", "in", (eb) => eb.selectFrom("accounts").select("id").where("kind", "=", "person"))
      .returning("id").executeTakeFirst();
    if (!factor) return false;
    await auditOperatorAction(trx, {
      operatorId: change.operatorId,
      action: "factor.yubikey_resynchronised",
      subjectType: "second_factor",
      subjectId: factorId,
      practiceIds: await practicesOf(trx, accountId),
      details: { reason: change.reason, accountId },
    }, facts);
    return true;
  });
}

/** Postpones the automatic lock of a person without active membership until a day (YYYY-MM-DD). */
export async function extendAutoLock(
  db: Db,
  change: OperatorChange,
  accountId: string,
  until: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const account = await trx.updateTable("accounts").set({ auto_lock_extended_until: until })
      .where("id", "=", accountId).where("kind", "=", "person").returning("id").executeTakeFirst();
    if (!account) return false;
    await auditOperatorAction(trx, {
      operatorId: change.operatorId,
      action: "account.auto_lock_extended",
      subjectType: "account",
      subjectId: accountId,
      practiceIds: await practicesOf(trx, accountId),
      details: { reason: change.reason, until },
    }, facts);
    return true;
  });
}
