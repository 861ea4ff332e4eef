import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { ApprovalRow } from "../../db/four-eyes.ts";
import { moment } from "./format.ts";

/** An action's name in the catalogue, or its code when a feature registered no label. */
export function fourEyesActionLabel(page: PageContext, action: string): string {
  const key = `fourEyes.action.${action}` as MessageKey;
  const label = page.t(key);
  return label === undefined ? action : label;
}

export type ApprovalNotice = "executed" | "rejected" | "withdrawn" | "ownRequest";

export function ApprovalsPage(props: { page: PageContext; requests: ApprovalRow[]; notice: ApprovalNotice | null }) {
  const { page } = props;
  const t = page.t;
  const decide = (id: string, decision: "approve" | "reject" | "withdraw") => (
    <form method="post" action={`/practice/approvals/${id}/${decision}`} class="inline-form">
      <CsrfField token={page.csrfToken} />
      <button type="submit" class={decision === "approve" ? "primary" : undefined}>
        {t(`approvals.${decision}`)}
      </button>
    </form>
  );
  return (
    <Layout page={page} title={t("approvals.title")}>
      <h1>{t("approvals.title")}</h1>
      <p>{t("approvals.intro")}</p>
      {props.notice && (
        <Notice>{t(props.notice === "ownRequest" ? "approvals.ownRequest" : `approvals.done.${props.notice}`)}</Notice>
      )}
      {props.requests.length === 0 ? <p class="muted">{t("approvals.none")}</p> : (
        <table class="table">
          <thead>
            <tr>
              <th>{t("approvals.action")}</th>
              <th>{t("approvals.reason")}</th>
              <th>{t("approvals.requestedBy")}</th>
              <th>{t("approvals.requestedAt")}</th>
              <th>{t("approvals.status")}</th>
              <th>{t("approvals.decidedBy")}</th>
              <th>
                <span class="visually-hidden">{t("table.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.requests.map((request) => (
              <tr key={request.id} data-request-id={request.id}>
                <td>{fourEyesActionLabel(page, request.action)}</td>
                <td>{request.reason}</td>
                <td>{request.requestedByName}</td>
                <td>{moment(page.lang, request.requestedAt)}</td>
                <td>{t(`approvals.status.${request.status}`)}</td>
                <td>{request.decidedByName ?? "–"}</td>
                <td>
                  {request.decidable && decide(request.id, "approve")}
                  {request.decidable && decide(request.id, "reject")}
                  {request.withdrawable && decide(request.id, "withdraw")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
