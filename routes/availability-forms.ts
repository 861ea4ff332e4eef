// The forms of the availability settings as zod schemas of the shared field vocabulary
// (routes/validation.ts): days as YYYY-MM-DD, Berlin wall-clock times as minutes, absences as UTC
// instants. Anything a person can type gives a message beside its field, never an exception.
import { z } from "zod";
import {
  checkForm,
  choice,
  type FormResult,
  onceValid,
  optionalLine,
  optionalTyped,
  readId,
  typed,
} from "./validation.ts";
import { berlinWallClockToUtc } from "../lib/free-slots.ts";
import { addDays, berlinInstant, clockOfMinute } from "../lib/berlin-time.ts";
import type { Language } from "../lib/i18n/mod.ts";
import { nonexistentTimeError } from "./calendar-form.ts";
import { ABSENCE_KINDS, type AbsenceKind } from "../lib/absence-kinds.ts";

const MAX_ABSENCE_MS = 366 * 86_400_000;

/** "2026-03-29" or "29.03.2026" as YYYY-MM-DD, when it is a real day between 2000 and 2199. */
export function parseDay(value: string | undefined): string | null {
  const text = (value ?? "").trim();
  const match = text.match(/^(\d{4})-(\d{2})-(\d{2})$/) ?? text.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
  if (!match) return null;
  const [year, month, day] = match[1].length === 4
    ? [Number(match[1]), Number(match[2]), Number(match[3])]
    : [Number(match[3]), Number(match[2]), Number(match[1])];
  if (year < 2000 || year > 2199) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** "08:30" as minutes since midnight; "24:00" only where a day's end is meant. */
export function parseClock(value: string | undefined, allowMidnightEnd = false): number | null {
  const match = (value ?? "").trim().match(/^(\d{1,2})[:.](\d{2})$/);
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (minutes > 59) return null;
  if (hours === 24 && minutes === 0 && allowMidnightEnd) return 1440;
  return hours <= 23 ? hours * 60 + minutes : null;
}

const weekday = (text: string) => {
  const day = Number(text);
  return Number.isInteger(day) && day >= 1 && day <= 7 ? day : null;
};
const clock = (text: string) => parseClock(text);
const dayEnd = (text: string) => parseClock(text, true);

const workingHoursForm = z.object({
  weekday: typed(weekday, "patient.invalidChoice", { missing: "form.required" }),
  starts: typed(clock, "availability.invalidTime"),
  ends: typed(dayEnd, "availability.invalidTime"),
  location_id: optionalTyped(readId, "availability.unknownLocation"),
  valid_from: typed(parseDay, "availability.invalidDate"),
  valid_until: optionalTyped(parseDay, "availability.invalidDate"),
})
  .refine((form) => form.ends > form.starts, {
    path: ["ends"],
    message: "availability.endBeforeStart",
    ...onceValid("starts", "ends"),
  })
  .refine((form) => form.valid_until === null || form.valid_until >= form.valid_from, {
    path: ["valid_until"],
    message: "availability.untilBeforeFrom",
    ...onceValid("valid_from", "valid_until"),
  })
  .transform((form) => ({
    weekday: form.weekday,
    startsAtMinute: form.starts,
    endsAtMinute: form.ends,
    locationId: form.location_id,
    validFrom: form.valid_from,
    validUntil: form.valid_until,
  }));

export type WorkingHoursEntry = z.output<typeof workingHoursForm>;

export function readWorkingHours(values: Record<string, string>): FormResult<WorkingHoursEntry> {
  return checkForm(workingHoursForm, values);
}

/** Ending working hours on a day. */
export const endOfHoursForm = z.object({ ends_on: typed(parseDay, "availability.invalidDate") });

/** The hour skipped in spring as a message beside the time field, as the booking form says it. */
function skippedTime(day: string, minute: number, lang: Language) {
  if (minute >= 1440) return null;
  const time = clockOfMinute(minute);
  const instant = berlinInstant(day, time);
  if (instant.ok || instant.problem !== "nonexistent") return null;
  const error = nonexistentTimeError(time, day, lang)!;
  return { message: error.key, params: { values: error.values } };
}

function absenceForm(lang: Language) {
  return z.object({
    start_date: typed(parseDay, "availability.invalidDate"),
    end_date: typed(parseDay, "availability.invalidDate"),
    // Without a start time the absence begins with its first day.
    start_time: optionalTyped(clock, "availability.invalidTime"),
    end_time: optionalTyped(dayEnd, "availability.invalidTime"),
    kind: choice(ABSENCE_KINDS, "form.required"),
    note: optionalLine(200),
  })
    .superRefine((form, ctx) => {
      const skipped = form.start_time === null ? null : skippedTime(form.start_date, form.start_time, lang);
      if (skipped) ctx.addIssue({ code: "custom", path: ["start_time"], ...skipped });
    }, onceValid("start_date", "start_time"))
    .superRefine((form, ctx) => {
      const skipped = form.end_time === null ? null : skippedTime(form.end_date, form.end_time, lang);
      if (skipped) ctx.addIssue({ code: "custom", path: ["end_time"], ...skipped });
    }, onceValid("end_date", "end_time"))
    .transform((form, ctx) => {
      const start = berlinWallClockToUtc(form.start_date, form.start_time ?? 0);
      // Without an end time the absence lasts to the end of its last day.
      const end = form.end_time === null
        ? berlinWallClockToUtc(addDays(form.end_date, 1), 0)
        : berlinWallClockToUtc(form.end_date, form.end_time);
      const problem = end <= start
        ? "availability.endBeforeStart"
        : end.getTime() - start.getTime() > MAX_ABSENCE_MS
        ? "availability.absenceTooLong"
        : null;
      if (!problem) return { start, end, kind: form.kind as AbsenceKind, note: form.note };
      ctx.addIssue({ code: "custom", path: ["end_date"], message: problem });
      return z.NEVER;
    });
}

export type Absence = { start: Date; end: Date; kind: AbsenceKind; note: string };

export function readAbsence(values: Record<string, string>, lang: Language): FormResult<Absence> {
  return checkForm(absenceForm(lang), values);
}
