import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import type { Role } from "../../lib/permissions.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { dayAsWritten } from "../../lib/activation-letter.ts";

export interface InvitationRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  state: "pending" | "accepted" | "withdrawn" | "expired" | "void";
  expires_at: Date;
  invited_by_name: string;
}

/** The practice's invitations with their state; open ones can be withdrawn or get a new code. */
export function InvitationListPage(props: { page: PageContext; invitations: InvitationRow[]; notice?: MessageKey }) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("invitations.title")}>
      <h1>{t("invitations.title")}</h1>
      <p>{t("invitations.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <p>
        <a class="button" href="/team/invitations/new">{t("invitations.new")}</a>
      </p>
      {props.invitations.length === 0 ? <p class="muted">{t("invitations.none")}</p> : (
        <table class="table">
          <thead>
            <tr>
              <th>{t("invitations.name")}</th>
              <th>{t("invitations.email")}</th>
              <th>{t("invitations.role")}</th>
              <th>{t("invitations.invitedBy")}</th>
              <th>{t("invitations.expires")}</th>
              <th>{t("invitations.state")}</th>
              <th>{t("invitations.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {props.invitations.map((invitation) => (
              <tr key={invitation.id} data-invitation-id={invitation.id} data-state={invitation.state}>
                <td>{invitation.name}</td>
                <td>{invitation.email}</td>
                <td>{t(`role.${invitation.role}`)}</td>
                <td>{invitation.invited_by_name}</td>
                <td>{dayAsWritten(invitation.expires_at, page.lang)}</td>
                <td>{t(`invitations.state.${invitation.state}`)}</td>
                <td>
                  {invitation.state === "pending" && (
                    <>
                      <form method="post" action={`/team/invitations/${invitation.id}/code`} class="inline-form">
                        <CsrfField token={page.csrfToken} />
                        <button type="submit" class="link-button">{t("invitations.newCode")}</button>
                      </form>
                      <form method="post" action={`/team/invitations/${invitation.id}/withdraw`} class="inline-form">
                        <CsrfField token={page.csrfToken} />
                        <button type="submit" class="link-button">{t("invitations.withdraw")}</button>
                      </form>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
