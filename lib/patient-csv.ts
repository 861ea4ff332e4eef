// A patient list from another practice program as CSV: the bytes decoded (UTF-8 with or without
// BOM, otherwise Windows-1252, which such exports use), the separator found (semicolon, comma or
// tab), and each row's cells turned into the patient form's values by a mapping from Kartei's
// fields to the file's column headers. Nothing is checked or written here; the patient form's
// own rules check each row (routes/patient-form.ts).
import { parse } from "csv-parse/sync";

/** The largest file accepted: a list of some 10,000 patients. */
export const PATIENT_CSV_MAX_BYTES = 1_500_000;
export const PATIENT_CSV_MAX_ROWS = 20_000;

/** The fields a column can fill, in the order the mapping form lists them. */
export const IMPORT_FIELDS = [
  "family_name",
  "given_names",
  "title",
  "date_of_birth",
  "sex",
  "street",
  "postal_code",
  "city",
  "country",
  "phone",
  "email",
  "insurance_kind",
  "insurer_name",
  "insurance_number",
  "other_payer",
  "notes",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Kartei field → the header of the column that fills it (absent: not taken from the file). */
export type ColumnMapping = Partial<Record<ImportField, string>>;

/** Header words other programs use for each field (lower case, without spaces, dots, dashes). */
const HEADER_WORDS: Record<ImportField, string[]> = {
  family_name: ["nachname", "name", "familienname", "familyname", "lastname", "surname"],
  given_names: ["vorname", "vornamen", "givenname", "givennames", "firstname"],
  title: ["titel", "title"],
  date_of_birth: ["geburtsdatum", "geboren", "gebdatum", "geburtstag", "dateofbirth", "birthdate", "dob"],
  sex: ["geschlecht", "sex", "gender"],
  street: ["straße", "strasse", "str", "adresse", "street", "address"],
  postal_code: ["plz", "postleitzahl", "postalcode", "zip"],
  city: ["ort", "wohnort", "stadt", "city"],
  country: ["land", "country"],
  phone: ["telefon", "tel", "phone", "mobil", "handy"],
  email: ["email", "mail"],
  insurance_kind: ["versicherungsart", "versicherung", "kostenträgerart", "insurance"],
  insurer_name: ["krankenkasse", "kasse", "versicherer", "insurer"],
  insurance_number: ["versichertennummer", "versnr", "kvnr", "insurancenumber"],
  other_payer: ["kostenträger", "zahler", "payer"],
  notes: ["bemerkung", "bemerkungen", "notiz", "notizen", "notes"],
};

export type CsvReading =
  | { ok: true; header: string[]; rows: string[][]; encoding: "utf-8" | "windows-1252" }
  | { ok: false; problem: "unreadable" | "empty" | "tooManyRows" };

/** The text of the file: UTF-8 when it is valid UTF-8 (a BOM dropped), Windows-1252 otherwise. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: "utf-8" | "windows-1252" } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

/** The separator the header line uses most. */
function separatorOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [";", ",", "\t"].map((s) => [s, firstLine.split(s).length] as const);
  return counts.reduce((best, next) => next[1] > best[1] ? next : best)[0];
}

/** Header and rows of the decoded text; rows keep their cells as written (trimmed). */
export function readCsv(text: string, encoding: "utf-8" | "windows-1252" = "utf-8"): CsvReading {
  const clean = text.replace(/^\ufeff/, "");
  let records: string[][];
  try {
    records = parse(clean, {
      delimiter: separatorOf(clean),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch {
    return { ok: false, problem: "unreadable" };
  }
  if (records.length < 2) return { ok: false, problem: "empty" };
  if (records.length - 1 > PATIENT_CSV_MAX_ROWS) return { ok: false, problem: "tooManyRows" };
  const [header, ...rows] = records;
  return { ok: true, header, rows, encoding };
}

const wordOf = (header: string) => header.toLocaleLowerCase("de-DE").replace(/[\s._\-]/g, "");

/** A mapping guessed from the headers: each field takes the first column named like it. */
export function guessMapping(header: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const field of IMPORT_FIELDS) {
    const column = header.find((name) => !taken.has(name) && HEADER_WORDS[field].includes(wordOf(name)));
    if (column !== undefined) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  return mapping;
}

/** The saved mapping where each of its columns is in this file, otherwise the guess. */
export function mappingFor(header: readonly string[], saved: ColumnMapping | null): ColumnMapping {
  if (saved && Object.values(saved).every((column) => header.includes(column!))) return saved;
  return guessMapping(header);
}

const SEX_WORDS: Record<string, string> = {
  w: "female",
  weiblich: "female",
  f: "female",
  female: "female",
  m: "male",
  männlich: "male",
  maennlich: "male",
  male: "male",
  d: "diverse",
  divers: "diverse",
  diverse: "diverse",
  x: "unspecified",
  "": "unspecified",
  unbekannt: "unspecified",
};

const INSURANCE_WORDS: Record<string, string> = {
  gkv: "statutory",
  gesetzlich: "statutory",
  kasse: "statutory",
  statutory: "statutory",
  pkv: "private",
  privat: "private",
  private: "private",
  selbstzahler: "self_pay",
  "self_pay": "self_pay",
  "": "self_pay",
  sonstige: "other",
  other: "other",
};

/**
 * One row as the patient form's values: each mapped field from its column, sex and kind of
 * insurance read from the words programs write (an unknown word stays, for the form to refuse).
 */
export function rowValues(header: readonly string[], row: readonly string[], mapping: ColumnMapping) {
  const values: Record<string, string> = {};
  for (const field of IMPORT_FIELDS) {
    const column = mapping[field];
    const index = column === undefined ? -1 : header.indexOf(column);
    values[field] = index >= 0 ? row[index] ?? "" : "";
  }
  values.sex = SEX_WORDS[values.sex.toLocaleLowerCase("de-DE")] ?? values.sex;
  values.insurance_kind = INSURANCE_WORDS[values.insurance_kind.toLocaleLowerCase("de-DE")] ?? values.insurance_kind;
  return values;
}
