import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice } from "../components/form.tsx";
import type { Role } from "../../lib/permissions.ts";
import { fourEyesActionLabel } from "./approvals-page.tsx";

export interface MemberAccessRow {
  id: string;
  name: string;
  role: Role;
  networkException: boolean;
  approvesBrowsers: boolean;
}

export function AccessPage(props: {
  page: PageContext;
  networksText: string;
  browserApproval: boolean;
  fourEyesActions: string[];
  availableActions: string[];
  members: MemberAccessRow[];
  address: string;
  errors: FieldErrors;
  notice: "saved" | "memberSaved" | null;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("access.title")}>
      <h1>{t("access.title")}</h1>
      <p>{t("access.intro")}</p>
      <p>
        <a href="/practice/browsers">{t("access.links.browsers")}</a> ·{" "}
        <a href="/practice/approvals">{t("access.links.approvals")}</a> ·{" "}
        <a href="/practice/data-key">{t("nav.dataKey")}</a>
        {page.can("audit.read") && (
          <>
            {" · "}
            <a href="/protocol">{t("protocol.title")}</a>
          </>
        )}
      </p>
      {props.notice && <Notice>{t(props.notice === "saved" ? "access.saved" : "access.memberSaved")}</Notice>}
      <section class="panel">
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action="/practice/access" class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <div class={errors.allowed_networks ? "field field-invalid" : "field"}>
            <label for="allowed_networks">{t("access.networks.label")}</label>
            <p class="field-hint" id="allowed_networks-hint">
              {t("access.networks.hint")} {t("access.networks.yourAddress", { address: props.address })}
            </p>
            <textarea
              id="allowed_networks"
              name="allowed_networks"
              rows={5}
              maxlength={5000}
              spellcheck={false}
              aria-invalid={errors.allowed_networks ? "true" : undefined}
              aria-describedby="allowed_networks-hint allowed_networks-error"
            >
              {props.networksText}
            </textarea>
            <FieldMessage page={page} id="allowed_networks-error" error={errors.allowed_networks} />
          </div>
          <label class="checkbox">
            <input type="checkbox" name="browser_approval" value="yes" checked={props.browserApproval} />
            <span>{t("access.browserApproval.label")}</span>
          </label>
          <fieldset>
            <legend>{t("access.fourEyes.title")}</legend>
            <p class="field-hint">{t("access.fourEyes.hint")}</p>
            {props.availableActions.length === 0 && <p class="muted">{t("access.fourEyes.none")}</p>}
            {props.availableActions.map((action) => (
              <label class="checkbox" key={action}>
                <input
                  type="checkbox"
                  name={`four_eyes_${action}`}
                  value="yes"
                  checked={props.fourEyesActions.includes(action)}
                />
                <span>{fourEyesActionLabel(page, action)}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary">{t("access.save")}</button>
        </form>
      </section>
      <section class="panel">
        <h2>{t("access.members.title")}</h2>
        <p>{t("access.members.intro")}</p>
        <table class="table">
          <thead>
            <tr>
              <th>{t("access.members.name")}</th>
              <th>{t("access.members.role")}</th>
              <th>{t("access.members.exception")}</th>
              <th>{t("access.members.approves")}</th>
              <th>
                <span class="visually-hidden">{t("table.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((member) => {
              const formId = `member-${member.id}`;
              return (
                <tr key={member.id} data-membership-id={member.id}>
                  <td>{member.name}</td>
                  <td>{t(`role.${member.role}`)}</td>
                  <td>
                    <input
                      type="checkbox"
                      form={formId}
                      name="network_exception"
                      value="yes"
                      checked={member.networkException}
                      aria-label={`${t("access.members.exception")}: ${member.name}`}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      form={formId}
                      name="approves_browsers"
                      value="yes"
                      checked={member.approvesBrowsers}
                      aria-label={`${t("access.members.approves")}: ${member.name}`}
                    />
                  </td>
                  <td>
                    <form
                      id={formId}
                      method="post"
                      action={`/practice/access/members/${member.id}`}
                      class="inline-form"
                    >
                      <CsrfField token={page.csrfToken} />
                      <button type="submit">{t("access.members.save")}</button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
