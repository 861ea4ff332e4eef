import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readIcsEvents } from "../../lib/ics-events.ts";

const ics = suite("iCalendar events read for the appointment import");

const calendar = (...events: string[]) =>
  ["BEGIN:VCALENDAR", "VERSION:2.0", ...events.flatMap((e) => ["BEGIN:VEVENT", e, "END:VEVENT"]), "END:VCALENDAR"]
    .join("\r\n");

ics("Berlin times (TZID and floating) and UTC times become the same instants", () => {
  const events = readIcsEvents(calendar(
    "DTSTART;TZID=Europe/Berlin:20261208T090000\r\nDTEND;TZID=Europe/Berlin:20261208T095000\r\nSUMMARY:Erstgespräch\\, Frau Ö",
    "DTSTART:20260708T070000Z\r\nDTEND:20260708T080000Z\r\nSUMMARY:Sommer",
    "DTSTART:20260708T090000\r\nDTEND:20260708T100000\r\nSUMMARY:Sommer lokal",
  ));
  assert.is(events.length, 3);
  assert.is(events[0].startsAt!.toISOString(), "2026-12-08T08:00:00.000Z");
  assert.is(events[0].endsAt!.toISOString(), "2026-12-08T08:50:00.000Z");
  assert.is(events[0].summary, "Erstgespräch, Frau Ö");
  assert.is(events[0].problem, null);
  assert.is(events[1].startsAt!.toISOString(), "2026-07-08T07:00:00.000Z");
  assert.is(events[2].startsAt!.toISOString(), "2026-07-08T07:00:00.000Z", "floating time is Berlin summer time");
});

ics("folded lines are unfolded; an alarm's properties are not the event's", () => {
  const [event] = readIcsEvents(calendar(
    "DTSTART:20261208T080000Z\r\nDTEND:20261208T090000Z\r\nSUMMARY:Lange\r\n  Sitzung\r\nBEGIN:VALARM\r\nSUMMARY:Erinnerung\r\nEND:VALARM",
  ));
  assert.is(event.summary, "Lange Sitzung");
});

ics("what is no single appointment is named per event", () => {
  const events = readIcsEvents(calendar(
    "DTSTART;VALUE=DATE:20261208\r\nDTEND;VALUE=DATE:20261209\r\nSUMMARY:Urlaub",
    "DTSTART:20261208T080000Z\r\nDTEND:20261208T090000Z\r\nRRULE:FREQ=WEEKLY",
    "DTSTART;TZID=America/New_York:20261208T080000\r\nDTEND;TZID=America/New_York:20261208T090000",
    "DTSTART:20261208T080000Z",
    "DTSTART:20261208T090000Z\r\nDTEND:20261208T080000Z",
    "DTSTART:20261208T060000Z\r\nDTEND:20261208T230000Z",
    "DTSTART:2026-12-08\r\nDTEND:20261208T230000Z",
    "DTSTART;TZID=Europe/Berlin:20260329T023000\r\nDTEND;TZID=Europe/Berlin:20260329T033000",
  ));
  assert.equal(events.map((e) => e.problem), [
    "allDay",
    "recurring",
    "timeZone",
    "noEnd",
    "endBeforeStart",
    "tooLong",
    "badTime",
    "badTime",
  ]);
});

ics("text that is no calendar gives no events and no exception", () => {
  assert.equal(readIcsEvents("\u0000\ufffd garbage\nBEGIN:VEVENT\nDTSTART"), []);
  assert.equal(readIcsEvents(""), []);
});

ics.run();
