// The automatic finalizing of documentation drafts: a draft whose period has passed (the
// practice's hours after its appointment, or after it was written) becomes final, as if its
// author had finalized it. Safe on several app processes: each round claims its drafts with
// FOR UPDATE SKIP LOCKED, so every draft is finalized and audited exactly once.
import { sql } from "kysely";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/log.ts";
import { everyInterval, type Job } from "../lib/jobs.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent } from "./audit.ts";

const ROUND_LIMIT = 500;

/** Finalizes the drafts due at `now` (at most `limit`); returns how many it finalized. */
export async function finalizeDueNotes(db: Db, now: Date, limit = ROUND_LIMIT): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    const finalized = await sql<{ id: string; practice_id: string; patient_id: string }>`
      update notes set status = 'final', finalized_at = ${now}, finalized_by = null,
        updated_at = ${now}, version = version + 1
      where status = 'draft' and id in (
        select id from notes where status = 'draft' and finalize_due_at <= ${now}
        order by finalize_due_at limit ${limit} for update skip locked
      )
      returning id, practice_id, patient_id`.execute(trx);
    // Audit appends lock their practice's chain until commit: taking those locks in one order
    // (by practice) keeps two processes finalizing at once from deadlocking on each other.
    const byPractice = [...finalized.rows].sort((a, b) =>
      a.practice_id < b.practice_id ? -1 : a.practice_id > b.practice_id ? 1 : a.id < b.id ? -1 : 1
    );
    for (const note of byPractice) {
      await appendAuditEvent(trx, {
        practiceId: note.practice_id,
        action: "note.finalized",
        actorAccountId: null,
        subjectType: "note",
        subjectId: note.id,
        details: { patientId: note.patient_id, automatic: true },
        occurredAt: now,
      });
    }
    return finalized.rows.length;
  });
}

/** Runs a round every few minutes (first one a minute after start), in every app process. */
export function startNoteFinalizing(db: Db, clock: Clock, log: Logger, intervalMs = 5 * 60_000): Job {
  return everyInterval(
    async () => {
      try {
        let count = 0;
        // A backlog (after downtime) is worked off in rounds of ROUND_LIMIT.
        for (let round = 0; round < 20; round++) {
          const finalized = await finalizeDueNotes(db, clock.now());
          count += finalized;
          if (finalized < ROUND_LIMIT) break;
        }
        if (count) log.info("documentation drafts finalized automatically", { count });
      } catch (error) {
        log.error("automatic finalizing failed", { error: error instanceof Error ? error.name : "unknown" });
      }
    },
    intervalMs,
    60_000,
  );
}
