// The audit log: append-only and hash-chained per practice (installation-wide events form a
// chain of their own). Callers append inside the transaction of the change they record.
import { sql } from "kysely";
import type { Kysely, Transaction } from "kysely";
import { canonicalJson, type ChainedEvent, computeEventHash, GENESIS_HASH } from "../lib/audit-chain.ts";
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

function chainOf<T extends Kysely<Database>>(db: T, practiceId: string | null) {
  const events = db.selectFrom("audit_events");
  return practiceId === null ? events.where("practice_id", "is", null) : events.where("practice_id", "=", practiceId);
}

/** Appends one event to its practice's chain. Must run inside a transaction. */
export async function appendAuditEvent(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  // Serialises appends per chain until the transaction ends; other chains are not blocked.
  const chainKey = entry.practiceId ?? "installation";
  await sql`select pg_advisory_xact_lock(hashtextextended(${"audit:" + chainKey}, 0))`.execute(trx);
  const last = await chainOf(trx, entry.practiceId)
    .select(["sequence", "hash"]).orderBy("sequence", "desc").limit(1).executeTakeFirst();
  const event: ChainedEvent = {
    practiceId: entry.practiceId,
    sequence: (last?.sequence ?? 0) + 1,
    occurredAt: new Date(entry.occurredAt.getTime()),
    action: entry.action,
    actorAccountId: entry.actorAccountId ?? null,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    requestId: entry.requestId ?? null,
    details: entry.details ?? {},
  };
  const previousHash = last?.hash ?? GENESIS_HASH;
  await trx.insertInto("audit_events").values({
    practice_id: event.practiceId,
    sequence: event.sequence,
    occurred_at: event.occurredAt,
    action: event.action,
    actor_account_id: event.actorAccountId,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    request_id: event.requestId,
    // Sent as text and cast in SQL: drivers disagree on how to serialise a jsonb parameter.
    details: sql<string>`cast(${canonicalJson(event.details)}::text as jsonb)`,
    previous_hash: previousHash,
    hash: computeEventHash(previousHash, event),
  }).execute();
}

export type ChainVerdict =
  | { intact: true; events: number }
  | { intact: false; events: number; brokenAtSequence: number; reason: "hash" | "link" | "gap" };

/** Walks a chain from its start and reports the first event whose link does not hold. */
export async function verifyAuditChain(db: Db, practiceId: string | null, batchSize = 1000): Promise<ChainVerdict> {
  let previousHash = GENESIS_HASH;
  let expectedSequence = 1;
  for (;;) {
    const rows = await chainOf(db, practiceId)
      .selectAll().where("sequence", ">=", expectedSequence)
      .orderBy("sequence").limit(batchSize).execute();
    for (const row of rows) {
      const broken = (reason: "hash" | "link" | "gap") =>
        ({ intact: false, events: expectedSequence - 1, brokenAtSequence: row.sequence, reason }) as const;
      if (row.sequence !== expectedSequence) return broken("gap");
      if (row.previous_hash !== previousHash) return broken("link");
      const recomputed = computeEventHash(previousHash, {
        practiceId: row.practice_id,
        sequence: row.sequence,
        occurredAt: row.occurred_at,
        action: row.action,
        actorAccountId: row.actor_account_id,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        requestId: row.request_id,
        details: row.details,
      });
      if (recomputed !== row.hash) return broken("hash");
      previousHash = row.hash;
      expectedSequence++;
    }
    if (rows.length < batchSize) return { intact: true, events: expectedSequence - 1 };
  }
}

export async function listAuditEvents(db: Db, practiceId: string | null, limit = 100) {
  return await chainOf(db, practiceId).selectAll().orderBy("sequence", "desc").limit(limit).execute();
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
  trx: Transaction<Database>,
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
