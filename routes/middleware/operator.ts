// The operator console is for operators only: a complete session of an active operator account.
// Everyone else gets the same 404 as for a page that does not exist.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { isOperator } from "../../db/operators.ts";
import { passwordExpired } from "./access.ts";

export function requireOperator(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.var.session;
    const { db, config, clock } = c.var.deps;
    if (!session?.secondFactorAt || session.purpose !== "sign_in" || !await isOperator(db, session.account.id)) {
      return c.notFound();
    }
    if (passwordExpired(session, config.passwordMaxAgeDays, clock.now())) {
      return c.redirect("/security/password?expired=1", 303);
    }
    await next();
  };
}

/** An operator belongs to no practice: their home is the console. */
export function operatorsToConsole(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.var.session;
    if (session?.secondFactorAt && !session.practice && await isOperator(c.var.deps.db, session.account.id)) {
      return c.redirect("/operator", 303);
    }
    await next();
  };
}
