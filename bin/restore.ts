// deno task restore -- FILE [--identity PATH] [--force]
// Restores a backup into the configured database (DATABASE_URL, or PGlite in DATA_DIR), which
// must be empty unless --force. The backup key (the age identity) comes from --identity,
// BACKUP_IDENTITY_FILE, or in development the generated one in the data folder.
import { loadConfig } from "../lib/config.ts";
import { BackupCheckError } from "../lib/backup-archive.ts";
import { DEVELOPMENT_IDENTITY_FILE, readIdentity } from "../lib/backup-key.ts";
import { DataDirInUseError } from "../db/database.ts";
import { restoreBackup, RestoreRefused } from "../db/backup-restore.ts";

const usage = "usage: deno task restore -- FILE [--identity PATH] [--force]";
const args = Deno.args.filter((arg) => arg !== "--");
const force = args.includes("--force");
const identityAt = args.indexOf("--identity");
const identityPath = identityAt >= 0 ? args[identityAt + 1] : undefined;
const files = args.filter((arg, i) => !arg.startsWith("--") && (identityAt < 0 || i !== identityAt + 1));
if (files.length !== 1 || (identityAt >= 0 && !identityPath)) {
  console.error(usage);
  Deno.exit(2);
}

const loaded = loadConfig(Deno.env.toObject());
if (!loaded.ok) {
  console.error("configuration problems:\n  " + loaded.errors.join("\n  "));
  Deno.exit(1);
}
const { config } = loaded;
const keyFile = identityPath ?? Deno.env.get("BACKUP_IDENTITY_FILE") ??
  (config.mode === "development" ? `${config.dataDir}/${DEVELOPMENT_IDENTITY_FILE}` : undefined);
if (!keyFile) {
  console.error("the backup key is needed: --identity PATH or BACKUP_IDENTITY_FILE (the age identity file)");
  Deno.exit(2);
}

try {
  const identity = await readIdentity(keyFile).catch(() => {
    throw new RestoreRefused(`cannot read an age identity from ${keyFile}`);
  });
  const result = await restoreBackup(
    files[0],
    identity,
    config.databaseUrl ? { kind: "postgres", url: config.databaseUrl } : { kind: "pglite", dataDir: config.dataDir },
    { force },
  );
  console.log(
    `restored ${result.manifest.file} (taken ${result.manifest.createdAt}, schema ${result.manifest.schemaVersion})` +
      (result.migrationsApplied.length ? `; migrations applied: ${result.migrationsApplied.join(", ")}` : ""),
  );
  console.log("Start Kartei with the same KARTEI_MASTER_KEY as the backed-up installation.");
} catch (error) {
  if (error instanceof RestoreRefused || error instanceof BackupCheckError || error instanceof DataDirInUseError) {
    console.error(`restore refused: ${error.message}`);
    Deno.exit(1);
  }
  throw error;
}
