// Dates of the patient area: calendar days (birth, consent) are stored as dates and shown as
// they are; moments (archived at) are shown in German time.
import type { Language } from "../../lib/i18n/mod.ts";

const days = {
  de: new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" }),
};
const berlinDays = {
  de: new Intl.DateTimeFormat("de-DE", {
    timeZone: "Europe/Berlin",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Berlin",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }),
};

const two = (n: number) => (n < 10 ? "0" : "") + n;

/**
 * A date column (midnight UTC) as the day it names: DD.MM.YYYY in German, DD/MM/YYYY in
 * English (as en-GB writes it). Built by hand: a search page shows a birth date per row, and
 * Intl formatting was a noticeable share of its CPU time.
 */
export function calendarDay(lang: Language, day: Date | null): string {
  if (!day) return "–";
  const year = day.getUTCFullYear();
  if (year < 1000 || year > 9999) return days[lang].format(day);
  const separator = lang === "de" ? "." : "/";
  return `${two(day.getUTCDate())}${separator}${two(day.getUTCMonth() + 1)}${separator}${year}`;
}

/** The German day of a moment. */
export function berlinDay(lang: Language, at: Date | null): string {
  return at ? berlinDays[lang].format(at) : "–";
}

/** A date column as the value of a form field (DD.MM.YYYY, the way German practices type it). */
export function dateFieldValue(day: Date | null): string {
  return day ? days.de.format(day) : "";
}

/** Whole years between a birth date and today (YYYY-MM-DD). */
export function ageOn(birth: Date, today: string): number {
  const [year, month, day] = today.split("-").map(Number);
  let age = year - birth.getUTCFullYear();
  if (month < birth.getUTCMonth() + 1 || (month === birth.getUTCMonth() + 1 && day < birth.getUTCDate())) age--;
  return age;
}
