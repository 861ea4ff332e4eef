// Setting up a second factor: an authenticator app (TOTP) or a YubiKey in Yubico OTP mode.
// Each is stored as pending until its first good code proves the person holds it. When it
// is the person's first factor, that proof also completes their sign-in.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { checkForm, parseForm, readForm, singleLineText } from "./validation.ts";
import { stageYubikey, yubikeyForm } from "./yubikey-form.ts";
import { requireFactorManagement } from "./middleware/access.ts";
import { writeCookie } from "./middleware/cookies.ts";
import { admitNewSession } from "./middleware/practice-admission.ts";
import { createFactorKeyring } from "../lib/factor-secrets.ts";
import { generateTotpSecret, totpUri } from "../lib/totp.ts";
import { qrCodeDataUrl } from "../lib/qr-code.ts";
import {
  activeFactorKinds,
  checkTotpCode,
  confirmEnrolment,
  findPendingFactor,
  startEnrolment,
} from "../db/second-factors.ts";
import { completeSecondFactor } from "../db/accounts.ts";
import { EnrolPage } from "../views/security/enrol-page.tsx";
import { TotpEnrolPage } from "../views/security/totp-page.tsx";
import { YubikeyEnrolPage } from "../views/security/yubikey-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { isUuid } from "../lib/uuid.ts";

const totpForm = z.object({
  name: singleLineText(60),
  code: z.string({ error: "form.required" }).trim().min(1, "form.required").max(20, "secondFactor.invalid"),
});

/**
 * The factor is confirmed: activate it and, when it is the person's first (a session still
 * waiting for its second factor), complete the sign-in with a new session token.
 */
async function finishEnrolment(
  c: Context<AppEnv>,
  factorId: string,
  kind: "totp" | "yubico_otp",
  name: string | null = null,
) {
  const session = c.var.session!;
  const { db, config } = c.var.deps;
  const facts = requestFacts(c);
  const activated = await confirmEnrolment(db, session.account.id, factorId, name, facts);
  if (!activated) return c.redirect("/security/enrol", 303);
  if (session.secondFactorAt) return c.redirect("/security?notice=factorAdded", 303);
  const token = await completeSecondFactor(db, {
    accountId: session.account.id,
    tokenHash: session.tokenHash,
    step: "enrolment",
    kind,
    factorId,
  }, facts);
  if (!token) return c.redirect("/sign-in", 303);
  writeCookie(c, config, "session", token);
  const admission = await admitNewSession(c, token);
  if (admission.kind === "refused") return admission.response;
  return c.redirect("/security/recovery-codes?first=1", 303);
}

export function enrolmentRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/security/enrol", requireFactorManagement());
  app.use("/security/totp/*", requireFactorManagement());
  app.use("/security/yubikey/*", requireFactorManagement());
  app.use("/security/yubikey", requireFactorManagement());

  app.get("/security/enrol", async (c) => {
    const kinds = await activeFactorKinds(c.var.deps.db, c.var.session!.account.id);
    return c.html(<EnrolPage page={pageContext(c)} forced={kinds.length === 0} />);
  });

  // --- authenticator app ---

  function renderTotp(
    c: Context<AppEnv>,
    factorId: string,
    secret: Uint8Array,
    name: string,
    errors: FieldErrors,
  ) {
    const session = c.var.session!;
    const uri = totpUri(secret, c.var.t("app.name"), session.account.email);
    return c.html(
      <TotpEnrolPage
        page={pageContext(c)}
        factorId={factorId}
        qrCode={qrCodeDataUrl(uri)}
        secret={encodeBase32UpperCaseNoPadding(secret).replace(/(.{4})/g, "$1 ").trim()}
        name={name}
        errors={errors}
      />,
      Object.keys(errors).length ? 422 : 200,
    );
  }

  app.get("/security/totp/new", async (c) => {
    const { db, masterKey, clock } = c.var.deps;
    const factorId = crypto.randomUUID();
    const secret = generateTotpSecret();
    await startEnrolment(db, {
      id: factorId,
      accountId: c.var.session!.account.id,
      kind: "totp",
      name: c.var.t("totp.defaultName"),
      secret: await createFactorKeyring(masterKey).seal(factorId, secret),
    }, clock.now());
    return renderTotp(c, factorId, secret, c.var.t("totp.defaultName"), {});
  });

  app.post("/security/totp/:id", async (c) => {
    const { db, masterKey, clock, config } = c.var.deps;
    const accountId = c.var.session!.account.id;
    const factorId = c.req.param("id");
    const pending = isUuid(factorId) ? await findPendingFactor(db, accountId, factorId, clock.now()) : undefined;
    if (!pending) return c.redirect("/security/totp/new", 303);
    const keyring = createFactorKeyring(masterKey);
    const secret = await keyring.open(factorId, pending.secret!);

    const form = await parseForm(c, totpForm);
    if (!form.success) return renderTotp(c, factorId, secret, pending.name, form.errors);
    const check = await checkTotpCode(db, accountId, form.data.code, {
      keyring,
      now: clock.now(),
      allowedPastSteps: config.totpAllowedPastSteps,
      factorId,
      includePending: true,
    });
    if (!check.ok) {
      return renderTotp(c, factorId, secret, form.data.name, { code: { key: "secondFactor.invalid" } });
    }
    return await finishEnrolment(c, factorId, "totp", form.data.name);
  });

  // --- YubiKey in Yubico OTP mode ---

  app.get("/security/yubikey/new", (c) => c.html(<YubikeyEnrolPage page={pageContext(c)} values={{}} errors={{}} />));

  app.post("/security/yubikey", async (c) => {
    const values = await readForm(c);
    const invalid = (errors: FieldErrors) =>
      c.html(<YubikeyEnrolPage page={pageContext(c)} values={values} errors={errors} />, 422);
    const form = checkForm(yubikeyForm, values);
    if (!form.success) return invalid(form.errors);
    const staged = await stageYubikey(c.var.deps, c.var.session!.account.id, form.data);
    if ("errors" in staged) return invalid(staged.errors);
    return await finishEnrolment(c, staged.factorId, "yubico_otp");
  });

  return app;
}
