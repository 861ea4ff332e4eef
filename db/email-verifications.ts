// Email verification codes: 8 digits, valid 15 minutes, at most 5 tries, single use. Only a
// hash of the code is stored. They confirm a new account's address, a password change and the
// start of a password reset. A flow without an account is a decoy: a registration with a taken
// address or a reset for an unknown one looks the same from outside and can never be confirmed.
import type { Transaction } from "kysely";
import { generateNumericCode, generatePublicId, hashSecret, secretsEqual } from "../lib/secret-token.ts";
import type { Database, VerificationPurpose } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";

export const CODE_DIGITS = 8;
export const CODE_LIFETIME_MS = 15 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
export const FLOW_ID_PATTERN = /^[a-z2-7]{26}$/;

export interface NewVerification {
  flowId: string;
  code: string;
}

export function newVerification(): NewVerification {
  return { flowId: generatePublicId(), code: generateNumericCode(CODE_DIGITS) };
}

function codeHash(flowId: string, code: string): string {
  return hashSecret(`${flowId}:${code}`);
}

export async function storeVerification(
  trx: Transaction<Database>,
  verification: NewVerification,
  flow: { accountId: string | null; purpose: VerificationPurpose; emailHint: string; pendingPasswordHash?: string },
  now: Date,
): Promise<void> {
  await trx.insertInto("email_verifications").values({
    id: verification.flowId,
    account_id: flow.accountId,
    purpose: flow.purpose,
    code_hash: codeHash(verification.flowId, verification.code),
    email_hint: flow.emailHint,
    pending_password_hash: flow.pendingPasswordHash ?? null,
    expires_at: new Date(now.getTime() + CODE_LIFETIME_MS),
  }).execute();
}

/** The masked address to show on the code page, or null for an unknown flow or another purpose. */
export async function findVerificationFlow(
  db: Db,
  flowId: string,
  purpose: VerificationPurpose,
): Promise<{ emailHint: string; accountId: string | null } | null> {
  if (!FLOW_ID_PATTERN.test(flowId)) return null;
  const row = await db.selectFrom("email_verifications").select(["email_hint", "account_id"])
    .where("id", "=", flowId).where("purpose", "=", purpose).executeTakeFirst();
  return row ? { emailHint: row.email_hint, accountId: row.account_id } : null;
}

export type VerificationOutcome = "verified" | "invalid" | "exhausted";

export interface ConsumedCode {
  outcome: VerificationOutcome;
  accountId: string | null;
  pendingPasswordHash: string | null;
}

/**
 * Checks a code inside the caller's transaction; every try counts and concurrent tries are
 * serialised by a row lock. A right code is spent at once.
 */
export async function consumeCode(
  trx: Transaction<Database>,
  flowId: string,
  purpose: VerificationPurpose,
  code: string,
  facts: RequestFacts,
): Promise<ConsumedCode> {
  const flow = await trx.selectFrom("email_verifications").selectAll()
    .where("id", "=", flowId).where("purpose", "=", purpose).forUpdate().executeTakeFirst();
  const refused = (outcome: VerificationOutcome) => ({ outcome, accountId: null, pendingPasswordHash: null });
  if (!flow) return refused("invalid");
  if (flow.consumed_at || flow.expires_at <= facts.now || flow.attempts >= MAX_CODE_ATTEMPTS) {
    return refused("exhausted");
  }
  await trx.updateTable("email_verifications").set({ attempts: flow.attempts + 1 }).where("id", "=", flowId)
    .execute();
  const matches = flow.account_id !== null && secretsEqual(codeHash(flowId, code), flow.code_hash);
  if (!matches) {
    await appendAccountAuditEvent(trx, flow.account_id, {
      action: "email_code.failed",
      details: { purpose, attempt: flow.attempts + 1 },
    }, facts);
    return refused(flow.attempts + 1 >= MAX_CODE_ATTEMPTS ? "exhausted" : "invalid");
  }
  await trx.updateTable("email_verifications").set({ consumed_at: facts.now }).where("id", "=", flowId).execute();
  return { outcome: "verified", accountId: flow.account_id, pendingPasswordHash: flow.pending_password_hash };
}

/** Confirms a new account's address: the account becomes active. */
export async function confirmEmailCode(
  db: Db,
  flowId: string,
  code: string,
  facts: RequestFacts,
): Promise<VerificationOutcome> {
  return await db.transaction().execute(async (trx) => {
    const consumed = await consumeCode(trx, flowId, "registration", code, facts);
    if (consumed.outcome !== "verified") return consumed.outcome;
    await trx.updateTable("accounts").set({ status: "active", verified_at: facts.now })
      .where("id", "=", consumed.accountId).where("status", "=", "unverified").execute();
    await appendAccountAuditEvent(trx, consumed.accountId, { action: "account.verified" }, facts);
    return "verified";
  });
}
