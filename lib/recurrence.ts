// Weekly series: every n weeks on the weekday of the first date, at one Berlin wall-clock time,
// until a date or for a number of occurrences. Occurrences are computed in local terms and only
// then turned into instants, so a 09:00 series stays at 09:00 across daylight-saving changes.
import { addDays, berlinInstant } from "./berlin-time.ts";

/** A series never has more occurrences than this. */
export const MAX_OCCURRENCES = 100;

export interface WeeklyRule {
  /** YYYY-MM-DD, the first occurrence. */
  firstDate: string;
  /** HH:MM in Berlin. */
  localTime: string;
  durationMinutes: number;
  intervalWeeks: number;
  untilDate?: string | null;
  count?: number | null;
}

export interface Occurrence {
  date: string;
  startsAt: Date;
  endsAt: Date;
}

export type OccurrencesOutcome =
  | { ok: true; occurrences: Occurrence[] }
  | { ok: false; problem: "too_many" }
  | { ok: false; problem: "nonexistent"; date: string };

/** The local dates of a rule, at most MAX_OCCURRENCES + 1 (one more tells "too many"). */
export function occurrenceDates(rule: Pick<WeeklyRule, "firstDate" | "intervalWeeks" | "untilDate" | "count">) {
  const dates: string[] = [];
  const limit = Math.min(rule.count ?? Infinity, MAX_OCCURRENCES + 1);
  for (let date = rule.firstDate; dates.length < limit; date = addDays(date, 7 * rule.intervalWeeks)) {
    if (rule.untilDate && date > rule.untilDate) break;
    dates.push(date);
  }
  return dates;
}

/** Every occurrence of a rule as instants; refused when too many or a time does not exist. */
export function occurrencesOf(rule: WeeklyRule): OccurrencesOutcome {
  const dates = occurrenceDates(rule);
  if (dates.length > MAX_OCCURRENCES) return { ok: false, problem: "too_many" };
  const occurrences: Occurrence[] = [];
  for (const date of dates) {
    const start = berlinInstant(date, rule.localTime);
    if (!start.ok) return { ok: false, problem: "nonexistent", date };
    occurrences.push({
      date,
      startsAt: start.at,
      endsAt: new Date(start.at.getTime() + rule.durationMinutes * 60_000),
    });
  }
  return { ok: true, occurrences };
}
