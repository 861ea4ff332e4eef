// Reporting a lost key: the signed-out form on the way from the sign-in page, the signed-in
// choice among one's own factors, the answer, and the request for new credentials.
import { Layout } from "./layout.tsx";
import type { FieldErrors, PageContext } from "./page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "./components/form.tsx";
import type { FactorKind } from "../db/schema.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";

const KIND_LABEL: Record<FactorKind, MessageKey> = {
  totp: "security.kind.totp",
  webauthn: "security.kind.webauthn",
  yubico_otp: "security.kind.yubico_otp",
};

export function LossReportPage(props: {
  page: PageContext;
  values: Record<string, string>;
  errors: FieldErrors;
  failure?: "failed" | "tooMany";
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("loss.title")}>
      <h1>{t("loss.title")}</h1>
      <p>{t("loss.intro")}</p>
      {props.failure === "failed" && <div class="error-summary" role="alert">{t("loss.failed")}</div>}
      {props.failure === "tooMany" && <div class="error-summary" role="alert">{t("signIn.tooManyFromAddress")}</div>}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/lost-key" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="email"
          type="email"
          label={t("signIn.email")}
          value={props.values.email}
          error={errors.email}
          autocomplete="username"
          inputmode="email"
          maxLength={254}
        />
        <TextField
          page={page}
          name="proof"
          type="password"
          label={t("loss.proof")}
          hint={t("loss.proofHint")}
          error={errors.proof}
          autocomplete="current-password"
          maxLength={256}
        />
        <TextField
          page={page}
          name="factor_name"
          label={t("loss.factorName")}
          hint={t("loss.factorNameHint")}
          value={props.values.factor_name}
          error={errors.factor_name}
          maxLength={100}
          optional
        />
        <button type="submit" class="primary">{t("loss.submit")}</button>
      </form>
      <p>
        <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}

export function OwnLossReportPage(props: {
  page: PageContext;
  factors: { id: string; kind: FactorKind; name: string }[];
  errors: FieldErrors;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("loss.title")}>
      <h1>{t("loss.title")}</h1>
      <p>{t("loss.ownIntro")}</p>
      <ErrorSummary page={page} errors={props.errors} />
      <form method="post" action="/security/loss-report" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <fieldset>
          <legend>{t("loss.which")}</legend>
          {props.factors.map((factor) => (
            <label class="checkbox">
              <input type="radio" name="factor" value={factor.id} required />
              <span>{factor.name} ({t(KIND_LABEL[factor.kind])})</span>
            </label>
          ))}
          <label class="checkbox">
            <input type="radio" name="factor" value="all" required checked />
            <span>{t("loss.all")}</span>
          </label>
          <FieldMessage page={page} id="factor-error" error={props.errors.factor} />
        </fieldset>
        <button type="submit" class="primary">{t("loss.submit")}</button>
      </form>
      <p>
        <a href="/security">{t("nav.security")}</a>
      </p>
    </Layout>
  );
}

export function LossReportDonePage(props: { page: PageContext; allCredentials: boolean; token: string }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("loss.title")}>
      <h1>{t("loss.doneTitle")}</h1>
      <Notice>{t(props.allCredentials ? "loss.doneAll" : "loss.doneOne")}</Notice>
      <p>{t("loss.doneNotified")}</p>
      <form method="post" action="/lost-key/new-credentials" class="stack">
        <CsrfField token={props.page.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <p>{t("loss.newCredentialsIntro")}</p>
        <button type="submit" class="primary">{t("loss.newCredentials")}</button>
      </form>
      <p>
        <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}

export function NewCredentialsPage(props: { page: PageContext; requested: boolean }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("loss.newCredentials")}>
      <h1>{t("loss.newCredentials")}</h1>
      {props.requested
        ? <Notice>{t("loss.newCredentialsRequested")}</Notice>
        : <div class="error-summary" role="alert">{t("loss.newCredentialsExpired")}</div>}
      <p>
        <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}
