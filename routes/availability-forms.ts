// The forms of the availability settings read into domain values: days as YYYY-MM-DD, Berlin
// wall-clock times as minutes, absences as UTC instants. Anything a person can type gives a
// message beside its field, never an exception.
import { z } from "zod";
import { fieldErrors, singleLineText } from "./validation.ts";
import { berlinWallClockToUtc } from "../lib/free-slots.ts";
import { addDays, berlinInstant, clockOfMinute } from "../lib/berlin-time.ts";
import type { Language } from "../lib/i18n/mod.ts";
import { nonexistentTimeError } from "./calendar-form.ts";
import { type AbsenceKind, isAbsenceKind } from "../lib/absence-kinds.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { isUuid } from "../lib/uuid.ts";

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

export function readWorkingHours(values: Record<string, string>) {
  const errors: FieldErrors = {};
  const weekday = Number(values.weekday);
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
    errors.weekday = { key: values.weekday ? "patient.invalidChoice" : "form.required" };
  }
  const starts = parseClock(values.starts);
  const ends = parseClock(values.ends, true);
  if (starts === null) errors.starts = { key: "availability.invalidTime" };
  if (ends === null) errors.ends = { key: "availability.invalidTime" };
  else if (starts !== null && ends <= starts) errors.ends = { key: "availability.endBeforeStart" };
  const locationId = (values.location_id ?? "").trim() || null;
  if (locationId && !isUuid(locationId)) errors.location_id = { key: "availability.unknownLocation" };
  const validFrom = parseDay(values.valid_from);
  if (!validFrom) errors.valid_from = { key: "availability.invalidDate" };
  const untilText = (values.valid_until ?? "").trim();
  const validUntil = untilText ? parseDay(untilText) : null;
  if (untilText && !validUntil) errors.valid_until = { key: "availability.invalidDate" };
  else if (validUntil && validFrom && validUntil < validFrom) {
    errors.valid_until = { key: "availability.untilBeforeFrom" };
  }
  if (Object.keys(errors).length) return { errors };
  return {
    entry: { weekday, startsAtMinute: starts!, endsAtMinute: ends!, locationId, validFrom: validFrom!, validUntil },
  };
}

const noteField = z.string().trim().max(200, "form.tooLong")
  .refine((value) => value === "" || singleLineText(200).safeParse(value).success, "form.invalidCharacters");

/** The hour skipped in spring as a message beside the time field, as the booking form says it. */
function skippedTime(day: string | null, minute: number | null, lang: Language): FieldErrors[string] | null {
  if (!day || minute === null || minute >= 1440) return null;
  const time = clockOfMinute(minute);
  const instant = berlinInstant(day, time);
  return !instant.ok && instant.problem === "nonexistent" ? nonexistentTimeError(time, day, lang) : null;
}

export function readAbsence(values: Record<string, string>, lang: Language) {
  const errors: FieldErrors = {};
  const startDay = parseDay(values.start_date);
  const endDay = parseDay(values.end_date);
  if (!startDay) errors.start_date = { key: "availability.invalidDate" };
  if (!endDay) errors.end_date = { key: "availability.invalidDate" };
  const startText = (values.start_time ?? "").trim();
  const endText = (values.end_time ?? "").trim();
  const startMinute = startText ? parseClock(startText) : 0;
  const endMinute = endText ? parseClock(endText, true) : null;
  if (startMinute === null) errors.start_time = { key: "availability.invalidTime" };
  if (endText && endMinute === null) errors.end_time = { key: "availability.invalidTime" };
  const skippedStart = startText ? skippedTime(startDay, startMinute, lang) : null;
  const skippedEnd = endText ? skippedTime(endDay, endMinute, lang) : null;
  if (skippedStart) errors.start_time = skippedStart;
  if (skippedEnd) errors.end_time = skippedEnd;
  const kind = isAbsenceKind(values.kind ?? "") ? values.kind as AbsenceKind : null;
  if (!kind) errors.kind = { key: "form.required" };
  const note = noteField.safeParse(values.note ?? "");
  if (!note.success) errors.note = fieldErrors(note.error)[""] ?? { key: "form.invalidCharacters" };
  if (Object.keys(errors).length) return { errors };
  const start = berlinWallClockToUtc(startDay!, startMinute!);
  // Without an end time the absence lasts to the end of its last day.
  const end = endMinute === null
    ? berlinWallClockToUtc(addDays(endDay!, 1), 0)
    : berlinWallClockToUtc(endDay!, endMinute);
  if (end <= start) return { errors: { end_date: { key: "availability.endBeforeStart" } } as FieldErrors };
  if (end.getTime() - start.getTime() > MAX_ABSENCE_MS) {
    return { errors: { end_date: { key: "availability.absenceTooLong" } } as FieldErrors };
  }
  return { absence: { start, end, kind: kind!, note: note.success ? note.data : "" } };
}
