// Birth and consent dates are formatted by hand (a search page shows one per row): the result
// must be what Intl writes for German and British English, on every day of two centuries.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { calendarDay, dateFieldValue } from "../../views/patients/format.ts";

const test = suite("calendar days as people read them");

test("the same text as Intl for de-DE and en-GB, 1900–2100", () => {
  const intl = {
    de: new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" }),
    en: new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" }),
  };
  for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2101, 0, 1); ms += 86_400_000) {
    const day = new Date(ms);
    for (const lang of ["de", "en"] as const) {
      const expected = intl[lang].format(day);
      if (calendarDay(lang, day) !== expected) assert.is(calendarDay(lang, day), expected, day.toISOString());
    }
  }
});

test("examples, a missing date, and the form field value", () => {
  assert.is(calendarDay("de", new Date(Date.UTC(1992, 7, 7))), "07.08.1992");
  assert.is(calendarDay("en", new Date(Date.UTC(1992, 7, 7))), "07/08/1992");
  assert.is(calendarDay("de", null), "–");
  assert.is(dateFieldValue(new Date(Date.UTC(2001, 11, 31))), "31.12.2001");
});

test.run();
