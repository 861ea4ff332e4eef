// Opens the system of record: a Postgres server when DATABASE_URL is set, otherwise embedded
// PGlite in the data folder, guarded by a lock file so a second process fails fast.
import { Kysely, PGliteDialect, sql } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { Database } from "./schema.ts";
import { PGliteInWorker } from "./pglite-in-worker.ts";

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
  /** Postgres: the server's URL, for pg_dump. */
  url?: string;
  /** PGlite: a gzip-compressed tarball of the data folder, taken between two queries. */
  dumpDataDir?: () => Promise<Blob>;
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

export interface PostgresOptions {
  maxConnections?: number;
  /** How long opening a connection (and waiting for a free one) may take; default 5 s. */
  connectTimeoutSeconds?: number;
  /** Server-side statement_timeout of every connection; 0 (the default) leaves it off. */
  statementTimeoutSeconds?: number;
  /** false sends unnamed statements only, as PgBouncer's transaction pooling (before 1.21) needs. */
  prepare?: boolean;
}

export function openPostgres(databaseUrl: string, options: number | PostgresOptions = {}): DatabaseHandle {
  const { maxConnections = 10, connectTimeoutSeconds = 5, statementTimeoutSeconds = 0, prepare = true } =
    typeof options === "number" ? { maxConnections: options } : options;
  const client = postgres(databaseUrl, {
    max: maxConnections,
    onnotice: () => {},
    prepare,
    connect_timeout: connectTimeoutSeconds,
    // Idle connections are closed, so a connection the server dropped while idle is not handed out.
    idle_timeout: 30,
    connection: {
      application_name: "kartei",
      // Milliseconds; a transaction left open by a stalled request must not hold its locks for ever.
      ...(statementTimeoutSeconds
        ? {
          statement_timeout: statementTimeoutSeconds * 1000,
          idle_in_transaction_session_timeout: 2 * statementTimeoutSeconds * 1000,
        }
        : {}),
    },
  });
  const guarded = guardReservations(client, connectTimeoutSeconds * 1000);
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: guarded }) });
  return { db, kind: "postgres", url: databaseUrl, close: () => db.destroy() };
}

/** No database connection could be had within the bound: the database is away or overloaded. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  code = "DATABASE_UNAVAILABLE";
}

// Errors that mean the connection itself is gone: postgres.js' own codes, the socket's, and the
// server's "terminating connection" and connection-exception classes (57P01-57P03, 08xxx).
const CONNECTION_LOST = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
]);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

function connectionLost(error: unknown): boolean {
  const code = errorCode(error);
  return CONNECTION_LOST.has(code) || code.startsWith("08");
}

/**
 * Whether an error means "the database is not there right now" (answered with 503 and the
 * maintenance page) rather than a fault in Kartei: a lost or refused connection, no free
 * connection within the bound, the statement timeout, or a server refusing more connections.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError || connectionLost(error)) return true;
  const code = errorCode(error);
  return code === "57014" || code === "53300" || code === "53000";
}

/**
 * What Kysely's postgres.js dialect needs of a client (`reserve` and `end`), with two guards
 * against postgres.js 3.4.9 (porsager/postgres#1066, #1154, #1208):
 * - a reserved connection whose socket has closed is never written to again. The driver sets
 *   its socket to null on close; a later query on it (Kysely's ROLLBACK after the failed
 *   statement) buffers a write for setImmediate, which then throws "Cannot read properties of
 *   null (reading 'write')" outside any promise and ends the process. Such a query is refused
 *   here with the error that closed the connection; a ROLLBACK counts as done, since the server
 *   rolled back what the lost connection had open.
 * - such a connection is not released either: the pool has already put it back among its closed
 *   connections, and releasing would hand the dead connection to the next query.
 * Waiting for a connection is bounded too (all of them busy, or the server not answering).
 */
function guardReservations(client: postgres.Sql, acquireTimeoutMs: number): postgres.Sql {
  const reserve = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reservation = client.reserve();
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DatabaseUnavailableError("no database connection in time")),
        acquireTimeoutMs,
      );
    });
    let reserved: postgres.ReservedSql;
    try {
      reserved = await Promise.race([reservation, late]);
    } catch (error) {
      // A reservation that arrives after the bound goes straight back to the pool.
      if (error instanceof DatabaseUnavailableError) reservation.then((r) => r.release(), () => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return guardedConnection(reserved);
  };
  return Object.assign(() => {
    throw new Error("queries go through Kysely");
  }, {
    reserve,
    // Closing waits for queries in flight, but not for ever: a connection attempt to a database
    // that is away would hold it up until the shutdown bound.
    end: (options?: { timeout?: number }) => client.end({ timeout: acquireTimeoutMs / 1000, ...options }),
    options: client.options,
  }) as unknown as postgres.Sql;
}

function rolledBack() {
  return Object.assign([], { command: "ROLLBACK", count: 0 });
}

function guardedConnection(reserved: postgres.ReservedSql) {
  let lost: unknown = null;
  return {
    unsafe(query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) {
      // The server rolls back what a lost connection had open; Kysely's own ROLLBACK then has
      // nothing to do (and its failure would end in a TypeError inside kysely-postgres-js 5.0).
      const rollback = query === "rollback";
      if (lost) return Object.assign(rollback ? Promise.resolve(rolledBack()) : Promise.reject(lost), { cancel() {} });
      const pending = reserved.unsafe(query, parameters, options);
      const watched = pending.catch((error: unknown) => {
        if (!connectionLost(error)) throw error;
        lost = error;
        if (rollback) return rolledBack();
        throw error;
      });
      // kysely-postgres-js cancels a query (on abort) and reads its backend pid from `state`.
      return Object.defineProperties(watched, {
        cancel: { value: () => pending.cancel() },
        state: { get: () => (pending as unknown as { state?: unknown }).state },
      });
    },
    release() {
      if (!lost) reserved.release();
    },
  };
}

export interface EmbeddedOptions {
  /** Run PGlite in a Web Worker (db/pglite-in-worker.ts), so queries execute on another core. */
  worker?: boolean;
}

export async function openEmbedded(dataDir: string, options: EmbeddedOptions = {}): Promise<DatabaseHandle> {
  await Deno.mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    const pglite = options.worker
      ? await PGliteInWorker.open(`${dataDir}/pglite`)
      : await PGlite.create(`${dataDir}/pglite`, { extensions: EMBEDDED_EXTENSIONS });
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    return {
      db,
      kind: "pglite",
      dumpDataDir: () => dumpBetweenQueries(db, pglite),
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
export async function openInMemory(options: EmbeddedOptions = {}): Promise<DatabaseHandle> {
  const pglite = options.worker
    ? await PGliteInWorker.open(null)
    : await PGlite.create({ extensions: EMBEDDED_EXTENSIONS });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: "pglite", dumpDataDir: () => dumpBetweenQueries(db, pglite), close: () => db.destroy() };
}

/** Holds Kysely's single PGlite connection while dumping, so no transaction is half done. */
function dumpBetweenQueries(db: Db, pglite: { dumpDataDir(compression: "gzip"): Promise<Blob | File> }): Promise<Blob> {
  return db.connection().execute(() => pglite.dumpDataDir("gzip"));
}

/** Opens a new PGlite data folder from a dump made by dumpDataDir (restore). */
export async function createEmbeddedFromDump(dataDir: string, dump: Blob): Promise<void> {
  await Deno.mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(`${dataDir}/pglite`, { extensions: EMBEDDED_EXTENSIONS, loadDataDir: dump });
  await pglite.close();
}

/** Takes the data folder's lock file, or throws DataDirInUseError when a process holds it. */
export async function lockDataDir(dataDir: string): Promise<Deno.FsFile> {
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
