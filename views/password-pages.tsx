// The pages of changing a password (signed in) and resetting a forgotten one (signed out).
import { Layout } from "./layout.tsx";
import type { FieldErrors, PageContext } from "./page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "./components/form.tsx";
import { NewPasswordFields } from "./components/password-fields.tsx";

export function ChangePasswordPage(props: { page: PageContext; expired: boolean; errors: FieldErrors }) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("password.changeTitle")}>
      <h1>{t("password.changeTitle")}</h1>
      {props.expired && <Notice>{t("password.expired")}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/security/password" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="current_password"
          type="password"
          label={t("password.current")}
          error={errors.current_password}
          autocomplete="current-password"
          maxLength={256}
        />
        <NewPasswordFields page={page} errors={errors} />
        <button type="submit" class="primary">{t("password.sendCode")}</button>
      </form>
    </Layout>
  );
}

/** Entering the emailed code: to confirm a change, or to start a reset. */
export function PasswordCodePage(props: {
  page: PageContext;
  action: string;
  title: "password.codeTitle" | "password.resetCodeTitle";
  intro: "password.codeIntro" | "password.resetCodeIntro";
  emailHint: string;
  submit: "password.confirm" | "verify.submit";
  errors: FieldErrors;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t(props.title)}>
      <h1>{t(props.title)}</h1>
      <p>{t(props.intro, { email: props.emailHint })}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={props.action} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="code"
          label={t("verify.code")}
          error={errors.code}
          autocomplete="one-time-code"
          inputmode="numeric"
          maxLength={8}
        />
        <button type="submit" class="primary">{t(props.submit)}</button>
      </form>
    </Layout>
  );
}

export function ForgotPasswordPage(props: { page: PageContext; email?: string; errors: FieldErrors }) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("password.forgotTitle")}>
      <h1>{t("password.forgotTitle")}</h1>
      <p>{t("password.forgotIntro")}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/password/forgot" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="email"
          type="email"
          label={t("signIn.email")}
          value={props.email}
          error={errors.email}
          autocomplete="username"
          maxLength={254}
        />
        <button type="submit" class="primary">{t("password.forgotSubmit")}</button>
      </form>
    </Layout>
  );
}

export function NewPasswordPage(props: { page: PageContext; errors: FieldErrors }) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("password.newTitle")}>
      <h1>{t("password.newTitle")}</h1>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/password/new" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <NewPasswordFields page={page} errors={errors} />
        <button type="submit" class="primary">{t("password.newSubmit")}</button>
      </form>
    </Layout>
  );
}
