// Signing in with email and password, and signing out. Unknown email, wrong password and a
// locked account get the same answer after the same work, so nobody can probe for accounts.
import { Hono } from "hono";
import { z } from "zod";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { typedPassword, validForm } from "./validation.ts";
import { clearCookie, writeCookie } from "./middleware/cookies.ts";
import { verifyAgainstDecoy, verifyPassword } from "../lib/password.ts";
import { maskEmail } from "../lib/email-address.ts";
import { translator } from "../lib/i18n/mod.ts";
import { verificationCodeMail } from "../lib/mail-templates.ts";
import { findAccountByEmail, recordSignInFailure, resendVerificationCode, signIn, signOut } from "../db/accounts.ts";
import { newVerification } from "../db/email-verifications.ts";
import { SignInPage } from "../views/sign-in-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";

const signInForm = z.object({
  // Not validated as an address: any typed value must get the same answer as a wrong password.
  email: z.string({ error: "form.required" }).trim().min(1, "form.required").max(254, "form.tooLong"),
  password: typedPassword,
});

const NOTICES = { verified: "verify.done", signedOut: "signIn.signedOut" } as const;

function renderSignIn(c: Context<AppEnv>, values: Record<string, string>, errors: FieldErrors, status: 401 | 422) {
  return c.html(
    <SignInPage page={pageContext(c)} email={values.email} errors={errors} failed={status === 401} />,
    status,
  );
}

export function signInRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/sign-in", (c) => {
    if (c.var.session) return c.redirect("/", 303);
    const notice = NOTICES[c.req.query("notice") as keyof typeof NOTICES];
    return c.html(<SignInPage page={pageContext(c)} errors={{}} notice={notice} />);
  });

  app.post(
    "/sign-in",
    validForm(signInForm, (c: Context<AppEnv>, values, errors) => renderSignIn(c, values, errors, 422)),
    async (c) => {
      const { email, password } = c.req.valid("form");
      const { db, config } = c.var.deps;
      const facts = requestFacts(c);
      const account = await findAccountByEmail(db, email);
      const passwordMatches = account
        ? await verifyPassword(account.password_hash, password)
        : await verifyAgainstDecoy(password);

      if (!account || !passwordMatches || account.status === "locked") {
        const reason = !account ? "unknown_account" : !passwordMatches ? "wrong_password" : "account_locked";
        await recordSignInFailure(db, account?.id ?? null, reason, facts);
        return renderSignIn(c, { email }, {}, 401);
      }

      if (account.status === "unverified") {
        const verification = newVerification();
        const mail = verificationCodeMail(translator(account.language), account.email, verification.code);
        await resendVerificationCode(db, account.id, verification, maskEmail(account.email), mail, facts);
        c.var.deps.kickMailDelivery();
        return c.redirect(`/verify/${verification.flowId}?notice=resent`, 303);
      }

      const token = await signIn(
        db,
        {
          accountId: account.id,
          previousTokenHash: c.var.session?.tokenHash ?? null,
          userAgent: c.req.header("User-Agent") ?? null,
        },
        { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
        facts,
      );
      writeCookie(c, config, "session", token, config.sessionAbsoluteHours * 3600);
      return c.redirect("/", 303);
    },
  );

  app.post("/sign-out", async (c) => {
    const session = c.var.session;
    if (session) await signOut(c.var.deps.db, session.account.id, session.tokenHash, requestFacts(c));
    clearCookie(c, c.var.deps.config, "session");
    return c.redirect("/sign-in?notice=signedOut", 303);
  });

  return app;
}
