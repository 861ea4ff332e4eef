// Changing a password (signed in: current password, fresh second factor, emailed code) and
// resetting a forgotten one (emailed code, then the second factor or a recovery code on the
// same page as at sign-in, then the new password). Both end every session of the person.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts, takeMailBudget } from "./page.ts";
import { renderError } from "./errors.tsx";
import { waitUntilElapsed } from "../lib/response-floor.ts";
import { checkForm, emailAddress, parseForm, readForm, typedPassword } from "./validation.ts";
import { requireFactorManagement } from "./middleware/access.ts";
import { clearCookie, writeCookie } from "./middleware/cookies.ts";
import { clientAddress } from "./middleware/client-address.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "../lib/password.ts";
import { maskEmail } from "../lib/email-address.ts";
import { recordSignInFailure, startSession } from "../db/accounts.ts";
import { findVerificationFlow, newVerification } from "../db/email-verifications.ts";
import {
  completePasswordReset,
  confirmPasswordChange,
  confirmPasswordResetCode,
  currentPasswordHash,
  passwordRecentlyUsed,
  requestPasswordChange,
  requestPasswordReset,
} from "../db/passwords.ts";
import { lockIfExhausted, releaseAccountAttempt, reserveAccountAttempt } from "../db/sign-in-guard.ts";
import { ChangePasswordPage, ForgotPasswordPage, NewPasswordPage, PasswordCodePage } from "../views/password-pages.tsx";
import type { FieldErrors } from "../views/page-context.ts";

const newPassword = {
  password: typedPassword.superRefine((password, ctx) => {
    const problem = checkPasswordPolicy(password);
    if (problem) ctx.addIssue({ code: "custom", message: `password.${problem}` });
  }),
  password_confirmation: z.string({ error: "form.required" }).max(256, "password.tooLong"),
};

const changeForm = z.object({ current_password: typedPassword, ...newPassword });
const newPasswordForm = z.object(newPassword);
const codeForm = z.object({
  code: z.string({ error: "form.required" }).max(64, "verify.invalid")
    .transform((code) => code.replace(/[\s-]/g, "")).pipe(z.string().regex(/^\d{8}$/, "verify.invalid")),
});
// Checked as an address: no account has anything else, so refusing it beside the field tells
// nothing, and a typo gets a message instead of a wait for a mail that never comes.
const forgotForm = z.object({ email: emailAddress });

const LIMITS = { min: 12, max: 256 };

// A reset session can do one thing, so it lives only as long as an emailed code does.
const RESET_SESSION_LIMITS = { idleMinutes: 15, absoluteHours: 0.25 };

/** The checks beyond the field rules: personal words, confirmation, history. */
async function newPasswordProblems(
  c: Context<AppEnv>,
  form: { password: string; password_confirmation: string },
): Promise<FieldErrors> {
  const session = c.var.session!;
  const personal = checkPasswordPolicy(form.password, { email: session.account.email, name: session.account.name });
  if (personal) return { password: { key: `password.${personal}`, values: LIMITS } };
  if (form.password !== form.password_confirmation) return { password_confirmation: { key: "password.mismatch" } };
  if (await passwordRecentlyUsed(c.var.deps.db, session.account.id, form.password)) {
    return { password: { key: "password.reused" } };
  }
  return {};
}

function withLimits(errors: FieldErrors): FieldErrors {
  if (errors.password) errors.password.values = LIMITS;
  return errors;
}

export function passwordRoutes() {
  const app = new Hono<AppEnv>();

  // --- change, signed in ---

  app.use("/security/password", requireFactorManagement());
  app.use("/security/password/*", requireFactorManagement());

  const changePage = (c: Context<AppEnv>, errors: FieldErrors, status: 200 | 422 = 200) =>
    c.html(
      <ChangePasswordPage page={pageContext(c)} expired={c.req.query("expired") === "1"} errors={errors} />,
      status,
    );

  app.get("/security/password", (c) => changePage(c, {}));

  app.post("/security/password", async (c) => {
    const session = c.var.session!;
    if (!session.secondFactorAt) return c.redirect("/sign-in/second-factor", 303);
    const { db, clock } = c.var.deps;
    const facts = requestFacts(c);
    const form = await parseForm(c, changeForm);
    if (!form.success) return changePage(c, withLimits(form.errors), 422);

    // The current password is a guess like any other: it spends a failure slot.
    if (!await reserveAccountAttempt(db, session.account.id, clock.now())) {
      clearCookie(c, c.var.deps.config, "session");
      return c.redirect("/sign-in?notice=lockedOut", 303);
    }
    if (!await verifyPassword(await currentPasswordHash(db, session.account.id), form.data.current_password)) {
      await recordSignInFailure(db, session.account.id, "wrong_password", facts);
      if (await lockIfExhausted(db, session.account.id, facts)) return c.redirect("/sign-in?notice=lockedOut", 303);
      return changePage(c, { current_password: { key: "password.currentWrong" } }, 422);
    }
    await releaseAccountAttempt(db, session.account.id);
    const problems = await newPasswordProblems(c, form.data);
    if (Object.keys(problems).length) return changePage(c, problems, 422);

    const verification = newVerification();
    await requestPasswordChange(db, {
      accountId: session.account.id,
      newPasswordHash: await hashPassword(form.data.password),
      verification,
      emailHint: maskEmail(session.account.email),
      mail: {
        to: session.account.email,
        language: session.account.language,
        facts: { kind: "passwordChange", code: verification.code },
      },
    }, facts);
    c.var.deps.kickMailDelivery();
    return c.redirect(`/security/password/${verification.flowId}`, 303);
  });

  const changeCodePage = (c: Context<AppEnv>, flowId: string, emailHint: string, errors: FieldErrors) =>
    c.html(
      <PasswordCodePage
        page={pageContext(c)}
        action={`/security/password/${flowId}`}
        title="password.codeTitle"
        intro="password.codeIntro"
        emailHint={emailHint}
        submit="password.confirm"
        errors={errors}
      />,
      Object.keys(errors).length ? 422 : 200,
    );

  app.get("/security/password/:flow", async (c) => {
    const flow = await findVerificationFlow(c.var.deps.db, c.req.param("flow"), "password_change");
    if (!flow || flow.accountId !== c.var.session!.account.id) return c.notFound();
    return changeCodePage(c, c.req.param("flow"), flow.emailHint, {});
  });

  app.post("/security/password/:flow", async (c) => {
    const flowId = c.req.param("flow");
    const session = c.var.session!;
    const { db, config } = c.var.deps;
    const flow = await findVerificationFlow(db, flowId, "password_change");
    if (!flow || flow.accountId !== session.account.id) return c.notFound();
    const form = await parseForm(c, codeForm);
    if (!form.success) return changeCodePage(c, flowId, flow.emailHint, form.errors);
    const outcome = await confirmPasswordChange(db, session.account.id, flowId, form.data.code, requestFacts(c));
    if (outcome !== "verified") {
      const key = outcome === "exhausted" ? "verify.exhausted" : "verify.invalid";
      return changeCodePage(c, flowId, flow.emailHint, { code: { key } });
    }
    clearCookie(c, config, "session");
    return c.redirect("/sign-in?notice=passwordChanged", 303);
  });

  // --- reset, signed out ---

  app.get("/password/forgot", (c) => c.html(<ForgotPasswordPage page={pageContext(c)} errors={{}} />));

  app.post("/password/forgot", async (c) => {
    const startedAt = performance.now();
    const { db } = c.var.deps;
    const values = await readForm(c);
    const form = checkForm(forgotForm, values);
    if (!form.success) {
      return c.html(
        <ForgotPasswordPage page={pageContext(c)} email={values.email} errors={form.errors} />,
        422,
      );
    }
    if (!await takeMailBudget(c)) return renderError(c, 429, "error.tooMany.title", "error.tooMany.body");
    const verification = newVerification();
    await requestPasswordReset(db, {
      email: form.data.email,
      verification,
      emailHint: maskEmail(form.data.email),
      mailFor: (account) => ({
        to: account.email,
        language: account.language,
        facts: { kind: "passwordReset", code: verification.code },
      }),
    }, requestFacts(c));
    c.var.deps.kickMailDelivery();
    // Known and unknown addresses answer after the same time (a known one writes more).
    await waitUntilElapsed(startedAt, 100);
    return c.redirect(`/password/reset/${verification.flowId}`, 303);
  });

  const resetCodePage = (c: Context<AppEnv>, flowId: string, emailHint: string, errors: FieldErrors) =>
    c.html(
      <PasswordCodePage
        page={pageContext(c)}
        action={`/password/reset/${flowId}`}
        title="password.resetCodeTitle"
        intro="password.resetCodeIntro"
        emailHint={emailHint}
        submit="verify.submit"
        errors={errors}
      />,
      Object.keys(errors).length ? 422 : 200,
    );

  app.get("/password/reset/:flow", async (c) => {
    const flow = await findVerificationFlow(c.var.deps.db, c.req.param("flow"), "password_reset");
    if (!flow) return c.notFound();
    return resetCodePage(c, c.req.param("flow"), flow.emailHint, {});
  });

  app.post("/password/reset/:flow", async (c) => {
    const flowId = c.req.param("flow");
    const { db, config } = c.var.deps;
    const flow = await findVerificationFlow(db, flowId, "password_reset");
    if (!flow) return c.notFound();
    const form = await parseForm(c, codeForm);
    if (!form.success) return resetCodePage(c, flowId, flow.emailHint, form.errors);
    const facts = requestFacts(c);
    const confirmed = await confirmPasswordResetCode(db, flowId, form.data.code, facts);
    if (confirmed.outcome !== "verified" || !confirmed.accountId) {
      const key = confirmed.outcome === "exhausted" ? "verify.exhausted" : "verify.invalid";
      return resetCodePage(c, flowId, flow.emailHint, { code: { key } });
    }
    // The code opens a session that can do one thing, after its second factor: set a password.
    const token = await startSession(
      db,
      {
        accountId: confirmed.accountId,
        purpose: "password_reset",
        previousTokenHash: c.var.session?.tokenHash ?? null,
        userAgent: c.req.header("User-Agent") ?? null,
        ip: clientAddress(c),
      },
      RESET_SESSION_LIMITS,
      facts,
    );
    writeCookie(c, config, "session", token);
    return c.redirect("/sign-in/second-factor", 303);
  });

  const resetSession = (c: Context<AppEnv>) => {
    const session = c.var.session;
    return session?.purpose === "password_reset" && session.secondFactorAt ? session : null;
  };

  app.get("/password/new", (c) => {
    if (!resetSession(c)) return c.redirect("/sign-in", 303);
    return c.html(<NewPasswordPage page={pageContext(c)} errors={{}} />);
  });

  app.post("/password/new", async (c) => {
    const session = resetSession(c);
    if (!session) return c.redirect("/sign-in", 303);
    const form = await parseForm(c, newPasswordForm);
    const invalid = (errors: FieldErrors) =>
      c.html(<NewPasswordPage page={pageContext(c)} errors={withLimits(errors)} />, 422);
    if (!form.success) return invalid(form.errors);
    const problems = await newPasswordProblems(c, form.data);
    if (Object.keys(problems).length) return invalid(problems);
    const done = await completePasswordReset(c.var.deps.db, {
      accountId: session.account.id,
      tokenHash: session.tokenHash,
      newPasswordHash: await hashPassword(form.data.password),
    }, requestFacts(c));
    clearCookie(c, c.var.deps.config, "session");
    if (!done) return c.redirect("/sign-in", 303);
    return c.redirect("/sign-in?notice=passwordChanged", 303);
  });

  return app;
}
