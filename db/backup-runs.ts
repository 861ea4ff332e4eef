// The record of backup attempts. A unique index admits one running row at a time, so of
// several app processes that decide to back up at once exactly one claims the run; a run whose
// process died is given up after STALE_AFTER_MS and may be claimed again.
import { sql } from "kysely";
import type { Db } from "./database.ts";

const STALE_AFTER_MS = 2 * 60 * 60_000;

export type BackupTrigger = "schedule" | "operator" | "command";

export interface BackupRun {
  id: string;
  status: "running" | "succeeded" | "failed";
  startedAt: Date;
  finishedAt: Date | null;
  trigger: BackupTrigger;
  fileName: string | null;
  encryptedBytes: number | null;
  failure: string | null;
}

/** The id of a new running backup, or null when another one is running. */
export async function claimBackupRun(db: Db, trigger: BackupTrigger, now: Date): Promise<string | null> {
  await db.updateTable("backup_runs")
    .set({ status: "failed", finished_at: now, failure: "abandoned" })
    .where("status", "=", "running").where("started_at", "<", new Date(now.getTime() - STALE_AFTER_MS))
    .execute();
  const row = await db.insertInto("backup_runs")
    .values({ status: "running", started_at: now, trigger })
    .onConflict((oc) => oc.doNothing())
    .returning("id").executeTakeFirst();
  return row ? String(row.id) : null;
}

export async function finishBackupRun(
  db: Db,
  id: string,
  outcome: { fileName: string; encryptedBytes: number; encryptedSha256: string; schemaVersion: string },
  now: Date,
): Promise<void> {
  await db.updateTable("backup_runs").set({
    status: "succeeded",
    finished_at: now,
    file_name: outcome.fileName,
    encrypted_bytes: String(outcome.encryptedBytes),
    encrypted_sha256: outcome.encryptedSha256,
    schema_version: outcome.schemaVersion,
  }).where("id", "=", id).where("status", "=", "running").execute();
}

/** `failure` is a short code or an error name: never a message that could carry data. */
export async function failBackupRun(db: Db, id: string, failure: string, now: Date): Promise<void> {
  await db.updateTable("backup_runs").set({ status: "failed", finished_at: now, failure })
    .where("id", "=", id).where("status", "=", "running").execute();
}

export async function lastGoodBackupAt(db: Db): Promise<Date | null> {
  const row = await db.selectFrom("backup_runs").select("finished_at")
    .where("status", "=", "succeeded").orderBy("finished_at", "desc").limit(1).executeTakeFirst();
  return row?.finished_at ?? null;
}

export async function recentBackupRuns(db: Db, limit = 20): Promise<BackupRun[]> {
  const rows = await db.selectFrom("backup_runs").selectAll().orderBy("started_at", "desc").orderBy("id", "desc")
    .limit(limit).execute();
  return rows.map((row) => ({
    id: String(row.id),
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    trigger: row.trigger,
    fileName: row.file_name,
    encryptedBytes: row.encrypted_bytes === null ? null : Number(row.encrypted_bytes),
    failure: row.failure,
  }));
}

/** The newest applied migration: the schema version a backup records and a restore checks. */
export async function schemaVersionOf(db: Db): Promise<string> {
  const row = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`
    .execute(db);
  return row.rows[0]?.name ?? "none";
}

/** Older than this, the last good backup is reported as stale (a day plus slack for a slow run). */
export const BACKUP_STALE_AFTER_HOURS = 26;

export async function backupState(db: Db, now: Date): Promise<{ lastGoodAt: Date | null; stale: boolean }> {
  const lastGoodAt = await lastGoodBackupAt(db);
  const stale = !lastGoodAt || now.getTime() - lastGoodAt.getTime() > BACKUP_STALE_AFTER_HOURS * 60 * 60_000;
  return { lastGoodAt, stale };
}
