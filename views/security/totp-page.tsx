import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, TextField } from "../components/form.tsx";

export function TotpEnrolPage(props: {
  page: PageContext;
  factorId: string;
  qrCode: string;
  secret: string;
  name: string;
  errors: FieldErrors;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("totp.title")}>
      <h1>{t("totp.title")}</h1>
      <p>{t("totp.scan")}</p>
      <p>
        <img class="qr-code" src={props.qrCode} alt={t("totp.qrAlt")} />
      </p>
      <p>
        {t("totp.secret")}: <code class="totp-secret">{props.secret}</code>
      </p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/security/totp/${props.factorId}`} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="name"
          label={t("totp.name")}
          value={props.name}
          error={errors.name}
          maxLength={60}
        />
        <TextField
          page={page}
          name="code"
          label={t("totp.code")}
          error={errors.code}
          autocomplete="one-time-code"
          inputmode="numeric"
          maxLength={7}
        />
        <button type="submit" class="primary">{t("totp.submit")}</button>
      </form>
    </Layout>
  );
}
