// deno-lint-ignore-file jsx-key -- hono's precompiled JSX would print key as an HTML attribute
// The time grid of the day and week views: one table row per half hour (Berlin wall-clock
// time), one column per day or per practitioner. A free cell inside working hours is a link to
// the booking form for exactly that practitioner and time; time outside working hours and
// absences is shaded. Rows are local times, so 09:00 is the 09:00 row on both sides of a
// daylight-saving change; the hour skipped in spring is shown as not existing.
import type { Child } from "hono/jsx";
import type { PageContext } from "../page-context.ts";
import type { Appointment } from "../../db/appointments.ts";
import type { Practitioner } from "../../db/calendar-access.ts";
import type { Availability } from "../../lib/free-slots.ts";
import { berlinDayInstants, type BerlinParts, berlinParts, clockOfMinute, formatDay } from "../../lib/berlin-time.ts";
import { withReturnPath } from "../../lib/return-path.ts";
import { PractitionerMark } from "./practitioner-mark.tsx";

export const SLOT_MINUTES = 30;

export interface GridColumn {
  date: string;
  practitionerId: string;
  /** The column heading. */
  label: string;
  /** A practitioner's column (the day view): headed by their mark. */
  practitioner?: Practitioner;
}

export interface GridProps {
  page: PageContext;
  caption: Child;
  columns: GridColumn[];
  appointments: Appointment[];
  availability: Map<string, Availability>;
  /** The location bookings from this grid go to, when one is chosen. */
  locationId: string | null;
  /** The request's time in Berlin: today's column gets the "now" line. */
  now: BerlinParts;
  /** The view's own address: appointment and booking links lead back to it. */
  back: string;
}

/** The half hours shown: 07:00–19:00, widened to every appointment and working interval. */
export function visibleMinutes(appointments: Appointment[], availability: Map<string, Availability>) {
  let first = 7 * 60;
  let last = 19 * 60;
  const widen = (start: Date, end: Date) => {
    const from = berlinParts(start);
    const to = berlinParts(end);
    first = Math.min(first, from.minute);
    // An interval that ends on the next day (or at midnight) reaches the end of the day.
    last = Math.max(last, to.date !== from.date ? 24 * 60 : to.minute);
  };
  for (const appointment of appointments) widen(appointment.startsAt, appointment.endsAt);
  for (const entry of availability.values()) for (const working of entry.working) widen(working.start, working.end);
  first = Math.floor(first / SLOT_MINUTES) * SLOT_MINUTES;
  last = Math.min(24 * 60, Math.ceil(last / SLOT_MINUTES) * SLOT_MINUTES);
  const minutes: number[] = [];
  for (let minute = first; minute < last; minute += SLOT_MINUTES) minutes.push(minute);
  return minutes;
}

export function AppointmentLink(
  props: {
    page: PageContext;
    appointment: Appointment;
    /** Shown with the appointment where columns do not say whose it is. */
    practitioner?: Pick<Practitioner, "name" | "colour">;
    back?: string;
    /** Draggable to another cell of the grid (static/quick-booking.js). */
    movable?: boolean;
  },
) {
  const { page, appointment } = props;
  const t = page.t;
  const who = appointment.patientName ?? appointment.title;
  // A type's colour is a left border with its own pattern, and its name is written out: never colour alone.
  const typed = appointment.typeColour ? ` appointment-typed type-colour-${appointment.typeColour}` : "";
  // What static/quick-booking.js posts to the move form when the appointment is dragged to another cell.
  const move = props.movable
    ? {
      draggable: "true" as const,
      "data-move": `/calendar/appointments/${appointment.id}/move`,
      "data-version": String(appointment.version),
      "data-location": appointment.locationId,
      "data-room": appointment.roomId ?? "",
      "data-duration": String(Math.round((appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000)),
    }
    : {};
  return (
    <a
      href={withReturnPath(`/calendar/appointments/${appointment.id}`, props.back ?? null)}
      {...move}
      class={`appointment appointment-${appointment.status}${typed}`}
    >
      {appointment.typeName && <span class="appointment-type">{appointment.typeName}</span>}
      <span class="appointment-time">
        {berlinParts(appointment.startsAt).time}–{berlinParts(appointment.endsAt).time}
      </span>{" "}
      <span class="appointment-who">{who}</span>
      {appointment.patientName && appointment.title && <span class="appointment-title">{appointment.title}</span>}
      {props.practitioner && (
        <span class="appointment-practitioner">
          <PractitionerMark practitioner={props.practitioner} />
        </span>
      )}
      {appointment.roomName && <span class="appointment-room">{appointment.roomName}</span>}
      {appointment.status !== "booked" && (
        <span class="appointment-status">{t(`calendar.status.${appointment.status}`)}</span>
      )}
      {appointment.status === "booked" && appointment.arrivedAt && (
        <span class="appointment-status">
          {t("today.arrivedAt", { time: berlinParts(appointment.arrivedAt).time })}
        </span>
      )}
      {appointment.unnotifiedChangeAt && appointment.status === "booked" && (
        <span class="appointment-unnotified">{t("patientMessages.unnotified")}</span>
      )}
    </a>
  );
}

// Built by hand: ids, dates and times need no escaping, and this runs for every cell.
function bookingHref(column: GridColumn, time: string, locationId: string | null, back: string) {
  const location = locationId ? `&location=${locationId}` : "";
  return `/calendar/new?practitioner=${column.practitionerId}&start=${column.date}T${time}${location}${back}`;
}

/** The "now" line in the half hour it falls in, placed within it in steps of five minutes. */
function NowLine(props: { page: PageContext; now: BerlinParts; labelled: boolean }) {
  const { page, now } = props;
  const offset = Math.floor((now.minute % SLOT_MINUTES) / 5);
  return (
    <span
      class={`now-line now-offset-${offset}`}
      data-date={now.date}
      data-template={page.t("calendar.nowLine", { time: "{time}" })}
      aria-hidden={props.labelled ? undefined : "true"}
    >
      <span class="now-label">{props.labelled && page.t("calendar.nowLine", { time: now.time })}</span>
    </span>
  );
}

/** What a column needs for every cell, as numbers: its slots' instants and the intervals touching its day. */
interface ColumnFacts {
  /** The start of each visible half hour (ms), or null where that local time does not exist. */
  starts: (number | null)[];
  /** Live appointments of the column's practitioner as [start, end, start, end, …] (ms). */
  busy: number[];
  working: number[];
  absences: number[];
  /** No working hours known: every time counts as inside them. */
  anyHours: boolean;
  /** The booking link's label split where its time goes: translated once per column, not per cell. */
  bookLabel: string[];
}

/** The [start, end) pairs of those intervals that overlap [from, to), flat. */
function overlapping(intervals: { start: number; end: number }[], from: number, to: number): number[] {
  const flat: number[] = [];
  for (const { start, end } of intervals) if (start < to && end > from) flat.push(start, end);
  return flat;
}

function overlapsAny(flat: number[], from: number, to: number): boolean {
  for (let i = 0; i < flat.length; i += 2) if (flat[i] < to && flat[i + 1] > from) return true;
  return false;
}

function coversSlot(flat: number[], from: number, to: number): boolean {
  for (let i = 0; i < flat.length; i += 2) if (flat[i] <= from && flat[i + 1] >= to) return true;
  return false;
}

// Stands for the time in a label translated ahead; no translation contains it.
const TIME_MARK = "\u0000";

export function TimeGrid(props: GridProps) {
  const { page, columns, appointments, availability } = props;
  const t = page.t;
  const minutes = visibleMinutes(appointments, availability);
  const canMove = page.can("calendar.write");
  const times = minutes.map(clockOfMinute);
  const slotMs = SLOT_MINUTES * 60_000;
  const back = `&back=${encodeURIComponent(props.back)}`;
  const nowRow = Math.floor(props.now.minute / SLOT_MINUTES) * SLOT_MINUTES;
  // The first of today's columns carries the label; the others show the line alone.
  const nowLabelled = columns.findIndex((column) => column.date === props.now.date);
  // Live appointments as numbers per practitioner: compared for every cell, Dates would be slow.
  const busyTimes = new Map<string, { start: number; end: number }[]>();
  for (const a of appointments) {
    if (a.status === "cancelled") continue;
    let list = busyTimes.get(a.practitionerId);
    if (!list) busyTimes.set(a.practitionerId, list = []);
    list.push({ start: a.startsAt.getTime(), end: a.endsAt.getTime() });
  }
  // Each appointment in the cell of its practitioner, day and half hour of its start.
  const byCell = new Map<string, Appointment[]>();
  for (const appointment of appointments) {
    const start = berlinParts(appointment.startsAt);
    const key = `${appointment.practitionerId} ${start.date} ${Math.floor(start.minute / SLOT_MINUTES) * SLOT_MINUTES}`;
    const cell = byCell.get(key);
    if (cell) cell.push(appointment);
    else byCell.set(key, [appointment]);
  }
  const dayLabels = new Map<string, string>();
  // Columns of one day (the day view of all practitioners) share the instants of its slots.
  const dayStarts = new Map<string, (number | null)[]>();
  const facts = columns.map((column): ColumnFacts => {
    let starts = dayStarts.get(column.date);
    if (!starts) dayStarts.set(column.date, starts = berlinDayInstants(column.date, minutes));
    const existing = starts.filter((start) => start !== null);
    // Only what touches the column's visible slots is compared, cell by cell.
    const from = existing.length ? Math.min(...existing) : 0;
    const to = existing.length ? Math.max(...existing) + slotMs : 0;
    const hours = availability.get(column.practitionerId);
    const asNumbers = (intervals: { start: Date; end: Date }[]) =>
      intervals.map((interval) => ({ start: interval.start.getTime(), end: interval.end.getTime() }));
    let dayLabel = dayLabels.get(column.date);
    if (dayLabel === undefined) dayLabels.set(column.date, dayLabel = formatDay(column.date, page.lang));
    return {
      starts,
      busy: overlapping(busyTimes.get(column.practitionerId) ?? [], from, to),
      working: hours ? overlapping(asNumbers(hours.working), from, to) : [],
      absences: hours ? overlapping(asNumbers(hours.absences), from, to) : [],
      anyHours: !hours || hours.working.length === 0,
      bookLabel: t("calendar.bookSlot", { time: TIME_MARK, date: dayLabel }).split(TIME_MARK),
    };
  });
  return (
    <div class="calendar-scroll">
      <table class="calendar-grid">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="calendar-time">{t("calendar.timeColumn")}</th>
            {columns.map((column) => (
              <th scope="col" data-column={`${column.practitionerId} ${column.date}`}>
                {column.practitioner ? <PractitionerMark practitioner={column.practitioner} /> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {minutes.map((minute, row) => {
            const time = times[row];
            return (
              <tr class={minute % 60 === 0 ? "calendar-hour" : "calendar-half"} data-minute={minute}>
                <th scope="row" class="calendar-time">{time}</th>
                {columns.map((column, i) => {
                  const known = facts[i];
                  const from = known.starts[row];
                  if (from === null) {
                    return <td class="slot slot-nonexistent">{t("calendar.nonexistentHour")}</td>;
                  }
                  const to = from + slotMs;
                  const starting = byCell.get(`${column.practitionerId} ${column.date} ${minute}`);
                  const busy = overlapsAny(known.busy, from, to);
                  const inHours = known.anyHours || coversSlot(known.working, from, to);
                  const absent = overlapsAny(known.absences, from, to);
                  const isNow = minute === nowRow && column.date === props.now.date;
                  const classes = `slot${inHours ? "" : " slot-off"}${absent ? " slot-absent" : ""}${
                    busy ? " slot-busy" : ""
                  }${isNow ? " slot-now" : ""}`;
                  return (
                    <td class={classes} aria-current={isNow ? "time" : undefined}>
                      {isNow && <NowLine page={page} now={props.now} labelled={i === nowLabelled} />}
                      {starting?.map((appointment) => (
                        <AppointmentLink
                          page={page}
                          appointment={appointment}
                          back={props.back}
                          movable={canMove && appointment.status === "booked"}
                        />
                      ))}
                      {absent && <span class="visually-hidden">{t("calendar.absent")}</span>}
                      {!busy && inHours && !absent && (
                        <a class="slot-book" href={bookingHref(column, time, props.locationId, back)}>
                          <span aria-hidden="true">+</span>
                          <span class="visually-hidden">
                            {known.bookLabel.join(time)}
                          </span>
                        </a>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
