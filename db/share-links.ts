// Share links: a document handed to someone outside the practice through a link that expires,
// works a limited number of times, can ask for a code passed on separately, and can be revoked.
// Only the SHA-256 of the link's token and an Argon2id hash of the code are stored. Every
// opening is audited on the practice's chain, refusals of a dead link up to ten an hour.
// Wrong codes are counted per client address: five lock out that address (15 minutes, doubling
// on each repeat) and mail the owners, while the link keeps working for the rightful recipient
// elsewhere; only a hundred wrong codes across all addresses lock the link itself.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { generateNumericCode, generateSecretToken, hashSecret } from "../lib/secret-token.ts";
import { hashPassword } from "../lib/password.ts";
import { queueMail } from "./outgoing-mails.ts";
import { takeFromBudget } from "./rate-limits.ts";

/** After this many wrong codes across all addresses the link is locked for good. */
export const MAX_CODE_ATTEMPTS = 100;
/** After this many wrong codes from one address, that address is locked out of the link. */
export const WRONG_CODES_PER_ADDRESS = 5;
/** The first lockout of an address; each further one doubles it (up to 2^8 times). */
export const ADDRESS_LOCKOUT_MINUTES = 15;
const REFUSALS_AUDITED_PER_HOUR = 10;
export const SHARE_CODE_DIGITS = 6;

export type ShareLinkStatus = "active" | "used_up" | "expired" | "revoked" | "locked";

export interface ShareLinkSummary {
  id: string;
  createdAt: Date;
  createdBy: string;
  expiresAt: Date;
  maxUses: number;
  useCount: number;
  withCode: boolean;
  recipientNote: string;
  status: ShareLinkStatus;
}

function statusOf(
  link: {
    revoked_at: Date | null;
    revoked_reason: string | null;
    use_count: number;
    max_uses: number;
    expires_at: Date;
  },
  now: Date,
): ShareLinkStatus {
  if (link.revoked_at) return link.revoked_reason === "code_attempts" ? "locked" : "revoked";
  if (link.use_count >= link.max_uses) return "used_up";
  if (link.expires_at.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** Creates a link for a document of the practice; the token (and code) are returned only here. */
export async function createShareLink(
  db: Db,
  scope: PracticeScope,
  input: {
    document: { id: string; patientId: string };
    validHours: number;
    maxUses: number;
    withCode: boolean;
    recipientNote: string;
    facts: RequestFacts;
  },
): Promise<{ id: string; token: string; code: string | null }> {
  const { facts } = input;
  const token = generateSecretToken();
  const code = input.withCode ? generateNumericCode(SHARE_CODE_DIGITS) : null;
  const codeHash = code ? await hashPassword(code) : null;
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto("share_links").values({
      practice_id: scope.practiceId,
      document_id: input.document.id,
      token_hash: hashSecret(token),
      created_by: scope.accountId,
      created_at: facts.now,
      expires_at: new Date(facts.now.getTime() + input.validHours * 3_600_000),
      max_uses: input.maxUses,
      code_hash: codeHash,
      recipient_note: input.recipientNote,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "share_link.created",
      actorAccountId: scope.accountId,
      subjectType: "share_link",
      subjectId: row.id,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: {
        document_id: input.document.id,
        patient_id: input.document.patientId,
        valid_hours: input.validHours,
        max_uses: input.maxUses,
        with_code: input.withCode,
      },
    });
    return row.id;
  });
  return { id, token, code };
}

/** The links of one document, newest first. */
export async function listShareLinks(db: Db, scope: PracticeScope, documentId: string, now: Date) {
  const rows = await db.selectFrom("share_links")
    .innerJoin("accounts", "accounts.id", "share_links.created_by")
    .select([
      "share_links.id",
      "share_links.created_at",
      "accounts.name as created_by_name",
      "share_links.expires_at",
      "share_links.max_uses",
      "share_links.use_count",
      "share_links.code_hash",
      "share_links.recipient_note",
      "share_links.revoked_at",
      "share_links.revoked_reason",
    ])
    .where("share_links.practice_id", "=", scope.practiceId)
    .where("share_links.document_id", "=", documentId)
    .orderBy("share_links.created_at", "desc")
    .execute();
  return rows.map((row): ShareLinkSummary => ({
    id: row.id,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
    expiresAt: row.expires_at,
    maxUses: row.max_uses,
    useCount: row.use_count,
    withCode: row.code_hash !== null,
    recipientNote: row.recipient_note,
    status: statusOf(row, now),
  }));
}

/** Revokes a link of the practice; its document's id, or undefined when there is no such link. */
export async function revokeShareLink(
  db: Db,
  scope: PracticeScope,
  linkId: string,
  facts: RequestFacts,
): Promise<string | undefined> {
  return await db.transaction().execute(async (trx) => {
    const link = await trx.selectFrom("share_links")
      .innerJoin("documents", "documents.id", "share_links.document_id")
      .select(["share_links.document_id", "share_links.revoked_at", "documents.patient_id"])
      .where("share_links.practice_id", "=", scope.practiceId).where("share_links.id", "=", linkId)
      .forUpdate().executeTakeFirst();
    if (!link) return undefined;
    if (link.revoked_at) return link.document_id;
    await trx.updateTable("share_links")
      .set({ revoked_at: facts.now, revoked_by: scope.accountId, revoked_reason: "revoked" })
      .where("id", "=", linkId).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "share_link.revoked",
      actorAccountId: scope.accountId,
      subjectType: "share_link",
      subjectId: linkId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { document_id: link.document_id, patient_id: link.patient_id },
    });
    return link.document_id;
  });
}

/** What the public side knows of a link: nothing that names the practice or the file. */
export interface OpenedShareLink {
  id: string;
  practiceId: string;
  documentId: string;
  patientId: string;
  codeHash: string | null;
  expiresAt: Date;
  usesLeft: number;
  status: ShareLinkStatus;
}

/** The link a token belongs to, whatever its state; undefined for an unknown token. */
export async function findShareLinkByToken(db: Db, token: string, now: Date): Promise<OpenedShareLink | undefined> {
  if (!/^[a-z2-7]{52}$/.test(token)) return undefined;
  const row = await db.selectFrom("share_links")
    .innerJoin("documents", (join) =>
      join.onRef("documents.id", "=", "share_links.document_id")
        .onRef("documents.practice_id", "=", "share_links.practice_id"))
    .select([
      "share_links.id",
      "share_links.practice_id",
      "share_links.document_id",
      "documents.patient_id",
      "share_links.code_hash",
      "share_links.expires_at",
      "share_links.max_uses",
      "share_links.use_count",
      "share_links.revoked_at",
      "share_links.revoked_reason",
    ])
    .where("share_links.token_hash", "=", hashSecret(token))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    practiceId: row.practice_id,
    documentId: row.document_id,
    patientId: row.patient_id,
    codeHash: row.code_hash,
    expiresAt: row.expires_at,
    usesLeft: Math.max(0, row.max_uses - row.use_count),
    status: statusOf(row, now),
  };
}

export type RefusalReason = Exclude<ShareLinkStatus, "active"> | "wrong_code" | "address_locked";

function shareLinkEvent(
  link: OpenedShareLink,
  action: string,
  facts: RequestFacts,
  extra: Record<string, string> = {},
) {
  return {
    practiceId: link.practiceId,
    action,
    actorAccountId: null,
    subjectType: "share_link",
    subjectId: link.id,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details: { document_id: link.documentId, patient_id: link.patientId, ...extra },
  };
}

/**
 * Audits a refused opening (expired, used up, revoked, locked): the first ten an hour per link,
 * so revisiting a dead link (or a script doing it) cannot grow the practice's audit chain.
 */
export async function refuseShareLink(db: Db, link: OpenedShareLink, reason: RefusalReason, facts: RequestFacts) {
  const key = `share-refused:${link.id}`;
  if (await takeFromBudget(db, key, REFUSALS_AUDITED_PER_HOUR, 3_600_000, facts.now) === null) return;
  await db.transaction().execute(async (trx) => {
    await appendAuditEvent(trx, shareLinkEvent(link, "share_link.refused", facts, { reason }));
  });
}

/**
 * Counts a code attempt before the code is checked, so that guesses sent in parallel cannot
 * check more than MAX_CODE_ATTEMPTS codes between them: "locked" when the link is locked or
 * revoked, "busy" when the remaining attempts are all being checked right now.
 */
export async function reserveCodeAttempt(
  db: Db,
  link: OpenedShareLink,
): Promise<"reserved" | "busy" | "locked" | "revoked"> {
  const reserved = await db.updateTable("share_links")
    .set({ failed_code_attempts: sql`failed_code_attempts + 1` })
    .where("id", "=", link.id).where("revoked_at", "is", null)
    .where("failed_code_attempts", "<", MAX_CODE_ATTEMPTS)
    .returning("id").executeTakeFirst();
  if (reserved) return "reserved";
  const row = await db.selectFrom("share_links").select(["revoked_at", "revoked_reason"])
    .where("id", "=", link.id).executeTakeFirst();
  if (!row?.revoked_at) return "busy";
  return row.revoked_reason === "revoked" ? "revoked" : "locked";
}

export type AddressAttempt = { kind: "reserved" } | { kind: "busy" } | { kind: "locked"; until: Date };

/**
 * Counts a code attempt of this address before the code is checked, like reserveCodeAttempt
 * for the link: "locked" while the address is locked out, "busy" while its remaining attempts
 * are being checked. A lockout that has run out starts the count afresh.
 */
export async function reserveAddressCodeAttempt(
  db: Db,
  link: OpenedShareLink,
  address: string,
  now: Date,
): Promise<AddressAttempt> {
  const reserved = await sql<{ failures: number }>`
    insert into share_link_attempts as a (share_link_id, practice_id, address, failures, updated_at)
    values (${link.id}, ${link.practiceId}, ${address}, 1, ${now})
    on conflict (share_link_id, address) do update set
      failures = case when a.locked_until <= ${now} then 1 else a.failures + 1 end,
      locked_until = case when a.locked_until <= ${now} then null else a.locked_until end,
      updated_at = ${now}
    where a.locked_until <= ${now} or (a.locked_until is null and a.failures < ${WRONG_CODES_PER_ADDRESS})
    returning failures`.execute(db);
  if (reserved.rows.length) return { kind: "reserved" };
  const row = await db.selectFrom("share_link_attempts").select("locked_until")
    .where("share_link_id", "=", link.id).where("address", "=", address).executeTakeFirst();
  return row?.locked_until && row.locked_until > now ? { kind: "locked", until: row.locked_until } : { kind: "busy" };
}

/** Gives back an address's attempt that checked nothing (the link was busy). */
export async function releaseAddressCodeAttempt(db: Db, link: OpenedShareLink, address: string): Promise<void> {
  await db.updateTable("share_link_attempts").set({ failures: sql`greatest(failures - 1, 0)` })
    .where("share_link_id", "=", link.id).where("address", "=", address).execute();
}

/** Gives back both attempts of a check that did not happen (the hashing queue was full). */
export async function releaseCodeAttempts(db: Db, link: OpenedShareLink, address: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("share_links").set({ failed_code_attempts: sql`failed_code_attempts - 1` })
      .where("id", "=", link.id).where("failed_code_attempts", ">", 0).execute();
    await trx.updateTable("share_link_attempts").set({ failures: sql`greatest(failures - 1, 0)` })
      .where("share_link_id", "=", link.id).where("address", "=", address).execute();
  });
}

/** The right code: the address's wrong codes are forgotten, and the link's attempt given back. */
export async function acceptCode(db: Db, link: OpenedShareLink, address: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("share_links").set({ failed_code_attempts: sql`failed_code_attempts - 1` })
      .where("id", "=", link.id).where("failed_code_attempts", ">", 0).execute();
    await trx.deleteFrom("share_link_attempts").where("share_link_id", "=", link.id)
      .where("address", "=", address).execute();
  });
}

export interface WrongCodeOutcome {
  /** The link itself reached MAX_CODE_ATTEMPTS and is locked for everyone. */
  linkLocked: boolean;
  /** This address reached WRONG_CODES_PER_ADDRESS and is locked out until then. */
  addressLockedUntil: Date | null;
}

/**
 * Audits a wrong code whose attempts were counted (per link and per address). The fifth from
 * an address locks that address out for 15 minutes, doubling each time, audits it and mails
 * the practice's owners; the hundredth across all addresses locks the link.
 */
export async function recordWrongCode(
  db: Db,
  link: OpenedShareLink,
  address: string,
  facts: RequestFacts,
  documentUrl: string,
): Promise<WrongCodeOutcome> {
  return await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("share_links").select(["failed_code_attempts", "revoked_at"])
      .where("id", "=", link.id).forUpdate().executeTakeFirstOrThrow();
    const linkLocked = row.failed_code_attempts >= MAX_CODE_ATTEMPTS;
    if (linkLocked && !row.revoked_at) {
      await trx.updateTable("share_links").set({ revoked_at: facts.now, revoked_reason: "code_attempts" })
        .where("id", "=", link.id).execute();
    }
    const attempts = await trx.selectFrom("share_link_attempts").select(["failures", "lockouts", "locked_until"])
      .where("share_link_id", "=", link.id).where("address", "=", address).forUpdate().executeTakeFirst();
    let addressLockedUntil: Date | null = null;
    if (attempts && attempts.failures >= WRONG_CODES_PER_ADDRESS && attempts.locked_until === null) {
      const minutes = ADDRESS_LOCKOUT_MINUTES * 2 ** Math.min(attempts.lockouts, 8);
      addressLockedUntil = new Date(facts.now.getTime() + minutes * 60_000);
      await trx.updateTable("share_link_attempts")
        .set({ locked_until: addressLockedUntil, lockouts: attempts.lockouts + 1, updated_at: facts.now })
        .where("share_link_id", "=", link.id).where("address", "=", address).execute();
      await appendAuditEvent(
        trx,
        shareLinkEvent(link, "share_link.address_locked", facts, {
          minutes: String(minutes),
          lockout: String(attempts.lockouts + 1),
        }),
      );
      const owners = await trx.selectFrom("memberships")
        .innerJoin("accounts", "accounts.id", "memberships.account_id")
        .select(["accounts.email", "accounts.language"])
        .where("memberships.practice_id", "=", link.practiceId).where("memberships.role", "=", "owner")
        .where("memberships.status", "=", "active").where("memberships.ended_at", "is", null)
        .where("accounts.status", "=", "active").execute();
      for (const owner of owners) {
        await queueMail(trx, {
          to: owner.email,
          language: owner.language,
          facts: { kind: "shareLinkAddressLocked", count: WRONG_CODES_PER_ADDRESS, minutes, url: documentUrl },
        }, facts.now);
      }
    }
    const reason = linkLocked ? "locked" : addressLockedUntil ? "address_locked" : "wrong_code";
    await appendAuditEvent(trx, shareLinkEvent(link, "share_link.refused", facts, { reason }));
    return { linkLocked, addressLockedUntil };
  });
}

/**
 * Takes one use of the link and audits the opening, atomically: two recipients racing for the
 * last use cannot both win. False when the link was used up, expired or revoked meanwhile.
 */
export async function takeShareLinkUse(db: Db, link: OpenedShareLink, facts: RequestFacts): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const taken = await trx.updateTable("share_links")
      .set({ use_count: sql`use_count + 1` })
      .where("id", "=", link.id)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", facts.now)
      .where(sql<boolean>`use_count < max_uses`)
      .returning("use_count").executeTakeFirst();
    if (!taken) return false;
    await appendAuditEvent(trx, shareLinkEvent(link, "share_link.opened", facts, { use: String(taken.use_count) }));
    return true;
  });
}
