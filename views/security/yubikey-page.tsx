import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, TextField } from "../components/form.tsx";

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
        <TextField
          page={page}
          name="name"
          label={t("yubikey.name")}
          value={values.name ?? t("yubikey.defaultName")}
          error={errors.name}
          maxLength={60}
        />
        <TextField page={page} name="csv" label={t("yubikey.csv")} value={values.csv} error={errors.csv} optional />
        <TextField
          page={page}
          name="public_id"
          label={t("yubikey.publicId")}
          value={values.public_id}
          error={errors.public_id}
          maxLength={12}
          optional
        />
        <TextField
          page={page}
          name="private_id"
          label={t("yubikey.privateId")}
          value={values.private_id}
          error={errors.private_id}
          maxLength={12}
          optional
        />
        <TextField
          page={page}
          name="aes_key"
          type="password"
          label={t("yubikey.aesKey")}
          error={errors.aes_key}
          autocomplete="off"
          maxLength={32}
          optional
        />
        <TextField
          page={page}
          name="otp"
          label={t("yubikey.otp")}
          error={errors.otp}
          autocomplete="off"
          maxLength={48}
        />
        <button type="submit" class="primary">{t("yubikey.submit")}</button>
      </form>
    </Layout>
  );
}
