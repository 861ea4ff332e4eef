// GET /metrics for Prometheus: with METRICS_TOKEN set, only with that bearer token; without
// it, only to clients on this machine. Anyone else gets the same 404 as an unknown path.
import { Hono } from "hono";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import type { AppEnv } from "./app-env.ts";
import type { Metrics } from "../lib/metrics.ts";
import { isLoopbackAddress } from "../lib/cidr.ts";
import { clientAddress } from "./middleware/client-address.ts";

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = new TextEncoder().encode(header?.startsWith("Bearer ") ? header.slice(7).trim() : "");
  const expected = new TextEncoder().encode(token);
  return given.length === expected.length && constantTimeEqual(given, expected);
}

export function metricsRoutes(metrics: Metrics) {
  const app = new Hono<AppEnv>();
  app.get("/metrics", async (c) => {
    const token = c.var.deps.config.metricsToken;
    const allowed = token ? tokenMatches(c.req.header("Authorization"), token) : isLoopbackAddress(clientAddress(c));
    if (!allowed) return c.notFound();
    return c.body(await metrics.render(), 200, { "Content-Type": metrics.contentType, "Cache-Control": "no-store" });
  });
  return app;
}
