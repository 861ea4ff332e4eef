// Second factors a person holds: listing, enrolment, removal and locking, and checking the
// codes they produce (TOTP, Yubico OTP). Replays are refused by conditional UPDATEs: a code's
// time step, or a key's (usage, session) counter pair, is accepted only if it advances the
// stored one, so two parallel requests with the same code cannot both pass.
import type { Transaction } from "kysely";
import type { FactorKeyring } from "../lib/factor-secrets.ts";
import { matchTotpStep } from "../lib/totp.ts";
import { decryptYubicoOtp, isNewerThan, parseYubicoOtp, privateIdMatches } from "../lib/yubico-otp.ts";
import type { Database, FactorKind } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";
import { endAllSessions } from "./sessions.ts";
import { spendRecoveryCode } from "./recovery-codes.ts";
import { normalizeRecoveryCode } from "../lib/recovery-codes.ts";

export const PENDING_ENROLMENT_MS = 60 * 60_000;

export async function listFactors(db: Db, accountId: string) {
  return await db.selectFrom("second_factors")
    .select(["id", "kind", "name", "status", "created_at", "last_used_at", "locked_at", "locked_reason"])
    .where("account_id", "=", accountId).where("status", "!=", "pending")
    .orderBy("created_at").execute();
}

export async function activeFactorKinds(db: Db, accountId: string): Promise<FactorKind[]> {
  const rows = await db.selectFrom("second_factors").select("kind").distinct()
    .where("account_id", "=", accountId).where("status", "=", "active").execute();
  return rows.map((row) => row.kind);
}

/**
 * Whether the person ever completed a factor (active or locked). Forced enrolment is only for
 * people who never had one: someone whose keys are all locked proves themselves with a
 * recovery code, or the practice re-issues access, so a stolen password cannot add a key.
 */
export async function everHadFactor(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId)
    .where("status", "!=", "pending").limit(1).executeTakeFirst();
  return !!row;
}

/** Stores a factor that waits for its first code; false when its YubiKey public id is taken. */
export async function startEnrolment(
  db: Db,
  factor: {
    id: string;
    accountId: string;
    kind: "totp" | "yubico_otp";
    name: string;
    secret: Uint8Array;
    yubicoPublicId?: string;
  },
  now: Date,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("second_factors").where("account_id", "=", factor.accountId)
      .where("status", "=", "pending").where("created_at", "<", new Date(now.getTime() - PENDING_ENROLMENT_MS))
      .execute();
    if (factor.yubicoPublicId) {
      await trx.deleteFrom("second_factors").where("account_id", "=", factor.accountId)
        .where("status", "=", "pending").where("yubico_public_id", "=", factor.yubicoPublicId).execute();
    }
    const inserted = await trx.insertInto("second_factors").values({
      id: factor.id,
      account_id: factor.accountId,
      kind: factor.kind,
      name: factor.name,
      status: "pending",
      created_at: now,
      secret: factor.secret,
      yubico_public_id: factor.yubicoPublicId ?? null,
      yubico_usage_counter: factor.kind === "yubico_otp" ? 0 : null,
      yubico_session_counter: factor.kind === "yubico_otp" ? 0 : null,
    }).onConflict((conflict) =>
      // Two people importing one key at the same moment: the second is told it is taken.
      conflict.column("yubico_public_id").where("yubico_public_id", "is not", null).doNothing()
    ).executeTakeFirst();
    return inserted.numInsertedOrUpdatedRows === 1n;
  });
}

/** Removes a factor that never got past its first code. */
export async function discardPendingFactor(db: Db, accountId: string, factorId: string): Promise<void> {
  await db.deleteFrom("second_factors").where("id", "=", factorId).where("account_id", "=", accountId)
    .where("status", "=", "pending").execute();
}

export async function findPendingFactor(db: Db, accountId: string, factorId: string, now: Date) {
  return await db.selectFrom("second_factors").selectAll()
    .where("id", "=", factorId).where("account_id", "=", accountId).where("status", "=", "pending")
    .where("created_at", ">=", new Date(now.getTime() - PENDING_ENROLMENT_MS)).executeTakeFirst();
}

/** A public id already in use by an active, locked or pending key of anyone. */
export async function yubicoPublicIdTaken(db: Db, publicId: string, exceptAccountId: string): Promise<boolean> {
  const row = await db.selectFrom("second_factors").select("id").where("yubico_public_id", "=", publicId)
    .where((eb) => eb.or([eb("status", "!=", "pending"), eb("account_id", "!=", exceptAccountId)]))
    .executeTakeFirst();
  return !!row;
}

/** Marks a pending factor active after its first good code, and records it. */
export async function activateFactor(
  trx: Transaction<Database>,
  accountId: string,
  factorId: string,
  facts: RequestFacts,
): Promise<boolean> {
  const activated = await trx.updateTable("second_factors")
    .set({ status: "active", confirmed_at: facts.now, last_used_at: facts.now })
    .where("id", "=", factorId).where("account_id", "=", accountId).where("status", "=", "pending")
    .returning(["kind", "name"]).executeTakeFirst();
  if (!activated) return false;
  await appendAccountAuditEvent(trx, accountId, {
    action: "factor.added",
    details: { factorId, kind: activated.kind },
  }, facts);
  return true;
}

/**
 * A pending factor proven by its first code: named as the person typed it (when given) and
 * activated, in one transaction. False when it is no pending factor of theirs.
 */
export async function confirmEnrolment(
  db: Db,
  accountId: string,
  factorId: string,
  name: string | null,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    if (name !== null) {
      await trx.updateTable("second_factors").set({ name })
        .where("id", "=", factorId).where("account_id", "=", accountId).where("status", "=", "pending").execute();
    }
    return await activateFactor(trx, accountId, factorId, facts);
  });
}

export type CodeCheck =
  | { ok: true; factorId: string | null; kind: "totp" | "yubico_otp" | "recovery_code" }
  | { ok: false; reason: "no_match" | "replay" | "foreign_key" | "locked_key" | "malformed" };

interface CheckOptions {
  keyring: FactorKeyring;
  now: Date;
  allowedPastSteps: number;
  /** Also consider factors still waiting for their first code (enrolment). */
  factorId?: string;
  includePending?: boolean;
}

function candidates(db: Db, accountId: string, kind: FactorKind, options: CheckOptions) {
  let query = db.selectFrom("second_factors").selectAll()
    .where("account_id", "=", accountId).where("kind", "=", kind)
    .where("status", "in", options.includePending ? ["active", "pending"] : ["active"]);
  if (options.factorId) query = query.where("id", "=", options.factorId);
  return query.execute();
}

export async function checkTotpCode(
  db: Db,
  accountId: string,
  code: string,
  options: CheckOptions,
): Promise<CodeCheck> {
  for (const factor of await candidates(db, accountId, "totp", options)) {
    const secret = await options.keyring.open(factor.id, factor.secret!);
    const step = matchTotpStep(secret, code, options.now, {
      allowedPastSteps: options.allowedPastSteps,
      lastUsedStep: factor.totp_last_step,
    });
    if (step === null) continue;
    const advanced = await db.updateTable("second_factors").set({ totp_last_step: step, last_used_at: options.now })
      .where("id", "=", factor.id)
      .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
      .executeTakeFirst();
    return advanced.numUpdatedRows > 0n
      ? { ok: true, factorId: factor.id, kind: "totp" }
      : { ok: false, reason: "replay" };
  }
  // A code at or before a factor's last accepted step: a replay, worth recording as one.
  for (const factor of await candidates(db, accountId, "totp", options)) {
    const secret = await options.keyring.open(factor.id, factor.secret!);
    if (matchTotpStep(secret, code, options.now, { allowedPastSteps: options.allowedPastSteps }) !== null) {
      return { ok: false, reason: "replay" };
    }
  }
  return { ok: false, reason: "no_match" };
}

export async function checkYubicoOtp(
  db: Db,
  accountId: string,
  otp: string,
  options: CheckOptions,
): Promise<CodeCheck> {
  const parsed = parseYubicoOtp(otp);
  if ("error" in parsed) return { ok: false, reason: "malformed" };
  const factor = (await candidates(db, accountId, "yubico_otp", options))
    .find((f) => f.yubico_public_id === parsed.publicId);
  if (!factor) {
    const locked = await db.selectFrom("second_factors").select("id").where("account_id", "=", accountId)
      .where("yubico_public_id", "=", parsed.publicId).where("status", "=", "locked").executeTakeFirst();
    return { ok: false, reason: locked ? "locked_key" : "foreign_key" };
  }
  const secret = await options.keyring.open(factor.id, factor.secret!);
  const fields = decryptYubicoOtp(parsed.token, secret.slice(6, 22));
  if ("error" in fields || !privateIdMatches(fields, secret.slice(0, 6))) return { ok: false, reason: "no_match" };
  const last = { usageCounter: factor.yubico_usage_counter ?? 0, sessionCounter: factor.yubico_session_counter ?? 0 };
  if (!isNewerThan(fields, last)) return { ok: false, reason: "replay" };
  const advanced = await db.updateTable("second_factors")
    .set({
      yubico_usage_counter: fields.usageCounter,
      yubico_session_counter: fields.sessionCounter,
      last_used_at: options.now,
    })
    .where("id", "=", factor.id)
    .where((eb) =>
      eb.or([
        eb("yubico_usage_counter", "<", fields.usageCounter),
        eb.and([
          eb("yubico_usage_counter", "=", fields.usageCounter),
          eb("yubico_session_counter", "<", fields.sessionCounter),
        ]),
      ])
    ).executeTakeFirst();
  return advanced.numUpdatedRows > 0n
    ? { ok: true, factorId: factor.id, kind: "yubico_otp" }
    : { ok: false, reason: "replay" };
}

/**
 * Deletes one of a person's factors inside the caller's transaction, unless that would leave
 * them without a factor, or without an active one: zero factors would reopen the forced
 * enrolment to anyone who knows the password. Their factors are row-locked first, so two
 * parallel removals cannot both leave zero.
 */
export async function deleteFactorUnlessLast(
  trx: Transaction<Database>,
  accountId: string,
  factorId: string,
): Promise<{ kind: FactorKind } | "last" | "unknown"> {
  const factors = await trx.selectFrom("second_factors").select(["id", "kind", "status"])
    .where("account_id", "=", accountId).where("status", "!=", "pending").forUpdate().execute();
  const factor = factors.find((f) => f.id === factorId);
  if (!factor) return "unknown";
  const others = factors.filter((f) => f.id !== factorId);
  if (others.length === 0) return "last";
  if (factor.status === "active" && !others.some((f) => f.status === "active")) return "last";
  await trx.deleteFrom("second_factors").where("id", "=", factorId).execute();
  return { kind: factor.kind };
}

/** A person removes one of their own factors (never the last one). */
export async function removeFactor(
  db: Db,
  accountId: string,
  factorId: string,
  facts: RequestFacts,
): Promise<"removed" | "last" | "unknown"> {
  return await db.transaction().execute(async (trx) => {
    const removed = await deleteFactorUnlessLast(trx, accountId, factorId);
    if (typeof removed === "string") return removed;
    await appendAccountAuditEvent(trx, accountId, {
      action: "factor.removed",
      details: { factorId, kind: removed.kind },
    }, facts);
    return "removed";
  });
}

/** Locks one factor (lost key, counter regression) and ends all of the person's sessions. */
export async function lockFactor(
  db: Db,
  accountId: string,
  factorId: string,
  reason: "reported_lost" | "counter_regression",
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const locked = await trx.updateTable("second_factors")
      .set({ status: "locked", locked_at: facts.now, locked_reason: reason })
      .where("id", "=", factorId).where("account_id", "=", accountId).where("status", "=", "active")
      .returning("kind").executeTakeFirst();
    if (!locked) return false;
    const ended = await endAllSessions(trx, accountId);
    await appendAccountAuditEvent(trx, accountId, {
      action: "factor.locked",
      details: { factorId, kind: locked.kind, reason, sessionsEnded: ended },
    }, facts);
    return true;
  });
}

/** The factor's use, for its "last used" column, where the check did not already record it. */
export async function touchFactor(db: Db | Transaction<Database>, factorId: string, now: Date): Promise<void> {
  await db.updateTable("second_factors").set({ last_used_at: now }).where("id", "=", factorId).execute();
}

/** Reads what was typed (app code, key touch or recovery code) and checks it against that kind. */
export async function checkSecondFactorCode(
  db: Db,
  accountId: string,
  typed: string,
  options: CheckOptions,
): Promise<CodeCheck> {
  const compact = typed.replace(/[\s-]/g, "");
  if (/^\d{6}$/.test(compact)) return await checkTotpCode(db, accountId, compact, options);
  if (/^[cbdefghijklnrtuv]{44}$/i.test(compact)) return await checkYubicoOtp(db, accountId, compact, options);
  if (normalizeRecoveryCode(typed)) {
    return await spendRecoveryCode(db, accountId, typed, options.now)
      ? { ok: true, factorId: null, kind: "recovery_code" }
      : { ok: false, reason: "no_match" };
  }
  return { ok: false, reason: "malformed" };
}
