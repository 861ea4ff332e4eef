// Writing a new entry: choose a template (a plain GET form, so it works without JavaScript),
// optionally the appointment it documents, then the texts under the template's headings.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage } from "../components/form.tsx";
import { moment } from "../practice/format.ts";
import { NoteFieldInputs } from "./note-fields.tsx";

export interface TemplateChoice {
  /** "" for free text. */
  id: string;
  name: string;
  headings: string[];
}

export function NewNotePage(props: {
  page: PageContext;
  patientId: string;
  patientName: string;
  templates: TemplateChoice[];
  template: TemplateChoice;
  appointments: { id: string; startsAt: Date; title: string }[];
  periodHours: number;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, errors, values } = props;
  const t = page.t;
  const action = `/patients/${props.patientId}/notes`;
  return (
    <Layout page={page} title={t("notes.newTitle", { patient: props.patientName })}>
      <p>
        <a href={`/patients/${props.patientId}`}>{t("notes.backToPatient")}</a>
      </p>
      <h1>{t("notes.newTitle", { patient: props.patientName })}</h1>
      {props.templates.length > 1 && (
        <form method="get" action={`${action}/new`} class="inline-form panel">
          {values.appointment_id && <input type="hidden" name="appointment" value={values.appointment_id} />}
          <label for="template-choice">{t("notes.chooseTemplate")}</label>
          <select id="template-choice" name="template">
            {props.templates.map((choice) => (
              <option value={choice.id} selected={choice.id === props.template.id}>{choice.name}</option>
            ))}
          </select>
          <button type="submit">{t("notes.switchTemplate")}</button>
        </form>
      )}
      <ErrorSummary page={page} errors={errors} />
      {/* Posted without htmx: its settling of a swapped page full of text areas applied style attributes, which the CSP refuses. */}
      <form method="post" action={action} class="stack" hx-boost="false" novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="template_id" value={props.template.id} />
        <div class={errors.template_id ? "field field-invalid" : "field"}>
          <p>
            <strong>{t("notes.chooseTemplate")}:</strong> {props.template.name}
          </p>
          <FieldMessage page={page} id="template_id-error" error={errors.template_id} />
        </div>
        {props.appointments.length > 0 && (
          <div class={errors.appointment_id ? "field field-invalid" : "field"}>
            <label for="appointment_id">{t("notes.chooseAppointment")}</label>
            <select id="appointment_id" name="appointment_id" aria-describedby="appointment_id-error">
              <option value="">{t("notes.noAppointment")}</option>
              {props.appointments.map((appointment) => (
                <option value={appointment.id} selected={appointment.id === values.appointment_id}>
                  {moment(page.lang, appointment.startsAt)}
                  {appointment.title ? ` · ${appointment.title}` : ""}
                </option>
              ))}
            </select>
            <FieldMessage page={page} id="appointment_id-error" error={errors.appointment_id} />
          </div>
        )}
        <NoteFieldInputs page={page} headings={props.template.headings} values={values} errors={errors} />
        <p class="field-hint">{t("notes.draftHintNew", { count: props.periodHours })}</p>
        <button type="submit" class="primary">{t("notes.saveDraft")}</button>
      </form>
    </Layout>
  );
}
