// Reporting a lost or stolen key, or suspected misuse: signed in (one's own factor, or all of
// one's credentials when unsure) or signed out from the sign-in page with email plus a
// recovery code or the password. Signed out, an unknown address and a wrong proof get the same
// answer after the same work, and every wrong proof spends one of the account's failure slots.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { checkForm, parseForm, readForm, singleLineText, typedEmail, typedPassword } from "./validation.ts";
import { requireCompleteSession } from "./middleware/access.ts";
import { clearCookie } from "./middleware/cookies.ts";
import { clientAddress } from "./middleware/client-address.ts";
import { verifyAgainstDecoy, verifyPassword } from "../lib/password.ts";
import { normalizeRecoveryCode } from "../lib/recovery-codes.ts";
import { issueReissueToken, readReissueToken } from "../lib/reissue-request-token.ts";
import { findAccountByEmail, recordSignInFailure } from "../db/accounts.ts";
import {
  lockIfExhausted,
  releaseAccountAttempt,
  releaseAddressAttempt,
  reserveAccountAttempt,
  reserveAddressAttempt,
} from "../db/sign-in-guard.ts";
import { spendRecoveryCode } from "../db/recovery-codes.ts";
import { listFactors } from "../db/second-factors.ts";
import { reportLoss, requestNewCredentials } from "../db/loss-reports.ts";
import {
  LossReportDonePage,
  LossReportPage,
  NewCredentialsPage,
  OwnLossReportPage,
} from "../views/loss-report-pages.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { isUuid } from "../lib/uuid.ts";

const signedOutForm = z.object({
  email: typedEmail,
  // A recovery code or the password, as typed.
  proof: typedPassword,
  factor_name: z.union([z.literal(""), singleLineText(100)]).optional(),
});

const signedInForm = z.object({
  factor: z.string({ error: "form.required" }).refine((v) => v === "all" || isUuid(v), "form.required"),
});

type Failure = "failed" | "tooMany" | undefined;

function renderForm(
  c: Context<AppEnv>,
  values: Record<string, string>,
  errors: FieldErrors,
  status: 200 | 401 | 422 | 429,
) {
  const failure: Failure = status === 401 ? "failed" : status === 429 ? "tooMany" : undefined;
  return c.html(
    <LossReportPage
      page={pageContext(c)}
      values={values}
      errors={errors}
      failure={failure}
    />,
    status,
  );
}

async function renderDone(c: Context<AppEnv>, accountId: string, allCredentials: boolean) {
  const { masterKey, clock } = c.var.deps;
  const token = await issueReissueToken(masterKey, accountId, clock.now());
  // The report ended every session of the person, this one too.
  clearCookie(c, c.var.deps.config, "session");
  const page = { ...pageContext(c), account: null, practice: null, can: () => false };
  return c.html(<LossReportDonePage page={page} allCredentials={allCredentials} token={token} />);
}

/** A recovery code spends itself; otherwise the proof must be the password. */
async function proofHolds(
  db: AppEnv["Variables"]["deps"]["db"],
  account: { id: string; password_hash: string },
  proof: string,
  now: Date,
) {
  if (normalizeRecoveryCode(proof) && await spendRecoveryCode(db, account.id, proof, now)) return true;
  return await verifyPassword(account.password_hash, proof);
}

export function lossReportRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/lost-key", (c) => renderForm(c, {}, {}, 200));

  app.post("/lost-key", async (c) => {
    const values = await readForm(c);
    const form = checkForm(signedOutForm, values);
    if (!form.success) return renderForm(c, values, form.errors, 422);
    const { email, proof, factor_name } = form.data;
    const { db } = c.var.deps;
    const facts = requestFacts(c);
    const address = clientAddress(c);
    if (!await reserveAddressAttempt(db, address, facts.now)) {
      await recordSignInFailure(db, null, "address_limit", facts);
      return renderForm(c, { email }, {}, 429);
    }
    const account = await findAccountByEmail(db, email);
    if (!account) {
      await verifyAgainstDecoy(proof);
      await recordSignInFailure(db, null, "unknown_account", facts);
      return renderForm(c, { email }, {}, 401);
    }
    if (account.status === "locked" || !await reserveAccountAttempt(db, account.id, facts.now)) {
      await verifyAgainstDecoy(proof);
      await recordSignInFailure(db, account.id, account.status === "locked" ? "account_locked" : "locked_out", facts);
      return renderForm(c, { email }, {}, 401);
    }
    if (!await proofHolds(db, account, proof, facts.now)) {
      await recordSignInFailure(db, account.id, "wrong_password", facts);
      await lockIfExhausted(db, account.id, facts);
      return renderForm(c, { email }, {}, 401);
    }
    await releaseAccountAttempt(db, account.id);
    await releaseAddressAttempt(db, address);
    const report = await reportLoss(db, account.id, { factorName: factor_name || null }, "signed_out", facts);
    c.var.deps.kickMailDelivery();
    return await renderDone(c, account.id, report!.allCredentials);
  });

  app.post("/lost-key/new-credentials", async (c) => {
    const { db, masterKey, clock } = c.var.deps;
    const values = await readForm(c);
    const token = await readReissueToken(masterKey, values.token ?? "", clock.now());
    const page = pageContext(c);
    if (!token) return c.html(<NewCredentialsPage page={page} requested={false} />, 422);
    await requestNewCredentials(db, token.accountId, token.reportedAt, requestFacts(c));
    c.var.deps.kickMailDelivery();
    return c.html(<NewCredentialsPage page={page} requested />);
  });

  // Signed in: no fresh second factor is asked for, since the key may be the lost one, and
  // locking only ever takes access away.
  const ownPage = async (c: Context<AppEnv>, errors: FieldErrors = {}, status: 200 | 422 = 200) => {
    const factors = await listFactors(c.var.deps.db, c.var.session!.account.id);
    return c.html(
      <OwnLossReportPage
        page={pageContext(c)}
        factors={factors.filter((f) => f.status === "active")}
        errors={errors}
      />,
      status,
    );
  };

  app.get("/security/loss-report", requireCompleteSession(), (c) => ownPage(c));

  app.post("/security/loss-report", requireCompleteSession(), async (c) => {
    const form = await parseForm(c, signedInForm);
    if (!form.success) return await ownPage(c, form.errors, 422);
    const accountId = c.var.session!.account.id;
    const factorId = form.data.factor === "all" ? null : form.data.factor;
    const report = await reportLoss(c.var.deps.db, accountId, { factorId }, "signed_in", requestFacts(c));
    if (!report) return await ownPage(c, { factor: { key: "form.required" } }, 422);
    c.var.deps.kickMailDelivery();
    return await renderDone(c, accountId, report.allCredentials);
  });

  return app;
}
