// Builds the data every view needs from the request context.
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import type { PageContext } from "../views/page-context.ts";
import { permits } from "../lib/permissions.ts";
import { takeFromBudget } from "../db/rate-limits.ts";
import { clientAddress } from "./middleware/client-address.ts";
import type { PracticeActor, PracticeScope } from "../db/practice-scope.ts";

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
    notices: !!(session?.secondFactorAt && session.practice?.approves),
    showDevOutbox: config.mode === "development" && !config.smtpUrl,
    currentPath: url.pathname + url.search,
  };
}

/** What a write records about the request: its id and the clock's time. */
export function requestFacts(c: Context<AppEnv>) {
  return { requestId: c.var.requestId, now: c.var.deps.clock.now() };
}

// Each address may cause this many mails (registration, reset, new codes) an hour: enough for
// a practice behind one address, too few to flood anyone's inbox.
const MAILS_PER_ADDRESS_AND_HOUR = 10;

/** Takes one mail from the address's hourly budget; false when it is spent. */
export async function takeMailBudget(c: Context<AppEnv>): Promise<boolean> {
  const { db, clock } = c.var.deps;
  const taken = await takeFromBudget(
    db,
    `mail:${clientAddress(c)}`,
    MAILS_PER_ADDRESS_AND_HOUR,
    3_600_000,
    clock.now(),
  );
  return taken !== null;
}

/** The practice and person of a practice route (after authorize(), which guarantees both). */
export function practiceScope(c: Context<AppEnv>): PracticeScope {
  const session = c.var.session!;
  const practice = session.practice!;
  return {
    practiceId: practice.id,
    accountId: session.account.id,
    membershipId: practice.membershipId,
    role: practice.role,
    areas: practice.areas,
  };
}

/** Who acts in which practice, for the owner's areas that need no role beyond the route's check. */
export function practiceActor(c: Context<AppEnv>): PracticeActor {
  const session = c.var.session!;
  return { practiceId: session.practice!.id, accountId: session.account.id };
}

/** The notice a redirect asked for (?notice=saved), looked up among the route's own notices only. */
export function queryNotice<K extends string>(c: Context<AppEnv>, notices: Record<string, K>): K | undefined {
  const name = c.req.query("notice") ?? "";
  return Object.hasOwn(notices, name) ? notices[name] : undefined;
}

/**
 * An htmx request for a part of a page (a lazily loaded section, search rows): answered with
 * the part alone. A boosted navigation (HX-Request-Type: full) wants the whole page.
 */
export function wantsPartial(c: Context<AppEnv>): boolean {
  return c.req.header("HX-Request") === "true" && c.req.header("HX-Request-Type") !== "full";
}
