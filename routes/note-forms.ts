// Reading the documentation forms as zod schemas of the shared vocabulary (routes/validation.ts):
// the texts under an entry's headings (field_0, field_1, …), a template's headings (one per
// line) and the finalizing period.
import { z } from "zod";
import type { FieldErrors } from "../views/page-context.ts";
import type { NoteField } from "../lib/note-content.ts";
import { NOTE_TEXT_MAX } from "../views/notes/note-fields.tsx";
import {
  checkForm,
  hasForbiddenCharacters,
  onceValid,
  singleLineText,
  typed,
  wholeNumberBetween,
} from "./validation.ts";

export const HEADING_MAX = 120;
export const HEADINGS_MAX = 30;

// The text under one heading: line breaks as "\n", several lines allowed.
const noteText = z.string().default("").transform((text) => text.replace(/\r\n?/g, "\n"))
  .pipe(
    z.string().trim().max(NOTE_TEXT_MAX, "notes.textTooLong")
      .refine((text) => !hasForbiddenCharacters(text, "several"), "form.invalidCharacters"),
  );

/** The form of an entry with the given headings: their texts, of which at least one must say something. */
function noteFieldsForm(headings: string[]) {
  const names = headings.map((_, index) => `field_${index}`);
  return z.object(Object.fromEntries(names.map((name) => [name, noteText])))
    .refine((form) => names.length === 0 || names.some((name) => form[name] !== ""), {
      path: ["field_0"],
      message: "notes.fieldsEmpty",
      ...onceValid(...names),
    })
    .transform((form): NoteField[] => headings.map((heading, index) => ({ heading, text: form[names[index]] })));
}

/** The texts under the given headings, or the messages beside them. */
export function readNoteFields(
  values: Record<string, string>,
  headings: string[],
): { fields: NoteField[]; errors: FieldErrors } {
  const read = checkForm(noteFieldsForm(headings), values);
  return read.success ? { fields: read.data, errors: {} } : { fields: [], errors: read.errors };
}

/** A template's headings, one per line (empty lines ignored). */
const headingLines = z.string().default("").transform((value, ctx): string[] => {
  const headings = value.split(/\r\n|\r|\n/).map((line) => line.trim()).filter(Boolean);
  const problem = headings.length === 0
    ? "form.required"
    : headings.length > HEADINGS_MAX
    ? "notes.templates.tooManyHeadings"
    : headings.some((heading) => heading.length > HEADING_MAX)
    ? "notes.templates.headingTooLong"
    : headings.some((heading) => hasForbiddenCharacters(heading))
    ? "form.invalidCharacters"
    : null;
  if (!problem) return headings;
  ctx.addIssue({ code: "custom", message: problem });
  return z.NEVER;
});

/** A template: its name and its headings. */
export const templateForm = z.object({ name: singleLineText(120), headings: headingLines });

/** The finalizing period: whole hours from 1 to 720. */
export const periodForm = z.object({ hours: typed(wholeNumberBetween(1, 720), "notes.period.invalid") });
