// Liveness and readiness for whoever runs the server: /healthz answers while the process is
// up, /readyz only when the database answers too and the process is not shutting down. It
// says so within READY_TIMEOUT_MS even when a database that is away leaves the probe waiting.
import { Hono } from "hono";
import { type Db, pingDatabase } from "../db/database.ts";
import type { Logger } from "../lib/log.ts";
import type { Clock } from "../lib/clock.ts";
import { backupState } from "../db/backup-runs.ts";

const READY_TIMEOUT_MS = 1500;

export function healthRoutes(
  db: Db,
  log: Logger,
  clock: Clock,
  { shuttingDown = () => false, readyTimeoutMs = READY_TIMEOUT_MS }: {
    shuttingDown?: () => boolean;
    readyTimeoutMs?: number;
  } = {},
) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    if (shuttingDown()) return c.json({ status: "shutting down" }, 503);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), readyTimeoutMs)));
    const probe = pingDatabase(db).then(() => "ready" as const);
    try {
      if (await Promise.race([probe, late]) === "ready") return c.json({ status: "ready" });
      probe.catch(() => {}); // it may still fail later; nobody waits for it any more
      log.warn("database not reachable", { error: "timeout" });
    } catch (error) {
      log.warn("database not reachable", { error: error instanceof Error ? error.name : "unknown" });
    } finally {
      clearTimeout(timer);
    }
    return c.json({ status: "database unreachable" }, 503);
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
