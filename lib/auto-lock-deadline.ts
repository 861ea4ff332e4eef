// When a person who belongs to no practice any more is locked automatically: after the last
// day of the fourth calendar quarter following the quarter in which their last membership
// ended. Days are German calendar days (Europe/Berlin), written YYYY-MM-DD.
import { berlinDate } from "./clock.ts";

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** A date column as a day: drivers hand dates over as UTC midnights or as text. */
export function dayOf(value: Date | string): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** The last day of the fourth calendar quarter after the quarter that contains `endedOn`. */
export function autoLockDeadline(endedOn: string): string {
  const [year, month] = endedOn.split("-").map(Number);
  const quarters = year * 4 + Math.floor((month - 1) / 3) + 4;
  const targetYear = Math.floor(quarters / 4);
  const lastMonth = (quarters % 4) * 3 + 3;
  // Day 0 of the following month is the last day of this one.
  const lastDay = new Date(Date.UTC(targetYear, lastMonth, 0)).getUTCDate();
  return `${targetYear}-${pad(lastMonth)}-${pad(lastDay)}`;
}

/**
 * The German day a membership ended: the day it was ended by the owner, or its last day once
 * that has passed, whichever came first; null while it still runs.
 */
export function membershipEndDay(
  membership: { endedAt: Date | null; endsOn: Date | string | null },
  now: Date,
): string | null {
  const today = berlinDate(now);
  const ended = membership.endedAt ? berlinDate(membership.endedAt) : null;
  const lastDay = membership.endsOn && dayOf(membership.endsOn) < today ? dayOf(membership.endsOn) : null;
  if (ended && lastDay) return ended < lastDay ? ended : lastDay;
  return ended ?? lastDay;
}

/** Whether the lock is due today: the deadline (or the operator's later extension) has passed. */
export function autoLockDue(lastEndedOn: string, extendedUntil: string | null, now: Date): boolean {
  const deadline = autoLockDeadline(lastEndedOn);
  const until = extendedUntil && extendedUntil > deadline ? extendedUntil : deadline;
  return berlinDate(now) > until;
}
