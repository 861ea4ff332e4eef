// The automatic lock: a person who belongs to no practice any more is locked after the fourth
// calendar quarter following the end of their last membership, unless the operator extended
// it. Safe on several app processes at once: one transaction under a Postgres advisory lock
// does the whole round, so each account is locked and audited exactly once.
import { sql } from "kysely";
import type { Logger } from "../lib/log.ts";
import { everyInterval, type Job } from "../lib/jobs.ts";
import type { Clock } from "../lib/clock.ts";
import { berlinDate } from "../lib/clock.ts";
import { autoLockDeadline, autoLockDue, dayOf, membershipEndDay } from "../lib/auto-lock-deadline.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent } from "./audit.ts";
import { endAllSessions } from "./sessions.ts";
import { queueMail } from "./outgoing-mails.ts";

const ROUND_LIMIT = 500;

/** Locks every account whose automatic lock is due; returns how many this round locked. */
export async function lockAccountsWithoutMembership(
  db: Db,
  now: Date,
  facts: { requestId: string | null } = { requestId: null },
): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    // Another process doing the round right now: it will lock them, this one leaves.
    const lock = await sql<{ taken: boolean }>`
      select pg_try_advisory_xact_lock(hashtextextended('kartei:auto-lock', 0)) as taken`.execute(trx);
    if (!lock.rows[0]?.taken) return 0;
    const today = berlinDate(now);
    // People with memberships, none of which still runs. A locked membership that has not
    // ended keeps its person: the owner decides about it.
    const rows = await trx.selectFrom("accounts")
      .innerJoin("memberships", "memberships.account_id", "accounts.id")
      .select([
        "accounts.id",
        "accounts.email",
        "accounts.language",
        "accounts.auto_lock_extended_until",
        "memberships.ended_at",
        "memberships.ends_on",
      ])
      .where("accounts.kind", "=", "person").where("accounts.status", "!=", "locked")
      .where(({ not, exists, selectFrom }) =>
        not(exists(
          selectFrom("memberships as running").select("running.id")
            .whereRef("running.account_id", "=", "accounts.id").where("running.ended_at", "is", null)
            .where((eb) =>
              eb.or([eb("running.ends_on", "is", null), eb("running.ends_on", ">=", sql<Date>`cast(${today} as date)`)])
            ),
        ))
      )
      .orderBy("accounts.id").execute();

    const lastEnd = new Map<
      string,
      { day: string; extendedUntil: string | null; email: string; language: "de" | "en" }
    >();
    for (const row of rows) {
      const day = membershipEndDay({ endedAt: row.ended_at, endsOn: row.ends_on }, now);
      if (!day) continue;
      const known = lastEnd.get(row.id);
      const extendedUntil = row.auto_lock_extended_until ? dayOf(row.auto_lock_extended_until) : null;
      if (!known || day > known.day) {
        lastEnd.set(row.id, { day, extendedUntil, email: row.email, language: row.language });
      }
    }

    let locked = 0;
    for (const [accountId, { day, extendedUntil, email, language }] of lastEnd) {
      if (locked >= ROUND_LIMIT) break;
      if (!autoLockDue(day, extendedUntil, now)) continue;
      const updated = await trx.updateTable("accounts")
        .set({ status: "locked", locked_at: now, locked_reason: "no_membership" })
        .where("id", "=", accountId).where("status", "!=", "locked").executeTakeFirst();
      if (updated.numUpdatedRows === 0n) continue;
      const sessionsEnded = await endAllSessions(trx, accountId);
      await appendAuditEvent(trx, {
        practiceId: null,
        action: "account.auto_locked",
        actorAccountId: null,
        subjectType: "account",
        subjectId: accountId,
        requestId: facts.requestId,
        details: {
          reason: "no_membership",
          lastMembershipEnded: day,
          deadline: autoLockDeadline(day),
          extendedUntil,
          sessionsEnded,
        },
        occurredAt: now,
      });
      await queueMail(trx, { to: email, language, facts: { kind: "autoLocked" } }, now);
      locked++;
    }
    return locked;
  });
}

/** Runs the round a minute after start and then every hour, in every app process. */
export function startAutoLock(db: Db, clock: Clock, log: Logger, intervalMs = 60 * 60_000): Job {
  return everyInterval(
    async () => {
      try {
        const locked = await lockAccountsWithoutMembership(db, clock.now());
        if (locked) log.info("accounts locked automatically", { count: locked });
      } catch (error) {
        log.error("automatic lock failed", { error: error instanceof Error ? error.name : "unknown" });
      }
    },
    intervalMs,
    60_000,
  );
}
