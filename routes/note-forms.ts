// Reading the documentation forms: the texts under an entry's headings (field_0, field_1, …),
// a template's headings (one per line) and the finalizing period.
import type { FieldErrors } from "../views/page-context.ts";
import type { NoteField } from "../lib/note-content.ts";
import { NOTE_TEXT_MAX } from "../views/notes/note-fields.tsx";
import { hasForbiddenCharacters } from "./validation.ts";

// The one id pattern (db/patients.ts), still offered here for routes/notes.tsx.

export const HEADING_MAX = 120;
export const HEADINGS_MAX = 30;

/** The texts under the given headings; at least one must say something. */
export function readNoteFields(
  values: Record<string, string>,
  headings: string[],
): { fields: NoteField[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fields = headings.map((heading, index) => {
    const name = `field_${index}`;
    const text = (values[name] ?? "").replace(/\r\n?/g, "\n").trim();
    if (text.length > NOTE_TEXT_MAX) errors[name] = { key: "notes.textTooLong", values: { max: NOTE_TEXT_MAX } };
    else if (hasForbiddenCharacters(text, "several")) errors[name] = { key: "form.invalidCharacters" };
    return { heading, text };
  });
  if (headings.length > 0 && fields.every((field) => field.text === "") && !errors.field_0) {
    errors.field_0 = { key: "notes.fieldsEmpty" };
  }
  return { fields, errors };
}

/** A template's headings, one per line (empty lines ignored). */
export function readHeadings(value: string | undefined): { headings: string[]; error?: FieldErrors[string] } {
  const headings = (value ?? "").split(/\r\n|\r|\n/).map((line) => line.trim()).filter(Boolean);
  if (headings.length === 0) return { headings, error: { key: "form.required" } };
  if (headings.length > HEADINGS_MAX) return { headings, error: { key: "notes.templates.tooManyHeadings" } };
  if (headings.some((heading) => heading.length > HEADING_MAX)) {
    return { headings, error: { key: "notes.templates.headingTooLong" } };
  }
  if (headings.some((heading) => hasForbiddenCharacters(heading))) {
    return { headings, error: { key: "form.invalidCharacters" } };
  }
  return { headings };
}

/** Whole hours from 1 to 720, or null. */
export function readPeriodHours(value: string | undefined): number | null {
  const trimmed = (value ?? "").trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const hours = Number(trimmed);
  return hours >= 1 && hours <= 720 ? hours : null;
}
