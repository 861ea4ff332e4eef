// Counts the statements the app sends to the database, begin and commit included: a dialect
// that wraps the real one (PGlite or postgres.js) on a database of its own. A count per
// request is deterministic where a duration is not.
import { type DatabaseConnection, type Dialect, type Driver, Kysely, PGliteDialect } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { Database } from "../../db/schema.ts";
import type { Db } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { ensureShippedTerms } from "../../db/terms.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { createScratchDatabase } from "./test-database.ts";

function countingDriver(driver: Driver, seen: (sql: string) => void): Driver {
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection) => inner.get(connection) ?? connection;
  return {
    init: (options) => driver.init(options),
    async acquireConnection(options) {
      const connection = await driver.acquireConnection(options);
      const counted: DatabaseConnection = {
        executeQuery(query) {
          seen(query.sql);
          return connection.executeQuery(query);
        },
        streamQuery(query, chunkSize) {
          seen(query.sql);
          return connection.streamQuery(query, chunkSize);
        },
      };
      inner.set(counted, connection);
      return counted;
    },
    beginTransaction(connection, settings) {
      seen("begin");
      return driver.beginTransaction(unwrap(connection), settings);
    },
    commitTransaction(connection) {
      seen("commit");
      return driver.commitTransaction(unwrap(connection));
    },
    rollbackTransaction(connection) {
      seen("rollback");
      return driver.rollbackTransaction(unwrap(connection));
    },
    releaseConnection: (connection, options) => driver.releaseConnection(unwrap(connection), options),
    destroy: (options) => driver.destroy(options),
  };
}

function countingDialect(dialect: Dialect, seen: (sql: string) => void): Dialect {
  return {
    createDriver: () => countingDriver(dialect.createDriver(), seen),
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/** A fresh, migrated database whose statements are listed in `statements` (clear it between requests). */
export async function countingDatabase(): Promise<{ db: Db; statements: string[]; close(): Promise<void> }> {
  const statements: string[] = [];
  const seen = (sql: string) => void statements.push(sql);
  const scratch = await createScratchDatabase();
  const dialect = scratch
    ? new PostgresJSDialect({ postgres: postgres(scratch.url, { max: 10, onnotice: () => {} }) })
    : new PGliteDialect({ pglite: await PGlite.create({ extensions: { pg_trgm, btree_gist } }) });
  const db = new Kysely<Database>({ dialect: countingDialect(dialect, seen) });
  await migrateToLatest(db);
  await ensureShippedTerms(db, CURRENT_TERMS, new Date());
  statements.length = 0;
  return {
    db,
    statements,
    async close() {
      await db.destroy();
      await scratch?.drop();
    },
  };
}
