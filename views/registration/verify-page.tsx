import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";

export function VerifyPage(props: {
  page: PageContext;
  flowId: string;
  emailHint: string;
  errors: FieldErrors;
  notice?: MessageKey;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("verify.title")}>
      <h1>{t("verify.title")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <p>{t("verify.intro", { email: props.emailHint })}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/verify/${props.flowId}`} class="stack" novalidate>
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
        <button type="submit" class="primary">{t("verify.submit")}</button>
      </form>
    </Layout>
  );
}
