// The practice's audit protocol as its owner (or an auditor with the grant) reads it: the
// practice's own chain only, filtered by person, patient, kind of action and time, newest first,
// in pages by the event id (keyset: a page never shifts when new events arrive).
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeActor } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { verifyAgainstAnchors } from "./audit-anchors.ts";

export const PROTOCOL_PAGE_SIZE = 50;

export interface ProtocolFilter {
  actorAccountId: string | null;
  patientId: string | null;
  /** The action's area, the part before the first dot ("patient", "note", …). */
  kind: string | null;
  /** Calendar days, inclusive, in UTC. */
  from: string | null;
  to: string | null;
  /** The id of the last event of the page before (exclusive). */
  before: string | null;
}

export interface ProtocolEvent {
  id: string;
  sequence: number | null;
  occurredAt: Date;
  action: string;
  actorName: string | null;
  subjectType: string | null;
  subjectId: string | null;
  /** The network the event recorded, if any (never a full address: none is stored). */
  network: string | null;
  reason: string | null;
}

export interface ProtocolPage {
  events: ProtocolEvent[];
  /** The cursor of the next (older) page, null on the last. */
  nextBefore: string | null;
  /** The filter's choices: the practice's members, past and present, and the kinds of action logged. */
  people: { id: string; name: string }[];
  kinds: string[];
}

/** One page of the practice's protocol; records that it was opened, in the same transaction. */
export async function readProtocol(
  db: Db,
  actor: PracticeActor,
  filter: ProtocolFilter,
  facts: RequestFacts,
): Promise<ProtocolPage> {
  return await db.transaction().execute(async (trx) => {
    let query = trx.selectFrom("audit_events as e")
      .leftJoin("accounts as a", "a.id", "e.actor_account_id")
      .select([
        "e.id",
        "e.sequence",
        "e.occurred_at",
        "e.action",
        "a.name as actor_name",
        "e.subject_type",
        "e.subject_id",
        sql<string | null>`e.details ->> 'network'`.as("network"),
        sql<string | null>`coalesce(e.details ->> 'reason', e.details ->> 'purpose')`.as("reason"),
      ])
      .where("e.practice_id", "=", actor.practiceId);
    if (filter.actorAccountId) query = query.where("e.actor_account_id", "=", filter.actorAccountId);
    if (filter.patientId) {
      const patientId = filter.patientId;
      query = query.where((eb) =>
        eb.or([
          eb.and([eb("e.subject_type", "=", "patient"), eb("e.subject_id", "=", patientId)]),
          eb(sql<string>`e.details ->> 'patient_id'`, "=", patientId),
          eb(sql<string>`e.details ->> 'patientId'`, "=", patientId),
        ])
      );
    }
    if (filter.kind) {
      const kind = filter.kind;
      query = query.where((eb) => eb.or([eb("e.action", "=", kind), eb("e.action", "like", `${kind}.%`)]));
    }
    if (filter.from) query = query.where("e.occurred_at", ">=", new Date(`${filter.from}T00:00:00Z`));
    if (filter.to) {
      const next = new Date(`${filter.to}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      query = query.where("e.occurred_at", "<", next);
    }
    if (filter.before) query = query.where("e.id", "<", filter.before);
    const rows = await query.orderBy("e.id", "desc").limit(PROTOCOL_PAGE_SIZE + 1).execute();
    await appendAuditEvent(trx, {
      practiceId: actor.practiceId,
      action: "protocol.viewed",
      actorAccountId: actor.accountId,
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
    const people = await trx.selectFrom("memberships as m").innerJoin("accounts as a", "a.id", "m.account_id")
      .select(["a.id", "a.name"]).distinct()
      .where("m.practice_id", "=", actor.practiceId).orderBy("a.name").orderBy("a.id").execute();
    const kinds = await trx.selectFrom("audit_events")
      .select(sql<string>`split_part(action, '.', 1)`.as("kind")).distinct()
      .where("practice_id", "=", actor.practiceId).orderBy("kind").execute();
    const page = rows.slice(0, PROTOCOL_PAGE_SIZE);
    return {
      people,
      kinds: kinds.map((row) => row.kind),
      events: page.map((row) => ({
        id: String(row.id),
        sequence: row.sequence,
        occurredAt: row.occurred_at,
        action: row.action,
        actorName: row.actor_name,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        network: row.network,
        reason: row.reason,
      })),
      nextBefore: rows.length > PROTOCOL_PAGE_SIZE ? String(page[page.length - 1].id) : null,
    };
  });
}

/** Verifies the practice's chain against its anchors and records that it was verified, with the verdict. */
export async function verifyPracticeProtocol(db: Db, actor: PracticeActor, anchorDir: string, facts: RequestFacts) {
  const verdict = await verifyAgainstAnchors(db, actor.practiceId, anchorDir);
  await appendAuditEvent(db, {
    practiceId: actor.practiceId,
    action: "protocol.verified",
    actorAccountId: actor.accountId,
    requestId: facts.requestId,
    details: verdict.intact
      ? { intact: true, events: verdict.events }
      : { intact: false, events: verdict.events, broken_at: verdict.brokenAtSequence, reason: verdict.reason },
    occurredAt: facts.now,
  });
  return verdict;
}

/**
 * The sealed events of the practice's chain that occurred within the days, in chain order, in
 * batches (constant memory however long the period), and the chain's head as it is now.
 */
export async function protocolExport(db: Db, actor: PracticeActor, from: string, to: string, facts: RequestFacts) {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const head = await db.selectFrom("audit_events").select(["sequence", "hash"])
    .where("practice_id", "=", actor.practiceId).where("sequence", "is not", null)
    .orderBy("sequence", "desc").limit(1).executeTakeFirst();
  await appendAuditEvent(db, {
    practiceId: actor.practiceId,
    action: "protocol.exported",
    actorAccountId: actor.accountId,
    requestId: facts.requestId,
    details: { from, to },
    occurredAt: facts.now,
  });
  async function* batches(size = 1000) {
    let after = 0;
    for (;;) {
      const rows = await db.selectFrom("audit_events").selectAll()
        .where("practice_id", "=", actor.practiceId).where("sequence", ">", after)
        .where("sequence", "<=", head?.sequence ?? 0)
        .where("occurred_at", ">=", start).where("occurred_at", "<", end)
        .orderBy("sequence").limit(size).execute();
      if (!rows.length) return;
      yield rows.map((row) => ({
        sequence: row.sequence!,
        occurredAt: row.occurred_at,
        action: row.action,
        actorAccountId: row.actor_account_id,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        requestId: row.request_id,
        details: row.details,
        previousHash: row.previous_hash!,
        hash: row.hash!,
      }));
      after = rows[rows.length - 1].sequence!;
      if (rows.length < size) return;
    }
  }
  return { head: { events: head?.sequence ?? 0, hash: head?.hash ?? null }, batches: batches() };
}
