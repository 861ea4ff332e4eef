// The audit log: append-only and hash-chained per practice (installation-wide events form a
// chain of their own). Callers append inside the transaction of the change they record; the
// sealer links committed events into their chain shortly after.
import { sql } from "kysely";
import type { Kysely } from "kysely";
import { canonicalJson, computeEventHash, GENESIS_HASH } from "../lib/audit-chain.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";

export interface AuditEntry {
  practiceId: string | null;
  action: string;
  actorAccountId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  requestId?: string | null;
  /** Ids and codes only: the audit log is readable by the practice, the system log is not. */
  details?: Record<string, string | number | boolean | null>;
  occurredAt: Date;
}

export function chainOf<T extends Kysely<Database>>(db: T, practiceId: string | null) {
  const events = db.selectFrom("audit_events");
  return practiceId === null ? events.where("practice_id", "is", null) : events.where("practice_id", "=", practiceId);
}

/**
 * Appends one event, unsealed: one plain INSERT, no lock and no read, so it is durable exactly
 * when the caller's transaction commits (or at once outside one). The sealer (db/audit-sealer.ts)
 * gives it its place in the chain within a second or so.
 */
export async function appendAuditEvent(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto("audit_events").values(auditEventRow(entry)).execute();
}

function auditEventRow(entry: AuditEntry) {
  return {
    practice_id: entry.practiceId,
    occurred_at: new Date(entry.occurredAt.getTime()),
    action: entry.action,
    actor_account_id: entry.actorAccountId ?? null,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    request_id: entry.requestId ?? null,
    // Sent as text and cast in SQL: drivers disagree on how to serialise a jsonb parameter.
    details: sql<string>`cast(${canonicalJson(entry.details ?? {})}::text as jsonb)`,
  };
}

/** The columns an append writes, for INSERT … SELECT with auditEventSelection. */
export const AUDIT_EVENT_COLUMNS = [
  "practice_id",
  "occurred_at",
  "action",
  "actor_account_id",
  "subject_type",
  "subject_id",
  "request_id",
  "details",
] as const;

/**
 * The event as a select list of typed constants, so one statement can read rows and audit the
 * read: `with r as (select …), a as (insert into audit_events (…) select <this> from r) select … from r`
 * writes the event only when the read found its row, atomically with the read.
 */
export function auditEventSelection(entry: AuditEntry) {
  const text = (value: string | null | undefined) => sql<string | null>`cast(${value ?? null} as text)`;
  return [
    sql<string | null>`cast(${entry.practiceId} as uuid)`.as("practice_id"),
    sql<Date>`cast(${new Date(entry.occurredAt.getTime())} as timestamptz)`.as("occurred_at"),
    text(entry.action).as("action"),
    sql<string | null>`cast(${entry.actorAccountId ?? null} as uuid)`.as("actor_account_id"),
    text(entry.subjectType).as("subject_type"),
    text(entry.subjectId).as("subject_id"),
    text(entry.requestId).as("request_id"),
    sql<string>`cast(${canonicalJson(entry.details ?? {})}::text as jsonb)`.as("details"),
  ];
}

export type ChainVerdict =
  | { intact: true; events: number }
  | { intact: false; events: number; brokenAtSequence: number; reason: "hash" | "link" | "gap" | "anchor" };

/**
 * Walks a chain's sealed events from its start and reports the first event whose link does not
 * hold. Events not sealed yet are not part of the chain; seal first to include them.
 */
export async function verifyAuditChain(db: Db, practiceId: string | null, batchSize = 1000): Promise<ChainVerdict> {
  let previousHash = GENESIS_HASH;
  let expectedSequence = 1;
  for (;;) {
    const rows = await chainOf(db, practiceId)
      .selectAll().where("sequence", ">=", expectedSequence)
      .orderBy("sequence").limit(batchSize).execute();
    for (const row of rows) {
      // Sealed rows only (sequence >= n): the check constraint keeps their chain columns set.
      const sequence = row.sequence!, hash = row.hash!;
      const broken = (reason: "hash" | "link" | "gap") =>
        ({ intact: false, events: expectedSequence - 1, brokenAtSequence: sequence, reason }) as const;
      if (sequence !== expectedSequence) return broken("gap");
      if (row.previous_hash !== previousHash) return broken("link");
      const recomputed = computeEventHash(previousHash, {
        practiceId: row.practice_id,
        sequence,
        occurredAt: row.occurred_at,
        action: row.action,
        actorAccountId: row.actor_account_id,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        requestId: row.request_id,
        details: row.details,
      });
      if (recomputed !== hash) return broken("hash");
      previousHash = hash;
      expectedSequence++;
    }
    if (rows.length < batchSize) return { intact: true, events: expectedSequence - 1 };
  }
}

/** The newest events first, sealed or not (insertion order; a chain's order is its sequence). */
export async function listAuditEvents(db: Db, practiceId: string | null, limit = 100) {
  return await chainOf(db, practiceId).selectAll().orderBy("id", "desc").limit(limit).execute();
}

/** What a write knows about the request it serves: recorded with every audit event. */
export interface RequestFacts {
  requestId: string | null;
  now: Date;
}

/**
 * Records an event about an account in the chain of every practice the account belongs to
 * (the owner answers for their staff and sees it there), or in the installation chain when
 * the account is unknown or belongs to no practice.
 */
export async function appendAccountAuditEvent(
  trx: Kysely<Database>,
  accountId: string | null,
  entry: Omit<AuditEntry, "practiceId" | "actorAccountId" | "subjectType" | "subjectId" | "occurredAt">,
  facts: RequestFacts,
): Promise<void> {
  const practiceIds = accountId
    ? (await trx.selectFrom("memberships").select("practice_id")
      .where("account_id", "=", accountId).where("ended_at", "is", null)
      .orderBy("practice_id").execute()).map((row) => row.practice_id)
    : [];
  for (const practiceId of practiceIds.length ? practiceIds : [null]) {
    await appendAuditEvent(trx, {
      ...entry,
      practiceId,
      actorAccountId: accountId,
      subjectType: accountId ? "account" : null,
      subjectId: accountId,
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
  }
}
