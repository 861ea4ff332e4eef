// The public side of a share link: the landing page (with the code field when the link needs
// one) and the page for a link that no longer works. Downloading is a POST from this page, so
// link previews in mail and chat programs cannot use up a single-use link. Nothing here names
// the practice, the file, its type or size: whoever holds the link learns nothing before the
// code (a practice's name alone can tell what someone is treated for).
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage } from "../components/form.tsx";
import { moment } from "./format.ts";

export function SharePage(props: {
  page: PageContext;
  token: string;
  expiresAt: Date;
  usesLeft: number;
  needsCode: boolean;
  errors: FieldErrors;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("share.title")}>
      <h1>{t("share.title")}</h1>
      <p>{t(props.needsCode ? "share.introWithCode" : "share.intro")}</p>
      <p class="muted">
        {t("share.expiresAt", { at: moment(page.lang, props.expiresAt) })} ·{" "}
        {t("share.downloadsLeft", { count: props.usesLeft })}
      </p>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/share/${props.token}`} class="stack" hx-boost="false" novalidate>
        <CsrfField token={page.csrfToken} />
        {props.needsCode && (
          <div class={errors.code ? "field field-invalid" : "field"}>
            <label for="code">{t("share.codeLabel")}</label>
            <p class="field-hint" id="code-hint">{t("share.codeHint")}</p>
            <input
              id="code"
              name="code"
              type="text"
              inputmode="numeric"
              autocomplete="off"
              maxlength={12}
              required
              aria-invalid={errors.code ? "true" : undefined}
              aria-describedby="code-hint code-error"
            />
            <FieldMessage page={page} id="code-error" error={errors.code} />
          </div>
        )}
        <button type="submit" class="primary">{t("share.download")}</button>
      </form>
    </Layout>
  );
}
