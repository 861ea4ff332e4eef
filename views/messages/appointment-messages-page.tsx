// The messages about one appointment, and its "not notified" mark with the way to dismiss it.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import type { MessageLogEntry } from "../../db/patient-messages.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { MessageLog } from "./message-log.tsx";

export function AppointmentMessagesPage(props: {
  page: PageContext;
  appointmentId: string;
  unnotified: boolean;
  entries: MessageLogEntry[];
  notice?: MessageKey;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("patientMessages.appointmentTitle")}>
      <h1>{t("patientMessages.appointmentTitle")}</h1>
      <p>
        <a href={`/calendar/appointments/${props.appointmentId}`}>{t("patientMessages.backToAppointment")}</a>
      </p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.unnotified && (
        <div class="unnotified-notice" role="status">
          <p>{t("patientMessages.unnotifiedLong")}</p>
          {page.can("calendar.write") && (
            <form
              method="post"
              action={`/calendar/appointments/${props.appointmentId}/notice-dismissed`}
              class="inline-form"
            >
              <CsrfField token={page.csrfToken} />
              <button type="submit" class="secondary">{t("patientMessages.dismiss")}</button>
            </form>
          )}
        </div>
      )}
      <MessageLog page={page} entries={props.entries} />
    </Layout>
  );
}
