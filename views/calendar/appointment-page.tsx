// One appointment: what, when, with whom; forms to move or resize it (for a series: this one
// or this and all following), to cancel it with a reason, and, once it has begun, to record
// whether the patient came.
import type { FieldErrors, PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { Layout } from "../layout.tsx";
import { CsrfField, ErrorSummary } from "../components/form.tsx";
import { AllowOverlapField, InputField, PlacementFields, RadioGroup, WhenFields } from "./fields.tsx";
import type { Appointment } from "../../db/appointments.ts";
import type { Practitioner } from "../../db/calendar-access.ts";
import { berlinParts, formatDay } from "../../lib/berlin-time.ts";
import { withReturnPath } from "../../lib/return-path.ts";

export interface AppointmentPageProps {
  page: PageContext;
  appointment: Appointment;
  practitioners: Practitioner[];
  locations: { id: string; name: string }[];
  rooms: { id: string; name: string; location_id: string }[];
  now: Date;
  notice?: MessageKey;
  problem?: MessageKey;
  errors?: FieldErrors;
  values?: Record<string, string>;
  /** The checked path of the view this page was opened from, if any: "back" leads there. */
  back: string | null;
}

export function AppointmentPage(props: AppointmentPageProps) {
  const { page, appointment: a } = props;
  const t = page.t;
  const errors = props.errors ?? {};
  const start = berlinParts(a.startsAt);
  const end = berlinParts(a.endsAt);
  const values: Record<string, string> = {
    practitioner_id: a.practitionerId,
    location_id: a.locationId,
    room_id: a.roomId ?? "",
    date: start.date,
    time: start.time,
    duration: String(Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000)),
    apply: "this",
    interval_weeks: a.seriesIntervalWeeks ? String(a.seriesIntervalWeeks) : "",
    ...props.values,
  };
  const open = a.status !== "cancelled";
  // This page's own address with the way back, for the links it gives (the record's "back").
  const self = withReturnPath(`/calendar/appointments/${a.id}`, props.back);
  const backField = props.back && <input type="hidden" name="back" value={props.back} />;
  const conflict = errors.time && errors.time.key.startsWith("calendar.conflict") ? errors.time : undefined;
  return (
    <Layout page={page} title={t("calendar.appointment")}>
      <h1>{t("calendar.appointment")}: {a.patientName ?? a.title}</h1>
      <p>
        <a
          href={props.back ??
            `/calendar/week?date=${start.date}&practitioner=${a.practitionerId}&location=${a.locationId}`}
        >
          {t(props.back?.startsWith("/patients") ? "calendar.backToRecord" : "calendar.backToCalendar")}
        </a>
        {a.patientName && (
          <>
            {" · "}
            <a href={`/billing/appointments/${a.id}`}>{t("appointmentServices.link")}</a>
          </>
        )}
      </p>
      {props.notice && <div class="notice" role="status">{t(props.notice)}</div>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      <ErrorSummary page={page} errors={errors} />
      {conflict && <div class="error-summary" role="alert">{t(conflict.key, conflict.values)}</div>}
      <dl class="facts">
        <dt>{t("calendar.when")}</dt>
        <dd>{formatDay(start.date, page.lang, "long")}, {start.time}–{end.time}</dd>
        <dt>{t("calendar.practitioner")}</dt>
        <dd>{a.practitionerName}</dd>
        <dt>{t("calendar.location")}</dt>
        <dd>{a.locationName}{a.roomName && ` · ${a.roomName}`}</dd>
        {a.patientId && (
          <>
            <dt>{t("calendar.patient")}</dt>
            <dd>
              {page.can("patients.master")
                ? <a href={withReturnPath(`/patients/${a.patientId}`, self)}>{a.patientName}</a>
                : a.patientName}
            </dd>
            {page.can("patients.master") && (
              <>
                <dt>{t("daySheet.phone")}</dt>
                <dd>
                  {a.patientPhone
                    ? <a href={`tel:${a.patientPhone.replace(/[^+0-9]/g, "")}`}>{a.patientPhone}</a>
                    : t("patient.none")}
                </dd>
              </>
            )}
          </>
        )}
        {a.typeName && (
          <>
            <dt>{t("appointmentTypes.type")}</dt>
            <dd>
              <span class={`type-swatch type-colour-${a.typeColour}`}>
                <span class="type-swatch-mark" aria-hidden="true"></span>
                <span class="type-swatch-name">{a.typeName}</span>
              </span>
            </dd>
          </>
        )}
        {a.title && (
          <>
            <dt>{t("calendar.appointmentTitle")}</dt>
            <dd>{a.title}</dd>
          </>
        )}
        <dt>{t("calendar.status")}</dt>
        <dd>
          {t(`calendar.status.${a.status}`)}
          {a.cancelReason && ` · ${t("calendar.cancelReasonShown", { reason: a.cancelReason })}`}
          {a.arrivedAt && ` · ${t("today.arrivedAt", { time: berlinParts(a.arrivedAt).time })}`}
          {a.seriesId && ` · ${t("calendar.series")}`}
          {a.seriesException && ` · ${t("calendar.seriesException")}`}
          {a.conflictAllowed && ` · ${t("calendar.conflictAllowed")}`}
        </dd>
        {a.patientId && (
          <>
            <dt>{t("patientMessages.navLink")}</dt>
            <dd>
              {a.unnotifiedChangeAt && a.status === "booked" && (
                <span class="appointment-unnotified">{t("patientMessages.unnotified")}</span>
              )} <a href={`/calendar/appointments/${a.id}/messages`}>{t("patientMessages.appointmentTitle")}</a>
            </dd>
          </>
        )}
      </dl>

      {open && page.can("calendar.write") && a.startsAt <= props.now && (
        <form method="post" action={`/calendar/appointments/${a.id}/attendance`} class="inline-form">
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(a.version)} />
          {backField}
          <button type="submit" name="status" value="attended" class="primary">{t("calendar.markAttended")}</button>
          {" "}
          <button type="submit" name="status" value="no_show" class="secondary">{t("calendar.markNoShow")}</button>
        </form>
      )}

      {open && page.can("calendar.write") && (
        <section aria-labelledby="change-heading">
          <h2 id="change-heading">{t("calendar.change")}</h2>
          <form method="post" action={`/calendar/appointments/${a.id}/move`} novalidate>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(a.version)} />
            {backField}
            <PlacementFields page={page} choices={props} values={values} errors={errors} />
            <WhenFields page={page} values={values} errors={errors} />
            <AllowOverlapField page={page} values={values} />
            {a.seriesId && (
              <InputField
                page={page}
                name="interval_weeks"
                type="number"
                min="1"
                max="52"
                label={t("calendar.intervalWeeks")}
                hint={t("calendar.intervalFollowingHint")}
                value={values.interval_weeks}
                error={errors.interval_weeks}
              />
            )}
            {a.seriesId && (
              <RadioGroup
                page={page}
                name="apply"
                legend={t("calendar.applyTo")}
                value={values.apply === "following" ? "following" : "this"}
                error={errors.apply}
                options={[
                  { value: "this", label: t("calendar.applyThis") },
                  { value: "following", label: t("calendar.applyFollowing") },
                ]}
              />
            )}
            <button type="submit" class="primary">{t("calendar.saveChange")}</button>
          </form>
        </section>
      )}

      {open && page.can("calendar.write") && (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("calendar.cancel")}</h2>
          <form method="post" action={`/calendar/appointments/${a.id}/cancel`} novalidate>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(a.version)} />
            {backField}
            <InputField
              page={page}
              name="reason"
              type="text"
              maxLength={500}
              label={t("calendar.cancelReason")}
              value={values.reason}
              error={errors.reason}
              required
            />
            {a.seriesId && (
              <RadioGroup
                page={page}
                name="apply"
                legend={t("calendar.applyTo")}
                value="this"
                error={errors.apply}
                options={[
                  { value: "this", label: t("calendar.applyThis") },
                  { value: "following", label: t("calendar.applyFollowing") },
                ]}
              />
            )}
            <button type="submit" class="primary">{t("calendar.cancelSubmit")}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
