// Europe/Berlin wall-clock time and UTC instants. The calendar stores instants and shows and
// accepts local dates and times; a local time may not exist (the hour skipped when summer time
// starts, e.g. 2026-03-29 02:30) or exist twice (the hour repeated when it ends, e.g.
// 2026-10-25 02:30). A missing time is refused; a repeated time always means its FIRST
// occurrence, in summer time (UTC+2), so the same input always gives the same instant.
// Weeks start on Monday.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::00)?$/;
/** Dates outside these years are refused as input: no calendar needs them, and they stay sane. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

const partsFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Berlin",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export interface BerlinParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** Minutes since local midnight. */
  minute: number;
}

// Offsets are asked of Intl once and remembered, since views convert thousands of instants per
// page: per UTC day when the offset holds all day (Berlin changes it at most once a day), else
// per UTC hour (every change falls on a full UTC hour).
const offsetByDay = new Map<number, number | null>();
const offsetByHour = new Map<number, number>();

function intlOffsetMinutes(ms: number): number {
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(new Date(ms))) parts[part.type] = part.value;
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

function offsetMinutes(ms: number): number {
  const day = Math.floor(ms / 86_400_000);
  let daily = offsetByDay.get(day);
  if (daily === undefined) {
    const first = intlOffsetMinutes(day * 86_400_000);
    daily = first === intlOffsetMinutes((day + 1) * 86_400_000 - 60_000) ? first : null;
    if (offsetByDay.size > 100_000) offsetByDay.clear();
    offsetByDay.set(day, daily);
  }
  if (daily !== null) return daily;
  const hour = Math.floor(ms / 3_600_000);
  let hourly = offsetByHour.get(hour);
  if (hourly === undefined) {
    hourly = intlOffsetMinutes(hour * 3_600_000);
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, hourly);
  }
  return hourly;
}

const two = (n: number) => String(n).padStart(2, "0");

/** Minutes since local midnight as a wall-clock time, "08:30" (1440 is "24:00"). */
export function clockOfMinute(minute: number): string {
  return `${two(Math.floor(minute / 60))}:${two(minute % 60)}`;
}

/** The Berlin date and time at an instant. */
export function berlinParts(at: Date): BerlinParts {
  const wall = new Date(at.getTime() + offsetMinutes(at.getTime()) * 60_000);
  const hour = wall.getUTCHours();
  const minute = wall.getUTCMinutes();
  return {
    date: `${String(wall.getUTCFullYear()).padStart(4, "0")}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`,
    time: `${two(hour)}:${two(minute)}`,
    minute: hour * 60 + minute,
  };
}

/** A real calendar date "YYYY-MM-DD" within the supported years, or null. */
export function parseLocalDate(value: string | undefined | null): string | null {
  const match = DATE.exec((value ?? "").trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day ? match[0] : null;
}

/** A wall-clock time "HH:MM" (seconds ":00" tolerated), or null. */
export function parseLocalTime(value: string | undefined | null): string | null {
  const match = TIME.exec((value ?? "").trim());
  if (!match) return null;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour < 24 && minute < 60 ? `${match[1]}:${match[2]}` : null;
}

export type LocalInstant = { ok: true; at: Date } | { ok: false; problem: "invalid" | "nonexistent" };

/** A real calendar date "YYYY-MM-DD" of any four-digit year (internal dates may leave the input range). */
function realDate(value: string): string | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day
    ? value
    : null;
}

/**
 * The instant of a Berlin date and time; a repeated time gives its first (summer time) instant.
 * Any real date is accepted: a week or series may run past the years accepted as input.
 */
export function berlinInstant(date: string, time: string): LocalInstant {
  const day = realDate(date);
  const clock = parseLocalTime(time);
  if (!day || !clock) return { ok: false, problem: "invalid" };
  const asUtc = Date.parse(`${day}T${clock}:00Z`);
  // The offsets in force around that wall-clock time (UTC+1 and UTC+2 today, UTC+3 in some
  // post-war summers); the largest first, so a repeated time gives its earlier instant. An
  // offset fits when the instant it gives has that offset itself (its wall clock is the input).
  const before = offsetMinutes(asUtc - 4 * 3_600_000);
  const at = offsetMinutes(asUtc);
  const after = offsetMinutes(asUtc + 4 * 3_600_000);
  const offsets = before === at && at === after ? [at] : [...new Set([before, at, after])].sort((a, b) => b - a);
  for (const offset of offsets) {
    const candidate = asUtc - offset * 60_000;
    if (offsetMinutes(candidate) === offset) return { ok: true, at: new Date(candidate) };
  }
  return { ok: false, problem: "nonexistent" };
}

/**
 * The instants (ms) of several wall-clock times of one Berlin day, given as minutes since local
 * midnight; null where the time does not exist. A day of 24 hours keeps one offset throughout,
 * so its times are midnight plus minutes; only the two change days take the careful path. The
 * calendar grid asks this for every cell.
 */
export function berlinDayInstants(date: string, minutes: number[]): (number | null)[] {
  const midnight = startOfBerlinDay(date).getTime();
  if (startOfBerlinDay(addDays(date, 1)).getTime() - midnight === 86_400_000) {
    return minutes.map((minute) => midnight + minute * 60_000);
  }
  return minutes.map((minute) => {
    const instant = berlinInstant(date, clockOfMinute(minute));
    return instant.ok ? instant.at.getTime() : null;
  });
}

/** Local midnight at the start of a Berlin day (midnight always exists in Berlin). */
export function startOfBerlinDay(date: string): Date {
  const instant = berlinInstant(date, "00:00");
  if (!instant.ok) throw new Error(`not a date: ${date}`);
  return instant.at;
}

/** A date string moved by whole days (calendar days, not 24-hour periods). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const [year, month, day] = date.split("-").map(Number);
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week a date lies in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** Whole days from one date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Hours and minutes in Berlin, e.g. "09:00". */
export function berlinTime(at: Date): string {
  return berlinParts(at).time;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
// Pages show the same few days again and again (a week's headings, its appointments): Intl
// formatting is slow enough to remember its answers.
const formattedDays = new Map<string, string>();

/** A date for people: "Mo., 30.03.2026" / "Mon, 03/30/2026". */
export function formatDay(date: string, lang: string, style: "long" | "short" = "short"): string {
  const remembered = formattedDays.get(`${lang}:${style}:${date}`);
  if (remembered !== undefined) return remembered;
  const formatted = formatDayWithIntl(date, lang, style);
  if (formattedDays.size > 20_000) formattedDays.clear();
  formattedDays.set(`${lang}:${style}:${date}`, formatted);
  return formatted;
}

function formatDayWithIntl(date: string, lang: string, style: "long" | "short"): string {
  const key = `${lang}:${style}`;
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === "de" ? "de-DE" : "en-GB", {
      timeZone: "UTC",
      weekday: style,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
    });
    dayFormats.set(key, format);
  }
  return format.format(new Date(`${date}T00:00:00Z`));
}
