import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";

/**
 * Shown once, right after an invitation or a new code: the activation code and the button that
 * turns it into the printable letter (the code goes along, since the server keeps only a hash).
 */
export function InvitationLetterPage(props: {
  page: PageContext;
  invitation: { id: string; name: string; email: string };
  code: string;
  reissued: boolean;
}) {
  const { page, invitation } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("invitations.letter.title")}>
      <h1>{t("invitations.letter.title")}</h1>
      <Notice>
        {props.reissued ? t("invitations.letter.reissued") : t("invitations.letter.sent", { email: invitation.email })}
      </Notice>
      <section class="panel">
        <h2>{t("invitations.letter.codeFor", { name: invitation.name })}</h2>
        <p>
          <code class="activation-code">{props.code}</code>
        </p>
        <div class="error-summary" role="alert">{t("invitations.letter.shownOnce")}</div>
        {/* A download, not a page: htmx must not swap the PDF into this page. */}
        <form method="post" action={`/team/invitations/${invitation.id}/letter`} hx-boost="false" class="stack">
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="code" value={props.code} />
          <button type="submit" class="primary">{t("invitations.letter.download")}</button>
        </form>
      </section>
      <p>
        <a href="/team/invitations">{t("invitations.letter.back")}</a>
      </p>
    </Layout>
  );
}
