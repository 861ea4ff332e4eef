// Sessions: the browser holds a random 256-bit token; the database holds only its SHA-256
// hash, so a leaked sessions table signs nobody in. Idle and absolute limits end them.
import type { Transaction } from "kysely";
import { generateSecretToken, hashSecret } from "../lib/secret-token.ts";
import type { Database, Role } from "./schema.ts";
import type { Db } from "./database.ts";

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SignedInSession {
  tokenHash: string;
  account: { id: string; name: string; email: string; language: "de" | "en" };
  practice: { id: string; name: string; role: Role } | null;
}

// last_seen_at is refreshed at most this often, so reading pages does not write on every request.
const TOUCH_AFTER_MS = 60_000;

export async function createSession(
  trx: Transaction<Database>,
  input: { accountId: string; practiceId: string | null; userAgent: string | null; now: Date },
  limits: SessionLimits,
): Promise<string> {
  const token = generateSecretToken();
  await trx.insertInto("sessions").values({
    token_hash: hashSecret(token),
    account_id: input.accountId,
    practice_id: input.practiceId,
    created_at: input.now,
    last_seen_at: input.now,
    expires_at: new Date(input.now.getTime() + limits.absoluteHours * 3_600_000),
    user_agent: input.userAgent?.slice(0, 300) ?? null,
  }).execute();
  return token;
}

/** The live session for a token, or null when unknown, idle too long or past its lifetime. */
export async function findSession(
  db: Db,
  token: string,
  now: Date,
  limits: SessionLimits,
): Promise<SignedInSession | null> {
  const tokenHash = hashSecret(token);
  const row = await db.selectFrom("sessions")
    .innerJoin("accounts", "accounts.id", "sessions.account_id")
    .leftJoin("practices", "practices.id", "sessions.practice_id")
    .leftJoin("memberships", (join) =>
      join.onRef("memberships.practice_id", "=", "sessions.practice_id")
        .onRef("memberships.account_id", "=", "sessions.account_id"))
    .select([
      "sessions.last_seen_at",
      "sessions.expires_at",
      "accounts.id as account_id",
      "accounts.name as account_name",
      "accounts.email",
      "accounts.language",
      "accounts.status as account_status",
      "practices.id as practice_id",
      "practices.name as practice_name",
      "memberships.role",
    ])
    .where("sessions.token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const idleSince = now.getTime() - row.last_seen_at.getTime();
  if (now >= row.expires_at || idleSince >= limits.idleMinutes * 60_000 || row.account_status !== "active") {
    await endSession(db, tokenHash);
    return null;
  }
  if (idleSince >= TOUCH_AFTER_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("token_hash", "=", tokenHash).execute();
  }
  return {
    tokenHash,
    account: { id: row.account_id, name: row.account_name, email: row.email, language: row.language },
    practice: row.practice_id && row.practice_name && row.role
      ? { id: row.practice_id, name: row.practice_name, role: row.role }
      : null,
  };
}

export async function endSession(db: Db | Transaction<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}
