// Applies db/migrations/ in name order. On Postgres, Kysely's Migrator holds an advisory lock
// for the whole run, so several app processes starting together never race; PGlite has one
// process by construction (the data folder lock).
import { FileMigrationProvider, Migrator } from "kysely/migration";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./database.ts";

const migrationFolder = fileURLToPath(new URL("./migrations", import.meta.url));

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
