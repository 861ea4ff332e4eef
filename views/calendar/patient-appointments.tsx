// The appointments section of a patient's record: coming and past appointments and a link to
// book one. htmx requests get the section alone, a plain request a page around it.
import type { PageContext } from "../page-context.ts";
import { Layout } from "../layout.tsx";
import type { Appointment } from "../../db/appointments.ts";
import { berlinParts, formatDay } from "../../lib/berlin-time.ts";
import { withReturnPath } from "../../lib/return-path.ts";

function AppointmentRows(props: { page: PageContext; appointments: Appointment[]; patientId: string }) {
  const { page } = props;
  const t = page.t;
  if (props.appointments.length === 0) return <p class="muted">{t("calendar.noAppointments")}</p>;
  return (
    <ul class="appointment-list">
      {props.appointments.map((a) => {
        const start = berlinParts(a.startsAt);
        return (
          <li class={`appointment-${a.status}`}>
            <a href={withReturnPath(`/calendar/appointments/${a.id}`, `/patients/${props.patientId}`)}>
              {formatDay(start.date, page.lang)} {start.time}–{berlinParts(a.endsAt).time}
            </a>{" "}
            · {a.practitionerName}
            {a.title && ` · ${a.title}`}
            {a.status !== "booked" && ` · ${t(`calendar.status.${a.status}`)}`}
          </li>
        );
      })}
    </ul>
  );
}

export function PatientAppointmentsSection(props: {
  page: PageContext;
  patientId: string;
  upcoming: Appointment[];
  past: Appointment[];
  /** At most this many of each are listed; the flags say whether there are more. */
  limit: number;
  moreUpcoming: boolean;
  morePast: boolean;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <div id="patient-appointments">
      <h2>{t("calendar.patientAppointments")}</h2>
      {page.can("calendar.write") && (
        <p>
          <a href={`/calendar/new?patient=${props.patientId}`}>{t("calendar.bookForPatient")}</a>
        </p>
      )}
      <h3>
        {props.moreUpcoming ? t("calendar.upcomingNext", { count: props.limit }) : t("calendar.upcoming")}
      </h3>
      <AppointmentRows page={page} appointments={props.upcoming} patientId={props.patientId} />
      {props.past.length === 0
        ? (
          <>
            <h3>{t("calendar.past")}</h3>
            <AppointmentRows page={page} appointments={props.past} patientId={props.patientId} />
          </>
        )
        : (
          // The past folds away: what the desk needs first is what comes next.
          <details class="disclosure">
            <summary>
              <h3>
                {props.morePast
                  ? t("calendar.pastLatest", { count: props.limit })
                  : t("calendar.pastCount", { count: props.past.length })}
              </h3>
            </summary>
            <AppointmentRows page={page} appointments={props.past} patientId={props.patientId} />
          </details>
        )}
    </div>
  );
}

export function PatientAppointmentsPage(props: Parameters<typeof PatientAppointmentsSection>[0]) {
  return (
    <Layout page={props.page} title={props.page.t("calendar.patientAppointments")}>
      <p>
        <a href={`/patients/${props.patientId}`}>{props.page.t("calendar.patient")}</a>
      </p>
      <PatientAppointmentsSection {...props} />
    </Layout>
  );
}
