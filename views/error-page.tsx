import { Layout } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";

export function ErrorPage(props: { page: PageContext; title: MessageKey; body: MessageKey; requestId?: string }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t(props.title)}>
      <h1>{t(props.title)}</h1>
      <p>{t(props.body)}</p>
      {props.requestId && (
        <p>
          <code class="request-id">{props.requestId}</code>
        </p>
      )}
      <p>
        <a href="/">{t("error.backHome")}</a>
      </p>
    </Layout>
  );
}
