// The audit sealer: links committed, unsealed events into their practice's hash chain in the
// order they were inserted. Each chain is sealed in one short transaction under a
// transaction-scoped advisory lock (works behind PgBouncer's transaction pooling), so several
// app processes may run it at once: one seals a chain, the others skip it that round. It runs
// in every app process every second and once at start, which seals what a crash left behind.
import { sql } from "kysely";
import { computeEventHash, GENESIS_HASH } from "../lib/audit-chain.ts";
import type { Logger } from "../lib/log.ts";
import type { Db } from "./database.ts";
import { chainOf } from "./audit.ts";

const BATCH = 500;

/** Seals every committed event not sealed yet; returns how many this call sealed. */
export async function sealAuditEvents(db: Db, batchSize = BATCH): Promise<number> {
  const chains = await db.selectFrom("audit_events").select("practice_id").distinct()
    .where("sequence", "is", null).execute();
  let sealed = 0;
  for (const { practice_id } of chains) {
    for (;;) {
      const count = await sealChainBatch(db, practice_id, batchSize);
      sealed += Math.max(count, 0);
      // Busy (another sealer has this chain) or nothing more to seal.
      if (count < batchSize) break;
    }
  }
  return sealed;
}

/** Seals the oldest unsealed events of one chain; -1 when another sealer holds the chain. */
export async function sealChainBatch(db: Db, practiceId: string | null, batchSize = BATCH): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    // Its own statement: the reads below then start after the lock and see the previous sealer's commit.
    const lock = await sql<{ taken: boolean }>`select pg_try_advisory_xact_lock(
      hashtextextended(${"audit-chain:" + (practiceId ?? "installation")}, 0)) as taken`.execute(trx);
    if (!lock.rows[0]?.taken) return -1;
    const head = await chainOf(trx, practiceId).select(["sequence", "hash"])
      .where("sequence", "is not", null).orderBy("sequence", "desc").limit(1).executeTakeFirst();
    const events = await chainOf(trx, practiceId).selectAll().where("sequence", "is", null)
      .orderBy("id").limit(batchSize).execute();
    if (!events.length) return 0;
    let sequence = head?.sequence ?? 0;
    let previousHash = head?.hash ?? GENESIS_HASH;
    const links = events.map((event) => {
      sequence++;
      const hash = computeEventHash(previousHash, {
        practiceId: event.practice_id,
        sequence,
        occurredAt: event.occurred_at,
        action: event.action,
        actorAccountId: event.actor_account_id,
        subjectType: event.subject_type,
        subjectId: event.subject_id,
        requestId: event.request_id,
        details: event.details,
      });
      const link = sql`(${event.id}::bigint, ${sequence}::integer, ${previousHash}::text, ${hash}::text)`;
      previousHash = hash;
      return link;
    });
    await sql`update audit_events set sequence = link.sequence, previous_hash = link.previous_hash, hash = link.hash
      from (values ${sql.join(links)}) as link (id, sequence, previous_hash, hash)
      where audit_events.id = link.id and audit_events.sequence is null`.execute(trx);
    return events.length;
  });
}

export interface AuditSealing {
  /** Seals now (after the round under way, if any); resolves when done. */
  kick(): Promise<void>;
  stop(): Promise<void>;
}

/** Seals at once (what a crash left unsealed) and then every interval, one round at a time in this process. */
export function startAuditSealing(db: Db, log: Logger, intervalMs = 1_000): AuditSealing {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const round = async () => {
    try {
      await sealAuditEvents(db);
    } catch (error) {
      log.error("audit sealing round failed", { error: error instanceof Error ? error.name : "unknown" });
    }
  };
  const run = () => (running = running.then(round));
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => run().then(schedule), intervalMs);
    Deno.unrefTimer(timer);
  };
  run().then(schedule);
  return {
    kick: run,
    /** Stops the rounds, after sealing what the last requests appended. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await run();
    },
  };
}
