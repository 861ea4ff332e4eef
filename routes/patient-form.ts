// The master data form of a patient: read, checked field by field, and turned into the values
// db/patients.ts stores. Statutory insurance needs the insurer and the Versichertennummer (one
// letter and nine digits, as on the eGK); another payer needs its name.
import { INSURANCE_NUMBER_FORMAT, insuranceNumberChecks } from "../lib/insurance-number.ts";
import { z } from "zod";
import { checkForm, optionalEmailAddress, optionalLine, optionalPersonName, optionalText } from "./validation.ts";
import type { FieldErrors } from "../views/page-context.ts";
import type { Patient, PatientInput } from "../db/patients.ts";
import { readBirthDate } from "../lib/patient-query.ts";
import { dateFieldValue } from "../views/patients/format.ts";

// A required field whose checks say "required" only after "too long" and "invalid characters",
// as the form always did: names are stored in one normalised form (lib/person-name.ts), so an
// invisible character makes no twin.
const requiredLine = (max: number) => optionalLine(max).refine((value) => value.length > 0, "form.required");
const optionalName = optionalPersonName;
const requiredName = (max: number) => optionalName(max).refine((value) => value.length > 0, "form.required");
const phone = optionalLine(40).refine(
  (value) => value === "" || (/^\+?[\d\s\/()-]+$/.test(value) && value.replace(/\D/g, "").length >= 3),
  "patient.invalidPhone",
);

// Region names as CLDR knows them; a code without a name is no country. CLDR also names some
// codes that are groups or placeholders, not countries.
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
const NOT_COUNTRIES = new Set(["ZZ", "EU", "EZ", "UN", "QO"]);

/** An ISO 3166 two-letter country code (upper case). */
function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && !NOT_COUNTRIES.has(value) && regionNames.of(value) !== undefined;
}

const patientForm = z.object({
  title: optionalName(50),
  family_name: requiredName(200),
  given_names: requiredName(200),
  date_of_birth: requiredLine(10),
  sex: z.enum(["female", "male", "diverse", "unspecified"], { error: "patient.invalidChoice" }),
  gender_note: optionalLine(100),
  street: optionalLine(200),
  postal_code: optionalLine(10),
  city: optionalLine(100),
  country: optionalLine(2).transform((value) => value.toUpperCase() || "DE")
    .refine(isCountryCode, "patient.invalidCountry"),
  phone,
  email: optionalEmailAddress,
  insurance_kind: z.enum(["statutory", "private", "self_pay", "other"], { error: "patient.invalidChoice" }),
  insurer_name: optionalLine(200),
  insurance_number: optionalLine(12).transform((value) => value.replace(/\s/g, "").toUpperCase()),
  other_payer: optionalLine(200),
  emergency_contact_name: optionalName(200),
  emergency_contact_phone: phone,
  notes: optionalText(5000),
});

const FIELDS = Object.keys(patientForm.shape) as (keyof PatientInput)[];

/** The form's fields as posted, each present (a missing field is empty, as a browser sends it). */
export function patientFormValues(posted: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of FIELDS) values[field] = posted[field] ?? "";
  if (!values.sex) values.sex = "unspecified";
  return values;
}

export type PatientFormResult = { ok: true; input: PatientInput } | { ok: false; errors: FieldErrors };

/** Checks the posted master data; `today` (YYYY-MM-DD, German day) bounds the birth date. */
export function readPatientForm(values: Record<string, string>, today: string): PatientFormResult {
  const parsed = checkForm(patientForm, values);
  const errors: FieldErrors = parsed.success ? {} : parsed.errors;
  let birth: string | null = null;
  const typedBirth = (values.date_of_birth ?? "").trim();
  if (!errors.date_of_birth && typedBirth) {
    birth = readBirthDate(typedBirth, new Date(`${today}T12:00:00Z`));
    if (!birth) errors.date_of_birth = { key: "patient.invalidDate" };
    else if (birth > today) errors.date_of_birth = { key: "patient.birthInFuture" };
    else if (birth < "1890-01-01") errors.date_of_birth = { key: "patient.birthTooEarly" };
  }
  if (parsed.success) {
    const data = parsed.data;
    if (data.country === "DE" && data.postal_code && !/^\d{5}$/.test(data.postal_code)) {
      errors.postal_code = { key: "patient.invalidPostalCode" };
    }
    if (data.insurance_kind === "statutory") {
      if (!data.insurer_name) errors.insurer_name = { key: "form.required" };
      if (!data.insurance_number) errors.insurance_number = { key: "form.required" };
      else if (!INSURANCE_NUMBER_FORMAT.test(data.insurance_number)) {
        errors.insurance_number = { key: "patient.invalidInsuranceNumber" };
      } else if (!insuranceNumberChecks(data.insurance_number)) {
        errors.insurance_number = { key: "patient.insuranceNumberCheckDigit" };
      }
    }
    if (data.insurance_kind === "other" && !data.other_payer) errors.other_payer = { key: "form.required" };
  }
  if (!parsed.success || Object.values(errors).some(Boolean)) return { ok: false, errors };
  const data = parsed.data;
  // Only the fields of the chosen kind of insurance are kept.
  const insured = data.insurance_kind === "statutory" || data.insurance_kind === "private";
  return {
    ok: true,
    input: {
      ...data,
      date_of_birth: birth,
      insurer_name: insured ? data.insurer_name : "",
      insurance_number: insured ? data.insurance_number : "",
      other_payer: data.insurance_kind === "other" ? data.other_payer : "",
    },
  };
}

/** A stored patient as the values of the edit form. */
export function patientToFormValues(patient: Patient): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = patient[field];
    values[field] = field === "date_of_birth" ? dateFieldValue(value as Date | null) : String(value ?? "");
  }
  return values;
}
