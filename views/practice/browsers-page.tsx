import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import type { BrowserDecision, BrowserRow } from "../../db/browsers.ts";
import { moment } from "./format.ts";

export function BrowsersPage(props: {
  page: PageContext;
  browsers: BrowserRow[];
  policyOn: boolean;
  /** The request an emailed link pointed at, shown first and marked. */
  requestedId: string | null;
  notice: BrowserDecision | null;
}) {
  const { page } = props;
  const t = page.t;
  const pending = props.browsers.filter((browser) => browser.decidable)
    .sort((a, b) => Number(b.id === props.requestedId) - Number(a.id === props.requestedId));
  const decide = (id: string, decision: BrowserDecision) => (
    <form method="post" action={`/practice/browsers/${id}/${decision}`} class="inline-form">
      <CsrfField token={page.csrfToken} />
      <button type="submit" class={decision === "approve" ? "primary" : undefined}>{t(`browsers.${decision}`)}</button>
    </form>
  );
  return (
    <Layout page={page} title={t("browsers.title")}>
      <h1>{t("browsers.title")}</h1>
      <p>{t("browsers.intro")}</p>
      {!props.policyOn && <p class="muted">{t("browsers.policyOff")}</p>}
      {props.notice && <Notice>{t(`browsers.done.${props.notice}`)}</Notice>}
      <section class="panel">
        <h2>{t("browsers.pending")}</h2>
        {pending.length === 0 ? <p class="muted">{t("browsers.nonePending")}</p> : (
          <ul class="stack">
            {pending.map((browser) => (
              <li
                key={browser.id}
                data-browser-id={browser.id}
                aria-current={browser.id === props.requestedId ? "true" : undefined}
              >
                {browser.id === props.requestedId && <strong>{t("browsers.requested")}:</strong>} {browser.memberName}
                {" "}
                ({t(`role.${browser.role}`)}) · {browser.description} · {moment(page.lang, browser.firstSeenAt)}
                {decide(browser.id, "approve")}
                {decide(browser.id, "deny")}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="panel">
        <h2>{t("browsers.known")}</h2>
        {props.browsers.length === 0 ? <p class="muted">{t("browsers.none")}</p> : (
          <table class="table">
            <thead>
              <tr>
                <th>{t("browsers.member")}</th>
                <th>{t("browsers.device")}</th>
                <th>{t("browsers.firstSeen")}</th>
                <th>{t("browsers.lastSeen")}</th>
                <th>{t("browsers.status")}</th>
                <th>{t("browsers.decidedBy")}</th>
                <th>
                  <span class="visually-hidden">{t("table.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.browsers.map((browser) => (
                <tr key={browser.id} data-browser-id={browser.id}>
                  <td>{browser.memberName}</td>
                  <td>{browser.description}</td>
                  <td>{moment(page.lang, browser.firstSeenAt)}</td>
                  <td>{moment(page.lang, browser.lastSeenAt)}</td>
                  <td>{t(`browsers.status.${browser.status}`)}</td>
                  <td>
                    {browser.decidedByName ??
                      (browser.status === "approved" && browser.decidedAt ? t("browsers.implicit") : "–")}
                  </td>
                  <td>{browser.revocable && decide(browser.id, "revoke")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
