// Accounts: looking a person up for sign-in, and the writes around signing in and out.
import { sql } from "kysely";
import type { MailOrder } from "../lib/mail-templates.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";
import { createSession, endSession, rotateSession, type SessionLimits } from "./sessions.ts";
import type { SessionPurpose } from "./schema.ts";
import { currentMemberships } from "./memberships.ts";
import { type NewVerification, storeVerification } from "./email-verifications.ts";
import { queueMail } from "./outgoing-mails.ts";

export async function findAccountByEmail(db: Db, email: string) {
  return await db.selectFrom("accounts")
    .select(["id", "name", "email", "password_hash", "status", "language"])
    .where(sql<string>`lower(email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

export type SignInFailure = "unknown_account" | "wrong_password" | "account_locked" | "locked_out" | "address_limit";

export function sessionLimits(config: { sessionIdleMinutes: number; sessionAbsoluteHours: number }): SessionLimits {
  return { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
}

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
 * The password was right: starts a session that waits for the second factor. Any session the
 * browser brought along is ended first: a new token at every step defeats session fixation.
 */
export async function startSession(
  db: Db,
  input: {
    accountId: string;
    purpose: SessionPurpose;
    previousTokenHash: string | null;
    userAgent: string | null;
    ip: string | null;
  },
  limits: SessionLimits,
  facts: RequestFacts,
): Promise<string> {
  return await db.transaction().execute(async (trx) => {
    if (input.previousTokenHash) await endSession(trx, input.previousTokenHash);
    // One current practice is chosen for the person; with several they choose after sign-in.
    const memberships = await currentMemberships(trx, input.accountId, facts.now);
    const token = await createSession(trx, {
      accountId: input.accountId,
      practiceId: memberships.length === 1 ? memberships[0].practiceId : null,
      purpose: input.purpose,
      secondFactorAt: null,
      userAgent: input.userAgent,
      ip: input.ip,
      now: facts.now,
    }, limits);
    const action = input.purpose === "password_reset" ? "password_reset.code_accepted" : "sign_in.password_accepted";
    await appendAccountAuditEvent(trx, input.accountId, { action }, facts);
    return token;
  });
}

export type SecondFactorStep = "sign_in" | "step_up" | "enrolment";

/**
 * A second factor was confirmed: the session gets a new token and its second-factor time,
 * the failure counter is cleared, and the step is recorded. Null when the session is gone.
 */
export async function completeSecondFactor(
  db: Db,
  input: {
    accountId: string;
    tokenHash: string;
    step: SecondFactorStep;
    kind: "totp" | "webauthn" | "yubico_otp" | "recovery_code";
    factorId: string | null;
  },
  facts: RequestFacts,
): Promise<string | null> {
  return await db.transaction().execute(async (trx) => {
    const session = await trx.selectFrom("sessions").select("purpose").where("token_hash", "=", input.tokenHash)
      .executeTakeFirst();
    // A re-issue's enrolment session, its one new factor confirmed, is an ordinary sign-in.
    const purpose = session?.purpose === "enrolment" ? "sign_in" : undefined;
    const token = await rotateSession(trx, input.tokenHash, { secondFactorAt: facts.now, now: facts.now, purpose });
    if (!session || !token) return null;
    await trx.updateTable("accounts").set({ failed_attempts: 0, lockouts: 0, locked_until: null })
      .where("id", "=", input.accountId).execute();
    const action = session.purpose === "password_reset"
      ? "password_reset.second_factor_confirmed"
      : input.step === "sign_in"
      ? "sign_in.succeeded"
      : input.step === "step_up"
      ? "step_up.succeeded"
      : "sign_in.enrolled";
    await appendAccountAuditEvent(trx, input.accountId, {
      action,
      details: { kind: input.kind, factorId: input.factorId },
    }, facts);
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
  mail: MailOrder,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await storeVerification(trx, verification, { accountId, purpose: "registration", emailHint }, facts.now);
    await queueMail(trx, mail, facts.now);
    await appendAccountAuditEvent(trx, accountId, { action: "account.verification_resent" }, facts);
  });
}

export async function setAccountLanguage(db: Db, accountId: string, language: "de" | "en"): Promise<void> {
  await db.updateTable("accounts").set({ language }).where("id", "=", accountId).execute();
}
