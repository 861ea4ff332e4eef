// What the booking page shows of the free slots: the days that have any (a page of them from a
// given day on, each with its count) and the slots of the chosen day, or of the first day shown.
// When anyone will do, each time is offered once, with the first practitioner free then.
import { berlinDate } from "./clock.ts";
import { berlinTime } from "./berlin-time.ts";

export interface DaySlot {
  start: Date;
  practitionerId: string;
}

export interface ShownDays<T extends DaySlot> {
  days: { day: string; count: number }[];
  /** The first day of the next page, or null when there is none. */
  moreFrom: string | null;
  /** The day whose slots are shown ("" when there is none). */
  day: string;
  slots: (T & { time: string })[];
}

export function daysWithSlots<T extends DaySlot>(
  slots: T[],
  options: { from: string; chosen: string; days: number; onePerTime: boolean },
): ShownDays<T> {
  const byDay = new Map<string, T[]>();
  for (const slot of slots) {
    const day = berlinDate(slot.start);
    if (day < options.from) continue;
    const list = byDay.get(day) ?? [];
    const last = list.at(-1);
    if (!(options.onePerTime && last && last.start.getTime() === slot.start.getTime())) list.push(slot);
    byDay.set(day, list);
  }
  const all = [...byDay.keys()];
  const days = all.slice(0, options.days).map((day) => ({ day, count: byDay.get(day)!.length }));
  const day = byDay.has(options.chosen) ? options.chosen : days[0]?.day ?? "";
  return {
    days,
    moreFrom: all[options.days] ?? null,
    day,
    slots: (byDay.get(day) ?? []).map((slot) => ({ ...slot, time: berlinTime(slot.start) })),
  };
}
