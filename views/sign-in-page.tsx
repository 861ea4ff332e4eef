import { Layout } from "./layout.tsx";
import type { FieldErrors, PageContext } from "./page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "./components/form.tsx";
import type { MessageKey } from "../lib/i18n/mod.ts";

export function SignInPage(props: {
  page: PageContext;
  email?: string;
  errors: FieldErrors;
  failed?: boolean;
  tooMany?: boolean;
  notice?: MessageKey;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("signIn.title")}>
      <h1>{t("signIn.title")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.failed && <div class="error-summary" role="alert">{t("signIn.failed")}</div>}
      {props.tooMany && <div class="error-summary" role="alert">{t("signIn.tooManyFromAddress")}</div>}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/sign-in" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="email"
          type="email"
          label={t("signIn.email")}
          value={props.email}
          error={errors.email}
          autocomplete="username"
          inputmode="email"
          maxLength={254}
        />
        <TextField
          page={page}
          name="password"
          type="password"
          label={t("signIn.password")}
          error={errors.password}
          autocomplete="current-password"
          maxLength={256}
        />
        <button type="submit" class="primary">{t("signIn.submit")}</button>
      </form>
      <p>
        <a href="/password/forgot">{t("signIn.forgotPassword")}</a>
      </p>
      <p>
        <a href="/lost-key">{t("loss.link")}</a>
      </p>
      <p>
        {t("signIn.noAccount")} <a href="/register">{t("nav.register")}</a>
      </p>
    </Layout>
  );
}
