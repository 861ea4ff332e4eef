// Opens the system of record: a Postgres server when DATABASE_URL is set, otherwise embedded
// PGlite in the data folder, guarded by a lock file so a second process fails fast.
import { Kysely, PGliteDialect, sql } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string) {
    super(
      `The data folder ${dataDir} is in use by another Kartei process. Embedded PGlite allows one ` +
        `process only: stop the other one, or set DATABASE_URL to use a Postgres server.`,
    );
  }
}

// The contrib extensions the migrations create: trigram search over names, and GiST indexes
// over time ranges with equality columns for the calendar. A Postgres server has them in contrib.
const EMBEDDED_EXTENSIONS = { pg_trgm, btree_gist };

export function openPostgres(databaseUrl: string, maxConnections = 10): DatabaseHandle {
  const client = postgres(databaseUrl, { max: maxConnections, onnotice: () => {} });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
  return { db, kind: "postgres", close: () => db.destroy() };
}

export async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  await Deno.mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(`${dataDir}/pglite`, { extensions: EMBEDDED_EXTENSIONS });
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    return {
      db,
      kind: "pglite",
      async close() {
        await db.destroy();
        lock.close();
      },
    };
  } catch (error) {
    lock.close();
    throw error;
  }
}

/** An in-memory PGlite, for tests. */
export async function openInMemory(): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({ extensions: EMBEDDED_EXTENSIONS });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: "pglite", close: () => db.destroy() };
}

async function lockDataDir(dataDir: string): Promise<Deno.FsFile> {
  const file = await Deno.open(`${dataDir}/kartei.lock`, { create: true, write: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"busy">((resolve) => (timer = setTimeout(() => resolve("busy"), 500)));
  const outcome = await Promise.race([file.lock(true).then(() => "locked" as const), timeout]);
  clearTimeout(timer);
  if (outcome === "busy") {
    // Closing the file also abandons the pending lock request.
    file.close();
    throw new DataDirInUseError(dataDir);
  }
  return file;
}

/** Resolves when the database answers a trivial query (readiness), rejects otherwise. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
