// Liveness and readiness for whoever runs the server: /healthz answers while the process is
// up, /readyz only when the database answers too.
import { Hono } from "hono";
import { type Db, pingDatabase } from "../db/database.ts";
import type { Logger } from "../lib/log.ts";

export function healthRoutes(db: Db, log: Logger) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await pingDatabase(db);
      return c.json({ status: "ready" });
    } catch (error) {
      log.warn("database not reachable", { error: error instanceof Error ? error.name : "unknown" });
      return c.json({ status: "database unreachable" }, 503);
    }
  });
  return app;
}
