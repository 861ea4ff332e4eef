// The day sheet: one day's appointments as a table to print (time, patient, phone, type, room,
// status, practitioner). It holds no clinical content, and phone numbers only for those who
// may see master data. The print stylesheet drops the site's header and navigation.
import type { PageContext } from "../page-context.ts";
import { Layout } from "../layout.tsx";
import type { Appointment } from "../../db/appointments.ts";
import type { Practitioner } from "../../db/calendar-access.ts";
import { type BerlinParts, berlinParts, formatDay } from "../../lib/berlin-time.ts";
import { viewPath } from "./calendar-page.tsx";

export interface DaySheetProps {
  page: PageContext;
  date: string;
  practitioner: Practitioner | null;
  location: { id: string; name: string } | null;
  appointments: Appointment[];
  printedAt: BerlinParts;
}

export function DaySheetPage(props: DaySheetProps) {
  const { page, date, practitioner } = props;
  const t = page.t;
  const withPhones = page.can("patients.master");
  const day = formatDay(date, page.lang, "long");
  const who = practitioner ? practitioner.name : t("calendar.allPractitioners");
  return (
    <Layout page={page} title={t("daySheet.title", { date: day })}>
      <div class="day-sheet">
        <p class="day-sheet-back">
          <a href={viewPath("day", date, practitioner?.id ?? null, props.location?.id ?? null)}>
            {t("daySheet.backToDay")}
          </a>
        </p>
        <h1>{t("daySheet.title", { date: day })}</h1>
        <p>
          {who}
          {props.location && ` · ${props.location.name}`}
          {" · "}
          <span class="muted">
            {t("daySheet.printedAt", { date: formatDay(props.printedAt.date, page.lang), time: props.printedAt.time })}
          </span>
        </p>
        {props.appointments.length === 0 ? <p>{t("calendar.noAppointments")}</p> : (
          <table class="day-sheet-table">
            <caption class="visually-hidden">{t("daySheet.title", { date: day })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("calendar.timeColumn")}</th>
                <th scope="col">{t("calendar.patient")}</th>
                {withPhones && <th scope="col">{t("daySheet.phone")}</th>}
                <th scope="col">{t("appointmentTypes.type")}</th>
                <th scope="col">{t("daySheet.room")}</th>
                <th scope="col">{t("calendar.status")}</th>
                <th scope="col">{t("calendar.practitioner")}</th>
              </tr>
            </thead>
            <tbody>
              {props.appointments.map((a) => (
                <tr class={`day-sheet-${a.status}`}>
                  <td>{berlinParts(a.startsAt).time}–{berlinParts(a.endsAt).time}</td>
                  <td>{a.patientName ?? a.title}</td>
                  {withPhones && <td>{a.patientPhone ?? ""}</td>}
                  <td>{a.typeName ?? ""}</td>
                  <td>{a.roomName ? `${a.locationName} · ${a.roomName}` : a.locationName}</td>
                  <td>{t(`calendar.status.${a.status}`)}</td>
                  <td>{a.practitionerName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="day-sheet-print-hint muted">{t("daySheet.printHint")}</p>
      </div>
    </Layout>
  );
}
