// The forms of messages to patients, as schemas of the shared vocabulary: consent per channel,
// a patient's preferences, the practice's settings and templates, and the patient's new time.
import { z } from "zod";
import {
  choice,
  multiLineText,
  optionalLine,
  optionalTyped,
  readIsoDay,
  singleLineText,
  typed,
  wholeNumberBetween,
} from "./validation.ts";
import { MESSAGE_CHANNELS } from "../lib/patient-message-kinds.ts";
import { unknownPlaceholders } from "../lib/patient-message-text.ts";
import { parseLocalTime } from "../lib/berlin-time.ts";

export const channelConsentForm = z.object({
  channel: choice(MESSAGE_CHANNELS, "patientMessages.unknownChannel"),
  given_on: typed(readIsoDay, "patientMessages.invalidDate"),
});

export const withdrawalForm = z.object({
  withdrawn_on: typed(readIsoDay, "patientMessages.invalidDate"),
});

export const preferencesForm = z.object({
  preferred_channel: choice(["", ...MESSAGE_CHANNELS], "patientMessages.unknownChannel").default(""),
  language: choice(["de", "en"], "patientMessages.unknownLanguage"),
  threema_id: optionalLine(8).transform((value) => value.toUpperCase())
    .refine((value) => value === "" || /^[0-9A-Z*][0-9A-Z]{7}$/.test(value), "patientMessages.invalidThreemaId"),
});

/** "48, 2" → [48, 2]: up to three distinct lead times of 1 to 336 hours, longest first. */
function readLeadHours(text: string): number[] | null {
  const hours = wholeNumberBetween(1, 336);
  const parts = text.split(",").map((part) => hours(part.trim()));
  if (parts.length > 3 || parts.some((part) => part === null)) return null;
  return [...new Set(parts as number[])].sort((a, b) => b - a);
}

function readMinuteOfDay(text: string): number | null {
  const time = parseLocalTime(text);
  if (!time) return null;
  const [hours, minutes] = time.split(":").map(Number);
  return hours * 60 + minutes;
}

export const settingsForm = z.object({
  reminder_lead_hours: optionalTyped(readLeadHours, "patientMessages.invalidLeadHours")
    .transform((value) => value ?? []),
  patient_change_until_hours: typed(wholeNumberBetween(0, 720), "patientMessages.invalidHours"),
  quiet_from: typed(readMinuteOfDay, "patientMessages.invalidTime"),
  quiet_until: typed(readMinuteOfDay, "patientMessages.invalidTime"),
  names_in_short_text: z.string().optional().transform((value) => value === "yes"),
});

/** A template text whose placeholders are all ours. */
function templateText<T extends z.ZodType<string>>(text: T) {
  return text.superRefine((value, ctx) => {
    const unknown = unknownPlaceholders(value);
    if (unknown.length) {
      ctx.addIssue({
        code: "custom",
        message: "patientMessages.unknownPlaceholder",
        params: { values: { placeholder: `{${unknown[0]}}` } },
      });
    }
  });
}

export const templateForm = z.object({
  subject: templateText(singleLineText(200)),
  email_body: templateText(multiLineText(4000)),
  short_body: templateText(multiLineText(640)),
});

/** An instant as the slot radio buttons carry it (toISOString). */
function readInstant(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

export const newTimeForm = z.object({
  start: typed(readInstant, "appointmentLink.chooseSlot"),
});

export function minuteText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
