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

/**
 * A person's initials as the calendar shows them beside their name: the first letters of the
 * first and last word, academic titles ("Dr.", "Prof.") and additions like "(Demo)" left out.
 */
export function nameInitials(name: string): string {
  const all = normalisePersonName(name).split(" ").filter((word) => /^\p{L}/u.test(word));
  const named = all.filter((word) => !word.endsWith("."));
  const words = named.length ? named : all;
  const ends = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return ends.map((word) => (Array.from(word)[0] ?? "").toLocaleUpperCase("de-DE")).join("");
}
