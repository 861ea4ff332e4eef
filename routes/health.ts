// Liveness and readiness for whoever runs the server: /healthz answers while the process is
// up, /readyz only when the database answers too.
import { Hono } from "hono";
import { sql } from "kysely";
import type { Db } from "../db/database.ts";
import type { Logger } from "../lib/log.ts";
import type { Clock } from "../lib/clock.ts";
import { backupState } from "../db/backup-runs.ts";

export function healthRoutes(db: Db, log: Logger, clock: Clock) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await sql`select 1`.execute(db);
      return c.json({ status: "ready" });
    } catch (error) {
      log.warn("database not reachable", { error: error instanceof Error ? error.name : "unknown" });
      return c.json({ status: "database unreachable" }, 503);
    }
  });
  // For monitoring: 503 when the last good backup is older than 26 hours (or there is none).
  app.get("/healthz/backup", async (c) => {
    const state = await backupState(db, clock.now());
    return c.json({
      status: state.stale ? "stale" : "ok",
      lastGoodBackupAt: state.lastGoodAt?.toISOString() ?? null,
    }, state.stale ? 503 : 200);
  });
  return app;
}
