// The send log as a table: what, which channel, when, delivered or why not. Shared by a
// patient's messages, an appointment's messages and the failed messages.
import type { PageContext } from "../page-context.ts";
import type { MessageLogEntry } from "../../db/patient-messages.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { moment } from "../practice/format.ts";
import { CsrfField } from "../components/form.tsx";

const KNOWN_REASONS = new Set(["no_consent", "no_address", "superseded", "too_late", "interrupted", "channel_off"]);

export function reasonText(page: PageContext, reason: string | null): string {
  if (!reason) return "";
  return KNOWN_REASONS.has(reason)
    ? page.t(`patientMessages.reason.${reason}` as MessageKey)
    : page.t("patientMessages.reason.other", { code: reason });
}

export function MessageLog(props: {
  page: PageContext;
  entries: MessageLogEntry[];
  showPatient?: boolean;
  resend?: boolean;
}) {
  const { page, entries } = props;
  const t = page.t;
  if (entries.length === 0) return <p class="muted">{t("patientMessages.logEmpty")}</p>;
  return (
    <table class="table message-log">
      <thead>
        <tr>
          {props.showPatient && <th scope="col">{t("patientMessages.patient")}</th>}
          <th scope="col">{t("patientMessages.what")}</th>
          <th scope="col">{t("patientMessages.channel")}</th>
          <th scope="col">{t("patientMessages.when")}</th>
          <th scope="col">{t("patientMessages.appointment")}</th>
          <th scope="col">{t("patientMessages.outcome")}</th>
          {props.resend && <th scope="col"></th>}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr data-message-id={entry.id} class={`message-${entry.status}`}>
            {props.showPatient && (
              <td>
                {page.can("patients.master")
                  ? <a href={`/patients/${entry.patientId}/messages`}>{entry.patientName}</a>
                  : entry.patientName}
              </td>
            )}
            <td>{t(`patientMessages.kind.${entry.kind}`)}</td>
            <td>{t(entry.channel ? `patientMessages.channel.${entry.channel}` : "patientMessages.channel.none")}</td>
            <td>{moment(page.lang, entry.finishedAt ?? entry.dueAt)}</td>
            <td>
              {entry.appointmentId
                ? (
                  <a href={`/calendar/appointments/${entry.appointmentId}`}>
                    {moment(page.lang, entry.appointmentStartsAt)}
                  </a>
                )
                : "–"}
            </td>
            <td>
              <span class={`message-status message-status-${entry.status}`}>
                {t(`patientMessages.status.${entry.status}` as MessageKey)}
              </span>
              {entry.reason && ` · ${reasonText(page, entry.reason)}`}
              {entry.attempts > 1 && ` · ${t("patientMessages.attempts", { count: entry.attempts })}`}
            </td>
            {props.resend && (
              <td>
                <form method="post" action={`/calendar/messages/${entry.id}/resend`} class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  <button type="submit" class="link-button">{t("patientMessages.resend")}</button>
                </form>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
