// Creating and editing a patient's master data: one form, every field beside its message; a
// possible duplicate or an edit that someone else overtook is explained above the form.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, TextField } from "../components/form.tsx";
import type { PatientListItem } from "../../db/patients.ts";
import { patientDisplayName } from "../../lib/patient-name.ts";
import { calendarDay } from "./format.ts";

export type PatientFormMode = { kind: "new" } | { kind: "edit"; patientId: string; version: number };

export interface PatientFormProps {
  page: PageContext;
  mode: PatientFormMode;
  values: Record<string, string>;
  errors: FieldErrors;
  duplicates?: PatientListItem[];
  stale?: boolean;
}

const SEXES = ["female", "male", "diverse", "unspecified"] as const;
const INSURANCE_KINDS = ["statutory", "private", "self_pay", "other"] as const;

export function PatientFormPage(props: PatientFormProps) {
  const { page, mode, values, errors } = props;
  const t = page.t;
  const title = t(mode.kind === "new" ? "patient.newTitle" : "patient.editTitle");
  const action = mode.kind === "new" ? "/patients" : `/patients/${mode.patientId}`;
  const cancel = mode.kind === "new" ? "/patients" : `/patients/${mode.patientId}`;
  const text = (name: string, label: Parameters<typeof t>[0], extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField page={page} name={name} label={t(label)} value={values[name] ?? ""} error={errors[name]} {...extra} />
  );
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {props.stale && mode.kind === "edit" && (
        <div class="error-summary" role="alert">
          <p>{t("patient.staleEdit")}</p>
          <p>
            <a href={`/patients/${mode.patientId}/edit`}>{t("patient.reloadCurrent")}</a>
          </p>
        </div>
      )}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={action} class="stack patient-form">
        <CsrfField token={page.csrfToken} />
        {mode.kind === "edit" && <input type="hidden" name="version" value={String(mode.version)} />}
        {props.duplicates && props.duplicates.length > 0 && (
          <section class="notice" role="alert" id="duplicates">
            <h2>{t("patient.duplicateTitle")}</h2>
            <p>{t("patient.duplicateBody")}</p>
            <ul>
              {props.duplicates.map((match) => (
                <li>
                  <a href={`/patients/${match.id}`}>{patientDisplayName(match)}</a>{" "}
                  ({calendarDay(page.lang, match.date_of_birth)})
                  {match.archived_at && <span class="tag">{t("patients.archivedTag")}</span>}
                </li>
              ))}
            </ul>
            <div class="field">
              <label class="checkbox">
                <input type="checkbox" name="confirm_duplicate" value="yes" />
                <span>{t("patient.duplicateConfirm")}</span>
              </label>
            </div>
          </section>
        )}
        <fieldset>
          <legend>{t("patient.sectionPerson")}</legend>
          {text("title", "patient.title", { optional: true, maxLength: 50 })}
          {text("family_name", "patient.familyName", { maxLength: 200, autocomplete: "off" })}
          {text("given_names", "patient.givenNames", { maxLength: 200, autocomplete: "off" })}
          {text("date_of_birth", "patient.dateOfBirth", { hint: t("patient.dateOfBirthHint"), maxLength: 10 })}
          <Choice
            page={page}
            name="sex"
            label={t("patient.sex")}
            options={SEXES}
            prefix="patient.sex."
            values={values}
            errors={errors}
          />
          {text("gender_note", "patient.genderNote", { optional: true, maxLength: 100 })}
        </fieldset>
        <fieldset>
          <legend>{t("patient.sectionContact")}</legend>
          {text("street", "patient.street", { optional: true, maxLength: 200 })}
          {text("postal_code", "patient.postalCode", { optional: true, maxLength: 10, inputmode: "numeric" })}
          {text("city", "patient.city", { optional: true, maxLength: 100 })}
          {text("country", "patient.country", { optional: true, maxLength: 2 })}
          {text("phone", "patient.phone", { optional: true, maxLength: 40 })}
          {text("email", "patient.email", { optional: true, type: "email", maxLength: 254 })}
        </fieldset>
        <fieldset>
          <legend>{t("patient.sectionInsurance")}</legend>
          <Choice
            page={page}
            name="insurance_kind"
            label={t("patient.insuranceKind")}
            options={INSURANCE_KINDS}
            prefix="patient.insurance."
            values={values}
            errors={errors}
          />
          {text("insurer_name", "patient.insurerName", { optional: true, maxLength: 200 })}
          {text("insurance_number", "patient.insuranceNumber", {
            optional: true,
            maxLength: 12,
            hint: t("patient.insuranceNumberHint"),
          })}
          {text("other_payer", "patient.otherPayer", { optional: true, maxLength: 200 })}
        </fieldset>
        <fieldset>
          <legend>{t("patient.sectionEmergency")}</legend>
          {text("emergency_contact_name", "patient.emergencyName", { optional: true, maxLength: 200 })}
          {text("emergency_contact_phone", "patient.emergencyPhone", { optional: true, maxLength: 40 })}
        </fieldset>
        <fieldset>
          <legend>{t("patient.sectionNotes")}</legend>
          <div class={errors.notes ? "field field-invalid" : "field"}>
            <label for="notes">{t("patient.notes")}</label>
            <textarea id="notes" name="notes" rows={4} maxlength={5000} aria-describedby="notes-error">
              {values.notes ?? ""}
            </textarea>
            <FieldMessage page={page} id="notes-error" error={errors.notes} />
          </div>
        </fieldset>
        <p>
          <button type="submit" class="primary">{t(mode.kind === "new" ? "patient.create" : "patient.save")}</button>
          {" "}
          <a href={cancel}>{t("patient.cancel")}</a>
        </p>
      </form>
    </Layout>
  );
}

function Choice(props: {
  page: PageContext;
  name: string;
  label: string;
  options: readonly string[];
  prefix: "patient.sex." | "patient.insurance.";
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, name } = props;
  const error = props.errors[name];
  return (
    <fieldset class={error ? "field field-invalid choice" : "field choice"} aria-describedby={`${name}-error`}>
      <legend>{props.label}</legend>
      {props.options.map((option) => (
        <label class="checkbox">
          <input type="radio" name={name} value={option} checked={props.values[name] === option} />
          <span>{page.t(`${props.prefix}${option}` as Parameters<typeof page.t>[0])}</span>
        </label>
      ))}
      <FieldMessage page={page} id={`${name}-error`} error={error} />
    </fieldset>
  );
}
