// WebAuthn credentials (security keys and passkeys) as second factors, and the one challenge a
// session may have outstanding. Both guards are conditional UPDATEs: a challenge counts once,
// and a signature counter is accepted only if it advances the stored one, so two racing
// requests cannot both pass.
import type { KnownCredential } from "../lib/webauthn.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";

export type Ceremony = "registration" | "authentication";

/** The person's keys: active ones to sign in with; with locked ones too, to keep them from returning. */
export async function listWebauthnCredentials(
  db: Db,
  accountId: string,
  include: "active" | "active_and_locked",
): Promise<KnownCredential[]> {
  const rows = await db.selectFrom("second_factors")
    .select(["webauthn_credential_id", "webauthn_public_key", "webauthn_counter", "webauthn_transports"])
    .where("account_id", "=", accountId).where("kind", "=", "webauthn")
    .where("status", "in", include === "active" ? ["active"] : ["active", "locked"])
    .orderBy("created_at").execute();
  return rows.map(toKnownCredential);
}

/** One of the person's active keys by its credential id. */
export async function findWebauthnCredential(db: Db, accountId: string, credentialId: string) {
  const row = await db.selectFrom("second_factors")
    .select(["id", "webauthn_credential_id", "webauthn_public_key", "webauthn_counter", "webauthn_transports"])
    .where("account_id", "=", accountId).where("kind", "=", "webauthn").where("status", "=", "active")
    .where("webauthn_credential_id", "=", credentialId).executeTakeFirst();
  return row ? { factorId: row.id, ...toKnownCredential(row) } : undefined;
}

/**
 * Stores a verified key as an active factor and records it. Null when the credential is
 * already registered (to anyone): a credential belongs to one account.
 */
export async function addWebauthnCredential(
  db: Db,
  accountId: string,
  key: KnownCredential & { name: string; backedUp: boolean },
  facts: RequestFacts,
): Promise<string | null> {
  return await db.transaction().execute(async (trx) => {
    const added = await trx.insertInto("second_factors").values({
      id: crypto.randomUUID(),
      account_id: accountId,
      kind: "webauthn",
      name: key.name,
      status: "active",
      created_at: facts.now,
      confirmed_at: facts.now,
      webauthn_credential_id: key.credentialId,
      webauthn_public_key: key.publicKey,
      webauthn_counter: key.counter,
      webauthn_transports: key.transports.join(","),
      webauthn_backed_up: key.backedUp,
    }).onConflict((conflict) =>
      conflict.column("webauthn_credential_id").where("webauthn_credential_id", "is not", null).doNothing()
    ).returning("id").executeTakeFirst();
    if (!added) return null;
    await appendAccountAuditEvent(trx, accountId, {
      action: "factor.added",
      details: { factorId: added.id, kind: "webauthn" },
    }, facts);
    return added.id;
  });
}

/**
 * Records a use of a key with the counter it signed. "regressed": the counter did not advance
 * (unless key and record both stay at zero, as synced passkeys do), a sign of a cloned key;
 * "gone": the key was locked or removed meanwhile.
 */
export async function recordWebauthnUse(
  db: Db,
  factorId: string,
  use: { counter: number; backedUp: boolean },
  now: Date,
): Promise<"recorded" | "regressed" | "gone"> {
  const recorded = await db.updateTable("second_factors")
    .set({ webauthn_counter: use.counter, webauthn_backed_up: use.backedUp, last_used_at: now })
    .where("id", "=", factorId).where("status", "=", "active")
    .where("webauthn_counter", use.counter === 0 ? "=" : "<", use.counter)
    .executeTakeFirst();
  if (recorded.numUpdatedRows > 0n) return "recorded";
  const still = await db.selectFrom("second_factors").select("id").where("id", "=", factorId)
    .where("status", "=", "active").executeTakeFirst();
  return still ? "regressed" : "gone";
}

/** Keeps a new challenge on the session, replacing any earlier one. */
export async function storeChallenge(
  db: Db,
  tokenHash: string,
  ceremony: Ceremony,
  challenge: string,
  expiresAt: Date,
): Promise<void> {
  await db.updateTable("sessions")
    .set({ webauthn_challenge: `${ceremony}:${challenge}`, webauthn_challenge_expires_at: expiresAt })
    .where("token_hash", "=", tokenHash).execute();
}

/** Uses the session's challenge up: true only once, for the right ceremony and before it expires. */
export async function consumeChallenge(
  db: Db,
  tokenHash: string,
  ceremony: Ceremony,
  challenge: string,
  now: Date,
): Promise<boolean> {
  const consumed = await db.updateTable("sessions")
    .set({ webauthn_challenge: null, webauthn_challenge_expires_at: null })
    .where("token_hash", "=", tokenHash)
    .where("webauthn_challenge", "=", `${ceremony}:${challenge}`)
    .where("webauthn_challenge_expires_at", ">", now)
    .returning("id").executeTakeFirst();
  return !!consumed;
}

function toKnownCredential(row: {
  webauthn_credential_id: string | null;
  webauthn_public_key: Uint8Array | null;
  webauthn_counter: string | number | null;
  webauthn_transports: string | null;
}): KnownCredential {
  return {
    credentialId: row.webauthn_credential_id!,
    publicKey: row.webauthn_public_key!,
    counter: Number(row.webauthn_counter ?? 0),
    transports: row.webauthn_transports ? row.webauthn_transports.split(",") : [],
  };
}
