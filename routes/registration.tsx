// Registering a practice and confirming the owner's email address.
import { Hono } from "hono";
import { z } from "zod";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts, takeMailBudget } from "./page.ts";
import { renderError } from "./errors.tsx";
import { checkForm, emailAddress, parseForm, personName, readForm, typedPassword } from "./validation.ts";
import { checkPasswordPolicy, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../lib/password.ts";
import type { PasswordProblem } from "../lib/password.ts";
import { createWrappedDataKey } from "../lib/envelope-encryption.ts";
import { maskEmail } from "../lib/email-address.ts";
import { CURRENT_TERMS } from "../lib/terms.ts";
import { currentTerms } from "../db/terms.ts";
import { refuseWhenRegistrationClosed } from "./operator-registration.tsx";
import { registerPractice } from "../db/practices.ts";
import { confirmEmailCode, findVerificationFlow, newVerification } from "../db/email-verifications.ts";
import { PasswordFeedback, RegisterPage, type RegistrationValues } from "../views/registration/register-page.tsx";
import { VerifyPage } from "../views/registration/verify-page.tsx";
import type { FieldError, FieldErrors } from "../views/page-context.ts";

const registrationForm = z.object({
  practice_name: personName(200),
  owner_name: personName(200),
  email: emailAddress,
  password: typedPassword.superRefine((password, ctx) => {
    const problem = checkPasswordPolicy(password);
    if (problem) ctx.addIssue({ code: "custom", message: `password.${problem}` });
  }),
  password_confirmation: z.string({ error: "form.required" }).max(PASSWORD_MAX_LENGTH, "password.tooLong"),
  accept_terms: z.literal("yes", { error: "register.termsRequired" }),
}).superRefine((form, ctx) => {
  const problem = checkPasswordPolicy(form.password, { email: form.email, name: form.owner_name });
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: `password.${problem}` });
  else if (form.password !== form.password_confirmation) {
    ctx.addIssue({ code: "custom", path: ["password_confirmation"], message: "password.mismatch" });
  }
});

const passwordCheck = z.object({ password: typedPassword });

const verificationForm = z.object({
  code: z.string({ error: "form.required" }).max(64, "verify.invalid")
    .transform((code) => code.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{8}$/, "verify.invalid")),
});

export function passwordProblemMessage(problem: PasswordProblem): FieldError {
  return {
    key: `password.${problem}`,
    values: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH },
  };
}

function renderRegistration(c: Context<AppEnv>, values: RegistrationValues, errors: FieldErrors) {
  if (errors.password) errors.password.values = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
  return c.html(<RegisterPage page={pageContext(c)} values={values} errors={errors} />, 422);
}

export function registrationRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/register", refuseWhenRegistrationClosed());

  app.get("/register", (c) => c.html(<RegisterPage page={pageContext(c)} values={{}} errors={{}} />));

  app.post("/register", async (c) => {
    const parsed = await parseForm(c, registrationForm);
    if (!parsed.success) return renderRegistration(c, parsed.values, parsed.errors);
    const form = parsed.data;
    const { config, db, masterKey } = c.var.deps;
    if (!await takeMailBudget(c)) return renderError(c, 429, "error.tooMany.title", "error.tooMany.body");
    const practiceId = crypto.randomUUID();
    const verification = newVerification();
    const signInUrl = new URL("/sign-in", config.baseUrl).href;
    const outcome = await registerPractice(db, {
      practiceId,
      practiceName: form.practice_name,
      ownerName: form.owner_name,
      email: form.email,
      emailHint: maskEmail(form.email),
      passwordHash: await hashPassword(form.password),
      language: c.var.lang,
      termsVersion: (await currentTerms(db))?.version ?? CURRENT_TERMS.version,
      locationName: c.var.t("locations.defaultName"),
      wrappedDataKey: await createWrappedDataKey(masterKey, `practice:${practiceId}`),
      verification,
      verificationMail: {
        to: form.email,
        language: c.var.lang,
        facts: { kind: "verificationCode", code: verification.code },
      },
      alreadyRegisteredMail: { to: form.email, language: c.var.lang, facts: { kind: "alreadyRegistered", signInUrl } },
    }, requestFacts(c));
    c.var.deps.kickMailDelivery();
    c.var.deps.log.info("registration", { requestId: c.var.requestId, registered: outcome.registered });
    return c.redirect(`/verify/${verification.flowId}`, 303);
  });

  // Inline feedback while the password is typed; the form post checks the same rules again.
  app.post("/register/password-check", async (c) => {
    const form = await readForm(c);
    const password = form.password ?? "";
    const problem = password ? checkPasswordPolicy(password, { email: form.email, name: form.owner_name }) : null;
    const error = !password
      ? { key: "form.required" as const }
      : problem
      ? passwordProblemMessage(problem)
      : !checkForm(passwordCheck, { password }).success
      ? { key: "form.invalidCharacters" as const }
      : undefined;
    return c.html(<PasswordFeedback page={pageContext(c)} error={error} />);
  });

  app.get("/verify/:flow", async (c) => {
    const flowId = c.req.param("flow");
    const flow = await findVerificationFlow(c.var.deps.db, flowId, "registration");
    if (!flow) return c.notFound();
    const notice = c.req.query("notice") === "resent" ? "verify.newCodeSent" as const : undefined;
    return c.html(
      <VerifyPage page={pageContext(c)} flowId={flowId} emailHint={flow.emailHint} errors={{}} notice={notice} />,
    );
  });

  app.post("/verify/:flow", async (c) => {
    const flowId = c.req.param("flow");
    const flow = await findVerificationFlow(c.var.deps.db, flowId, "registration");
    if (!flow) return c.notFound();
    const renderWithError = (errors: FieldErrors) =>
      c.html(<VerifyPage page={pageContext(c)} flowId={flowId} emailHint={flow.emailHint} errors={errors} />, 422);

    const parsed = await parseForm(c, verificationForm);
    if (!parsed.success) return renderWithError(parsed.errors);

    const outcome = await confirmEmailCode(c.var.deps.db, flowId, parsed.data.code, requestFacts(c));
    if (outcome === "verified") return c.redirect("/sign-in?notice=verified", 303);
    return renderWithError({ code: { key: outcome === "exhausted" ? "verify.exhausted" : "verify.invalid" } });
  });

  return app;
}
