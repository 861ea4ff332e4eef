// deno task backup: one encrypted backup of the whole installation into BACKUP_DIR, now.
// On Postgres it runs beside running app processes (pg_dump takes a consistent snapshot). On
// embedded PGlite the running app holds the data folder: then its own daily job backs up, and
// the operator console starts one at once.
import { loadConfig } from "../lib/config.ts";
import { createLogger } from "../lib/log.ts";
import { systemClock } from "../lib/clock.ts";
import { resolveBackupRecipient } from "../lib/backup-key.ts";
import { DataDirInUseError, openEmbedded, openPostgres } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { takeBackup } from "../db/backup-job.ts";

const loaded = loadConfig(Deno.env.toObject());
if (!loaded.ok) {
  console.error("configuration problems:\n  " + loaded.errors.join("\n  "));
  Deno.exit(1);
}
const { config } = loaded;
const log = createLogger(config.logLevel);

let handle;
try {
  const serverUrl = config.databaseDirectUrl ?? config.databaseUrl;
  handle = serverUrl ? openPostgres(serverUrl, 2) : await openEmbedded(config.dataDir);
} catch (error) {
  if (!(error instanceof DataDirInUseError)) throw error;
  console.error(
    `Kartei is running on ${config.dataDir}: embedded PGlite allows one process. The running app backs ` +
      `itself up daily; start a backup now on the operator console (/operator/backups), or stop Kartei and run ` +
      `this again.`,
  );
  Deno.exit(1);
}
try {
  await migrateToLatest(handle.db);
  const recipient = await resolveBackupRecipient(config.backupRecipient, config.dataDir, log);
  const outcome = await takeBackup(
    handle,
    {
      dir: config.backupDir,
      keepDays: config.backupKeepDays,
      recipient,
      consoleUrl: new URL("/operator/backups", config.baseUrl).href,
    },
    "command",
    systemClock,
    log,
  );
  if (outcome.status === "busy") {
    console.error("another backup is running; try again when it has finished");
    Deno.exitCode = 1;
  } else if (outcome.status === "failed") {
    console.error(`the backup failed (${outcome.failure}); the operators have been mailed`);
    Deno.exitCode = 1;
  } else {
    const { manifest } = outcome;
    console.log(
      `${config.backupDir}/${manifest.file}: ${manifest.encryptedBytes} bytes, sha256 ${manifest.encryptedSha256}, ` +
        `schema ${manifest.schemaVersion}` + (outcome.pruned.length ? `; removed ${outcome.pruned.length} old` : ""),
    );
  }
} finally {
  await handle.close();
}
