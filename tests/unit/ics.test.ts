import { suite } from "uvu";
import * as assert from "uvu/assert";
import { escapeText, foldLine, renderCalendar, utcDateTime } from "../../lib/ics.ts";

const encoder = new TextEncoder();
const ics = suite("iCalendar text");

ics("commas, semicolons, backslashes and line breaks are escaped", () => {
  assert.is(escapeText("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
});

ics("lines longer than 75 octets fold with CRLF and a space, never inside a UTF-8 character", () => {
  const line = "SUMMARY:" + "Ä".repeat(80);
  const folded = foldLine(line);
  const parts = folded.split("\r\n");
  assert.ok(parts.length > 1);
  for (const part of parts) assert.ok(encoder.encode(part).length <= 75, `${encoder.encode(part).length} octets`);
  for (const part of parts.slice(1)) assert.ok(part.startsWith(" "));
  assert.is(parts.map((p, i) => (i ? p.slice(1) : p)).join(""), line, "unfolding gives the line back");
  assert.is(foldLine("SHORT:x"), "SHORT:x");
  const exact = "X".repeat(75);
  assert.is(foldLine(exact), exact, "exactly 75 octets stay on one line");
});

ics("times are UTC with Z", () => {
  assert.is(utcDateTime(new Date("2026-03-29T06:00:00.123Z")), "20260329T060000Z");
});

ics("a calendar has the required properties, CRLF endings and one event per appointment", () => {
  const text = renderCalendar({
    prodId: "-//Kartei//Kalender//DE",
    name: "Praxis, Dr. Beispiel",
    events: [{
      uid: "4f1c@kartei",
      start: new Date("2026-10-25T07:00:00Z"),
      end: new Date("2026-10-25T11:00:00Z"),
      stamp: new Date("2026-10-01T12:00:00Z"),
      summary: "A. M.",
    }],
  });
  assert.ok(text.endsWith("\r\n"));
  assert.not.match(text.replaceAll("\r\n", ""), /[\r\n]/, "no bare line feeds");
  const lines = text.split("\r\n");
  assert.is(lines[0], "BEGIN:VCALENDAR");
  assert.ok(lines.includes("VERSION:2.0"));
  assert.ok(lines.includes("PRODID:-//Kartei//Kalender//DE"));
  assert.ok(lines.includes("X-WR-CALNAME:Praxis\\, Dr. Beispiel"));
  assert.ok(lines.includes("UID:4f1c@kartei"));
  assert.ok(lines.includes("DTSTART:20261025T070000Z"));
  assert.ok(lines.includes("DTEND:20261025T110000Z"));
  assert.ok(lines.includes("DTSTAMP:20261001T120000Z"));
  assert.ok(lines.includes("SUMMARY:A. M."));
  assert.is(lines.filter((l) => l === "BEGIN:VEVENT").length, 1);
  assert.is(lines[lines.length - 2], "END:VCALENDAR");
});

ics.run();
