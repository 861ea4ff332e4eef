// Loads the signed-in person from the session cookie, if any.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { findSession } from "../../db/sessions.ts";
import { readCookie } from "./cookies.ts";
import { browserHashOf } from "./practice-admission.ts";

/** Requests a page makes by itself (htmx polling): they read the session but never extend it. */
const BACKGROUND_PATHS = new Set(["/notices/badge"]);

export function session(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { config, db, clock } = c.var.deps;
    const token = readCookie(c, config, "session");
    c.set(
      "session",
      token && /^[a-z2-7]{52}$/.test(token)
        ? await findSession(
          db,
          token,
          clock.now(),
          {
            idleMinutes: config.sessionIdleMinutes,
            absoluteHours: config.sessionAbsoluteHours,
          },
          c.var.requestId,
          browserHashOf(c),
          !BACKGROUND_PATHS.has(c.req.path),
        )
        : null,
    );
    await next();
  };
}
