// What a day looks like from the front desk: who is next with each practitioner, and the gaps
// (free time within working hours that no appointment or absence takes) still ahead today.
import { type Interval, mergeIntervals } from "./free-slots.ts";

/** A gap shorter than this is no room for an appointment: it is not shown. */
export const SHORTEST_GAP_MINUTES = 15;

export interface PlannedAppointment {
  id: string;
  practitionerId: string;
  startsAt: Date;
  endsAt: Date;
  status: "booked" | "attended" | "no_show" | "cancelled";
  arrivedAt: Date | null;
}

/**
 * Per practitioner, the first appointment still to come or under way that nobody has checked
 * in or closed yet: the patient the front desk expects next.
 */
export function nextAppointmentIds(appointments: PlannedAppointment[], now: Date): Set<string> {
  const next = new Map<string, PlannedAppointment>();
  for (const a of appointments) {
    if (a.status !== "booked" || a.arrivedAt || a.endsAt <= now) continue;
    const known = next.get(a.practitionerId);
    if (!known || a.startsAt < known.startsAt) next.set(a.practitionerId, a);
  }
  return new Set([...next.values()].map((a) => a.id));
}

/** Free time still to come starts at the next five minutes: "11:05", not "11:03". */
const ROUND_MS = 5 * 60_000;

/** The free stretches of working time from `from` on, at least SHORTEST_GAP_MINUTES long. */
export function dayGaps(working: Interval[], busy: Interval[], now: Date): Interval[] {
  const from = new Date(Math.ceil(now.getTime() / ROUND_MS) * ROUND_MS);
  const taken = mergeIntervals(busy);
  const gaps: Interval[] = [];
  for (const stretch of mergeIntervals(working)) {
    let start = stretch.start < from ? from : stretch.start;
    for (const b of taken) {
      if (b.end <= start || b.start >= stretch.end) continue;
      if (b.start > start) gaps.push({ start, end: b.start });
      if (b.end > start) start = b.end;
    }
    if (start < stretch.end) gaps.push({ start, end: stretch.end });
  }
  return gaps.filter((gap) => gap.end.getTime() - gap.start.getTime() >= SHORTEST_GAP_MINUTES * 60_000);
}
