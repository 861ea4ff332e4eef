// When a message to a patient goes out: reminders before an appointment, and quiet hours at
// night (Berlin wall clock) in which no text message reaches a phone.
import { addDays, berlinParts } from "./berlin-time.ts";
import { berlinWallClockToUtc } from "./free-slots.ts";

const HOUR = 3_600_000;

/**
 * The moment a reminder `leadHours` before `startsAt` is due. Whole days count in Berlin
 * calendar days (48 h before Monday 10:00 is Saturday 10:00, also across a daylight-saving
 * change, when that is 47 or 49 real hours); the hours beyond whole days are real hours.
 */
export function reminderDueAt(startsAt: Date, leadHours: number): Date {
  const days = Math.floor(leadHours / 24);
  const hours = leadHours % 24;
  const local = berlinParts(startsAt);
  const sameTimeDaysBefore = days ? berlinWallClockToUtc(addDays(local.date, -days), local.minute) : startsAt;
  return new Date(sameTimeDaysBefore.getTime() - hours * HOUR);
}

export interface QuietHours {
  /** Berlin minutes since midnight; from > until spans midnight; from == until: none. */
  fromMinute: number;
  untilMinute: number;
}

/** `at`, or the end of the quiet hours `at` falls into (Berlin time). */
export function afterQuietHours(at: Date, quiet: QuietHours): Date {
  const { fromMinute, untilMinute } = quiet;
  if (fromMinute === untilMinute) return at;
  const { date, minute } = berlinParts(at);
  if (fromMinute > untilMinute) {
    if (minute >= fromMinute) return berlinWallClockToUtc(addDays(date, 1), untilMinute);
    if (minute < untilMinute) return berlinWallClockToUtc(date, untilMinute);
    return at;
  }
  if (minute >= fromMinute && minute < untilMinute) return berlinWallClockToUtc(date, untilMinute);
  return at;
}
