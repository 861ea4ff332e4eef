// Field rules shared by the forms, and the translation of zod's verdicts into messages that
// the views show next to each field.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { isMultipart, streamedForm } from "./streamed-form.ts";
import { z } from "zod";
import type { FieldErrors } from "../views/page-context.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { normalisePersonName } from "../lib/person-name.ts";
import { isUuid } from "../lib/uuid.ts";

// Control characters (NUL included: Postgres refuses it in text) and the replacement character
// that stands in for invalid UTF-8: the one definition of what no text field may hold.
// deno-lint-ignore no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\ufffd]/u;
const TABS_AND_LINE_BREAKS = /[\t\n\r]/g;
const EVERY_FORBIDDEN_CHARACTER = new RegExp(FORBIDDEN_CHARACTERS.source, "gu");

/** Whether the text holds a forbidden character; a text of several lines may hold tabs and line breaks. */
export function hasForbiddenCharacters(value: string, lines: "single" | "several" = "single"): boolean {
  return FORBIDDEN_CHARACTERS.test(lines === "several" ? value.replace(TABS_AND_LINE_BREAKS, "") : value);
}

/** The text with each forbidden character shown as "?", to quote what was typed in a message. */
export function maskForbiddenCharacters(value: string): string {
  return value.replace(EVERY_FORBIDDEN_CHARACTER, "?");
}

const required = { error: "form.required" };

export function singleLineText(max: number) {
  return z.string(required).trim()
    .min(1, "form.required")
    .max(max, "form.tooLong")
    .refine((value) => !hasForbiddenCharacters(value), "form.invalidCharacters");
}

/** A text of one line that may be left empty or out (trimmed), at most max characters. */
export function optionalLine(max: number) {
  return lineOfAtMost(max).default("");
}

function lineOfAtMost(max: number) {
  return z.string(required).trim()
    .max(max, "form.tooLong")
    .refine((value) => !hasForbiddenCharacters(value), "form.invalidCharacters");
}

/** A text of several lines that may be left empty or out (trimmed), at most max characters. */
export function optionalText(max: number) {
  return z.string(required).trim()
    .max(max, "form.tooLong")
    .refine((value) => !hasForbiddenCharacters(value, "several"), "form.invalidCharacters")
    .default("");
}

/** A required text of several lines (tabs and line breaks allowed), at most max characters. */
export function multiLineText(max: number) {
  return z.string(required).trim()
    .min(1, "form.required")
    .max(max, "form.tooLong")
    .refine((value) => !hasForbiddenCharacters(value, "several"), "form.invalidCharacters");
}

/**
 * The name of a person, practice or location: stored in the one normalised form
 * (lib/person-name.ts), so an invisible character cannot make a twin of an existing name.
 */
export function personName(max: number) {
  return z.string(required).transform(normalisePersonName).pipe(singleLineText(max));
}

/** A person's name that may be left empty, normalised like personName. */
export function optionalPersonName(max: number) {
  return z.string(required).default("").transform(normalisePersonName).pipe(lineOfAtMost(max));
}

/** An email address as typed at sign-in: not checked as an address, but Postgres refuses a NUL. */
export const typedEmail = z.string(required).trim()
  .min(1, "form.required")
  .max(254, "form.tooLong")
  .refine((value) => !hasForbiddenCharacters(value), "form.invalidCharacters");

export const emailAddress = typedEmail.pipe(z.email("form.invalidEmail"));

/** An email address that may be left empty. */
export const optionalEmailAddress = optionalLine(254)
  .refine((value) => value === "" || z.regexes.email.test(value), "form.invalidEmail");

/** A password as typed: never trimmed; its policy is checked separately. */
export const typedPassword = z.string(required)
  .min(1, "form.required")
  .max(256, "password.tooLong")
  .refine((value) => !value.includes("\u0000") && !value.includes("\ufffd"), "form.invalidCharacters");

type MessageValues = Record<string, string | number>;

/**
 * A text read by `read` (after trimming): its value, or `invalid` beside the field (`missing`
 * when it was left empty). Dates, times, numbers and ids of the forms are built from it.
 */
export function typed<T>(
  read: (text: string) => T | null,
  invalid: MessageKey,
  options: { missing?: MessageKey; values?: MessageValues } = {},
) {
  return z.string().default("").transform((value, ctx): T => {
    const text = value.trim();
    const result = text ? read(text) : null;
    if (result !== null) return result;
    ctx.addIssue({
      code: "custom",
      message: text ? invalid : options.missing ?? invalid,
      params: { values: options.values },
    });
    return z.NEVER;
  });
}

/** Like typed, but a field left empty is null rather than a refusal. */
export function optionalTyped<T>(read: (text: string) => T | null, invalid: MessageKey, values?: MessageValues) {
  return z.string().default("").transform((value, ctx): T | null => {
    const text = value.trim();
    if (!text) return null;
    const result = read(text);
    if (result !== null) return result;
    ctx.addIssue({ code: "custom", message: invalid, params: { values } });
    return z.NEVER;
  });
}

/** A calendar day as the date input sends it (YYYY-MM-DD, a day that exists), or null. */
export function readIsoDay(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const noon = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(noon.getTime()) && noon.toISOString().startsWith(text) ? text : null;
}

/** An id of an object as a form carries it: a UUID, in any case (stored in lower case). */
export function readId(text: string): string | null {
  const id = text.toLowerCase();
  return isUuid(id) ? id : null;
}

/** A whole number between min and max, typed as digits only. */
export function wholeNumberBetween(min: number, max: number): (text: string) => number | null {
  return (text) => {
    if (!/^\d{1,6}$/.test(text)) return null;
    const number = Number(text);
    return number >= min && number <= max ? number : null;
  };
}

/** One of a form's choices; anything else is `invalid` beside the field. */
export function choice<const T extends readonly [string, ...string[]]>(options: T, invalid: MessageKey) {
  return z.enum(options, { error: invalid });
}

/**
 * The options of a cross-field rule (refine, superRefine): it runs once the fields it names are
 * valid, whatever the other fields say, so every message of the form is shown at once.
 */
export function onceValid(...fields: string[]) {
  return {
    // An issue without a path (not an object at all) stops every rule.
    when: (payload: z.core.ParsePayload) =>
      !payload.issues.some((issue) => !issue.path?.length || fields.includes(String(issue.path[0]))),
  };
}

export function fieldErrors(error: { issues: readonly z.core.$ZodIssue[] }): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    if (errors[field]) continue;
    const values: MessageValues = {};
    if (issue.code === "too_big") values.max = Number(issue.maximum);
    if (issue.code === "too_small") values.min = Number(issue.minimum);
    if (issue.code === "custom") Object.assign(values, issue.params?.values);
    const key = (issue.message.includes(".") ? issue.message : "form.required") as MessageKey;
    errors[field] = { key, values };
  }
  return errors;
}

/** Only strings survive: a repeated field or a file where text belongs counts as missing. */
export function textValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => typeof value === "string"),
  ) as Record<string, string>;
}

/**
 * The text fields of a posted form (a repeated field counts as missing); a body that does not
 * parse (a broken multipart) is a 400, not a 500.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  return textValues(await readFormBody(c));
}

/**
 * A posted form's text fields as parseBody({ all: true }) gives them (files left out); a
 * multipart form goes on from where the CSRF check stopped reading it.
 */
export async function readFormBody(c: Context): Promise<Record<string, string | string[]>> {
  if (isMultipart(c)) return await streamedForm(c).textFields();
  try {
    return await c.req.parseBody({ all: true }) as Record<string, string | string[]>;
  } catch {
    throw new HTTPException(400, { message: "malformed form body" });
  }
}

/** A form as posted and as validated: the typed values (to show again) and the data or the messages. */
export type FormResult<T, V = Record<string, string>> =
  | { success: true; data: T; values: V }
  | { success: false; errors: FieldErrors; values: V };

/** Validates form values already read (a form with repeated fields reads its own) against a form's schema. */
export function checkForm<T extends z.ZodType, V = Record<string, string>>(
  schema: T,
  values: V,
): FormResult<z.output<T>, V> {
  const result = schema.safeParse(values);
  return result.success
    ? { success: true, data: result.data, values }
    : { success: false, errors: fieldErrors(result.error), values };
}

/**
 * Reads the posted form and validates it: the one way a handler checks its form. When it is
 * invalid, the handler renders its page again with result.errors beside the fields (422).
 */
export async function parseForm<T extends z.ZodType>(c: Context, schema: T): Promise<FormResult<z.output<T>>> {
  return checkForm(schema, await readForm(c));
}

/**
 * Reads a JSON body and validates it: undefined when it is not JSON (a 400, never a 500),
 * otherwise the data or the messages by field.
 */
export async function parseJson<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<FormResult<z.output<T>, unknown> | undefined> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return undefined;
  }
  return checkForm(schema, body as object);
}
