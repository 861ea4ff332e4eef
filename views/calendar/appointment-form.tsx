// Booking an appointment: practitioner, location, room, patient (found by a search; with
// JavaScript the results follow the typing, without it the "Suchen" button reloads the form
// with everything typed kept), date, time, duration, title, the overlap flag and an optional
// weekly series. The form posts normally; a conflict comes back as a message beside the time.
import type { Child } from "hono/jsx";
import type { PageContext } from "../page-context.ts";
import type { FieldErrors } from "../page-context.ts";
import { Layout } from "../layout.tsx";
import { CsrfField, ErrorSummary } from "../components/form.tsx";
import { AllowOverlapField, InputField, PlacementFields, RadioGroup, SelectField, WhenFields } from "./fields.tsx";
import type { BookingChoices, PatientChoice } from "../../db/booking-choices.ts";
import type { AppointmentType } from "../../db/appointment-types.ts";
import { MAX_OCCURRENCES } from "../../lib/recurrence.ts";
import { berlinParts, formatDay } from "../../lib/berlin-time.ts";

export function PatientOptions(
  props: { page: PageContext; patients: PatientChoice[]; selected: string; searched: boolean },
) {
  const { page, patients } = props;
  const t = page.t;
  return (
    <div id="patient-options" class="patient-options">
      <label class="radio">
        <input type="radio" name="patient_id" value="" checked={props.selected === ""} />
        <span>{t("calendar.noPatient")}</span>
      </label>
      {patients.map((patient) => (
        <label class="radio">
          <input type="radio" name="patient_id" value={patient.id} checked={patient.id === props.selected} />
          <span>
            {patient.name}
            {patient.dateOfBirth && <span class="muted">({formatDay(patient.dateOfBirth, page.lang)})</span>}
          </span>
        </label>
      ))}
      {props.searched && patients.length === 0 && <p class="muted">{t("calendar.noPatientsFound")}</p>}
    </div>
  );
}

export interface BookingFormProps {
  page: PageContext;
  choices: BookingChoices;
  /** The appointment types in use. */
  types: AppointmentType[];
  values: Record<string, string>;
  errors: FieldErrors;
}

// With htmx, choosing a practitioner or a type shows the form again, filled from the type.
const FOLLOW_CHOICE = {
  "hx-post": "/calendar/new",
  "hx-trigger": "change",
  "hx-target": "#booking-form",
  "hx-swap": "outerHTML",
};

export function NewAppointmentPage(props: BookingFormProps) {
  const { page, choices, values, errors } = props;
  const t = page.t;
  const conflict = errors.time && errors.time.key.startsWith("calendar.conflict") ? errors.time : undefined;
  return (
    <Layout page={page} title={t("calendar.newAppointment")}>
      <h1>{t("calendar.newAppointment")}</h1>
      <p>
        <a href={values.back || `/calendar/week?date=${values.date || ""}`}>{t("calendar.backToCalendar")}</a>
      </p>
      <ErrorSummary page={page} errors={errors} />
      {conflict && <div class="error-summary" role="alert">{t(conflict.key, conflict.values)}</div>}
      <BookingForm {...props} />
      {choices.freeSlots.length > 0 && (
        <section aria-labelledby="free-slots">
          <h2 id="free-slots">{t("calendar.freeSlots")}</h2>
          <ul class="free-slots">
            {choices.freeSlots.map((slot) => {
              const start = berlinParts(slot.start);
              const params = new URLSearchParams({
                practitioner: values.practitioner_id ?? "",
                start: `${start.date}T${start.time}`,
              });
              if (values.location_id) params.set("location", values.location_id);
              if (values.patient_id) params.set("patient", values.patient_id);
              return (
                <li>
                  <a href={`/calendar/new?${params}`}>{formatDay(start.date, page.lang)} {start.time}</a>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </Layout>
  );
}

/** The appointment type, "none" first; choosing one (with `live`, through htmx) shows the form again filled from it. */
export function TypeField(props: BookingFormProps & { live: Record<string, string> }) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <SelectField
      page={page}
      name="appointment_type_id"
      label={t("appointmentTypes.type")}
      value={values.appointment_type_id ?? ""}
      options={[
        { value: "", label: t("appointmentTypes.noType") },
        ...props.types.map((type) => ({
          value: type.id,
          label: t("appointmentTypes.option", { name: type.name, minutes: type.durationMinutes }),
        })),
      ]}
      error={errors.appointment_type_id}
      live={props.live}
    />
  );
}

/**
 * The patient: a search whose results follow the typing (htmx), the patients found to choose
 * from, and the field's message; `children` go after the search (the full page's search button).
 */
export function PatientField(props: BookingFormProps & { children?: Child }) {
  const { page, choices, values, errors } = props;
  const t = page.t;
  return (
    <fieldset class={errors.patient_id ? "field field-invalid" : "field"}>
      <legend>{t("calendar.patient")}</legend>
      <InputField
        page={page}
        name="patient_q"
        type="search"
        label={t("calendar.patientSearch")}
        hint={t("calendar.patientSearchHint")}
        value={values.patient_q}
        maxLength={200}
        live={{
          "hx-get": "/calendar/patient-options",
          "hx-trigger": "input changed delay:300ms",
          "hx-target": "#patient-options",
          "hx-swap": "outerHTML",
        }}
      />
      {props.children}
      <PatientOptions
        page={page}
        patients={choices.patients}
        selected={values.patient_id ?? ""}
        searched={choices.searched}
      />
      <p class="field-error" id="patient_id-error" aria-live="polite">
        {errors.patient_id ? t(errors.patient_id.key, errors.patient_id.values) : ""}
      </p>
    </fieldset>
  );
}

/** The form alone: the page's, and what htmx swaps in when a practitioner or type is chosen. */
export function BookingForm(props: BookingFormProps) {
  const { page, choices, values, errors } = props;
  const t = page.t;
  return (
    <form
      method="post"
      action="/calendar/appointments"
      class="appointment-form"
      id="booking-form"
      hx-boost="false"
      novalidate
    >
      <CsrfField token={page.csrfToken} />
      {/* What this showing filled in: a later showing replaces only that, never what was typed. */}
      <input type="hidden" name="shown_practitioner_id" value={values.shown_practitioner_id ?? ""} />
      <input type="hidden" name="shown_type_id" value={values.shown_type_id ?? ""} />
      <input type="hidden" name="filled_duration" value={values.filled_duration ?? ""} />
      <input type="hidden" name="filled_room" value={values.filled_room ?? ""} />
      {values.back && <input type="hidden" name="back" value={values.back} />}
      <PlacementFields page={page} choices={choices} values={values} errors={errors} live={FOLLOW_CHOICE} />
      {props.types.length > 0 && (
        <div class="appointment-type-choice">
          <TypeField {...props} live={FOLLOW_CHOICE} />
          <button type="submit" formaction="/calendar/new" formnovalidate class="secondary">
            {t("appointmentTypes.applyType")}
          </button>
        </div>
      )}
      <PatientField {...props}>
        <button type="submit" formaction="/calendar/new" formnovalidate class="secondary">
          {t("calendar.searchPatients")}
        </button>
      </PatientField>
      <WhenFields page={page} values={values} errors={errors} />
      <InputField
        page={page}
        name="title"
        type="text"
        maxLength={200}
        label={t("calendar.appointmentTitle")}
        hint={t("calendar.appointmentTitleHint")}
        value={values.title}
        error={errors.title}
      />
      <AllowOverlapField page={page} values={values} />
      <div class="calendar-repeat">
        <RadioGroup
          page={page}
          name="repeat"
          legend={t("calendar.repeat")}
          value={values.repeat === "weekly" ? "weekly" : "none"}
          options={[
            { value: "none", label: t("calendar.repeatNone") },
            { value: "weekly", label: t("calendar.repeatWeekly") },
          ]}
        />
        <InputField
          page={page}
          name="interval_weeks"
          type="number"
          min="1"
          max="52"
          label={t("calendar.intervalWeeks")}
          value={values.interval_weeks ?? "1"}
          error={errors.interval_weeks}
        />
        <RadioGroup
          page={page}
          name="repeat_end"
          legend={t("calendar.repeatEnd")}
          value={values.repeat_end === "count" ? "count" : "until"}
          options={[
            { value: "until", label: t("calendar.repeatUntil") },
            { value: "count", label: t("calendar.repeatCount") },
          ]}
        />
        <InputField
          page={page}
          name="until"
          type="date"
          label={t("calendar.until")}
          value={values.until}
          error={errors.until}
        />
        <InputField
          page={page}
          name="count"
          type="number"
          min="1"
          max={String(MAX_OCCURRENCES)}
          label={t("calendar.count")}
          value={values.count}
          error={errors.count}
        />
      </div>
      <button type="submit" class="primary">{t("calendar.book")}</button>
    </form>
  );
}
