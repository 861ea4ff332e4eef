// What the clinical benchmark asks for, varied as a front desk would type and click: name
// beginnings, first name plus family name, misspellings (trigram similarity), birth dates and
// phone number beginnings; week views of different practitioners, weeks back and ahead.
import { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, MOBILE_PREFIXES } from "../db/seed/names.ts";
import { randomGenerator } from "../db/seed/clinical-texts.ts";
import { addDays, mondayOf } from "../lib/berlin-time.ts";
import { berlinDate } from "../lib/clock.ts";

export interface SearchTerm {
  kind: "name beginning" | "given and family" | "misspelt" | "birth date" | "phone";
  q: string;
}

/** A fixed mix of search terms (the same at every scale, so the runs compare). */
export function searchTerms(count = 400): SearchTerm[] {
  const random = randomGenerator(20261126);
  const any = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const terms: SearchTerm[] = [];
  for (let i = 0; i < count; i++) {
    const family = any(FAMILY_NAMES);
    const roll = i % 10;
    if (roll < 4) {
      terms.push({ kind: "name beginning", q: family.slice(0, 3 + Math.floor(random() * 3)) });
    } else if (roll < 6) {
      const given = any(random() < 0.5 ? FEMALE_NAMES : MALE_NAMES);
      terms.push({ kind: "given and family", q: `${given} ${family.slice(0, 4)}` });
    } else if (roll < 7) {
      terms.push({ kind: "misspelt", q: misspell(family, random) });
    } else if (roll < 9) {
      const day = new Date(Date.UTC(1940, 0, 1) + Math.floor(random() * 70 * 365) * 86_400_000);
      const [year, month, date] = day.toISOString().slice(0, 10).split("-");
      terms.push({ kind: "birth date", q: `${Number(date)}.${month}.${year}` });
    } else {
      terms.push({ kind: "phone", q: `0${any(MOBILE_PREFIXES)} ${Math.floor(random() * 90) + 10}` });
    }
  }
  return terms;
}

/** A letter dropped or doubled somewhere after the first two: "Schmidt" → "Schmdt", "Hoffmann" → "Hofmann". */
function misspell(name: string, random: () => number): string {
  if (name.length < 5) return name + name.at(-1);
  const at = 2 + Math.floor(random() * (name.length - 3));
  return random() < 0.5 ? name.slice(0, at) + name.slice(at + 1) : name.slice(0, at) + name[at] + name.slice(at);
}

export interface WeekView {
  date: string;
  practitionerId: string;
}

/** Weeks from `weeksAround` back to as many ahead, each with one of the practitioners. */
export function weekViews(practitionerIds: string[], weeksAround = 10, count = 400): WeekView[] {
  const random = randomGenerator(26112026);
  const thisMonday = mondayOf(berlinDate(new Date()));
  return Array.from({ length: count }, () => ({
    date: addDays(
      thisMonday,
      7 * (Math.floor(random() * (2 * weeksAround + 1)) - weeksAround) + Math.floor(random() * 5),
    ),
    practitionerId: practitionerIds[Math.floor(random() * practitionerIds.length)],
  }));
}
