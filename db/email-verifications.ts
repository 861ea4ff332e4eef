// Email verification codes: 8 digits, valid 15 minutes, at most 5 tries, single use. Only a
// hash of the code is stored. A flow without an account is a decoy: registration with a
// taken address looks the same from outside and can never be confirmed.
import type { Transaction } from "kysely";
import { generateNumericCode, generatePublicId, hashSecret, secretsEqual } from "../lib/secret-token.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";

export const CODE_DIGITS = 8;
export const CODE_LIFETIME_MS = 15 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;

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
  accountId: string | null,
  emailHint: string,
  now: Date,
): Promise<void> {
  await trx.insertInto("email_verifications").values({
    id: verification.flowId,
    account_id: accountId,
    purpose: "registration",
    code_hash: codeHash(verification.flowId, verification.code),
    email_hint: emailHint,
    expires_at: new Date(now.getTime() + CODE_LIFETIME_MS),
  }).execute();
}

/** The masked address to show on the code page, or null for an unknown flow. */
export async function findVerificationFlow(db: Db, flowId: string): Promise<{ emailHint: string } | null> {
  const row = await db.selectFrom("email_verifications").select("email_hint")
    .where("id", "=", flowId).executeTakeFirst();
  return row ? { emailHint: row.email_hint } : null;
}

export type VerificationOutcome = "verified" | "invalid" | "exhausted";

/** Checks a code; every try counts, concurrent tries are serialised by a row lock. */
export async function confirmEmailCode(
  db: Db,
  flowId: string,
  code: string,
  facts: RequestFacts,
): Promise<VerificationOutcome> {
  return await db.transaction().execute(async (trx) => {
    const flow = await trx.selectFrom("email_verifications").selectAll()
      .where("id", "=", flowId).forUpdate().executeTakeFirst();
    if (!flow) return "invalid";
    if (flow.consumed_at || flow.expires_at <= facts.now || flow.attempts >= MAX_CODE_ATTEMPTS) return "exhausted";

    await trx.updateTable("email_verifications").set({ attempts: flow.attempts + 1 })
      .where("id", "=", flowId).execute();
    const matches = flow.account_id !== null && secretsEqual(codeHash(flowId, code), flow.code_hash);
    const audit = (action: string) =>
      appendAccountAuditEvent(trx, flow.account_id, { action, details: { attempt: flow.attempts + 1 } }, facts);
    if (!matches) {
      await audit("account.verification_failed");
      return flow.attempts + 1 >= MAX_CODE_ATTEMPTS ? "exhausted" : "invalid";
    }
    await trx.updateTable("email_verifications").set({ consumed_at: facts.now }).where("id", "=", flowId).execute();
    await trx.updateTable("accounts").set({ status: "active", verified_at: facts.now })
      .where("id", "=", flow.account_id).where("status", "=", "unverified").execute();
    await audit("account.verified");
    return "verified";
  });
}
