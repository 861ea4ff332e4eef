// One practice in the console: its state and its people, never its patients.
import { Layout } from "../layout.tsx";
import { CsrfField, ErrorSummary, Notice } from "../components/form.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { Role } from "../../lib/permissions.ts";
import { ConsoleNav, ReasonField } from "./reason-field.tsx";
import { atMinute, onDay } from "./time.ts";

export interface PersonRow {
  id: string;
  accountId: string;
  name: string;
  email: string;
  role: Role;
  accountStatus: "unverified" | "active" | "locked";
  membershipState: "current" | "locked" | "ended";
}

export function OperatorPracticePage(props: {
  page: PageContext;
  practice: {
    id: string;
    name: string;
    status: "active" | "locked";
    created_at: Date;
    locked_at: Date | null;
    locked_reason: string | null;
  };
  people: PersonRow[];
  notice?: MessageKey;
  errors: FieldErrors;
}) {
  const { page, practice, errors } = props;
  const t = page.t;
  const locked = practice.status === "locked";
  return (
    <Layout page={page} title={practice.name}>
      <h1>{practice.name}</h1>
      <ConsoleNav page={page} />
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      <section class="panel">
        <h2>{t("operator.practice.state")}</h2>
        <p id="practice-state">
          {t(locked ? "operator.state.locked" : "operator.state.active")}
          {locked && ` · ${atMinute(practice.locked_at)} · ${practice.locked_reason ?? ""}`}
        </p>
        <p class="muted">{t("operator.practice.createdOn", { date: onDay(practice.created_at) })}</p>
        <form method="post" action={`/operator/practices/${practice.id}/${locked ? "unlock" : "lock"}`} class="stack">
          <CsrfField token={page.csrfToken} />
          <ReasonField page={page} name="practice_reason" errors={errors} />
          <button type="submit" class="primary">
            {t(locked ? "operator.practice.unlock" : "operator.practice.lock")}
          </button>
        </form>
      </section>
      <section class="panel">
        <h2>{t("operator.people")}</h2>
        <table class="table">
          <thead>
            <tr>
              <th>{t("team.name")}</th>
              <th>{t("team.email")}</th>
              <th>{t("team.role")}</th>
              <th>{t("operator.membershipState")}</th>
              <th>{t("operator.accountState")}</th>
            </tr>
          </thead>
          <tbody>
            {props.people.map((person) => (
              <tr key={person.id} data-account-id={person.accountId}>
                <td>
                  <a href={`/operator/accounts/${person.accountId}`}>{person.name}</a>
                </td>
                <td>{person.email}</td>
                <td>{t(`role.${person.role}`)}</td>
                <td>{t(`operator.membership.${person.membershipState}`)}</td>
                <td>{t(`operator.account.${person.accountStatus}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
