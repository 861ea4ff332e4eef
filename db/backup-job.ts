// The daily backup: a consistent dump of the whole installation (pg_dump's custom format on a
// Postgres server, PGlite's own data-folder dump taken between two queries on embedded PGlite),
// encrypted to the backup recipient into BACKUP_DIR, old backups pruned. Every app process runs
// the job; the claim in backup_runs lets exactly one of them back up at a time.
import { type BackupManifest, pruneArchives, writeArchive } from "../lib/backup-archive.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/log.ts";
import type { Metrics } from "../lib/metrics.ts";
import type { DatabaseHandle, Db } from "./database.ts";
import {
  type BackupTrigger,
  claimBackupRun,
  failBackupRun,
  finishBackupRun,
  lastGoodBackupAt,
  schemaVersionOf,
} from "./backup-runs.ts";
import { queueMailToOperators } from "./outgoing-mails.ts";

const CHECK_EVERY_MS = 10 * 60_000;
const FIRST_CHECK_AFTER_MS = 60_000;
/** A scheduled backup is due once the last good one is this old. */
const DAILY_MS = 23.5 * 60 * 60_000;

export interface BackupSettings {
  dir: string;
  keepDays: number;
  recipient: string;
  /** The operator console's address, for the failure mail. */
  consoleUrl: string;
}

export type BackupOutcome =
  | { status: "succeeded"; manifest: BackupManifest; pruned: string[] }
  | { status: "busy" }
  | { status: "failed"; failure: string };

class BackupFailure extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** pg_dump of the server, its password passed in the environment rather than on the command line. */
function pgDump(url: string): ReadableStream<Uint8Array> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = "";
  const child = new Deno.Command("pg_dump", {
    args: ["--format=custom", "--no-owner", "--no-privileges", `--dbname=${target.href}`],
    env: password ? { PGPASSWORD: password } : {},
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  // The stream ends in an error unless pg_dump exits cleanly: a half dump is no backup.
  return child.stdout.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      async flush(controller) {
        const status = await child.status;
        if (!status.success) controller.error(new BackupFailure(`pg_dump_exit_${status.code}`));
      },
    }),
  );
}

async function dumpOf(handle: DatabaseHandle): Promise<ReadableStream<Uint8Array>> {
  if (handle.url) return pgDump(handle.url);
  if (handle.dumpDataDir) return (await handle.dumpDataDir()).stream();
  throw new BackupFailure("no_dump_source");
}

function failureCode(error: unknown): string {
  if (error instanceof BackupFailure) return error.code;
  if (error instanceof Deno.errors.NotFound) return "not_found";
  if (error instanceof Deno.errors.PermissionDenied) return "permission_denied";
  return error instanceof Error ? error.name : "unknown";
}

async function mailOperators(db: Db, settings: BackupSettings, failure: string, now: Date): Promise<void> {
  const lastGood = await lastGoodBackupAt(db);
  await db.transaction().execute((trx) =>
    queueMailToOperators(trx, {
      kind: "backupFailed",
      at: now.toISOString(),
      failure,
      lastGood: lastGood?.toISOString() ?? "–",
      url: settings.consoleUrl,
    }, now)
  );
}

/** One backup now, unless another process is taking one. */
export async function takeBackup(
  handle: DatabaseHandle,
  settings: BackupSettings,
  trigger: BackupTrigger,
  clock: Clock,
  log: Logger,
): Promise<BackupOutcome> {
  const runId = await claimBackupRun(handle.db, trigger, clock.now());
  if (!runId) return { status: "busy" };
  try {
    await Deno.mkdir(settings.dir, { recursive: true, mode: 0o700 });
    const schemaVersion = await schemaVersionOf(handle.db);
    const manifest = await writeArchive(await dumpOf(handle), settings.dir, {
      createdAt: clock.now(),
      database: handle.kind,
      schemaVersion,
      recipient: settings.recipient,
    });
    await finishBackupRun(handle.db, runId, {
      fileName: manifest.file,
      encryptedBytes: manifest.encryptedBytes,
      encryptedSha256: manifest.encryptedSha256,
      schemaVersion,
    }, clock.now());
    const pruned = await pruneArchives(settings.dir, settings.keepDays, clock.now());
    log.info("backup written", { file: manifest.file, bytes: manifest.encryptedBytes, pruned: pruned.length });
    return { status: "succeeded", manifest, pruned };
  } catch (error) {
    const failure = failureCode(error);
    log.error("backup failed", { failure, run: runId });
    try {
      await failBackupRun(handle.db, runId, failure, clock.now());
      await mailOperators(handle.db, settings, failure, clock.now());
    } catch (recordError) {
      log.error("backup failure could not be recorded", { error: failureCode(recordError) });
    }
    return { status: "failed", failure };
  }
}

export interface BackupJob {
  /** Starts a backup now (the operator's button); "busy" when one is running. */
  runNow(): "started" | "busy";
  stop(): Promise<void>;
}

/** Checks every ten minutes whether a day has passed since the last good backup. */
export function startBackupJob(
  handle: DatabaseHandle,
  settings: BackupSettings,
  clock: Clock,
  log: Logger,
  metrics?: Metrics,
): BackupJob {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const run = (trigger: BackupTrigger) => {
    const started = performance.now();
    running = takeBackup(handle, settings, trigger, clock, log).then((outcome) => {
      const result = outcome.status === "busy" ? "skipped" : outcome.status;
      metrics?.jobRun("backup", result, (performance.now() - started) / 1000);
    }).finally(() => (running = null));
    return running;
  };
  const check = async () => {
    if (stopped || running) return;
    try {
      const lastGood = await lastGoodBackupAt(handle.db);
      if (!lastGood || clock.now().getTime() - lastGood.getTime() >= DAILY_MS) await run("schedule");
    } catch (error) {
      log.error("backup check failed", { error: failureCode(error) });
    }
  };
  const first = setTimeout(check, FIRST_CHECK_AFTER_MS);
  const timer = setInterval(check, CHECK_EVERY_MS);
  return {
    runNow() {
      if (running || stopped) return "busy";
      run("operator");
      return "started";
    },
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
