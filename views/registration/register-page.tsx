import { Layout } from "../layout.tsx";
import type { FieldError, FieldErrors, PageContext } from "../page-context.ts";
import { CheckboxField, CsrfField, ErrorSummary, FieldMessage, TextField } from "../components/form.tsx";
import { CURRENT_TERMS } from "../../lib/terms.ts";

export interface RegistrationValues {
  practice_name?: string;
  owner_name?: string;
  email?: string;
  accept_terms?: string;
}

export function RegisterPage(props: { page: PageContext; values: RegistrationValues; errors: FieldErrors }) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("register.title")}>
      <h1>{t("register.title")}</h1>
      <p>{t("register.intro")}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/register" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="practice_name"
          label={t("register.practiceName")}
          value={values.practice_name}
          error={errors.practice_name}
          autocomplete="organization"
          maxLength={200}
        />
        <TextField
          page={page}
          name="owner_name"
          label={t("register.ownerName")}
          value={values.owner_name}
          error={errors.owner_name}
          autocomplete="name"
          maxLength={200}
        />
        <TextField
          page={page}
          name="email"
          type="email"
          label={t("register.email")}
          value={values.email}
          error={errors.email}
          autocomplete="email"
          inputmode="email"
          maxLength={254}
        />
        <TextField
          page={page}
          name="password"
          type="password"
          label={t("register.password")}
          error={errors.password}
          autocomplete="new-password"
          maxLength={256}
          hint={t("password.hint")}
          live={{
            "hx-post": "/register/password-check",
            "hx-trigger": "input changed delay:600ms",
            "hx-target": "#password-error",
            "hx-swap": "outerHTML",
            "hx-include": "closest form",
          }}
        />
        <TextField
          page={page}
          name="password_confirmation"
          type="password"
          label={t("register.passwordConfirmation")}
          error={errors.password_confirmation}
          autocomplete="new-password"
          maxLength={256}
        />
        <CheckboxField
          page={page}
          name="accept_terms"
          checked={values.accept_terms === "yes"}
          error={errors.accept_terms}
        >
          {t("register.acceptTerms", { version: CURRENT_TERMS.version })}{" "}
          <a href="/terms" target="_blank" rel="noopener">{t("register.readTerms")}</a>
        </CheckboxField>
        <button type="submit" class="primary">{t("register.submit")}</button>
      </form>
      <p>
        {t("register.haveAccount")} <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}

/** The inline verdict on a password while it is typed (htmx swaps it in). */
export function PasswordFeedback(props: { page: PageContext; error?: FieldError }) {
  return props.error
    ? <FieldMessage page={props.page} id="password-error" error={props.error} />
    : (
      <p class="field-ok" id="password-error" aria-live="polite">
        {props.page.t("password.ok")}
      </p>
    );
}
