// What a practice types into the one patient search box: a birth date, a phone number or a
// name. Dates are read the German way (12.03.1980, 1.3.80) and as ISO (1980-03-12).
import { normaliseName, normalisePhone } from "./search-text.ts";

export type PatientQuery =
  | { kind: "all" }
  | { kind: "birth"; date: string }
  | { kind: "phone"; digits: string }
  | { kind: "name"; text: string; words: string[] };

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** A birth date typed as D.M.YY(YY) or YYYY-MM-DD; a two-digit year is never in the future. */
export function readBirthDate(value: string, today: Date): string | null {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(value);
  if (german) {
    let year = Number(german[3]);
    if (german[3].length === 2) {
      const century = today.getUTCFullYear() - (today.getUTCFullYear() % 100);
      year += year > today.getUTCFullYear() % 100 ? century - 100 : century;
    }
    return isoDate(year, Number(german[2]), Number(german[1]));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return iso ? isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) : null;
}

export function readPatientQuery(input: string, today: Date): PatientQuery {
  const value = input.trim().slice(0, 200);
  if (!value) return { kind: "all" };
  const date = readBirthDate(value, today);
  if (date) return { kind: "birth", date };
  if (/^\+?[\d\s\/()-]+$/.test(value) && /\d/.test(value)) return { kind: "phone", digits: normalisePhone(value) };
  const text = normaliseName(value);
  if (!text) return { kind: "all" };
  return { kind: "name", text, words: text.split(" ").slice(0, 5) };
}
