import { Layout } from "./layout.tsx";
import type { PageContext } from "./page-context.ts";

export interface OutboxMail {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: Date;
}

export function DevOutboxPage(props: { page: PageContext; mails: OutboxMail[] }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("outbox.title")}>
      <h1>{t("outbox.title")}</h1>
      <p class="muted">{t("outbox.intro")}</p>
      {props.mails.length === 0 && <p>{t("outbox.empty")}</p>}
      {props.mails.map((mail) => (
        <article class="panel mail" data-mail-id={mail.id}>
          <dl>
            <dt>{t("outbox.to")}</dt>
            <dd class="mail-to">{mail.recipient}</dd>
            <dt>{t("outbox.subject")}</dt>
            <dd>{mail.subject}</dd>
            <dt>{t("outbox.createdAt")}</dt>
            <dd>
              <time datetime={mail.created_at.toISOString()}>{mail.created_at.toISOString()}</time>
            </dd>
          </dl>
          <pre class="mail-body">{mail.body}</pre>
        </article>
      ))}
    </Layout>
  );
}
