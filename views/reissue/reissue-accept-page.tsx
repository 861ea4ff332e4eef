import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, TextField } from "../components/form.tsx";
import { NewPasswordFields } from "../components/password-fields.tsx";

/** Where a member with re-issued access arrives by the link: the code from the letter and a new password. */
export function ReissueAcceptPage(props: {
  page: PageContext;
  path: string;
  reissue: { practiceName: string; email: string };
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("reissue.accept.title")}>
      <h1>{t("reissue.accept.title")}</h1>
      <p>{t("reissue.accept.intro", { practice: props.reissue.practiceName })}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={props.path} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <p class="muted">{t("invitation.email", { email: props.reissue.email })}</p>
        <TextField
          page={page}
          name="code"
          label={t("reissue.code")}
          value={values.code}
          error={errors.code}
          autocomplete="off"
          hint={t("invitation.codeHint")}
          maxLength={40}
        />
        <NewPasswordFields
          page={page}
          errors={errors}
          label="reissue.password"
          confirmationLabel="reissue.passwordConfirmation"
        />
        <button type="submit" class="primary">{t("reissue.submitAccept")}</button>
      </form>
    </Layout>
  );
}
