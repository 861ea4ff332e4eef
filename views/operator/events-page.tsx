// Lockouts and loss reports across the installation, newest first.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { ConsoleNav } from "./reason-field.tsx";
import { atMinute } from "./time.ts";

export interface InstallationEvent {
  id: string;
  occurred_at: Date;
  action: string;
  subject_id: string | null;
  account_name: string | null;
  account_email: string | null;
  practices: string[];
}

function EventTable(props: { page: PageContext; id: string; events: InstallationEvent[]; showAction: boolean }) {
  const t = props.page.t;
  if (!props.events.length) return <p id={props.id} class="muted">{t("operator.events.none")}</p>;
  return (
    <table class="table" id={props.id}>
      <thead>
        <tr>
          <th>{t("operator.events.when")}</th>
          {props.showAction && <th>{t("operator.events.what")}</th>}
          <th>{t("team.name")}</th>
          <th>{t("team.email")}</th>
          <th>{t("operator.practices")}</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((event) => (
          <tr key={event.id}>
            <td>{atMinute(event.occurred_at)}</td>
            {props.showAction && <td>{event.action}</td>}
            <td>
              {event.subject_id && event.account_name
                ? <a href={`/operator/accounts/${event.subject_id}`}>{event.account_name}</a>
                : "–"}
            </td>
            <td>{event.account_email ?? "–"}</td>
            <td>{event.practices.join(", ") || "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OperatorEventsPage(props: {
  page: PageContext;
  lockouts: InstallationEvent[];
  lossReports: InstallationEvent[];
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("operator.events.title")}>
      <h1>{t("operator.events.title")}</h1>
      <ConsoleNav page={page} />
      <section class="panel">
        <h2>{t("operator.events.lockouts")}</h2>
        <EventTable page={page} id="lockouts" events={props.lockouts} showAction={false} />
      </section>
      <section class="panel">
        <h2>{t("operator.events.lossReports")}</h2>
        <EventTable page={page} id="loss-reports" events={props.lossReports} showAction />
      </section>
    </Layout>
  );
}
