// Builds the data every view needs from the request context.
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import type { PageContext } from "../views/page-context.ts";
import { permits } from "../lib/permissions.ts";

export function pageContext(c: Context<AppEnv>): PageContext {
  const { config, assets } = c.var.deps;
  const url = new URL(c.req.url);
  const session = c.var.session;
  return {
    lang: c.var.lang,
    t: c.var.t,
    csrfToken: c.var.csrfToken,
    asset: (name) => assets.url(name),
    // Before the second factor, the password alone must not reveal whose account this is.
    account: session
      ? { name: session.secondFactorAt ? session.account.name : null, complete: !!session.secondFactorAt }
      : null,
    practice: session?.secondFactorAt && session.practice ? { name: session.practice.name } : null,
    can: (permission) => {
      const practice = session?.secondFactorAt ? session.practice : null;
      return !!practice && permits(practice.role, practice.areas, permission);
    },
    showDevOutbox: config.mode === "development" && !config.smtpUrl,
    currentPath: url.pathname + url.search,
  };
}

/** What a write records about the request: its id and the clock's time. */
export function requestFacts(c: Context<AppEnv>) {
  return { requestId: c.var.requestId, now: c.var.deps.clock.now() };
}
