// Restores a backup into an empty database: the manifest and the file are checked first (size
// and SHA-256, then the decrypted content, before anything is written), a non-empty target is
// refused unless the operator says so, and migrations run forward afterwards.
import postgres from "postgres";
import { promises as fs } from "node:fs";
import {
  BackupCheckError,
  type BackupManifest,
  checkArchive,
  openArchive,
  readManifest,
} from "../lib/backup-archive.ts";
import { createEmbeddedFromDump, lockDataDir, openEmbedded, openPostgres } from "./database.ts";
import { migrateToLatest } from "./migrator.ts";

export type RestoreTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export class RestoreRefused extends Error {}

export interface RestoreResult {
  manifest: BackupManifest;
  migrationsApplied: string[];
}

async function knownMigrations(): Promise<string[]> {
  const folder = new URL("./migrations/", import.meta.url);
  const names: string[] = [];
  for (const entry of await fs.readdir(folder)) {
    if (entry.endsWith(".ts")) names.push(entry.replace(/\.ts$/, ""));
  }
  return names.sort();
}

async function postgresIsEmpty(url: string): Promise<boolean> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client`select count(*)::int as tables from information_schema.tables
      where table_schema = 'public'`;
    return row.tables === 0;
  } finally {
    await client.end();
  }
}

async function emptyPostgres(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe("drop schema public cascade; create schema public");
  } finally {
    await client.end();
  }
}

async function folderIsEmpty(path: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(path)) return false;
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}

async function pgRestore(url: string, dump: ReadableStream<Uint8Array>): Promise<void> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = "";
  const child = new Deno.Command("pg_restore", {
    args: ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${target.href}`],
    env: password ? { PGPASSWORD: password } : {},
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const [, output] = await Promise.all([dump.pipeTo(child.stdin), child.output()]);
  if (!output.success) {
    // pg_restore's message names tables and SQL, never row content: safe to show the operator.
    const reason = new TextDecoder().decode(output.stderr).trim().split("\n").slice(-3).join(" ");
    throw new RestoreRefused(`pg_restore failed: ${reason}`);
  }
}

/**
 * Restores `archivePath` into the target. `force` empties a target that holds data first
 * (the Postgres schema "public", or PGlite's folder moved aside as pglite.before-restore-…).
 */
export async function restoreBackup(
  archivePath: string,
  identity: string,
  target: RestoreTarget,
  options: { force?: boolean; now?: Date } = {},
): Promise<RestoreResult> {
  const manifest = await readManifest(archivePath);
  await checkArchive(archivePath, manifest);
  if (manifest.database !== target.kind) {
    throw new RestoreRefused(
      `this backup is of a ${manifest.database} database and cannot be restored into ${target.kind}`,
    );
  }
  const migrations = await knownMigrations();
  if (!migrations.includes(manifest.schemaVersion)) {
    throw new RestoreRefused(
      `this backup has schema ${manifest.schemaVersion}, which this version of Kartei does not know: ` +
        `restore it with the Kartei version that wrote it (or a newer one)`,
    );
  }
  // First pass: decrypt and compare with the manifest before the target is touched.
  await (await openArchive(archivePath, manifest, identity)).pipeTo(new WritableStream());

  if (target.kind === "postgres") {
    if (!(await postgresIsEmpty(target.url))) {
      if (!options.force) throw new RestoreRefused("the target database is not empty (use --force to replace it)");
      await emptyPostgres(target.url);
    }
    await pgRestore(target.url, await openArchive(archivePath, manifest, identity));
    const handle = openPostgres(target.url, 1);
    try {
      return { manifest, migrationsApplied: await migrateToLatest(handle.db) };
    } finally {
      await handle.close();
    }
  }

  const folder = `${target.dataDir}/pglite`;
  await Deno.mkdir(target.dataDir, { recursive: true });
  // A running Kartei holds this lock: its folder is never replaced under it.
  const lock = await lockDataDir(target.dataDir);
  try {
    if (!(await folderIsEmpty(folder))) {
      if (!options.force) throw new RestoreRefused(`${folder} is not empty (use --force to move it aside)`);
      const stamp = (options.now ?? new Date()).toISOString().replaceAll(/[-:.]/g, "");
      await Deno.rename(folder, `${target.dataDir}/pglite.before-restore-${stamp}`);
    }
    const dump = await new Response(await openArchive(archivePath, manifest, identity)).blob();
    await createEmbeddedFromDump(target.dataDir, dump);
  } finally {
    lock.close();
  }
  const handle = await openEmbedded(target.dataDir);
  try {
    return { manifest, migrationsApplied: await migrateToLatest(handle.db) };
  } finally {
    await handle.close();
  }
}

export { BackupCheckError };
