// The master data form of a patient: read, checked field by field, and turned into the values
// db/patients.ts stores. Statutory insurance needs the insurer and the Versichertennummer (one
// letter and nine digits, as on the eGK); another payer needs its name.
import { INSURANCE_NUMBER_FORMAT, insuranceNumberChecks } from "../lib/insurance-number.ts";
import { z } from "zod";
import type { MessageKey } from "../lib/i18n/mod.ts";
import {
  checkForm,
  onceValid,
  optionalEmailAddress,
  optionalLine,
  optionalPersonName,
  optionalText,
} from "./validation.ts";
import type { FieldErrors } from "../views/page-context.ts";
import type { Patient, PatientInput } from "../db/patients.ts";
import { readBirthDate } from "../lib/patient-query.ts";
import { dateFieldValue } from "../views/patients/format.ts";

// Names are stored in one normalised form (lib/person-name.ts), so an invisible character makes
// no twin.
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

const patientFields = {
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
};

const FIELDS = Object.keys(patientFields) as (keyof PatientInput)[];

/** A birth date as typed (German or ISO, two-digit years read against today), not after `today`. */
function birthDate(today: string) {
  return requiredLine(10).transform((typed, ctx) => {
    const birth = readBirthDate(typed, new Date(`${today}T12:00:00Z`));
    const problem = !birth
      ? "patient.invalidDate"
      : birth > today
      ? "patient.birthInFuture"
      : birth < "1890-01-01"
      ? "patient.birthTooEarly"
      : null;
    if (!problem) return birth!;
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  });
}

// Building the schema costs far more than checking one form with it: kept for the day it was
// built for, so an import of thousands of rows checks each with the same schema.
let formOfTheDay: { today: string; schema: ReturnType<typeof buildPatientForm> } | null = null;

/** The master data form; `today` (YYYY-MM-DD, German day) bounds the birth date. */
function patientForm(today: string) {
  if (formOfTheDay?.today !== today) formOfTheDay = { today, schema: buildPatientForm(today) };
  return formOfTheDay.schema;
}

function buildPatientForm(today: string) {
  return z.object({ ...patientFields, date_of_birth: birthDate(today) })
    // The rules between fields, once the fields they may read are valid on their own.
    .superRefine((data, ctx) => {
      const problem = (path: string, message: MessageKey) => ctx.addIssue({ code: "custom", path: [path], message });
      if (data.country === "DE" && data.postal_code && !/^\d{5}$/.test(data.postal_code)) {
        problem("postal_code", "patient.invalidPostalCode");
      }
      if (data.insurance_kind === "statutory") {
        if (!data.insurer_name) problem("insurer_name", "form.required");
        if (!data.insurance_number) problem("insurance_number", "form.required");
        else if (!INSURANCE_NUMBER_FORMAT.test(data.insurance_number)) {
          problem("insurance_number", "patient.invalidInsuranceNumber");
        } else if (!insuranceNumberChecks(data.insurance_number)) {
          problem("insurance_number", "patient.insuranceNumberCheckDigit");
        }
      }
      if (data.insurance_kind === "other" && !data.other_payer) problem("other_payer", "form.required");
    }, onceValid(...FIELDS.filter((field) => field !== "date_of_birth")));
}

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
  const parsed = checkForm(patientForm(today), values);
  if (!parsed.success) return { ok: false, errors: parsed.errors };
  const data = parsed.data;
  // Only the fields of the chosen kind of insurance are kept.
  const insured = data.insurance_kind === "statutory" || data.insurance_kind === "private";
  return {
    ok: true,
    input: {
      ...data,
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
