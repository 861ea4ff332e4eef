// Reading the calendar's forms: Berlin dates and times, durations, series rules. Everything a
// person can type ends as a message next to its field, never as a 500.
import type { FieldErrors } from "../views/page-context.ts";
import { berlinInstant, parseLocalDate, parseLocalTime } from "../lib/berlin-time.ts";
import { MAX_OCCURRENCES, type Occurrence, occurrencesOf, type WeeklyRule } from "../lib/recurrence.ts";
import { MAX_DURATION_MINUTES } from "../db/appointments.ts";
import type { Conflict, PlacementProblems } from "../db/appointment-placement.ts";
import { berlinParts, formatDay } from "../lib/berlin-time.ts";
import type { Language } from "../lib/i18n/mod.ts";
import { isUuid } from "../lib/uuid.ts";
import type { AppointmentType } from "../db/appointment-types.ts";
import { hasForbiddenCharacters } from "./validation.ts";

export function uuidOrNull(value: string | undefined): string | null {
  const trimmed = (value ?? "").trim().toLowerCase();
  return isUuid(trimmed) ? trimmed : null;
}

function wholeNumber(value: string | undefined, min: number, max: number): number | null {
  const trimmed = (value ?? "").trim();
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return number >= min && number <= max ? number : null;
}

function freeText(value: string | undefined, max: number): string | "invalid" | "long" {
  const text = (value ?? "").trim();
  if (text.length > max) return "long";
  return hasForbiddenCharacters(text) ? "invalid" : text;
}

export interface WhenAndWhere {
  practitionerId: string;
  locationId: string;
  roomId: string | null;
  date: string;
  time: string;
  durationMinutes: number;
  startsAt: Date;
  endsAt: Date;
  allowConflict: boolean;
}

/** Practitioner, location, room, date, time, duration and the overlap flag of a form. */
export function readWhenAndWhere(
  values: Record<string, string>,
  errors: FieldErrors,
  lang: Language,
): WhenAndWhere | null {
  const practitionerId = uuidOrNull(values.practitioner_id);
  if (!practitionerId) errors.practitioner_id = { key: "calendar.unknownPractitioner" };
  const locationId = uuidOrNull(values.location_id);
  if (!locationId) errors.location_id = { key: "calendar.unknownLocation" };
  const roomText = (values.room_id ?? "").trim();
  const roomId = roomText ? uuidOrNull(roomText) : null;
  if (roomText && !roomId) errors.room_id = { key: "calendar.unknownRoom" };
  const date = parseLocalDate(values.date);
  if (!date) errors.date = { key: values.date?.trim() ? "calendar.invalidDate" : "form.required" };
  const time = parseLocalTime(values.time);
  if (!time) errors.time = { key: values.time?.trim() ? "calendar.invalidTime" : "form.required" };
  const durationMinutes = wholeNumber(values.duration, 5, MAX_DURATION_MINUTES);
  if (durationMinutes === null) {
    errors.duration = { key: "calendar.invalidDuration", values: { max: MAX_DURATION_MINUTES } };
  }
  let startsAt: Date | null = null;
  if (date && time) {
    const instant = berlinInstant(date, time);
    if (instant.ok) startsAt = instant.at;
    else errors.time = nonexistentTimeError(time, date, lang);
  }
  if (
    !practitionerId || !locationId || (roomText && !roomId) || !date || !time || !startsAt || durationMinutes === null
  ) {
    return null;
  }
  return {
    practitionerId,
    locationId,
    roomId,
    date,
    time,
    durationMinutes,
    startsAt,
    endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000),
    allowConflict: values.allow_overlap === "yes",
  };
}

/**
 * Fills the booking form from the chosen appointment type: its duration and default room (at the
 * chosen location), unless the person typed another duration or chose another room than the form
 * had filled in itself. Hidden fields carry what the form showed and filled last time
 * (shown_practitioner_id, shown_type_id, filled_duration, filled_room). With `preselect`, a
 * practitioner chosen anew (or the form's first showing) brings their usual type, unless the
 * type was changed in the same step.
 */
export function applyTypeDefaults(
  values: Record<string, string>,
  types: AppointmentType[],
  usual: Map<string, string>,
  options: { preselect: boolean },
): void {
  const typeUntouched = (values.appointment_type_id ?? "") === (values.shown_type_id ?? "");
  if (options.preselect && values.practitioner_id !== values.shown_practitioner_id && typeUntouched) {
    const usualId = usual.get(values.practitioner_id ?? "");
    if (usualId && types.some((type) => type.id === usualId)) values.appointment_type_id = usualId;
  }
  const type = types.find((candidate) => candidate.id === values.appointment_type_id);
  if (type && values.appointment_type_id !== (values.shown_type_id ?? "")) {
    const duration = (values.duration ?? "").trim();
    if (!duration || duration === (values.filled_duration ?? "")) {
      values.duration = String(type.durationMinutes);
      values.filled_duration = values.duration;
    }
    const room = values.room_id ?? "";
    // The room goes with a location: with none chosen yet, the room's is taken.
    const location = values.location_id ?? "";
    const roomFits = !type.defaultRoomId || !location || type.defaultRoomLocationId === location;
    if (room === (values.filled_room ?? "") && roomFits) {
      values.room_id = type.defaultRoomId ?? "";
      values.filled_room = values.room_id;
      if (!location && type.defaultRoomLocationId) values.location_id = type.defaultRoomLocationId;
    }
  }
  values.shown_type_id = values.appointment_type_id ?? "";
  values.shown_practitioner_id = values.practitioner_id ?? "";
}

export interface BookingForm extends WhenAndWhere {
  patientId: string | null;
  appointmentTypeId: string | null;
  title: string;
  rule: WeeklyRule | null;
  occurrences: Occurrence[];
}

/** The booking form: one appointment, or a weekly series with all its occurrences. */
export function readBookingForm(
  values: Record<string, string>,
  lang: Language,
): { form?: BookingForm; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const when = readWhenAndWhere(values, errors, lang);
  const patientText = (values.patient_id ?? "").trim();
  const patientId = patientText ? uuidOrNull(patientText) : null;
  if (patientText && !patientId) errors.patient_id = { key: "calendar.unknownPatient" };
  const typeText = (values.appointment_type_id ?? "").trim();
  const appointmentTypeId = typeText ? uuidOrNull(typeText) : null;
  if (typeText && !appointmentTypeId) errors.appointment_type_id = { key: "appointmentTypes.unknownType" };
  const title = freeText(values.title, 200);
  if (title === "long") errors.title = { key: "form.tooLong", values: { max: 200 } };
  if (title === "invalid") errors.title = { key: "form.invalidCharacters" };
  if (!patientId && !patientText && (title === "" || title === "long" || title === "invalid") && !errors.title) {
    errors.patient_id = { key: "calendar.patientOrTitle" };
  }
  let rule: WeeklyRule | null = null;
  if (values.repeat === "weekly") {
    const intervalWeeks = wholeNumber(values.interval_weeks, 1, 52);
    if (intervalWeeks === null) errors.interval_weeks = { key: "calendar.invalidInterval" };
    let untilDate: string | null = null;
    let count: number | null = null;
    if (values.repeat_end === "count") {
      count = wholeNumber(values.count, 1, MAX_OCCURRENCES);
      if (count === null) errors.count = { key: "calendar.invalidCount", values: { max: MAX_OCCURRENCES } };
    } else {
      untilDate = parseLocalDate(values.until);
      if (!untilDate) errors.until = { key: values.until?.trim() ? "calendar.invalidDate" : "form.required" };
      else if (when && untilDate < when.date) errors.until = { key: "calendar.untilBeforeStart" };
    }
    if (when && intervalWeeks !== null && (untilDate || count)) {
      rule = {
        firstDate: when.date,
        localTime: when.time,
        durationMinutes: when.durationMinutes,
        intervalWeeks,
        untilDate,
        count,
      };
    }
  }
  if (!when || Object.keys(errors).length) return { errors };
  let occurrences: Occurrence[] = [{ date: when.date, startsAt: when.startsAt, endsAt: when.endsAt }];
  if (rule) {
    const outcome = occurrencesOf(rule);
    if (!outcome.ok && outcome.problem === "too_many") {
      errors[values.repeat_end === "count" ? "count" : "until"] = {
        key: "calendar.tooManyOccurrences",
        values: { max: MAX_OCCURRENCES },
      };
      return { errors };
    }
    if (!outcome.ok) {
      errors.time = nonexistentTimeError(when.time, outcome.date, lang);
      return { errors };
    }
    occurrences = outcome.occurrences;
  }
  return {
    form: { ...when, patientId, appointmentTypeId, title: title as string, rule, occurrences },
    errors,
  };
}

/** A required reason (cancelling), one line, at most 500 characters. */
export function readReason(values: Record<string, string>, errors: FieldErrors): string | null {
  const reason = freeText(values.reason, 500);
  if (reason === "") errors.reason = { key: "form.required" };
  else if (reason === "long") errors.reason = { key: "form.tooLong", values: { max: 500 } };
  else if (reason === "invalid") errors.reason = { key: "form.invalidCharacters" };
  else return reason;
  return null;
}

/** The rhythm of a series being changed from here on: every 1 to 52 weeks; empty keeps it. */
export function readInterval(values: Record<string, string>, errors: FieldErrors): number | null {
  if (!(values.interval_weeks ?? "").trim()) return null;
  const interval = wholeNumber(values.interval_weeks, 1, 52);
  if (interval === null) errors.interval_weeks = { key: "calendar.invalidInterval" };
  return interval;
}

export function readVersion(values: Record<string, string>): number | null {
  return wholeNumber(values.version, 1, 1_000_000);
}

/** A Berlin time skipped by the change to summer time, as a message with the day as people write it. */
export function nonexistentTimeError(time: string, date: string, lang: Language): FieldErrors[string] {
  return { key: "calendar.nonexistentTime", values: { time, date: formatDay(date, lang) } };
}

/** The conflict as a message next to the time field, naming when and with whom or where. */
export function conflictError(conflict: Conflict, lang: Language): FieldErrors[string] {
  if (conflict.kind === "absence") {
    const moment = (at: Date) => {
      const parts = berlinParts(at);
      return `${formatDay(parts.date, lang)} ${parts.time}`;
    };
    return {
      key: "calendar.conflictAbsence",
      values: { practitioner: conflict.practitionerName, from: moment(conflict.startsAt), to: moment(conflict.endsAt) },
    };
  }
  const start = berlinParts(conflict.startsAt);
  const values = {
    date: formatDay(start.date, lang),
    start: start.time,
    end: berlinParts(conflict.endsAt).time,
    practitioner: conflict.practitionerName,
    room: conflict.roomName ?? "",
  };
  const key = conflict.kind === "room"
    ? "calendar.conflictRoom"
    : conflict.kind === "hours"
    ? "calendar.conflictHours"
    : "calendar.conflictPractitioner";
  return { key, values };
}

/** Placement problems found by the database, as field messages. */
export function placementErrors(problems: PlacementProblems): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, key] of Object.entries(problems)) if (key) errors[field] = { key };
  return errors;
}
