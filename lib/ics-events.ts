// Appointments from another program's calendar export (iCalendar): each VEVENT's start, end and
// summary, with the times read in UTC ("…Z"), in Europe/Berlin (TZID, or floating local time,
// which such exports mean as the practice's time), and a problem per event Kartei cannot take
// as one appointment (a whole day, a repeating rule, another time zone, no end). The counterpart
// of lib/ics.ts, which writes calendars.
import { berlinInstant } from "./berlin-time.ts";

/** The longest appointment Kartei keeps (appointments end at most 12 hours after they start). */
const MAX_MS = 12 * 3_600_000;

export type IcsEventProblem = "allDay" | "recurring" | "timeZone" | "badTime" | "noEnd" | "endBeforeStart" | "tooLong";

export interface IcsEvent {
  /** 1-based position among the file's events. */
  index: number;
  summary: string;
  startsAt: Date | null;
  endsAt: Date | null;
  problem: IcsEventProblem | null;
}

const BERLIN_ZONES = new Set(["europe/berlin", "w. europe standard time", "mitteleuropäische zeit"]);

/** Content lines with folding undone (CRLF or LF followed by a space or tab continues a line). */
function contentLines(text: string): string[] {
  return text.replace(/^\ufeff/, "").replace(/\r?\n[ \t]/g, "").split(/\r?\n/).filter((line) => line !== "");
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === "n" || ch === "N" ? "\n" : ch));
}

type Time = { ok: true; at: Date } | { ok: false; problem: IcsEventProblem };

/** A DATE-TIME property (its parameters and value) as an instant. */
function readTime(params: string[], value: string): Time {
  if (params.some((p) => p.toUpperCase() === "VALUE=DATE") || /^\d{8}$/.test(value)) {
    return { ok: false, problem: "allDay" };
  }
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(value);
  if (!match) return { ok: false, problem: "badTime" };
  const [, y, mo, d, h, mi, s, utc] = match;
  if (utc) {
    const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
    return Number.isNaN(at.getTime()) ? { ok: false, problem: "badTime" } : { ok: true, at };
  }
  const zone = params.find((p) => p.toUpperCase().startsWith("TZID="))?.slice(5).replace(/^"|"$/g, "");
  if (zone !== undefined && !BERLIN_ZONES.has(zone.toLowerCase())) return { ok: false, problem: "timeZone" };
  const local = berlinInstant(`${y}-${mo}-${d}`, `${h}:${mi}`);
  if (!local.ok) return { ok: false, problem: "badTime" };
  return { ok: true, at: new Date(local.at.getTime() + Number(s) * 1000) };
}

/** Every VEVENT of the calendar text, in file order; nothing is refused as a whole. */
export function readIcsEvents(text: string): IcsEvent[] {
  const events: IcsEvent[] = [];
  let current: Map<string, { params: string[]; value: string }> | null = null;
  let recurring = false;
  let depth = 0;
  for (const line of contentLines(text)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const [name, ...params] = line.slice(0, colon).split(";");
    const value = line.slice(colon + 1);
    const key = name.toUpperCase();
    if (key === "BEGIN" && value.toUpperCase() === "VEVENT") {
      current = new Map();
      recurring = false;
      depth = 0;
    } else if (current && key === "BEGIN") {
      depth++; // a VALARM inside the event: its properties are not the event's
    } else if (current && key === "END" && depth > 0) {
      depth--;
    } else if (current && key === "END" && value.toUpperCase() === "VEVENT") {
      events.push(eventOf(events.length + 1, current, recurring));
      current = null;
    } else if (current && depth === 0) {
      if (key === "RRULE" || key === "RDATE") recurring = true;
      if (!current.has(key)) current.set(key, { params, value });
    }
  }
  return events;
}

function eventOf(
  index: number,
  props: Map<string, { params: string[]; value: string }>,
  recurring: boolean,
): IcsEvent {
  const summary = unescapeText(props.get("SUMMARY")?.value ?? "").trim();
  const event = (startsAt: Date | null, endsAt: Date | null, problem: IcsEventProblem | null): IcsEvent => ({
    index,
    summary,
    startsAt,
    endsAt,
    problem,
  });
  const startProp = props.get("DTSTART");
  if (!startProp) return event(null, null, "badTime");
  const start = readTime(startProp.params, startProp.value);
  if (!start.ok) return event(null, null, start.problem);
  if (recurring) return event(start.at, null, "recurring");
  const endProp = props.get("DTEND");
  if (!endProp) return event(start.at, null, "noEnd");
  const end = readTime(endProp.params, endProp.value);
  if (!end.ok) return event(start.at, null, end.problem);
  const length = end.at.getTime() - start.at.getTime();
  if (length <= 0) return event(start.at, end.at, "endBeforeStart");
  if (length > MAX_MS) return event(start.at, end.at, "tooLong");
  return event(start.at, end.at, null);
}
