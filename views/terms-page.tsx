import { Layout } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";
import type { TermsVersion } from "../lib/terms.ts";

export function TermsPage(props: { page: PageContext; terms: TermsVersion }) {
  const { page, terms } = props;
  return (
    <Layout page={page} title={page.t("terms.title")}>
      <h1>{terms.title[page.lang]}</h1>
      <p class="muted">{page.t("terms.version", { version: terms.version, date: terms.inForceFrom })}</p>
      {terms.paragraphs[page.lang].map((paragraph) => <p key={paragraph}>{paragraph}</p>)}
    </Layout>
  );
}
