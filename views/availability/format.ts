// Times and dates of the availability pages, in German time and the page's language.
import { berlinDate } from "../../lib/clock.ts";
import { berlinParts } from "../../lib/berlin-time.ts";

const moments = {
  de: new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", dateStyle: "medium", timeStyle: "short" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", dateStyle: "medium", timeStyle: "short" }),
};
const days = {
  de: new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", dateStyle: "medium" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", dateStyle: "medium" }),
};

/** A moment in Berlin time: "29.03.2026, 08:00". */
export function momentText(lang: "de" | "en", at: Date): string {
  return moments[lang].format(at);
}

/** A calendar day given as YYYY-MM-DD. */
export function dayText(lang: "de" | "en", day: string): string {
  return days[lang].format(new Date(`${day}T00:00:00Z`));
}

/** Minutes since midnight as "08:30" (1440 is "24:00"). */
export { clockOfMinute as clockText } from "../../lib/berlin-time.ts";

/**
 * An absence's start and end: whole days as dates with the last day included ("01.01.2027"
 * to "02.01.2027"), anything else with times.
 */
export function periodBounds(lang: "de" | "en", start: Date, end: Date): { start: string; end: string } {
  const midnight = (at: Date) => berlinParts(at).minute === 0;
  if (midnight(start) && midnight(end)) {
    const lastDay = berlinDate(new Date(end.getTime() - 3_600_000));
    return { start: dayText(lang, berlinDate(start)), end: dayText(lang, lastDay) };
  }
  return { start: momentText(lang, start), end: momentText(lang, end) };
}
