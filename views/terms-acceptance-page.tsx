// Accepting the current terms of use (or objecting to them) before anything else.
import { Layout } from "./layout.tsx";
import { CsrfField, Notice } from "./components/form.tsx";
import type { PageContext } from "./page-context.ts";
import type { TermsVersion } from "../lib/terms.ts";

export function TermsAcceptancePage(props: { page: PageContext; terms: TermsVersion; changedMeanwhile?: boolean }) {
  const { page, terms } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("termsAcceptance.title")}>
      <h1>{t("termsAcceptance.title")}</h1>
      {props.changedMeanwhile && <Notice>{t("termsAcceptance.changedMeanwhile")}</Notice>}
      <p>{t("termsAcceptance.intro")}</p>
      <section class="panel" id="terms-text">
        <h2>{terms.title[page.lang]}</h2>
        <p class="muted">{t("terms.version", { version: terms.version, date: terms.inForceFrom })}</p>
        {terms.paragraphs[page.lang].map((paragraph) => <p key={paragraph}>{paragraph}</p>)}
      </section>
      <form method="post" action="/terms/accept" class="stack">
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={terms.version} />
        <button type="submit" class="primary">{t("termsAcceptance.accept")}</button>
      </form>
      <section class="panel">
        <h2>{t("termsAcceptance.objectTitle")}</h2>
        <p>{t("termsAcceptance.objectExplained")}</p>
        <form method="post" action="/terms/object" class="stack">
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={terms.version} />
          <button type="submit">{t("termsAcceptance.object")}</button>
        </form>
      </section>
    </Layout>
  );
}

export function TermsObjectedPage(props: { page: PageContext }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("termsAcceptance.objectedTitle")}>
      <h1>{t("termsAcceptance.objectedTitle")}</h1>
      <p>{t("termsAcceptance.objectedBody")}</p>
      <p>
        <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    </Layout>
  );
}
