import { suite } from "uvu";
import * as assert from "uvu/assert";
import { MAX_OCCURRENCES, occurrenceDates, occurrencesOf } from "../../lib/recurrence.ts";

const recurrence = suite("weekly series");

recurrence("every week until a date, the last day included", () => {
  assert.equal(occurrenceDates({ firstDate: "2026-03-02", intervalWeeks: 1, untilDate: "2026-03-23" }), [
    "2026-03-02",
    "2026-03-09",
    "2026-03-16",
    "2026-03-23",
  ]);
});

recurrence("every two weeks for a number of appointments", () => {
  assert.equal(occurrenceDates({ firstDate: "2026-03-02", intervalWeeks: 2, count: 3 }), [
    "2026-03-02",
    "2026-03-16",
    "2026-03-30",
  ]);
});

recurrence("a weekly 09:00 series stays at 09:00 Berlin across both changes; UTC shifts", () => {
  const outcome = occurrencesOf({
    firstDate: "2026-03-22",
    localTime: "09:00",
    durationMinutes: 45,
    intervalWeeks: 1,
    untilDate: "2026-11-01",
  });
  assert.ok(outcome.ok);
  if (!outcome.ok) return;
  const byDate = new Map(outcome.occurrences.map((o) => [o.date, o]));
  assert.is(byDate.get("2026-03-22")!.startsAt.toISOString(), "2026-03-22T08:00:00.000Z");
  assert.is(byDate.get("2026-03-29")!.startsAt.toISOString(), "2026-03-29T07:00:00.000Z");
  assert.is(byDate.get("2026-10-25")!.startsAt.toISOString(), "2026-10-25T08:00:00.000Z");
  assert.is(byDate.get("2026-10-25")!.endsAt.toISOString(), "2026-10-25T08:45:00.000Z");
  assert.is(byDate.get("2026-10-18")!.startsAt.toISOString(), "2026-10-18T07:00:00.000Z");
});

recurrence("a series at 02:30 on Sundays meets the missing hour and is refused with that date", () => {
  const outcome = occurrencesOf({
    firstDate: "2026-03-22",
    localTime: "02:30",
    durationMinutes: 30,
    intervalWeeks: 1,
    count: 3,
  });
  assert.equal(outcome, { ok: false, problem: "nonexistent", date: "2026-03-29" });
});

recurrence(`more than ${MAX_OCCURRENCES} occurrences are refused`, () => {
  const rule = { firstDate: "2026-01-05", localTime: "10:00", durationMinutes: 30, intervalWeeks: 1 };
  assert.equal(occurrencesOf({ ...rule, untilDate: "2030-01-01" }), { ok: false, problem: "too_many" });
  const hundred = occurrencesOf({ ...rule, count: MAX_OCCURRENCES });
  assert.ok(hundred.ok && hundred.occurrences.length === MAX_OCCURRENCES);
});

recurrence.run();
