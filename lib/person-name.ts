// The one form in which a person's or practice's name is stored, compared and searched.
// Names that look alike on screen must be alike in the database: Unicode NFC (a precomposed "ü"
// and "u" + combining diaeresis are one name), no format characters (\p{Cf}: zero-width space
// and joiners, BOM, soft hyphen, bidi embeddings, overrides and isolates, which split a record
// into invisible twins or reorder what a reader sees), and single spaces between words (tabs and
// Unicode spaces included; line breaks stay, for the field rules to refuse as before).
// Postgres applies the same rule in db/migrations/20261207_0015_name_normalization.ts.

const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** NFC, format characters removed, runs of spaces and tabs collapsed to one space, trimmed. */
export function normalisePersonName(value: string): string {
  return value.normalize("NFC").replace(FORMAT_CHARACTERS, "").replace(/[\p{Zs}\t]+/gu, " ").trim();
}
