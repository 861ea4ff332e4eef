// Signing in, first step: email and password (the second factor follows in second-factor.tsx),
// and signing out. Unknown email, wrong password and a locked account get the same answer
// after the same work, so nobody can probe for accounts.
import { Hono } from "hono";
import { z } from "zod";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, queryNotice, requestFacts, takeMailBudget } from "./page.ts";
import { renderError } from "./errors.tsx";
import { waitUntilElapsed } from "../lib/response-floor.ts";
import { parseForm, typedEmail, typedPassword } from "./validation.ts";
import { clearCookie, writeCookie } from "./middleware/cookies.ts";
import { verifyAgainstDecoy, verifyPassword } from "../lib/password.ts";
import { maskEmail } from "../lib/email-address.ts";
import {
  findAccountByEmail,
  recordSignInFailure,
  resendVerificationCode,
  sessionLimits,
  signOut,
  startSession,
} from "../db/accounts.ts";
import {
  lockIfExhausted,
  MAX_FAILURES_PER_ADDRESS,
  releaseAddressAttempt,
  releaseAttempt,
  reserveAddressAttempt,
  reserveAttempt,
} from "../db/sign-in-guard.ts";
import { clientAddress } from "./middleware/client-address.ts";
import { browserHashOf } from "./middleware/practice-admission.ts";
import { newVerification } from "../db/email-verifications.ts";
import { isApprovedBrowser } from "../db/browsers.ts";
import { SignInPage } from "../views/sign-in-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";

const signInForm = z.object({
  // Not validated as an address: any typed value must get the same answer as a wrong password
  // (only characters no stored address can hold are refused beside the field).
  email: typedEmail,
  password: typedPassword,
});

const NOTICES = {
  verified: "verify.done",
  signedOut: "signIn.signedOut",
  lockedOut: "signIn.lockedOut",
  passwordChanged: "signIn.passwordChanged",
  factorLocked: "signIn.factorLocked",
} as const;

function renderSignIn(
  c: Context<AppEnv>,
  values: Record<string, string>,
  errors: FieldErrors,
  status: 401 | 422 | 429,
) {
  return c.html(
    <SignInPage
      page={pageContext(c)}
      email={values.email}
      errors={errors}
      failed={status === 401}
      tooMany={status === 429}
    />,
    status,
  );
}

// Every refusal takes at least this long, whatever the account (see lib/response-floor.ts).
const REFUSAL_FLOOR_MS = 80;

async function refused(c: Context<AppEnv>, email: string, startedAt: number) {
  await waitUntilElapsed(startedAt, REFUSAL_FLOOR_MS);
  return renderSignIn(c, { email }, {}, 401);
}

export function signInRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/sign-in", (c) => {
    if (c.var.session?.secondFactorAt) return c.redirect("/", 303);
    const notice = queryNotice(c, NOTICES);
    return c.html(<SignInPage page={pageContext(c)} errors={{}} notice={notice} />);
  });

  app.post(
    "/sign-in",
    async (c) => {
      const startedAt = performance.now();
      const form = await parseForm(c, signInForm);
      if (!form.success) return renderSignIn(c, form.values, form.errors, 422);
      const { email, password } = form.data;
      const { db, config } = c.var.deps;
      const facts = requestFacts(c);
      const address = clientAddress(c);
      const addressCount = await reserveAddressAttempt(db, address, facts.now);
      // Recorded once, when the budget runs out: refusals after that write nothing.
      if (addressCount === MAX_FAILURES_PER_ADDRESS) await recordSignInFailure(db, null, "address_limit", facts);
      if (addressCount === null) return renderSignIn(c, { email }, {}, 429);

      const account = await findAccountByEmail(db, email);
      if (!account) {
        await verifyAgainstDecoy(password);
        await recordSignInFailure(db, null, "unknown_account", facts);
        return await refused(c, email, startedAt);
      }
      // The slot is taken before the password is checked, so a burst cannot outrun the lock.
      const browserHash = browserHashOf(c);
      const slot = account.status === "locked" ? null : await reserveAttempt(db, account.id, browserHash, facts.now);
      if (!slot) {
        await verifyAgainstDecoy(password);
        await recordSignInFailure(db, account.id, account.status === "locked" ? "account_locked" : "locked_out", facts);
        return await refused(c, email, startedAt);
      }
      // An approved browser of this account skips a flood in the public hashing queue.
      const reserved = browserHash !== null && await isApprovedBrowser(db, account.id, browserHash);
      const matches = await verifyPassword(account.password_hash, password, { reserved }).catch(async (error) => {
        // "Busy" (a full hashing queue) checked nothing: it must not count as a guess.
        await releaseAttempt(db, account.id, slot, browserHash);
        await releaseAddressAttempt(db, address);
        throw error;
      });
      if (!matches) {
        await recordSignInFailure(db, account.id, "wrong_password", facts);
        if (slot === "account") await lockIfExhausted(db, account.id, facts);
        return await refused(c, email, startedAt);
      }
      await releaseAttempt(db, account.id, slot, browserHash);
      await releaseAddressAttempt(db, address);

      if (account.status === "unverified") {
        if (!await takeMailBudget(c)) return renderError(c, 429, "error.tooMany.title", "error.tooMany.body");
        const verification = newVerification();
        const mail = {
          to: account.email,
          language: account.language,
          facts: { kind: "verificationCode", code: verification.code },
        } as const;
        await resendVerificationCode(db, account.id, verification, maskEmail(account.email), mail, facts);
        c.var.deps.kickMailDelivery();
        return c.redirect(`/verify/${verification.flowId}?notice=resent`, 303);
      }

      const token = await startSession(
        db,
        {
          accountId: account.id,
          purpose: "sign_in",
          previousTokenHash: c.var.session?.tokenHash ?? null,
          userAgent: c.req.header("User-Agent") ?? null,
          ip: address,
        },
        sessionLimits(config),
        facts,
      );
      writeCookie(c, config, "session", token);
      return c.redirect("/sign-in/second-factor", 303);
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
