import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  addDays,
  berlinDayInstants,
  berlinInstant,
  berlinParts,
  isoWeekday,
  mondayOf,
  parseLocalDate,
  parseLocalTime,
  startOfBerlinDay,
} from "../../lib/berlin-time.ts";

const berlin = suite("Europe/Berlin wall-clock time and UTC");

berlin("09:00 is 08:00 UTC in winter and 07:00 UTC in summer", () => {
  assert.equal(berlinInstant("2026-03-28", "09:00"), { ok: true, at: new Date("2026-03-28T08:00:00Z") });
  assert.equal(berlinInstant("2026-03-30", "09:00"), { ok: true, at: new Date("2026-03-30T07:00:00Z") });
  assert.equal(berlinParts(new Date("2026-03-30T07:00:00Z")), { date: "2026-03-30", time: "09:00", minute: 540 });
});

berlin("02:30 on 29 March 2026 does not exist (clocks jump from 02:00 to 03:00)", () => {
  assert.equal(berlinInstant("2026-03-29", "02:30"), { ok: false, problem: "nonexistent" });
  assert.equal(berlinInstant("2026-03-29", "03:00"), { ok: true, at: new Date("2026-03-29T01:00:00Z") });
  assert.equal(berlinInstant("2026-03-29", "01:59"), { ok: true, at: new Date("2026-03-29T00:59:00Z") });
});

berlin("02:30 on 25 October 2026 exists twice: the first (summer time) occurrence is taken", () => {
  assert.equal(berlinInstant("2026-10-25", "02:30"), { ok: true, at: new Date("2026-10-25T00:30:00Z") });
  // The second 02:30 (winter time) still reads as 02:30.
  assert.is(berlinParts(new Date("2026-10-25T01:30:00Z")).time, "02:30");
  assert.equal(berlinInstant("2026-10-25", "03:00"), { ok: true, at: new Date("2026-10-25T02:00:00Z") });
});

berlin("historical offsets work too: Berlin's double summer time of 1947 (UTC+3)", () => {
  assert.equal(berlinInstant("1947-06-09", "00:00"), { ok: true, at: new Date("1947-06-08T21:00:00Z") });
  assert.equal(berlinInstant("1947-01-15", "12:00"), { ok: true, at: new Date("1947-01-15T11:00:00Z") });
});

berlin("days around the changes have 23 and 25 hours", () => {
  const spring = startOfBerlinDay("2026-03-30").getTime() - startOfBerlinDay("2026-03-29").getTime();
  const autumn = startOfBerlinDay("2026-10-26").getTime() - startOfBerlinDay("2026-10-25").getTime();
  assert.is(spring / 3_600_000, 23);
  assert.is(autumn / 3_600_000, 25);
});

berlin("dates and times people type are checked, not guessed", () => {
  assert.is(parseLocalDate("2026-02-29"), null);
  assert.is(parseLocalDate("2028-02-29"), "2028-02-29");
  assert.is(parseLocalDate("99999-01-01"), null);
  assert.is(parseLocalDate("0001-01-01"), null);
  assert.is(parseLocalDate("2026-13-01"), null);
  assert.is(parseLocalDate("heute"), null);
  assert.is(parseLocalDate(undefined), null);
  assert.is(parseLocalTime("24:00"), null);
  assert.is(parseLocalTime("9:00"), null);
  assert.is(parseLocalTime("09:60"), null);
  assert.is(parseLocalTime("09:15:00"), "09:15");
  assert.equal(berlinInstant("2026-02-30", "09:00"), { ok: false, problem: "invalid" });
});

berlin("the days after the last year accepted as input still have instants (the week of 31.12.2200)", () => {
  assert.is(parseLocalDate("2201-01-01"), null);
  assert.is(startOfBerlinDay("2201-01-01").toISOString(), "2200-12-31T23:00:00.000Z");
  assert.equal(berlinInstant("2201-02-29", "09:00"), { ok: false, problem: "invalid" });
});

berlin("weeks start on Monday; days move by calendar days", () => {
  assert.is(isoWeekday("2026-03-29"), 7);
  assert.is(mondayOf("2026-03-29"), "2026-03-23");
  assert.is(mondayOf("2026-03-30"), "2026-03-30");
  assert.is(addDays("2026-12-31", 1), "2027-01-01");
  assert.is(addDays("2026-03-01", -1), "2026-02-28");
});

berlin("the remembered offsets agree with Intl every 15 minutes of 2026, 1947 and around the changes of 2030", () => {
  const reference = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const check = (from: string, to: string) => {
    for (let ms = Date.parse(from); ms < Date.parse(to); ms += 15 * 60_000) {
      const at = new Date(ms);
      const parts = berlinParts(at);
      assert.is(`${parts.date} ${parts.time}`, reference.format(at));
    }
  };
  check("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
  check("2030-03-30T00:00:00Z", "2030-04-01T00:00:00Z");
  check("2030-10-26T00:00:00Z", "2030-10-28T00:00:00Z");
  check("1947-04-01T00:00:00Z", "1947-11-01T00:00:00Z");
});

berlin("the grid's slot instants of a day equal berlinInstant's, every day 1940–2040", () => {
  const minutes = Array.from({ length: 48 }, (_, i) => i * 30);
  const time = (minute: number) =>
    `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  for (let date = "1940-01-01"; date < "2041-01-01"; date = addDays(date, 1)) {
    const fast = berlinDayInstants(date, minutes);
    for (const [i, minute] of minutes.entries()) {
      const careful = berlinInstant(date, time(minute));
      const expected = careful.ok ? careful.at.getTime() : null;
      if (fast[i] !== expected) assert.is(fast[i], expected, `${date} ${time(minute)}`);
    }
  }
  // The spring change day: 02:00 and 02:30 do not exist.
  const spring = berlinDayInstants("2026-03-29", [90, 120, 150, 180]);
  assert.equal(spring, [Date.parse("2026-03-29T00:30:00Z"), null, null, Date.parse("2026-03-29T01:00:00Z")]);
});

berlin.run();
