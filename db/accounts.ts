// Accounts: looking a person up for sign-in, and the writes around signing in and out.
import { sql } from "kysely";
import type { Mail } from "../lib/mail.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";
import { createSession, endSession, type SessionLimits } from "./sessions.ts";
import { type NewVerification, storeVerification } from "./email-verifications.ts";
import { queueMail } from "./outgoing-mails.ts";

export async function findAccountByEmail(db: Db, email: string) {
  return await db.selectFrom("accounts")
    .select(["id", "name", "email", "password_hash", "status", "language"])
    .where(sql<string>`lower(email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

export type SignInFailure = "unknown_account" | "wrong_password" | "account_locked";

export async function recordSignInFailure(
  db: Db,
  accountId: string | null,
  reason: SignInFailure,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute((trx) =>
    appendAccountAuditEvent(trx, accountId, { action: "sign_in.failed", details: { reason } }, facts)
  );
}

/**
 * Starts a fresh session for a verified account. Any session the browser brought along is
 * ended first: a new token on every sign-in defeats session fixation.
 */
export async function signIn(
  db: Db,
  input: { accountId: string; previousTokenHash: string | null; userAgent: string | null },
  limits: SessionLimits,
  facts: RequestFacts,
): Promise<string> {
  return await db.transaction().execute(async (trx) => {
    if (input.previousTokenHash) await endSession(trx, input.previousTokenHash);
    const membership = await trx.selectFrom("memberships").select("practice_id")
      .where("account_id", "=", input.accountId).where("ended_at", "is", null)
      .orderBy("created_at").limit(1).executeTakeFirst();
    const token = await createSession(trx, {
      accountId: input.accountId,
      practiceId: membership?.practice_id ?? null,
      userAgent: input.userAgent,
      now: facts.now,
    }, limits);
    await appendAccountAuditEvent(trx, input.accountId, { action: "sign_in.succeeded" }, facts);
    return token;
  });
}

export async function signOut(db: Db, accountId: string, tokenHash: string, facts: RequestFacts): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endSession(trx, tokenHash);
    await appendAccountAuditEvent(trx, accountId, { action: "sign_out" }, facts);
  });
}

/** A correct password on an unconfirmed account: send a new code instead of signing in. */
export async function resendVerificationCode(
  db: Db,
  accountId: string,
  verification: NewVerification,
  emailHint: string,
  mail: Mail,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await storeVerification(trx, verification, accountId, emailHint, facts.now);
    await queueMail(trx, mail, facts.now);
    await appendAccountAuditEvent(trx, accountId, { action: "account.verification_resent" }, facts);
  });
}

export async function setAccountLanguage(db: Db, accountId: string, language: "de" | "en"): Promise<void> {
  await db.updateTable("accounts").set({ language }).where("id", "=", accountId).execute();
}
