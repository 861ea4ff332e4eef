// The operator console's start: the installation's practices, and public registration.
import { Layout } from "../layout.tsx";
import { CsrfField, ErrorSummary, Notice } from "../components/form.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { ConsoleNav, ReasonField } from "./reason-field.tsx";
import { onDay } from "./time.ts";

export interface PracticeRow {
  id: string;
  name: string;
  status: "active" | "locked";
  created_at: Date;
  members: number | string | bigint | null;
}

export function OperatorConsolePage(props: {
  page: PageContext;
  practices: PracticeRow[];
  registrationOpen: boolean;
  notice?: MessageKey;
  errors: FieldErrors;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("operator.title")}>
      <h1>{t("operator.title")}</h1>
      <ConsoleNav page={page} />
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      <section class="panel">
        <h2>{t("operator.practices")}</h2>
        <p class="muted">{t("operator.noPatientData")}</p>
        <table class="table">
          <thead>
            <tr>
              <th>{t("operator.practice.name")}</th>
              <th>{t("operator.practice.status")}</th>
              <th>{t("operator.practice.created")}</th>
              <th>{t("operator.practice.members")}</th>
            </tr>
          </thead>
          <tbody>
            {props.practices.map((practice) => (
              <tr key={practice.id} data-practice-id={practice.id}>
                <td>
                  <a href={`/operator/practices/${practice.id}`}>{practice.name}</a>
                </td>
                <td>{t(practice.status === "locked" ? "operator.state.locked" : "operator.state.active")}</td>
                <td>{onDay(practice.created_at)}</td>
                <td>{String(practice.members ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="panel">
        <h2>{t("operator.registration.title")}</h2>
        <p id="registration-state">
          {t(props.registrationOpen ? "operator.registration.isOpen" : "operator.registration.isClosed")}
        </p>
        <form method="post" action="/operator/registration" class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="open" value={props.registrationOpen ? "no" : "yes"} />
          <ReasonField page={page} name="registration_reason" errors={errors} />
          <button type="submit" class="primary">
            {t(props.registrationOpen ? "operator.registration.close" : "operator.registration.open")}
          </button>
        </form>
      </section>
    </Layout>
  );
}
