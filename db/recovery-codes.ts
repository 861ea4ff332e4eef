// Recovery codes: ten single-use codes, stored as hashes, replaced as a set.
import type { Transaction } from "kysely";
import { hashRecoveryCode } from "../lib/recovery-codes.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";

/** Voids every earlier code of the person and stores the new ones' hashes. */
export async function replaceRecoveryCodes(
  trx: Transaction<Database>,
  accountId: string,
  codes: string[],
  now: Date,
): Promise<void> {
  await trx.deleteFrom("recovery_codes").where("account_id", "=", accountId).execute();
  await trx.insertInto("recovery_codes").values(codes.map((code) => ({
    account_id: accountId,
    code_hash: hashRecoveryCode(code)!,
    created_at: now,
  }))).execute();
}

/** A new set from the security page: the old codes void, the new set stored and audited at once. */
export async function renewRecoveryCodes(db: Db, accountId: string, codes: string[], facts: RequestFacts) {
  await db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, accountId, codes, facts.now);
    await appendAccountAuditEvent(trx, accountId, { action: "recovery_codes.generated" }, facts);
  });
}

/** Spends a code: true only for the one request whose conditional UPDATE took it. */
export async function spendRecoveryCode(db: Db, accountId: string, typed: string, now: Date): Promise<boolean> {
  const codeHash = hashRecoveryCode(typed);
  if (!codeHash) return false;
  const result = await db.updateTable("recovery_codes").set({ used_at: now })
    .where("account_id", "=", accountId).where("code_hash", "=", codeHash).where("used_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Db, accountId: string): Promise<number> {
  const row = await db.selectFrom("recovery_codes").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("account_id", "=", accountId).where("used_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}
