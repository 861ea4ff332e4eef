// The owner sets up a programmed YubiKey for a member: the key's data, an OTP from the key as
// proof that the data fit it, and the reason. The AES secret is never written back into the page.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { ReasonField } from "./member-page.tsx";

export function MemberYubikeyPage(props: {
  page: PageContext;
  member: { id: string; name: string };
  /** Why no key can be set up for this membership (the owner's own, or ended). */
  problem?: MessageKey;
  notice?: MessageKey;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, member, values, errors } = props;
  const t = page.t;
  const base = `/team/members/${member.id}`;
  const title = t("memberKeys.title", { name: member.name });
  return (
    <Layout page={page} title={title}>
      <p>
        <a href={base}>{t("memberKeys.back", { name: member.name })}</a>
      </p>
      <h1>{title}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      <ErrorSummary page={page} errors={errors} />
      {!props.problem && (
        <>
          <p>{t("memberKeys.intro")}</p>
          <form method="post" action={`${base}/yubikey`} class="stack" novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField
              page={page}
              name="name"
              label={t("yubikey.name")}
              value={values.name ?? t("yubikey.defaultName")}
              error={errors.name}
              maxLength={60}
            />
            <TextField
              page={page}
              name="csv"
              label={t("yubikey.csv")}
              error={errors.csv}
              autocomplete="off"
              optional
            />
            <TextField
              page={page}
              name="public_id"
              label={t("yubikey.publicId")}
              value={values.public_id}
              error={errors.public_id}
              autocomplete="off"
              maxLength={12}
              optional
            />
            <TextField
              page={page}
              name="private_id"
              label={t("yubikey.privateId")}
              value={values.private_id}
              error={errors.private_id}
              autocomplete="off"
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
            <ReasonField page={page} form="yubikey" error={errors["yubikey-reason"]} value={values.reason} />
            <button type="submit" class="primary">{t("memberKeys.submit")}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
