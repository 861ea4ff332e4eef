// Budgets per key and time window (failures per address, mails per address), kept in Postgres
// so every app process shares them. Taking from a budget is one atomic upsert.
import { sql } from "kysely";
import type { Db } from "./database.ts";

/** Takes one unit; the count in the window including this one, or null when the budget is spent. */
export async function takeFromBudget(
  db: Db,
  key: string,
  max: number,
  windowMs: number,
  now: Date,
): Promise<number | null> {
  const windowStart = new Date(now.getTime() - windowMs);
  const result = await sql<{ count: number }>`
    insert into rate_limits as r (key, window_started_at, count) values (${key}, ${now}, 1)
    on conflict (key) do update set
      count = case when r.window_started_at <= ${windowStart} then 1 else r.count + 1 end,
      window_started_at = case when r.window_started_at <= ${windowStart} then ${now} else r.window_started_at end
    where r.window_started_at <= ${windowStart} or r.count < ${max}
    returning count`.execute(db);
  return result.rows[0]?.count ?? null;
}

/** Gives one unit back (a step that turned out well). */
export async function returnToBudget(db: Db, key: string): Promise<void> {
  await db.updateTable("rate_limits").set({ count: sql`greatest(count - 1, 0)` }).where("key", "=", key).execute();
}
