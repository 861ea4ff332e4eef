import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  type Availability,
  berlinWallClockToUtc,
  expandWorkingHours,
  freeSlots,
  slotsBetween,
  type WeeklyHours,
} from "../../lib/free-slots.ts";

const at = (iso: string) => new Date(iso);
const iso = (intervals: { start: Date; end: Date }[]) =>
  intervals.map((i) => `${i.start.toISOString()}–${i.end.toISOString()}`);

const sundayMorning: WeeklyHours = {
  weekday: 7,
  startsAtMinute: 8 * 60,
  endsAtMinute: 12 * 60,
  locationId: null,
  validFrom: "2026-01-01",
  validUntil: null,
};

const time = suite("Berlin wall clock to UTC");

time("winter is UTC+1, summer UTC+2", () => {
  assert.is(berlinWallClockToUtc("2026-01-15", 9 * 60).toISOString(), "2026-01-15T08:00:00.000Z");
  assert.is(berlinWallClockToUtc("2026-07-15", 9 * 60).toISOString(), "2026-07-15T07:00:00.000Z");
});

time("a time the spring change skips lands an hour later; a repeated autumn time takes the first", () => {
  assert.is(berlinWallClockToUtc("2026-03-29", 2 * 60 + 30).toISOString(), "2026-03-29T01:30:00.000Z");
  assert.is(berlinWallClockToUtc("2026-03-29", 3 * 60).toISOString(), "2026-03-29T01:00:00.000Z");
  assert.is(berlinWallClockToUtc("2026-10-25", 2 * 60 + 30).toISOString(), "2026-10-25T00:30:00.000Z");
  assert.is(berlinWallClockToUtc("2026-10-25", 3 * 60).toISOString(), "2026-10-25T02:00:00.000Z");
  assert.is(
    berlinWallClockToUtc("2026-03-28", 1440).toISOString(),
    "2026-03-28T23:00:00.000Z",
    "24:00 is next midnight",
  );
});

time.run();

const expand = suite("weekly working hours become UTC intervals");

expand("08:00–12:00 on the spring change day (2026-03-29) is 06:00–10:00 UTC, the Sunday before 07:00–11:00", () => {
  const intervals = expandWorkingHours([sundayMorning], at("2026-03-21T23:00:00Z"), at("2026-03-29T22:00:00Z"));
  assert.equal(iso(intervals), [
    "2026-03-22T07:00:00.000Z–2026-03-22T11:00:00.000Z",
    "2026-03-29T06:00:00.000Z–2026-03-29T10:00:00.000Z",
  ]);
});

expand("08:00–12:00 on the autumn change day (2026-10-25) is 07:00–11:00 UTC, the Sunday before 06:00–10:00", () => {
  const intervals = expandWorkingHours([sundayMorning], at("2026-10-17T22:00:00Z"), at("2026-10-25T23:00:00Z"));
  assert.equal(iso(intervals), [
    "2026-10-18T06:00:00.000Z–2026-10-18T10:00:00.000Z",
    "2026-10-25T07:00:00.000Z–2026-10-25T11:00:00.000Z",
  ]);
});

expand("a whole day lasts 23 hours in March and 25 in October", () => {
  const allDay = { ...sundayMorning, startsAtMinute: 0, endsAtMinute: 1440 };
  const [march] = expandWorkingHours([allDay], at("2026-03-28T12:00:00Z"), at("2026-03-30T12:00:00Z"));
  assert.is((march.end.getTime() - march.start.getTime()) / 3_600_000, 23);
  const [october] = expandWorkingHours([allDay], at("2026-10-24T12:00:00Z"), at("2026-10-26T12:00:00Z"));
  assert.is((october.end.getTime() - october.start.getTime()) / 3_600_000, 25);
});

expand("validity limits the days; intervals are cut to the range", () => {
  const limited = { ...sundayMorning, validFrom: "2026-03-29", validUntil: "2026-04-05" };
  const intervals = expandWorkingHours([limited], at("2026-03-01T00:00:00Z"), at("2026-04-30T00:00:00Z"));
  assert.is(intervals.length, 2);
  const cut = expandWorkingHours([sundayMorning], at("2026-03-29T07:00:00Z"), at("2026-03-29T08:00:00Z"));
  assert.equal(iso(cut), ["2026-03-29T07:00:00.000Z–2026-03-29T08:00:00.000Z"]);
  assert.equal(expandWorkingHours([sundayMorning], at("2026-03-30T00:00:00Z"), at("2026-03-29T00:00:00Z")), []);
});

expand.run();

const slots = suite("free slots");

function sunday(day: string, from: string, to: string): Availability {
  return { working: expandWorkingHours([sundayMorning], at(`${day}T${from}`), at(`${day}T${to}`)), absences: [] };
}

slots("a 4-hour appointment fits exactly once into 08:00–12:00, at the right instant on both change days", () => {
  const march = sunday("2026-03-29", "00:00:00Z", "23:00:00Z");
  assert.equal(iso(freeSlots(march, [], 240, at("2026-03-29T00:00:00Z"), at("2026-03-29T23:00:00Z"))), [
    "2026-03-29T06:00:00.000Z–2026-03-29T10:00:00.000Z",
  ]);
  const october = sunday("2026-10-25", "00:00:00Z", "23:00:00Z");
  assert.equal(iso(freeSlots(october, [], 240, at("2026-10-25T00:00:00Z"), at("2026-10-25T23:00:00Z"))), [
    "2026-10-25T07:00:00.000Z–2026-10-25T11:00:00.000Z",
  ]);
});

slots("hour slots step by 15 minutes; appointments take their time, cancelled ones do not", () => {
  const day = sunday("2026-07-05", "00:00:00Z", "23:00:00Z");
  const from = at("2026-07-05T00:00:00Z");
  const to = at("2026-07-05T23:00:00Z");
  assert.is(freeSlots(day, [], 60, from, to).length, 13, "08:00, 08:15 … 11:00");
  const booked = [{ starts_at: at("2026-07-05T07:00:00Z"), ends_at: at("2026-07-05T08:00:00Z") }];
  assert.equal(iso(freeSlots(day, booked, 60, from, to, 60)), [
    "2026-07-05T06:00:00.000Z–2026-07-05T07:00:00.000Z",
    "2026-07-05T08:00:00.000Z–2026-07-05T09:00:00.000Z",
    "2026-07-05T09:00:00.000Z–2026-07-05T10:00:00.000Z",
  ]);
  const cancelled = [{ ...booked[0], status: "cancelled" }];
  assert.is(freeSlots(day, cancelled, 60, from, to, 60).length, 4);
});

slots("an absence removes every slot it touches", () => {
  const day = sunday("2026-07-05", "00:00:00Z", "23:00:00Z");
  day.absences = [{ start: at("2026-07-05T06:30:00Z"), end: at("2026-07-05T08:10:00Z"), kind: "other" }];
  assert.equal(iso(freeSlots(day, [], 60, at("2026-07-05T00:00:00Z"), at("2026-07-05T23:00:00Z"), 30)), [
    "2026-07-05T08:30:00.000Z–2026-07-05T09:30:00.000Z",
    "2026-07-05T09:00:00.000Z–2026-07-05T10:00:00.000Z",
  ]);
  day.absences = [{ start: at("2026-07-01T00:00:00Z"), end: at("2026-07-15T00:00:00Z"), kind: "vacation" }];
  assert.equal(freeSlots(day, [], 15, at("2026-07-05T00:00:00Z"), at("2026-07-05T23:00:00Z")), []);
});

slots("slots start no earlier than `from`, stay on the step grid, and end by `to`", () => {
  const day = sunday("2026-07-05", "00:00:00Z", "23:00:00Z");
  const found = freeSlots(day, [], 30, at("2026-07-05T06:20:00Z"), at("2026-07-05T07:30:00Z"), 15);
  assert.equal(iso(found), [
    "2026-07-05T06:30:00.000Z–2026-07-05T07:00:00.000Z",
    "2026-07-05T06:45:00.000Z–2026-07-05T07:15:00.000Z",
    "2026-07-05T07:00:00.000Z–2026-07-05T07:30:00.000Z",
  ]);
  assert.equal(freeSlots(day, [], 0, at("2026-07-05T00:00:00Z"), at("2026-07-05T23:00:00Z")), []);
});

slots("the sweep finds exactly the slots a check of every busy time against every start finds", () => {
  // A fixed pseudo-random series, so a failure repeats.
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const base = at("2026-07-06T06:00:00Z").getTime();
  for (let round = 0; round < 50; round++) {
    const working = [0, 1, 2].map((day) => ({
      start: new Date(base + day * 86_400_000),
      end: new Date(base + day * 86_400_000 + (2 + Math.floor(random() * 8)) * 3_600_000),
      locationId: random() < 0.5 ? "a" : null,
    }));
    const busy = Array.from({ length: 12 }, () => {
      const start = base + Math.floor(random() * 3 * 86_400_000 / 300_000) * 300_000;
      return { start: new Date(start), end: new Date(start + (5 + Math.floor(random() * 90)) * 60_000) };
    });
    const from = new Date(base + Math.floor(random() * 6) * 3_600_000);
    const to = new Date(base + 3 * 86_400_000);
    const found = slotsBetween(working, busy, 30, from, to, 15).map((s) => `${s.start.toISOString()} ${s.locationId}`);
    const expected: string[] = [];
    for (const interval of working) {
      for (let start = interval.start.getTime(); start + 30 * 60_000 <= interval.end.getTime(); start += 15 * 60_000) {
        const end = start + 30 * 60_000;
        if (start < from.getTime() || end > to.getTime()) continue;
        if (busy.some((b) => b.start.getTime() < end && b.end.getTime() > start)) continue;
        expected.push(`${new Date(start).toISOString()} ${interval.locationId}`);
      }
    }
    assert.equal(found.sort(), expected.sort(), `round ${round}`);
  }
});

slots.run();
