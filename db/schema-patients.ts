// Tables of the patient area: master data and consent records.
import type { ColumnType, Generated, RawBuilder } from "kysely";
import type { CreatedAt, Timestamp } from "./schema.ts";

export type Sex = "female" | "male" | "diverse" | "unspecified";
export type InsuranceKind = "statutory" | "private" | "self_pay" | "other";

export interface PatientsTable {
  id: Generated<string>;
  practice_id: string;
  family_name: string;
  given_names: string;
  title: Generated<string>;
  date_of_birth: ColumnType<Date | null, string | null | undefined, string | null>;
  sex: Generated<Sex>;
  gender_note: Generated<string>;
  street: Generated<string>;
  postal_code: Generated<string>;
  city: Generated<string>;
  country: Generated<string>;
  phone: Generated<string>;
  email: Generated<string>;
  insurance_kind: Generated<InsuranceKind>;
  insurer_name: Generated<string>;
  insurance_number: Generated<string>;
  other_payer: Generated<string>;
  emergency_contact_name: Generated<string>;
  emergency_contact_phone: Generated<string>;
  notes: Generated<string>;
  /** lib/search-text.ts normaliseName("family given"): lower case, umlauts transliterated. */
  search_name: string;
  /** Digits of the phone number only. */
  search_phone: Generated<string>;
  archived_at: Timestamp | null;
  archived_by: string | null;
  /** Created by an online booking: the practice confirms the person or merges them with a patient. */
  pending_since: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  /** Bumped by every edit; an edit based on an older version is refused. */
  version: Generated<number>;
}

export interface PatientConsentsTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  /** What was agreed. */
  subject: string;
  given_on: ColumnType<Date, string, string>;
  withdrawn_on: ColumnType<Date | null, string | null | undefined, string | null>;
  /** The signed form, a row of documents (encrypted like every document). */
  document_id: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

/** The distinct words of a practice's patient names, kept by a trigger: misspellings are looked up here. */
export interface PatientNameWordsTable {
  practice_id: string;
  word: string;
}

export interface PatientTables {
  patients: PatientsTable;
  patient_consents: PatientConsentsTable;
  patient_name_words: PatientNameWordsTable;
  patient_import_mappings: PatientImportMappingsTable;
}

/** The column mapping a practice last imported patients with (Kartei field → column header). */
export interface PatientImportMappingsTable {
  practice_id: string;
  mapping: ColumnType<Record<string, string>, RawBuilder<string>, RawBuilder<string>>;
  updated_at: Timestamp;
}
