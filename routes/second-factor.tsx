// The second step of signing in, and the same check again before sensitive actions (step-up):
// a code from an authenticator app, a YubiKey touch or a recovery code (WebAuthn has its own
// JSON endpoints in webauthn.ts). Every attempt first reserves one of the account's failure
// slots, so guessing is bounded together with password failures.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { parseForm } from "./validation.ts";
import { writeCookie } from "./middleware/cookies.ts";
import { admitNewSession } from "./middleware/practice-admission.ts";
import { localPath } from "./middleware/access.ts";
import { completeSecondFactor, recordSignInFailure } from "../db/accounts.ts";
import { activeFactorKinds, checkSecondFactorCode, everHadFactor } from "../db/second-factors.ts";
import { lockIfExhausted, reserveAttempt } from "../db/sign-in-guard.ts";
import { browserHashOf } from "./middleware/practice-admission.ts";
import { appendAccountAuditEvent } from "../db/audit.ts";
import { createFactorKeyring } from "../lib/factor-secrets.ts";
import { SecondFactorPage } from "../views/second-factor-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import type { FactorKind } from "../db/schema.ts";
import type { SignedInSession } from "../db/sessions.ts";

const codeForm = z.object({
  code: z.string({ error: "form.required" }).trim().min(1, "form.required").max(64, "secondFactor.invalid"),
  return_to: z.string().optional(),
});

/** Where the person goes once the second factor is confirmed. */
function destination(session: SignedInSession, returnTo: unknown): string {
  if (session.purpose === "password_reset") return "/password/new";
  return localPath(returnTo, "/");
}

export function secondFactorRoutes() {
  const app = new Hono<AppEnv>();

  const render = (
    c: Context<AppEnv>,
    mode: "sign_in" | "step_up",
    kinds: FactorKind[],
    returnTo: string,
    errors: FieldErrors,
    status: 200 | 422 = 200,
  ) =>
    c.html(
      <SecondFactorPage page={pageContext(c)} mode={mode} kinds={kinds} returnTo={returnTo} errors={errors} />,
      status,
    );

  /** Checks the typed code for the session's person and completes the step; the story of both forms. */
  async function confirm(c: Context<AppEnv>, mode: "sign_in" | "step_up") {
    const session = c.var.session!;
    const { db, config, masterKey } = c.var.deps;
    const facts = requestFacts(c);
    const kinds = await activeFactorKinds(db, session.account.id);
    const form = await parseForm(c, codeForm);
    const returnTo = localPath(form.success ? form.data.return_to : undefined, "/");
    if (!form.success) return render(c, mode, kinds, returnTo, form.errors, 422);

    const slot = await reserveAttempt(db, session.account.id, browserHashOf(c), facts.now);
    if (!slot) {
      await recordSignInFailure(db, session.account.id, "locked_out", facts);
      return c.redirect("/sign-in?notice=lockedOut", 303);
    }
    const check = await checkSecondFactorCode(db, session.account.id, form.data.code, {
      keyring: createFactorKeyring(masterKey),
      now: facts.now,
      allowedPastSteps: config.totpAllowedPastSteps,
    });
    const policyRefuses = check.ok && check.kind !== "recovery_code" && session.practice?.role === "owner" &&
      session.practice.ownersNeedWebauthn;
    if (!check.ok || policyRefuses) {
      const reason = check.ok ? "policy_requires_webauthn" : check.reason;
      await db.transaction().execute((trx) =>
        appendAccountAuditEvent(trx, session.account.id, {
          action: reason === "replay" ? "second_factor.replay_refused" : "second_factor.failed",
          details: { reason, step: mode },
        }, facts)
      );
      if (slot === "account" && await lockIfExhausted(db, session.account.id, facts)) {
        return c.redirect("/sign-in?notice=lockedOut", 303);
      }
      const key = policyRefuses ? "secondFactor.webauthnRequired" : "secondFactor.invalid";
      return render(c, mode, kinds, returnTo, { code: { key } }, 422);
    }

    const token = await completeSecondFactor(db, {
      accountId: session.account.id,
      tokenHash: session.tokenHash,
      step: mode,
      kind: check.kind,
      factorId: check.factorId,
    }, facts);
    if (!token) return c.redirect("/sign-in", 303);
    writeCookie(c, config, "session", token);
    const admission = await admitNewSession(c, token);
    if (admission.kind === "refused") return admission.response;
    return c.redirect(destination(session, returnTo), 303);
  }

  app.get("/sign-in/second-factor", async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect("/sign-in", 303);
    if (session.secondFactorAt) return c.redirect(destination(session, "/"), 303);
    const kinds = await activeFactorKinds(c.var.deps.db, session.account.id);
    // Enrolment is forced: a person without a factor (or re-issued access) can only set one up.
    if (session.purpose === "enrolment") return c.redirect("/security/enrol", 303);
    if (session.purpose === "sign_in" && !await everHadFactor(c.var.deps.db, session.account.id)) {
      return c.redirect("/security/enrol", 303);
    }
    return render(c, "sign_in", kinds, "/", {});
  });

  app.post("/sign-in/second-factor", async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect("/sign-in", 303);
    if (session.secondFactorAt) return c.redirect(destination(session, "/"), 303);
    if (session.purpose === "enrolment") return c.redirect("/security/enrol", 303);
    return await confirm(c, "sign_in");
  });

  app.get("/step-up", async (c) => {
    const session = c.var.session;
    if (!session?.secondFactorAt || session.purpose !== "sign_in") return c.redirect("/sign-in", 303);
    const kinds = await activeFactorKinds(c.var.deps.db, session.account.id);
    return render(c, "step_up", kinds, localPath(c.req.query("return_to"), "/security"), {});
  });

  app.post("/step-up", async (c) => {
    const session = c.var.session;
    if (!session?.secondFactorAt || session.purpose !== "sign_in") return c.redirect("/sign-in", 303);
    return await confirm(c, "step_up");
  });

  return app;
}
