// The public booking forms: what a booking, a waiting-list request and a code carry, read with
// the shared field vocabulary; and the language a public page asks for.
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { emailAddress, optionalLine, optionalTyped, personName, readId, readIsoDay, typed } from "./validation.ts";
import { isLanguage, translator } from "../lib/i18n/mod.ts";

/** A slot as its radio button carries it: the practitioner's id and the start in milliseconds. */
export function readSlot(text: string): { practitionerId: string; startsAt: Date } | null {
  const [id, millis, extra] = text.split(".");
  const practitionerId = readId(id ?? "");
  const ms = Number(millis);
  if (!practitionerId || extra !== undefined || !/^\d{13}$/.test(millis ?? "")) return null;
  return { practitionerId, startsAt: new Date(ms) };
}

function personFields(birthDateRequired: boolean, today: string) {
  const birthDay = (text: string) => {
    const day = readIsoDay(text);
    return day && day >= "1900-01-01" && day <= today ? day : null;
  };
  return {
    given_names: personName(200),
    family_name: personName(200),
    email: emailAddress,
    phone: optionalLine(40),
    date_of_birth: birthDateRequired
      ? typed(birthDay, "booking.invalidBirthDate", { missing: "form.required" })
      : optionalTyped(birthDay, "booking.invalidBirthDate"),
    // The honeypot: hidden from people, filled by robots.
    website: z.string().default("").refine((value) => value === "", "booking.trapFilled"),
    ticket: z.string().default(""),
    typ: typed(readId, "booking.unknownType"),
    ort: optionalTyped(readId, "booking.unknownType"),
  };
}

export const bookingForm = (required: boolean, today: string) =>
  z.object({ ...personFields(required, today), slot: typed(readSlot, "booking.chooseSlot") });

export const waitingListForm = (required: boolean, today: string) =>
  z.object({ ...personFields(required, today), behandler: optionalTyped(readId, "booking.unknownType") });

export const codeForm = z.object({
  code: z.string({ error: "form.required" }).max(20, "booking.invalidCode")
    .transform((code) => code.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{8}$/, "booking.invalidCode")),
});

/** The language a public page asks for (?lang= or the form's field); else the usual choice. */
export function useAskedLanguage(c: Context<AppEnv>, asked: string | undefined) {
  if (!isLanguage(asked)) return;
  c.set("lang", asked);
  c.set("t", translator(asked));
}
