// Reading the calendar's forms: Berlin dates and times, durations, series rules, as zod schemas
// of the shared field vocabulary (routes/validation.ts). Everything a person can type ends as a
// message next to its field, never as a 500.
import { z } from "zod";
import type { FieldErrors } from "../views/page-context.ts";
import { berlinInstant, parseLocalDate, parseLocalTime } from "../lib/berlin-time.ts";
import { MAX_OCCURRENCES, type Occurrence, occurrencesOf, type WeeklyRule } from "../lib/recurrence.ts";
import { MAX_DURATION_MINUTES } from "../db/appointments.ts";
import type { Conflict, PlacementProblems } from "../db/appointment-placement.ts";
import { berlinParts, formatDay } from "../lib/berlin-time.ts";
import type { Language } from "../lib/i18n/mod.ts";
import type { AppointmentType } from "../db/appointment-types.ts";
import {
  checkForm,
  choice,
  type FormResult,
  onceValid,
  optionalLine,
  optionalTyped,
  readId,
  singleLineText,
  typed,
  wholeNumberBetween,
} from "./validation.ts";

/** An id in a query (a calendar filter, a preselected patient), or null. */
export function uuidOrNull(value: string | undefined): string | null {
  return readId((value ?? "").trim());
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

// Practitioner, location, room, date, time, duration and the overlap flag of a form.
const whenAndWhereFields = {
  practitioner_id: typed(readId, "calendar.unknownPractitioner"),
  location_id: typed(readId, "calendar.unknownLocation"),
  room_id: optionalTyped(readId, "calendar.unknownRoom"),
  date: typed(parseLocalDate, "calendar.invalidDate", { missing: "form.required" }),
  time: typed(parseLocalTime, "calendar.invalidTime", { missing: "form.required" }),
  duration: typed(wholeNumberBetween(5, MAX_DURATION_MINUTES), "calendar.invalidDuration", {
    values: { max: MAX_DURATION_MINUTES },
  }),
  allow_overlap: z.string().optional().transform((value) => value === "yes"),
};
const WHEN_AND_WHERE = Object.keys(whenAndWhereFields);

// A version the form was loaded with; a missing or broken one is answered as a stale form (409).
const version = typed(wholeNumberBetween(1, 1_000_000), "calendar.staleProblem");
// "This one" (also when not asked, as for a single appointment) or "this and following".
const apply = choice(["this", "following"], "patient.invalidChoice").default("this");
const intervalWeeks = wholeNumberBetween(1, 52);

type WhenAndWhereFields = { date: string; time: string; duration: number } & Record<string, unknown>;

/** The time skipped by the change to summer time is refused beside the time field. */
function existingBerlinTime(lang: Language) {
  return (form: WhenAndWhereFields, ctx: z.core.$RefinementCtx) => {
    if (berlinInstant(form.date, form.time).ok) return;
    ctx.addIssue({ code: "custom", path: ["time"], ...nonexistentTimeIssue(form.time, form.date, lang) });
  };
}

function whenAndWhere(form: z.output<z.ZodObject<typeof whenAndWhereFields>>): WhenAndWhere {
  const instant = berlinInstant(form.date, form.time);
  // existingBerlinTime has refused every time that does not exist.
  const startsAt = instant.ok ? instant.at : new Date(Number.NaN);
  return {
    practitionerId: form.practitioner_id,
    locationId: form.location_id,
    roomId: form.room_id,
    date: form.date,
    time: form.time,
    durationMinutes: form.duration,
    startsAt,
    endsAt: new Date(startsAt.getTime() + form.duration * 60_000),
    allowConflict: form.allow_overlap,
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

/** The booking form: one appointment, or a weekly series ending on a day or after a count. */
function bookingSchema(repeat: "none" | "until" | "count", lang: Language) {
  return z.object({
    ...whenAndWhereFields,
    patient_id: optionalTyped(readId, "calendar.unknownPatient"),
    appointment_type_id: optionalTyped(readId, "appointmentTypes.unknownType"),
    title: optionalLine(200),
    interval_weeks: repeat === "none" ? z.unknown().optional() : typed(intervalWeeks, "calendar.invalidInterval"),
    until: repeat === "until"
      ? typed(parseLocalDate, "calendar.invalidDate", { missing: "form.required" })
      : z.unknown().optional(),
    count: repeat === "count"
      ? typed(wholeNumberBetween(1, MAX_OCCURRENCES), "calendar.invalidCount", { values: { max: MAX_OCCURRENCES } })
      : z.unknown().optional(),
  })
    .superRefine(existingBerlinTime(lang), onceValid("date", "time"))
    .superRefine((form, ctx) => {
      if (form.patient_id === null && form.title === "") {
        ctx.addIssue({ code: "custom", path: ["patient_id"], message: "calendar.patientOrTitle" });
      }
    }, onceValid("patient_id", "title"))
    .superRefine((form, ctx) => {
      if (repeat === "until" && (form.until as string) < form.date) {
        ctx.addIssue({ code: "custom", path: ["until"], message: "calendar.untilBeforeStart" });
      }
    }, onceValid(...WHEN_AND_WHERE, "until"))
    .transform((form, ctx): BookingForm => {
      const when = whenAndWhere(form);
      const booking = {
        ...when,
        patientId: form.patient_id,
        appointmentTypeId: form.appointment_type_id,
        title: form.title,
      };
      if (repeat === "none") {
        return {
          ...booking,
          rule: null,
          occurrences: [{ date: when.date, startsAt: when.startsAt, endsAt: when.endsAt }],
        };
      }
      const rule: WeeklyRule = {
        firstDate: when.date,
        localTime: when.time,
        durationMinutes: when.durationMinutes,
        intervalWeeks: form.interval_weeks as number,
        untilDate: repeat === "until" ? form.until as string : null,
        count: repeat === "count" ? form.count as number : null,
      };
      const outcome = occurrencesOf(rule);
      if (outcome.ok) return { ...booking, rule, occurrences: outcome.occurrences };
      if (outcome.problem === "too_many") {
        const message = "calendar.tooManyOccurrences";
        ctx.addIssue({ code: "custom", path: [repeat], message, params: { values: { max: MAX_OCCURRENCES } } });
      } else {
        ctx.addIssue({ code: "custom", path: ["time"], ...nonexistentTimeIssue(when.time, outcome.date, lang) });
      }
      return z.NEVER;
    });
}

/** Reads the booking form; a series gets all its occurrences, or the message why it cannot be. */
export function readBookingForm(values: Record<string, string>, lang: Language): FormResult<BookingForm> {
  const repeat = values.repeat !== "weekly" ? "none" : values.repeat_end === "count" ? "count" : "until";
  return checkForm(bookingSchema(repeat, lang), values);
}

export type ChangeForm = WhenAndWhere & { version: number; apply: "this" | "following"; intervalWeeks: number | null };

/**
 * Moving or resizing: when and where, for this appointment or this and the following of its
 * series, which may take a new rhythm (empty keeps it). A version error means a stale form.
 */
export function readChangeForm(values: Record<string, string>, lang: Language): FormResult<ChangeForm> {
  const following = values.apply === "following";
  const schema = z.object({
    ...whenAndWhereFields,
    version,
    apply,
    interval_weeks: following ? optionalTyped(intervalWeeks, "calendar.invalidInterval") : z.unknown().optional(),
  })
    .superRefine(existingBerlinTime(lang), onceValid("date", "time"))
    .transform((form): ChangeForm => ({
      ...whenAndWhere(form),
      version: form.version,
      apply: form.apply,
      intervalWeeks: following ? form.interval_weeks as number | null : null,
    }));
  return checkForm(schema, values);
}

/** Cancelling, with a required reason of one line. A version error means a stale form. */
export const cancelForm = z.object({ reason: singleLineText(500), apply, version });

/** Attended or no-show. A version error means a stale form. */
export const attendanceForm = z.object({
  version,
  status: choice(["attended", "no_show"], "calendar.attendanceChoice"),
});

/** A Berlin time skipped by the change to summer time, as a message with the day as people write it. */
export function nonexistentTimeError(time: string, date: string, lang: Language): FieldErrors[string] {
  return { key: "calendar.nonexistentTime", values: { time, date: formatDay(date, lang) } };
}

function nonexistentTimeIssue(time: string, date: string, lang: Language) {
  const error = nonexistentTimeError(time, date, lang)!;
  return { message: error.key, params: { values: error.values } };
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
