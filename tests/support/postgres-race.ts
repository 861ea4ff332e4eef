// Races requests against each other on a real Postgres server. PGlite has one connection, so
// there every "parallel" request runs after the other and a race test cannot fail: tests that
// are about concurrency register only when TEST_DATABASE_URL is set (CI's second pass) and say
// so in their names. The barrier here makes the requests meet in the database: a transaction
// locks the tables they touch, they start and queue behind that lock, and once enough of them
// wait for a lock (pg_stat_activity), the lock goes and they all proceed at the same moment.
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export const onPostgres = Boolean(Deno.env.get("TEST_DATABASE_URL"));

export interface Race<T> {
  answers: T[];
  /** How many requests were seen waiting for a lock together when the barrier opened. */
  metAtBarrier: number;
}

/**
 * Starts every request while `tables` are locked and opens the lock once `meet` of them wait
 * for a lock (the pool has ten connections: at most eight requests can wait in the database at
 * once), or after ten seconds.
 */
export async function raceBehindLock<T>(
  db: Db,
  tables: string[],
  requests: (() => Promise<T>)[],
  meet = requests.length,
): Promise<Race<T>> {
  if (!onPostgres) throw new Error("raceBehindLock needs TEST_DATABASE_URL: PGlite cannot race");
  return await db.connection().execute(async (barrier) => {
    await sql`begin`.execute(barrier);
    await sql.raw(`lock table ${tables.join(", ")} in access exclusive mode`).execute(barrier);
    const running = requests.map((request) => request());
    let waiting = 0;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const row = await sql<{ waiting: number }>`select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      waiting = row.rows[0].waiting;
      if (waiting >= meet) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await sql`commit`.execute(barrier);
    return { answers: await Promise.all(running), metAtBarrier: waiting };
  });
}
