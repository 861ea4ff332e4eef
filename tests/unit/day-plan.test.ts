import { suite } from "uvu";
import * as assert from "uvu/assert";
import { dayGaps, nextAppointmentIds, type PlannedAppointment } from "../../lib/day-plan.ts";

const test = suite("day plan");

const at = (time: string) => new Date(`2026-03-30T${time}:00Z`);
const span = (start: string, end: string) => ({ start: at(start), end: at(end) });
const shown = (gaps: { start: Date; end: Date }[]) =>
  gaps.map((g) => `${g.start.toISOString().slice(11, 16)}–${g.end.toISOString().slice(11, 16)}`);

function appointment(
  id: string,
  practitionerId: string,
  start: string,
  end: string,
  more: Partial<PlannedAppointment> = {},
) {
  return {
    id,
    practitionerId,
    startsAt: at(start),
    endsAt: at(end),
    status: "booked" as const,
    arrivedAt: null,
    ...more,
  };
}

test("gaps are the working time no appointment or absence takes, from now on", () => {
  const working = [span("08:00", "12:00"), span("13:00", "17:00")];
  const busy = [span("08:00", "09:00"), span("09:30", "10:00"), span("13:00", "13:10"), span("16:00", "18:00")];
  assert.equal(shown(dayGaps(working, busy, at("07:00"))), ["09:00–09:30", "10:00–12:00", "13:10–16:00"]);
  assert.equal(
    shown(dayGaps(working, busy, at("10:32"))),
    ["10:35–12:00", "13:10–16:00"],
    "from the next five minutes",
  );
  assert.equal(shown(dayGaps(working, busy, at("17:00"))), []);
});

test("a gap shorter than fifteen minutes is no gap, overlapping appointments make one busy stretch", () => {
  const working = [span("08:00", "10:00")];
  const busy = [span("08:00", "08:50"), span("08:30", "09:00"), span("09:10", "10:00")];
  assert.equal(shown(dayGaps(working, busy, at("07:00"))), []);
  assert.equal(shown(dayGaps(working, [span("08:00", "08:45")], at("07:00"))), ["08:45–10:00"]);
});

test("next is per practitioner the first appointment nobody checked in or closed that is not over", () => {
  const appointments = [
    appointment("over", "anna", "08:00", "08:50"),
    appointment("arrived", "anna", "09:00", "09:50", { arrivedAt: at("08:55") }),
    appointment("anna-next", "anna", "10:00", "10:50"),
    appointment("anna-later", "anna", "11:00", "11:50"),
    appointment("closed", "ben", "09:00", "09:50", { status: "no_show" }),
    appointment("ben-running", "ben", "09:30", "10:20"),
  ];
  assert.equal([...nextAppointmentIds(appointments, at("09:40"))].sort(), ["anna-next", "ben-running"]);
  assert.equal([...nextAppointmentIds(appointments, at("12:00"))], []);
});

test.run();
