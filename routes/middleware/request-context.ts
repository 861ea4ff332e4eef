// Gives every request an id (echoed in X-Request-Id, shown on the error page, stored with
// audit events) and writes one access log line: method, route pattern, status, duration.
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../lib/log.ts";
import type { Metrics } from "../../lib/metrics.ts";
import type { AppEnv } from "../app-env.ts";

export function requestContext(log: Logger, metrics?: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("X-Request-Id", requestId);
    const ms = performance.now() - started;
    // The route pattern, not the concrete path: paths can carry tokens.
    log.info("request", {
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(ms * 10) / 10,
    });
    metrics?.observeRequest(c.req.method, c.req.routePath, c.res.status, ms / 1000);
  };
}
