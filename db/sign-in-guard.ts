// Guessing protection. Every password or second-factor attempt first reserves one of the
// account's five failure slots with a conditional UPDATE, before any secret is checked: in a
// burst of parallel attempts no more than five are ever evaluated, and once they are spent the
// account is locked (15 minutes, doubling on each repeat) without evaluating the rest.
// A correct password gives its slot back; only a completed sign-in clears the counter, so
// knowing the password does not buy unlimited second-factor guesses. Failures during a lock
// do not count. A per-address budget keeps one address from locking out a whole practice.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";
import { returnToBudget, takeFromBudget } from "./rate-limits.ts";

export const MAX_FAILED_ATTEMPTS = 5;
export const FIRST_LOCKOUT_MS = 15 * 60_000;
export const MAX_LOCKOUT_MS = 24 * 60 * 60_000;
export const ADDRESS_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ADDRESS = 20;

/** True when the attempt may be evaluated; false while the account is locked or its slots are spent. */
export async function reserveAccountAttempt(db: Db, accountId: string, now: Date): Promise<boolean> {
  const reserved = await db.updateTable("accounts")
    .set({ failed_attempts: sql`failed_attempts + 1` })
    .where("id", "=", accountId)
    .where("failed_attempts", "<", MAX_FAILED_ATTEMPTS)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .executeTakeFirst();
  return reserved.numUpdatedRows > 0n;
}

/** A correct password: its slot goes back, the counter of earlier failures stays. */
export async function releaseAccountAttempt(db: Db, accountId: string): Promise<void> {
  await db.updateTable("accounts").set({ failed_attempts: sql`greatest(failed_attempts - 1, 0)` })
    .where("id", "=", accountId).execute();
}

/** A completed sign-in (password and second factor): the slate is clean again. */
export async function clearAccountAttempts(db: Db, accountId: string): Promise<void> {
  await db.updateTable("accounts").set({ failed_attempts: 0, lockouts: 0, locked_until: null })
    .where("id", "=", accountId).execute();
}

/**
 * After a failed attempt: when it spent the last slot, lock the account, end its sessions that
 * still wait for a second factor, and record the lockout. Returns whether a lock began.
 */
export async function lockIfExhausted(db: Db, accountId: string, facts: RequestFacts): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom("accounts").select(["failed_attempts", "lockouts"])
      .where("id", "=", accountId).forUpdate().executeTakeFirst();
    if (!account || account.failed_attempts < MAX_FAILED_ATTEMPTS) return false;
    const lockMs = Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** account.lockouts);
    const lockedUntil = new Date(facts.now.getTime() + lockMs);
    await trx.updateTable("accounts")
      .set({ failed_attempts: 0, lockouts: account.lockouts + 1, locked_until: lockedUntil })
      .where("id", "=", accountId).execute();
    await trx.deleteFrom("sessions").where("account_id", "=", accountId).where("second_factor_at", "is", null)
      .execute();
    await appendAccountAuditEvent(trx, accountId, {
      action: "account.locked_out",
      details: { minutes: lockMs / 60_000, lockout: account.lockouts + 1 },
    }, facts);
    return true;
  });
}

/**
 * Reserves one failure from the address's budget: the count so far, or null when it is spent.
 * The count lets the caller record the moment the budget runs out once, not every refusal.
 */
export async function reserveAddressAttempt(db: Db, address: string, now: Date): Promise<number | null> {
  return await takeFromBudget(db, "sign-in:" + address, MAX_FAILURES_PER_ADDRESS, ADDRESS_WINDOW_MS, now);
}

/** A successful step gives the address its reservation back. */
export async function releaseAddressAttempt(db: Db, address: string): Promise<void> {
  await returnToBudget(db, "sign-in:" + address);
}

/** Failures a person's own recognised browser may make per window while the account is locked. */
export const MAX_FAILURES_PER_RECOGNISED_BROWSER = 5;

export type AttemptSlot = "account" | "browser";

/**
 * Reserves an attempt: one of the account's slots; or, while the account is locked or its slots
 * are spent, a slot of a browser the person has already been approved with (five per window).
 * Guesses from elsewhere can lock an account, but not the person out of the browser they use.
 * Null when neither is left.
 */
export async function reserveAttempt(
  db: Db,
  accountId: string,
  browserHash: string | null,
  now: Date,
): Promise<AttemptSlot | null> {
  if (await reserveAccountAttempt(db, accountId, now)) return "account";
  if (!browserHash) return null;
  const recognised = await db.selectFrom("known_browsers").select("id").where("account_id", "=", accountId)
    .where("browser_hash", "=", browserHash).where("status", "=", "approved").limit(1).executeTakeFirst();
  if (!recognised) return null;
  const taken = await takeFromBudget(
    db,
    `browser:${accountId}:${browserHash}`,
    MAX_FAILURES_PER_RECOGNISED_BROWSER,
    ADDRESS_WINDOW_MS,
    now,
  );
  return taken === null ? null : "browser";
}

/** A right password or factor gives the reserved slot back. */
export async function releaseAttempt(db: Db, accountId: string, slot: AttemptSlot, browserHash: string | null) {
  if (slot === "account") await releaseAccountAttempt(db, accountId);
  else await returnToBudget(db, `browser:${accountId}:${browserHash}`);
}
