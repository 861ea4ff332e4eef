// The owner sets up a programmed YubiKey for a member: the key's data, an OTP from the key as
// proof that the data fit it, and the reason. The AES secret is never written back into the page.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice } from "../components/form.tsx";
import { YubikeyFields } from "../components/yubikey-fields.tsx";
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
            <YubikeyFields page={page} values={values} errors={errors} />
            <ReasonField page={page} form="yubikey" error={errors["yubikey-reason"]} value={values.reason} />
            <button type="submit" class="primary">{t("memberKeys.submit")}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
