// One practitioner's weekly working hours and absences; the forms only for those who may edit.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { WorkingHoursEntry } from "../../db/working-hours.ts";
import { ABSENCE_KINDS } from "../../lib/absence-kinds.ts";
import { clockText, dayText, periodBounds } from "./format.ts";
import { InputField, SelectField } from "../calendar/fields.tsx";
import type { AppointmentType } from "../../db/appointment-types.ts";
import type { TypeColour } from "../../lib/appointment-colours.ts";
import { PractitionerColourSection } from "./practitioner-colour.tsx";

export interface AbsenceRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  kind: string;
  note: string;
}

export interface PractitionerPageProps {
  page: PageContext;
  practitioner: { id: string; name: string; colour: TypeColour | null };
  /** The practice's types in use, and the one preselected when booking with this practitioner. */
  appointmentTypes: AppointmentType[];
  usualTypeId: string | null;
  canEdit: boolean;
  hours: WorkingHoursEntry[];
  absences: AbsenceRow[];
  locations: { id: string; name: string }[];
  today: string;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: MessageKey;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function PractitionerPage(props: PractitionerPageProps) {
  const { page, practitioner } = props;
  const t = page.t;
  const base = `/calendar/settings/practitioners/${practitioner.id}`;
  return (
    <Layout page={page} title={t("availability.practitionerTitle", { name: practitioner.name })}>
      <p>
        <a href="/calendar/settings">{t("availability.back")}</a>
      </p>
      <h1>{t("availability.practitionerTitle", { name: practitioner.name })}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {!props.canEdit && <p class="muted">{t("availability.readOnly")}</p>}
      <ErrorSummary page={page} errors={props.errors} />

      <section class="panel" aria-labelledby="hours-heading">
        <h2 id="hours-heading">{t("availability.hours")}</h2>
        <p class="muted">{t("availability.hoursIntro")}</p>
        <HoursList {...props} base={base} />
        {props.canEdit && <HoursForm {...props} base={base} />}
      </section>

      <UsualTypeSection {...props} base={base} />

      <PractitionerColourSection {...props} base={base} />

      <section class="panel" aria-labelledby="absences-heading">
        <h2 id="absences-heading">{t("availability.absences")}</h2>
        <AbsenceList {...props} base={base} />
        {props.canEdit && <AbsenceForm {...props} base={base} />}
      </section>
    </Layout>
  );
}

function HoursList(props: PractitionerPageProps & { base: string }) {
  const { page } = props;
  const t = page.t;
  if (props.hours.length === 0) return <p>{t("availability.hoursNone")}</p>;
  return (
    <ul class="availability-list">
      {props.hours.map((entry) => (
        <li key={entry.id}>
          <strong>{t(`availability.weekday.${entry.weekday}` as MessageKey)}</strong>{" "}
          {clockText(entry.startsAtMinute)}–{clockText(entry.endsAtMinute)}
          {entry.locationName && <span>, {entry.locationName}</span>}{" "}
          <span class="muted">
            ({entry.validUntil
              ? t("availability.validityUntil", {
                from: dayText(page.lang, entry.validFrom),
                until: dayText(page.lang, entry.validUntil),
              })
              : t("availability.validity", { from: dayText(page.lang, entry.validFrom) })})
          </span>
          {props.canEdit && <EndHoursForm {...props} entry={entry} />}
          {props.canEdit && (
            <form method="post" action={`${props.base}/working-hours/${entry.id}/delete`} class="inline-form">
              <CsrfField token={page.csrfToken} />
              <button type="submit" class="link-button">{t("availability.remove")}</button>
            </form>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Limits an interval to a last day, so new hours can follow it without losing the old ones. */
function EndHoursForm(props: PractitionerPageProps & { base: string; entry: WorkingHoursEntry }) {
  const { page, entry } = props;
  const t = page.t;
  const id = `ends_on_${entry.id}`;
  const error = props.errors[id];
  return (
    <form method="post" action={`${props.base}/working-hours/${entry.id}/end`} class="inline-form" novalidate>
      <CsrfField token={page.csrfToken} />
      <label for={id} class="visually-hidden">{t("availability.endOn")}</label>
      <input
        id={id}
        name="ends_on"
        type="date"
        value={error ? props.values.ends_on : entry.validUntil ?? undefined}
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={`${id}-error`}
      />
      <button type="submit" class="link-button">{t("availability.endOnSubmit")}</button>
      <FieldMessage page={page} id={`${id}-error`} error={error} />
    </form>
  );
}

function HoursForm(props: PractitionerPageProps & { base: string }) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <form method="post" action={`${props.base}/working-hours`} class="stack" novalidate>
      <h3>{t("availability.addHours")}</h3>
      <CsrfField token={page.csrfToken} />
      <SelectField
        page={page}
        name="weekday"
        label={t("availability.weekday")}
        value={values.weekday ?? "1"}
        error={errors.weekday}
        required
        options={WEEKDAYS.map((day) => ({ value: String(day), label: t(`availability.weekday.${day}`) }))}
      />
      <InputField
        page={page}
        name="starts"
        type="time"
        label={t("availability.start")}
        value={values.starts ?? "08:00"}
        error={errors.starts}
        required
      />
      <InputField
        page={page}
        name="ends"
        type="time"
        label={t("availability.end")}
        value={values.ends ?? "12:00"}
        error={errors.ends}
        required
      />
      <SelectField
        page={page}
        name="location_id"
        label={t("availability.location")}
        value={values.location_id ?? ""}
        error={errors.location_id}
        options={[
          { value: "", label: t("availability.anyLocation") },
          ...props.locations.map((location) => ({ value: location.id, label: location.name })),
        ]}
      />
      <InputField
        page={page}
        name="valid_from"
        type="date"
        label={t("availability.validFrom")}
        value={values.valid_from ?? props.today}
        error={errors.valid_from}
        required
      />
      <InputField
        page={page}
        name="valid_until"
        type="date"
        label={t("availability.validUntil")}
        value={values.valid_until}
        error={errors.valid_until}
      />
      <button type="submit" class="primary">{t("availability.addHoursSubmit")}</button>
    </form>
  );
}

/** A colleague's sickness is their business: others see only that they are away, without the note. */
function shownKind(kind: string, canEdit: boolean): string {
  return kind === "sick" && !canEdit ? "absent" : kind;
}

function AbsenceList(props: PractitionerPageProps & { base: string }) {
  const { page } = props;
  const t = page.t;
  if (props.absences.length === 0) return <p>{t("availability.absencesNone")}</p>;
  return (
    <ul class="availability-list">
      {props.absences.map((absence) => (
        <li key={absence.id}>
          <strong>{t(`availability.kind.${shownKind(absence.kind, props.canEdit)}` as MessageKey)}</strong>{" "}
          {t("availability.period", periodBounds(page.lang, absence.starts_at, absence.ends_at))}
          {props.canEdit && absence.note && <span class="muted">, {absence.note}</span>}
          {props.canEdit && (
            <form method="post" action={`${props.base}/absences/${absence.id}/delete`} class="inline-form">
              <CsrfField token={page.csrfToken} />
              <button type="submit" class="link-button">{t("availability.remove")}</button>
            </form>
          )}
        </li>
      ))}
    </ul>
  );
}

function AbsenceForm(props: PractitionerPageProps & { base: string }) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <form method="post" action={`${props.base}/absences`} class="stack" novalidate>
      <h3>{t("availability.addAbsence")}</h3>
      <CsrfField token={page.csrfToken} />
      <p class="field-hint">{t("availability.absenceTimesHint")}</p>
      <InputField
        page={page}
        name="start_date"
        type="date"
        label={t("availability.absenceStartDate")}
        value={values.start_date}
        error={errors.start_date}
        required
      />
      <InputField
        page={page}
        name="start_time"
        type="time"
        label={t("availability.absenceStartTime")}
        value={values.start_time}
        error={errors.start_time}
      />
      <InputField
        page={page}
        name="end_date"
        type="date"
        label={t("availability.absenceEndDate")}
        value={values.end_date}
        error={errors.end_date}
        required
      />
      <InputField
        page={page}
        name="end_time"
        type="time"
        label={t("availability.absenceEndTime")}
        value={values.end_time}
        error={errors.end_time}
      />
      <SelectField
        page={page}
        name="kind"
        label={t("availability.absenceKind")}
        value={values.kind ?? "vacation"}
        error={errors.kind}
        options={ABSENCE_KINDS.map((kind) => ({ value: kind, label: t(`availability.kind.${kind}`) }))}
      />
      <TextField
        page={page}
        name="note"
        label={t("availability.absenceNote")}
        value={values.note}
        error={errors.note}
        maxLength={200}
        optional
      />
      <button type="submit" class="primary">{t("availability.absenceSubmit")}</button>
    </form>
  );
}

function UsualTypeSection(props: PractitionerPageProps & { base: string }) {
  const { page } = props;
  const t = page.t;
  const usual = props.appointmentTypes.find((type) => type.id === props.usualTypeId);
  return (
    <section class="panel" aria-labelledby="usual-type-heading">
      <h2 id="usual-type-heading">{t("appointmentTypes.usualType")}</h2>
      <p class="muted">{t("appointmentTypes.usualTypeIntro")}</p>
      {!props.canEdit && <p>{usual ? usual.name : t("appointmentTypes.noType")}</p>}
      {props.canEdit && (
        <form method="post" action={`${props.base}/usual-type`} class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <SelectField
            page={page}
            name="usual_type_id"
            label={t("appointmentTypes.usualType")}
            value={props.values.usual_type_id ?? props.usualTypeId ?? ""}
            options={[
              { value: "", label: t("appointmentTypes.noType") },
              ...props.appointmentTypes.map((type) => ({
                value: type.id,
                label: t("appointmentTypes.option", { name: type.name, minutes: type.durationMinutes }),
              })),
            ]}
            error={props.errors.usual_type_id}
          />
          <button type="submit" class="primary">{t("appointmentTypes.usualTypeSave")}</button>
        </form>
      )}
      <p>
        <a href="/calendar/settings/types">{t("appointmentTypes.title")}</a>
      </p>
    </section>
  );
}
