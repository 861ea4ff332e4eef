import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";

// Checked every few seconds by htmx (the status answer redirects once a decision is made), and
// without JavaScript by the page reloading itself (the route sends a Refresh header).

export function BrowserWaitingPage(props: { page: PageContext; practiceName: string }) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("browser.waiting.title")}>
      <h1>{t("browser.waiting.title")}</h1>
      <section class="panel" hx-get="/browser-approval/status" hx-trigger="every 5s" hx-swap="none">
        <p>{t("browser.waiting.body", { practice: props.practiceName })}</p>
        <p class="muted">{t("browser.waiting.reload")}</p>
        <p>
          <a href="/browser-approval">{t("browser.waiting.check")}</a>
        </p>
      </section>
    </Layout>
  );
}
