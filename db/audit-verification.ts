// Verifying the audit log: every chain (each practice's and the installation's) walked from its
// start. `deno task audit:verify` runs it on demand; a daily job in every app process runs it
// once a day for the whole installation (the process that claims the day's run does it), logs
// each break at error level by ids only and mails the operators. With an anchor folder, each
// practice's chain is also checked against its anchors, and its owners get the day's head (or
// the break) by mail (db/audit-anchors.ts).
import { sql } from "kysely";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/log.ts";
import type { Db } from "./database.ts";
import { chainOf, type ChainVerdict, verifyAuditChain } from "./audit.ts";
import { queueMailToOperators } from "./outgoing-mails.ts";
import { everyInterval, type Job } from "../lib/jobs.ts";
import { anchorPracticeChains } from "./audit-anchors.ts";

export interface ChainReport {
  /** null: the installation's chain. */
  practiceId: string | null;
  verdict: ChainVerdict;
  /** Committed events the sealer has not linked yet (not part of the verdict). */
  unsealed: number;
}

/** Verifies one practice's chain, or every chain (the installation's first) when none is named. */
export async function verifyAuditChains(db: Db, practiceId?: string | null): Promise<ChainReport[]> {
  const chains: (string | null)[] = practiceId !== undefined
    ? [practiceId]
    : [null, ...(await db.selectFrom("practices").select("id").orderBy("id").execute()).map((p) => p.id)];
  const reports: ChainReport[] = [];
  for (const chain of chains) {
    const verdict = await verifyAuditChain(db, chain);
    const { n } = await chainOf(db, chain).select((eb) => eb.fn.countAll<string>().as("n"))
      .where("sequence", "is", null).executeTakeFirstOrThrow();
    reports.push({ practiceId: chain, verdict, unsealed: Number(n) });
  }
  return reports;
}

const LAST_RUN = "audit_verified_at";
const DAY_MS = 24 * 60 * 60_000;

/**
 * Claims the day's verification (a conditional upsert of the last run, so of several processes
 * exactly one wins), verifies every chain and, on a break, logs it and queues a mail to every
 * active operator. Returns the broken chains, or null when the day's run was someone else's.
 */
export async function runDailyAuditVerification(
  db: Db,
  clock: Clock,
  log: Logger,
  anchorDir?: string,
): Promise<ChainReport[] | null> {
  const now = clock.now();
  const stamp = sql<string>`cast(${JSON.stringify(now.toISOString())}::text as jsonb)`;
  const claimed = await db.insertInto("installation_settings")
    .values({ key: LAST_RUN, value: stamp as unknown as string })
    .onConflict((conflict) =>
      conflict.column("key").doUpdateSet({ value: stamp as unknown as string })
        .where(
          sql<boolean>`(installation_settings.value #>> '{}')::timestamptz <= ${new Date(
            now.getTime() - DAY_MS + 60_000,
          )}`,
        )
    )
    .returning("key").executeTakeFirst();
  if (!claimed) return null;
  const reports = anchorDir === undefined ? await verifyAuditChains(db) : [
    ...(await verifyAuditChains(db, null)),
    ...(await anchorPracticeChains(db, anchorDir, now)).map((report) => ({ ...report, unsealed: 0 })),
  ];
  const broken = reports.filter((report) => !report.verdict.intact);
  if (!broken.length) {
    log.info("audit log verified", { chains: "all", broken: 0 });
    return [];
  }
  const breaks = broken.map(({ practiceId, verdict }) => ({
    practiceId,
    sequence: verdict.intact ? 0 : verdict.brokenAtSequence,
    reason: verdict.intact ? "" : verdict.reason,
  }));
  for (const b of breaks) {
    log.error("audit chain broken", {
      practiceId: b.practiceId ?? "installation",
      sequence: b.sequence,
      reason: b.reason,
    });
  }
  await db.transaction().execute((trx) => queueMailToOperators(trx, { kind: "auditChainBroken", breaks }, now));
  return broken;
}

/** Checks hourly (first a minute after start) whether the day's verification is due. */
export function startDailyAuditVerification(
  db: Db,
  clock: Clock,
  log: Logger,
  onMailQueued?: () => void,
  anchorDir?: string,
): Job {
  return everyInterval(
    async () => {
      try {
        const broken = await runDailyAuditVerification(db, clock, log, anchorDir);
        // With anchors, the owners get the day's head by mail, broken or not.
        if (broken?.length || (broken && anchorDir !== undefined)) onMailQueued?.();
      } catch (error) {
        log.error("audit verification failed", { error: error instanceof Error ? error.name : "unknown" });
      }
    },
    60 * 60_000,
    60_000,
  );
}
