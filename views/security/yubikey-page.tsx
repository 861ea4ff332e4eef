import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary } from "../components/form.tsx";
import { YubikeyFields } from "../components/yubikey-fields.tsx";

export function YubikeyEnrolPage(props: { page: PageContext; values: Record<string, string>; errors: FieldErrors }) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("yubikey.title")}>
      <h1>{t("yubikey.title")}</h1>
      <p>{t("yubikey.intro")}</p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/security/yubikey" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <YubikeyFields page={page} values={values} errors={errors} />
        <button type="submit" class="primary">{t("yubikey.submit")}</button>
      </form>
    </Layout>
  );
}
