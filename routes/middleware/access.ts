// Who may see what, by the state of their session: signed out, waiting for the second factor,
// complete, or complete but with an expired password. Personal data needs a complete session;
// managing factors and the password needs a second factor confirmed in the last 10 minutes.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { SignedInSession } from "../../db/sessions.ts";
import { everHadFactor } from "../../db/second-factors.ts";
import { type Permission, permits } from "../../lib/permissions.ts";
import { renderError } from "../errors.tsx";
import { admitToPractice } from "./practice-admission.ts";

export const STEP_UP_WINDOW_MS = 10 * 60_000;

export function passwordExpired(session: SignedInSession, installationMaxAgeDays: number, now: Date): boolean {
  const days = session.practice?.passwordMaxAgeDays || installationMaxAgeDays;
  return days > 0 && now.getTime() - session.account.passwordChangedAt.getTime() > days * 86_400_000;
}

/** Where a session that may not be here belongs instead. */
function elsewhere(c: Context<AppEnv>): string | null {
  const session = c.var.session;
  if (!session) return "/sign-in";
  if (!session.secondFactorAt) return "/sign-in/second-factor";
  if (session.purpose === "password_reset") return "/password/new";
  return null;
}

/**
 * Where a request that needs a complete session, a current password and the acceptance of the
 * current terms of use must go instead.
 */
function incompleteSessionTarget(c: Context<AppEnv>): string | null {
  const target = elsewhere(c);
  if (target) return target;
  const { config, clock } = c.var.deps;
  if (passwordExpired(c.var.session!, config.passwordMaxAgeDays, clock.now())) return "/security/password?expired=1";
  // Read with the session at the start of this request (db/terms.ts termsPending).
  if (c.var.session!.termsPending) return "/terms/accept";
  return null;
}

/** Pages with personal data: a complete session whose password has not expired. */
export function requireCompleteSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const target = incompleteSessionTarget(c);
    if (target) return c.redirect(target, 303);
    await next();
  };
}

/**
 * Managing second factors and the password: a complete session with a fresh second factor, or
 * a person signed in with the password who has no factor yet (enrolment is forced), or one
 * whose access the owner re-issued (an enrolment session: its old factors stay locked).
 */
export function requireFactorManagement(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.var.session;
    if (!session || session.purpose === "password_reset") return c.redirect("/sign-in", 303);
    const { db, clock } = c.var.deps;
    if (session.purpose === "enrolment") return session.secondFactorAt ? c.redirect("/sign-in", 303) : await next();
    if (!session.secondFactorAt) {
      if (await everHadFactor(db, session.account.id)) return c.redirect("/sign-in/second-factor", 303);
      return await next();
    }
    // An expired password is changed before anything else, setting up factors included.
    const changingPassword = new URL(c.req.url).pathname.startsWith("/security/password");
    if (!changingPassword && passwordExpired(session, c.var.deps.config.passwordMaxAgeDays, clock.now())) {
      return c.redirect("/security/password?expired=1", 303);
    }
    if (clock.now().getTime() - session.secondFactorAt.getTime() > STEP_UP_WINDOW_MS) {
      return c.redirect(`/step-up?return_to=${encodeURIComponent(returnPath(c))}`, 303);
    }
    await next();
  };
}

/** After step-up, a GET returns to its page; a form post returns to the page that sent it. */
function returnPath(c: Context<AppEnv>): string {
  if (c.req.method === "GET") return new URL(c.req.url).pathname;
  const referer = c.req.header("Referer");
  try {
    const url = new URL(referer ?? "", c.var.deps.config.baseUrl);
    return url.origin === c.var.deps.config.baseUrl.origin ? url.pathname : "/security";
  } catch {
    return "/security";
  }
}

/** Only a local path: a return address must never lead off-site. */
export function localPath(value: unknown, fallback = "/"): string {
  return typeof value === "string" && /^\/(?![\/\\])[^\s\p{Cc}]*$/u.test(value) && value.length <= 2000
    ? value
    : fallback;
}

/**
 * A practice route: a complete session in a practice whose membership grants the permission.
 * Without a current practice the person is sent to choose one; a forbidden area answers 403.
 */
/**
 * `alsoWhen` admits a member the table does not, by a practice setting (the front desk recording
 * payments where the owner allows it); the table stays the rule the role × route test checks.
 */
export function authorize(
  permission: Permission,
  alsoWhen?: (c: Context<AppEnv>) => Promise<boolean>,
): MiddlewareHandler<AppEnv> & { permission: Permission } {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const target = incompleteSessionTarget(c);
    if (target) return c.redirect(target, 303);
    const practice = c.var.session!.practice;
    if (!practice) return c.redirect("/practices", 303);
    const admission = await admitToPractice(c);
    if (admission.kind === "waiting") return c.redirect("/browser-approval", 303);
    if (admission.kind === "refused") return admission.response;
    if (!permits(practice.role, practice.areas, permission) && !(alsoWhen && await alsoWhen(c))) {
      return renderError(c, 403, "error.forbidden.title", "error.permission.body");
    }
    await next();
  };
  // The role × route test reads this to check every route against the permission table.
  return Object.assign(middleware, { permission });
}
