import { suite } from "uvu";
import * as assert from "uvu/assert";
import { autoLockDeadline, autoLockDue, membershipEndDay } from "../../lib/auto-lock-deadline.ts";

const deadline = suite("the automatic lock: end of the fourth calendar quarter after the last membership");

deadline("a membership that ended on New Year's Eve is locked after the following year's end", () => {
  assert.is(autoLockDeadline("2026-12-31"), "2027-12-31");
  assert.is(autoLockDeadline("2026-10-01"), "2027-12-31");
});

deadline("one day later, on New Year's Day, it lasts one quarter longer", () => {
  assert.is(autoLockDeadline("2027-01-01"), "2028-03-31");
});

deadline("quarter boundaries: last and first day of each quarter", () => {
  assert.is(autoLockDeadline("2027-03-31"), "2028-03-31");
  assert.is(autoLockDeadline("2027-04-01"), "2028-06-30");
  assert.is(autoLockDeadline("2027-06-30"), "2028-06-30");
  assert.is(autoLockDeadline("2027-07-01"), "2028-09-30");
  assert.is(autoLockDeadline("2027-09-30"), "2028-09-30");
  assert.is(autoLockDeadline("2027-11-15"), "2028-12-31");
});

deadline("the day after the deadline in Germany, not in UTC, is when the lock is due", () => {
  // 2027-12-31 23:30 UTC is already 2028-01-01 in Berlin (UTC+1 in winter).
  assert.not.ok(autoLockDue("2026-12-31", null, new Date("2027-12-31T22:59:59Z")));
  assert.ok(autoLockDue("2026-12-31", null, new Date("2027-12-31T23:00:00Z")));
  // Summer time: 2028-06-30 22:00 UTC is 2028-07-01 00:00 in Berlin (UTC+2).
  assert.not.ok(autoLockDue("2027-04-01", null, new Date("2028-06-30T21:59:59Z")));
  assert.ok(autoLockDue("2027-04-01", null, new Date("2028-06-30T22:00:00Z")));
});

deadline("an operator's extension postpones the lock; an earlier one changes nothing", () => {
  const now = new Date("2028-01-15T12:00:00Z");
  assert.ok(autoLockDue("2026-12-31", null, now));
  assert.not.ok(autoLockDue("2026-12-31", "2028-01-31", now));
  assert.ok(autoLockDue("2026-12-31", "2027-06-30", now));
});

deadline("a membership ends on the German day it was ended, or after its last day", () => {
  const now = new Date("2027-03-01T12:00:00Z");
  // 23:30 UTC on 31 December is already New Year's Day in Berlin.
  assert.is(membershipEndDay({ endedAt: new Date("2026-12-31T23:30:00Z"), endsOn: null }, now), "2027-01-01");
  assert.is(membershipEndDay({ endedAt: null, endsOn: "2026-12-31" }, now), "2026-12-31");
  assert.is(membershipEndDay({ endedAt: null, endsOn: new Date("2026-12-31T00:00:00Z") }, now), "2026-12-31");
  assert.is(membershipEndDay({ endedAt: null, endsOn: "2027-03-01" }, now), null, "its last day is today");
  assert.is(membershipEndDay({ endedAt: null, endsOn: null }, now), null);
  assert.is(
    membershipEndDay({ endedAt: new Date("2027-02-10T10:00:00Z"), endsOn: "2027-01-31" }, now),
    "2027-01-31",
    "the earlier of the two",
  );
});

deadline.run();
