// Changing and resetting passwords. The last five passwords cannot be used again; a new
// password ends every session of the person. A change needs the current password, a fresh
// second factor and an emailed code; a reset needs an emailed code and a second factor (or a
// recovery code). There is no other way to set a password.
import type { Transaction } from "kysely";
import type { MailOrder } from "../lib/mail-templates.ts";
import type { Database } from "./schema.ts";
import { verifyPassword } from "../lib/password.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";
import {
  consumeCode,
  type NewVerification,
  storeVerification,
  type VerificationOutcome,
} from "./email-verifications.ts";
import { queueMail } from "./outgoing-mails.ts";
import { endAllSessions } from "./sessions.ts";

export const PASSWORD_HISTORY_DEPTH = 5;

/** True when the candidate equals the current password or one of the four before it. */
export async function passwordRecentlyUsed(db: Db, accountId: string, candidate: string): Promise<boolean> {
  const current = await db.selectFrom("accounts").select("password_hash").where("id", "=", accountId)
    .executeTakeFirstOrThrow();
  const earlier = await db.selectFrom("password_history").select("password_hash")
    .where("account_id", "=", accountId).orderBy("id", "desc").limit(PASSWORD_HISTORY_DEPTH - 1).execute();
  for (const hash of [current.password_hash, ...earlier.map((row) => row.password_hash)]) {
    if (await verifyPassword(hash, candidate)) return true;
  }
  return false;
}

export async function currentPasswordHash(db: Db, accountId: string): Promise<string> {
  const row = await db.selectFrom("accounts").select("password_hash").where("id", "=", accountId)
    .executeTakeFirstOrThrow();
  return row.password_hash;
}

/** Stores the new password's hash with an emailed code; it takes effect only with the code. */
export async function requestPasswordChange(
  db: Db,
  input: {
    accountId: string;
    newPasswordHash: string;
    verification: NewVerification;
    emailHint: string;
    mail: MailOrder;
  },
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await storeVerification(trx, input.verification, {
      accountId: input.accountId,
      purpose: "password_change",
      emailHint: input.emailHint,
      pendingPasswordHash: input.newPasswordHash,
    }, facts.now);
    await queueMail(trx, input.mail, facts.now);
    await appendAccountAuditEvent(trx, input.accountId, { action: "password.change_requested" }, facts);
  });
}

/** The emailed code of a change: the new password takes effect and every session ends. */
export async function confirmPasswordChange(
  db: Db,
  accountId: string,
  flowId: string,
  code: string,
  facts: RequestFacts,
): Promise<VerificationOutcome> {
  return await db.transaction().execute(async (trx) => {
    const consumed = await consumeCode(trx, flowId, "password_change", code, facts);
    if (consumed.outcome !== "verified") return consumed.outcome;
    if (consumed.accountId !== accountId || !consumed.pendingPasswordHash) return "invalid";
    await replacePassword(trx, accountId, consumed.pendingPasswordHash, facts.now);
    const ended = await endAllSessions(trx, accountId);
    await appendAccountAuditEvent(
      trx,
      accountId,
      { action: "password.changed", details: { sessionsEnded: ended } },
      facts,
    );
    return "verified";
  });
}

/** Sends a reset code when the address has an active account; a decoy flow otherwise. */
export async function requestPasswordReset(
  db: Db,
  input: {
    email: string;
    verification: NewVerification;
    emailHint: string;
    mailFor: (account: { email: string; language: "de" | "en" }) => MailOrder;
  },
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom("accounts").select(["id", "email", "language", "status"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", input.email.trim().toLowerCase())).executeTakeFirst();
    const usable = account && account.status === "active";
    await storeVerification(trx, input.verification, {
      accountId: usable ? account.id : null,
      purpose: "password_reset",
      emailHint: input.emailHint,
    }, facts.now);
    if (usable) {
      await queueMail(trx, input.mailFor(account), facts.now);
      await appendAccountAuditEvent(trx, account.id, { action: "password.reset_requested" }, facts);
    }
  });
}

/** The reset code: whose account it opens, once. */
export async function confirmPasswordResetCode(
  db: Db,
  flowId: string,
  code: string,
  facts: RequestFacts,
): Promise<{ outcome: VerificationOutcome; accountId: string | null }> {
  return await db.transaction().execute(async (trx) => {
    const consumed = await consumeCode(trx, flowId, "password_reset", code, facts);
    return { outcome: consumed.outcome, accountId: consumed.accountId };
  });
}

/**
 * Sets the password after a completed reset (code and second factor) and spends the reset
 * session in the same transaction, so it sets one password once; every session ends.
 */
export async function completePasswordReset(
  db: Db,
  input: { accountId: string; tokenHash: string; newPasswordHash: string },
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const spent = await trx.deleteFrom("sessions").where("token_hash", "=", input.tokenHash)
      .where("account_id", "=", input.accountId).where("purpose", "=", "password_reset")
      .where("second_factor_at", "is not", null).executeTakeFirst();
    if (spent.numDeletedRows !== 1n) return false;
    await replacePassword(trx, input.accountId, input.newPasswordHash, facts.now);
    const ended = await endAllSessions(trx, input.accountId);
    await appendAccountAuditEvent(trx, input.accountId, {
      action: "password.reset",
      details: { sessionsEnded: ended },
    }, facts);
    return true;
  });
}

export async function replacePassword(
  trx: Transaction<Database>,
  accountId: string,
  newPasswordHash: string,
  now: Date,
): Promise<void> {
  const account = await trx.selectFrom("accounts").select("password_hash").where("id", "=", accountId).forUpdate()
    .executeTakeFirstOrThrow();
  await trx.insertInto("password_history").values({
    account_id: accountId,
    password_hash: account.password_hash,
    created_at: now,
  }).execute();
  await trx.updateTable("accounts").set({ password_hash: newPasswordHash, password_changed_at: now })
    .where("id", "=", accountId).execute();
}
