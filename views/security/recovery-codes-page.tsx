import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";

/** The recovery codes: how many are left, or (once, right after creating them) the codes. */
export function RecoveryCodesPage(props: { page: PageContext; unused: number; fresh?: string[]; notice?: boolean }) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("recovery.title")}>
      <h1>{t("recovery.title")}</h1>
      {props.notice && <Notice>{t("security.factorAddedNotice")}</Notice>}
      <p>{t("recovery.intro")}</p>
      {props.fresh
        ? (
          <>
            <div class="error-summary" role="alert">{t("recovery.shownOnce")}</div>
            <ol class="recovery-codes">
              {props.fresh.map((code) => (
                <li key={code}>
                  <code>{code}</code>
                </li>
              ))}
            </ol>
            <p>
              <a class="button" href="/">{t("recovery.continue")}</a>
            </p>
          </>
        )
        : (
          <>
            <p>{props.unused ? t("recovery.left", { count: props.unused }) : t("recovery.none")}</p>
            <form method="post" action="/security/recovery-codes" class="stack">
              <CsrfField token={page.csrfToken} />
              <p class="field-hint">{t("recovery.generateHint")}</p>
              <button type="submit" class="primary">{t("recovery.generate")}</button>
            </form>
          </>
        )}
    </Layout>
  );
}
