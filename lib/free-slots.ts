// When a practitioner can see someone: weekly working hours (Berlin wall-clock minutes) become
// concrete UTC intervals day by day, so 08:00 stays 08:00 across daylight-saving changes;
// free slots are the steps inside those intervals that no absence or live appointment touches.
import { addDays, berlinInstant, berlinParts, clockOfMinute, isoWeekday } from "./berlin-time.ts";

export interface Interval {
  start: Date;
  end: Date;
}

export interface WorkingInterval extends Interval {
  locationId: string | null;
}

export interface Availability {
  working: WorkingInterval[];
  absences: (Interval & { kind: string })[];
}

/** A weekly rule as stored: ISO weekday, minutes since local midnight, the days it holds. */
export interface WeeklyHours {
  weekday: number;
  startsAtMinute: number;
  endsAtMinute: number;
  locationId: string | null;
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  validUntil: string | null;
}

const MINUTE = 60_000;

/**
 * The instant of a Berlin wall-clock time, for any minute of any day: a time skipped by the
 * spring change (02:30 on the last Sunday of March) lands an hour later, where the clock
 * continues; a repeated one (02:30 in October) takes the first occurrence.
 */
export function berlinWallClockToUtc(day: string, minuteOfDay: number): Date {
  // 24:00 is midnight of the next day.
  if (minuteOfDay >= 1440) {
    return berlinWallClockToUtc(addDays(day, Math.floor(minuteOfDay / 1440)), minuteOfDay % 1440);
  }
  const instant = berlinInstant(day, clockOfMinute(minuteOfDay));
  if (instant.ok) return instant.at;
  // Only 02:00–02:59 on the spring change day does not exist; an hour later it does.
  const later = berlinInstant(day, clockOfMinute(minuteOfDay + 60));
  if (later.ok) return later.at;
  throw new Error(`not a Berlin date and time: ${day} +${minuteOfDay} min`);
}

/**
 * The weekly rules as UTC intervals on every Berlin day the range touches, cut to the range.
 * Sorted by start.
 */
export function expandWorkingHours(rules: WeeklyHours[], from: Date, to: Date): WorkingInterval[] {
  const intervals: WorkingInterval[] = [];
  if (!(from < to)) return intervals;
  const last = berlinParts(to).date;
  for (let day = berlinParts(from).date; day <= last; day = addDays(day, 1)) {
    const weekday = isoWeekday(day);
    for (const rule of rules) {
      if (rule.weekday !== weekday || day < rule.validFrom || (rule.validUntil && day > rule.validUntil)) continue;
      const start = berlinWallClockToUtc(day, rule.startsAtMinute);
      const end = berlinWallClockToUtc(day, rule.endsAtMinute);
      const clippedStart = start < from ? from : start;
      const clippedEnd = end > to ? to : end;
      if (clippedStart < clippedEnd) {
        intervals.push({ start: clippedStart, end: clippedEnd, locationId: rule.locationId });
      }
    }
  }
  return intervals.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** Overlapping or touching intervals joined into one, sorted by start. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start.getTime() - b.start.getTime());
  const result: Interval[] = [];
  for (const interval of sorted) {
    const last = result[result.length - 1];
    if (last && interval.start.getTime() <= last.end.getTime()) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      result.push({ start: interval.start, end: interval.end });
    }
  }
  return result;
}

/**
 * Every start, in steps from the start of a working interval, where an appointment of the
 * given length fits inside working hours without touching an absence or a live appointment
 * (cancelled ones leave their time free).
 */
export function freeSlots(
  availability: Availability,
  appointments: { starts_at: Date; ends_at: Date; status?: string }[],
  durationMinutes: number,
  from: Date,
  to: Date,
  stepMinutes = 15,
): Interval[] {
  const busy = [
    ...availability.absences,
    ...appointments.filter((a) => a.status !== "cancelled").map((a) => ({ start: a.starts_at, end: a.ends_at })),
  ];
  return slotsBetween(availability.working, busy, durationMinutes, from, to, stepMinutes)
    .map(({ start, end }) => ({ start, end }));
}

/**
 * The free slots of one practitioner, each with the location of the working interval it lies
 * in. Busy times are joined and swept once alongside the candidate starts, so weeks of slots
 * against hundreds of appointments cost a pass over each, not their product.
 */
export function slotsBetween(
  working: WorkingInterval[],
  busy: Interval[],
  durationMinutes: number,
  from: Date,
  to: Date,
  stepMinutes: number,
): (Interval & { locationId: string | null })[] {
  if (!(durationMinutes > 0) || !(stepMinutes > 0)) return [];
  const duration = durationMinutes * MINUTE;
  const step = stepMinutes * MINUTE;
  const blocked = mergeIntervals(busy).map((b) => [b.start.getTime(), b.end.getTime()] as const);
  const slots: (Interval & { locationId: string | null })[] = [];
  // Intervals of one location joined; touching ones of different locations stay apart.
  const byLocation = new Map<string | null, Interval[]>();
  for (const interval of working) {
    const list = byLocation.get(interval.locationId) ?? [];
    list.push(interval);
    byLocation.set(interval.locationId, list);
  }
  for (const [locationId, intervals] of byLocation) {
    let next = 0;
    for (const interval of mergeIntervals(intervals)) {
      const first = interval.start.getTime();
      const last = Math.min(interval.end.getTime(), to.getTime()) - duration;
      const earliest = from.getTime();
      const skip = earliest > first ? Math.ceil((earliest - first) / step) : 0;
      for (let start = first + skip * step; start <= last; start += step) {
        const end = start + duration;
        // Busy times ending at or before this start can never block a later one.
        while (next < blocked.length && blocked[next][1] <= start) next++;
        if (next < blocked.length && blocked[next][0] < end) continue;
        slots.push({ start: new Date(start), end: new Date(end), locationId });
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}
