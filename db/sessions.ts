// Sessions: the browser holds a random 256-bit token; the database holds only its SHA-256
// hash, so a leaked sessions table signs nobody in. Idle and absolute limits end them. A
// session starts after the password and is complete only once a second factor is confirmed;
// every such step issues a new token.
import type { Transaction } from "kysely";
import { generateSecretToken, hashSecret } from "../lib/secret-token.ts";
import type { Database, Role, SessionPurpose } from "./schema.ts";
import type { Db } from "./database.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";
import { termsPending } from "./terms-pending.ts";
import { compiledOnce } from "./compiled-once.ts";

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SignedInSession {
  id: string;
  tokenHash: string;
  purpose: SessionPurpose;
  createdAt: Date;
  /** When the second factor was last confirmed; null while the session waits for one. */
  secondFactorAt: Date | null;
  account: {
    id: string;
    name: string;
    email: string;
    language: "de" | "en";
    passwordChangedAt: Date;
  };
  /** The person has not accepted the terms of use in force (read with the session, as of this request). */
  termsPending: boolean;
  /** The one practice this session works in; null until chosen, or when access ended. */
  practice: {
    id: string;
    name: string;
    membershipId: string;
    role: Role;
    areas: string[];
    passwordMaxAgeDays: number;
    ownersNeedWebauthn: boolean;
    /** An owner, or a member an owner designated to approve browsers and four-eyes requests. */
    approves: boolean;
    /** What admission to the practice depends on (routes/middleware/practice-admission.ts), as of this request. */
    admission: {
      allowedNetworks: string[];
      networkException: boolean;
      browserApproval: boolean;
      /** This browser as known to the practice, looked up along when the request named one. */
      browser: { hash: string; known: KnownBrowser | null } | null;
    };
  } | null;
}

/** A browser's registration with a practice (db/browsers.ts). */
export interface KnownBrowser {
  id: string;
  status: "pending" | "approved" | "denied" | "revoked";
  lastSeenAt: Date;
}

// last_seen_at is refreshed at most this often, so reading pages does not write on every request.
const TOUCH_AFTER_MS = 60_000;

export interface NewSession {
  accountId: string;
  practiceId: string | null;
  purpose: SessionPurpose;
  secondFactorAt: Date | null;
  userAgent: string | null;
  ip: string | null;
  now: Date;
}

export async function createSession(
  trx: Transaction<Database>,
  input: NewSession,
  limits: SessionLimits,
): Promise<string> {
  const token = generateSecretToken();
  await trx.insertInto("sessions").values({
    token_hash: hashSecret(token),
    account_id: input.accountId,
    practice_id: input.practiceId,
    purpose: input.purpose,
    second_factor_at: input.secondFactorAt,
    created_at: input.now,
    last_seen_at: input.now,
    expires_at: new Date(input.now.getTime() + limits.absoluteHours * 3_600_000),
    user_agent: input.userAgent?.slice(0, 300) ?? null,
    ip: input.ip,
  }).execute();
  return token;
}

/**
 * Replaces a session by one with a new token (a privilege change: second factor confirmed),
 * keeping its start and lifetime. Returns the new token, or null when the session is gone.
 */
export async function rotateSession(
  trx: Transaction<Database>,
  tokenHash: string,
  change: { secondFactorAt: Date; now: Date; practiceId?: string | null; purpose?: SessionPurpose },
): Promise<string | null> {
  const old = await trx.deleteFrom("sessions").where("token_hash", "=", tokenHash).returningAll().executeTakeFirst();
  if (!old) return null;
  const token = generateSecretToken();
  await trx.insertInto("sessions").values({
    token_hash: hashSecret(token),
    account_id: old.account_id,
    practice_id: change.practiceId === undefined ? old.practice_id : change.practiceId,
    purpose: change.purpose ?? old.purpose,
    second_factor_at: change.secondFactorAt,
    created_at: old.created_at,
    last_seen_at: change.now,
    expires_at: old.expires_at,
    user_agent: old.user_agent,
    ip: old.ip,
  }).execute();
  return token;
}

/**
 * The session of a token hash with its account, practice, membership and this browser's
 * registration, read on every request: compiled once (db/compiled-once.ts).
 */
const sessionQuery = compiledOnce(["tokenHash", "browserHash"], (db, input) =>
  db.selectFrom("sessions")
    .innerJoin("accounts", "accounts.id", "sessions.account_id")
    .leftJoin("practices", "practices.id", "sessions.practice_id")
    .leftJoin("memberships", (join) =>
      join.onRef("memberships.practice_id", "=", "sessions.practice_id")
        .onRef("memberships.account_id", "=", "sessions.account_id"))
    .leftJoin("known_browsers", (join) =>
      join.onRef("known_browsers.account_id", "=", "sessions.account_id")
        .onRef("known_browsers.practice_id", "=", "sessions.practice_id")
        .on("known_browsers.browser_hash", "=", input.browserHash))
    .select([
      "sessions.id",
      "sessions.purpose",
      "sessions.created_at",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "sessions.second_factor_at",
      "accounts.id as account_id",
      "accounts.name as account_name",
      "accounts.email",
      "accounts.language",
      "accounts.status as account_status",
      "accounts.password_changed_at",
      "practices.id as practice_id",
      "practices.name as practice_name",
      "practices.password_max_age_days",
      "practices.owners_need_webauthn",
      "memberships.id as membership_id",
      "memberships.role",
      "memberships.areas",
      "memberships.status as membership_status",
      "memberships.ended_at",
      "memberships.ends_on",
      "practices.status as practice_status",
      "practices.allowed_networks",
      "practices.browser_approval",
      "memberships.network_exception",
      "memberships.approves_browsers",
      "known_browsers.id as browser_id",
      "known_browsers.status as browser_status",
      "known_browsers.last_seen_at as browser_last_seen_at",
      // Read along, so a page request asks the database once for who is there and may be.
      termsPending.as("terms_pending"),
    ])
    .where("sessions.token_hash", "=", input.tokenHash));

/**
 * The live session for a token, or null when unknown, idle too long or past its lifetime. A
 * session that ran out is deleted and its end recorded ("session.expired"). `touch: false` for
 * a request the person did not make (a badge's poll): it must not keep an idle session alive.
 */
export async function findSession(
  db: Db,
  token: string,
  now: Date,
  limits: SessionLimits,
  requestId: string | null = null,
  /** The hash of the request's browser identifier, when it carries one: its registration is read along. */
  browserHash: string | null = null,
  touch = true,
): Promise<SignedInSession | null> {
  const tokenHash = hashSecret(token);
  // Stored hashes are never empty: without a browser identifier no registration joins.
  const [row] = await sessionQuery(db, { tokenHash, browserHash: browserHash ?? "" });
  if (!row) return null;
  const idleSince = now.getTime() - row.last_seen_at.getTime();
  const expired = now >= row.expires_at ? "absolute" : idleSince >= limits.idleMinutes * 60_000 ? "idle" : null;
  if (expired) {
    await expireSession(db, tokenHash, row.account_id, expired, { requestId, now });
    return null;
  }
  if (row.account_status !== "active") {
    await endSession(db, tokenHash);
    return null;
  }
  if (touch && idleSince >= TOUCH_AFTER_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("token_hash", "=", tokenHash).execute();
  }
  return {
    id: row.id,
    tokenHash,
    purpose: row.purpose,
    createdAt: row.created_at,
    secondFactorAt: row.second_factor_at,
    account: {
      id: row.account_id,
      name: row.account_name,
      email: row.email,
      language: row.language,
      passwordChangedAt: row.password_changed_at,
    },
    termsPending: row.terms_pending,
    practice: row.practice_id && row.practice_name && row.role && row.membership_id &&
        membershipIsCurrent({
          status: row.membership_status,
          ended_at: row.ended_at,
          ends_on: row.ends_on,
          practice_status: row.practice_status,
        }, now)
      ? {
        id: row.practice_id,
        name: row.practice_name,
        membershipId: row.membership_id,
        role: row.role,
        areas: row.areas ?? [],
        passwordMaxAgeDays: row.password_max_age_days ?? 0,
        ownersNeedWebauthn: row.owners_need_webauthn ?? false,
        approves: row.role === "owner" || (row.approves_browsers ?? false),
        admission: {
          allowedNetworks: row.allowed_networks ?? [],
          networkException: row.network_exception ?? false,
          browserApproval: row.browser_approval ?? false,
          browser: browserHash
            ? {
              hash: browserHash,
              known: row.browser_id && row.browser_status && row.browser_last_seen_at
                ? { id: row.browser_id, status: row.browser_status, lastSeenAt: row.browser_last_seen_at }
                : null,
            }
            : null,
        },
      }
      : null,
  };
}

/** Deletes a session that ran out; the event is recorded only by the request that deleted it. */
async function expireSession(
  db: Db,
  tokenHash: string,
  accountId: string,
  reason: "idle" | "absolute",
  facts: { requestId: string | null; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await trx.deleteFrom("sessions").where("token_hash", "=", tokenHash).returning("id")
      .executeTakeFirst();
    if (!ended) return;
    await appendAccountAuditEvent(trx, accountId, { action: "session.expired", details: { reason } }, facts);
  });
}

export async function endSession(db: Db | Transaction<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

/** Ends every session of a person (password change, lock), optionally all but one. */
export async function endAllSessions(
  db: Db | Transaction<Database>,
  accountId: string,
  exceptTokenHash?: string,
): Promise<number> {
  let query = db.deleteFrom("sessions").where("account_id", "=", accountId);
  if (exceptTokenHash) query = query.where("token_hash", "!=", exceptTokenHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSessions(db: Db, accountId: string) {
  return await db.selectFrom("sessions")
    .select(["id", "token_hash", "created_at", "last_seen_at", "user_agent", "ip", "second_factor_at"])
    .where("account_id", "=", accountId).orderBy("last_seen_at", "desc").execute();
}

/**
 * Ends one of the person's own sessions by its public id, with its audit event in the same
 * transaction; false (and nothing written) when it is not theirs.
 */
export async function endOwnSession(db: Db, accountId: string, sessionId: string, facts: RequestFacts) {
  return await db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom("sessions").where("account_id", "=", accountId).where("id", "=", sessionId)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    await appendAccountAuditEvent(trx, accountId, { action: "session.ended", details: { sessionId } }, facts);
    return true;
  });
}
