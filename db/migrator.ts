// Applies db/migrations/ in name order. On Postgres, Kysely's Migrator holds an advisory lock
// for the whole run (inside its transaction), so several app processes starting together never race; PGlite has one
// process by construction (the data folder lock).
import { sql } from "kysely";
import { FileMigrationProvider, Migrator } from "kysely/migration";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./database.ts";

const migrationFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Runs every pending migration in one transaction. Handed a transaction, Kysely takes its
 * advisory lock inside it and releases it before the commit, so the lock never outlives the
 * transaction: that also holds behind PgBouncer in transaction pooling mode, where a session
 * lock would stay behind on whichever server connection took it.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return await db.transaction().execute(async (trx) => {
    // Before Kysely creates its bookkeeping tables: two processes creating them in parallel
    // transactions would collide in the catalogue.
    await sql`select pg_advisory_xact_lock(hashtextextended('kartei:migrations', 0))`.execute(trx);
    const migrator = new Migrator({ db: trx, provider: new FileMigrationProvider({ fs, path, migrationFolder }) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  });
}
