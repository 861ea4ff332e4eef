// Booking and changing appointments: the booking form (from a free cell of the day or week
// view, or a patient's record), one appointment's page, moving and resizing (this one, or
// this and the following of a series), cancelling with a reason, attended / no-show.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceScope, queryNotice, requestFacts, wantsPartial } from "./page.ts";
import { checkForm, readForm } from "./validation.ts";
import { offerLink } from "./booking-links.ts";
import {
  applyTypeDefaults,
  attendanceForm,
  cancelForm,
  conflictError,
  nonexistentTimeError,
  placementErrors,
  readBookingForm,
  readChangeForm,
  uuidOrNull,
} from "./calendar-form.ts";
import {
  bookAppointment,
  cancelAppointment,
  changeAppointment,
  findAppointment,
  recordAttendance,
  type WriteOutcome,
} from "../db/appointments.ts";
import { bookableRooms, calendarLocations, listPractitioners } from "../db/calendar-access.ts";
import { bookingChoices, findPatientChoices } from "../db/booking-choices.ts";
import { bookSeries, cancelFollowing, changeFollowing } from "../db/appointment-series.ts";
import { listAppointmentTypes, usualAppointmentTypes } from "../db/appointment-types.ts";
import { parseLocalDate, parseLocalTime } from "../lib/berlin-time.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { isUuid } from "../lib/uuid.ts";
import { safeReturnPath, withReturnPath } from "../lib/return-path.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { BookingForm, NewAppointmentPage, PatientOptions } from "../views/calendar/appointment-form.tsx";
import { QuickBookingDialog, QuickBookingDone, QuickBookingForm } from "../views/calendar/quick-booking.tsx";
import { findKeptBookingForm, keepBookingForm } from "../db/kept-booking-forms.ts";
import { AppointmentPage } from "../views/calendar/appointment-page.tsx";

/** An id in a path: exactly as our links carry it (lower case), or nothing. */
const pathId = (value: string): string | null => isUuid(value) ? value : null;

const NOTICES: Record<string, MessageKey> = {
  changed: "calendar.changedNotice",
  cancelled: "calendar.cancelledNotice",
  attendance: "calendar.attendanceNotice",
};

const PROBLEMS: Record<string, MessageKey> = {
  stale: "calendar.staleProblem",
  not_started: "calendar.notStartedProblem",
  cancelled: "calendar.cancelledProblem",
  not_in_series: "calendar.notInSeriesProblem",
  attendance_recorded: "calendar.attendanceRecordedProblem",
};

/**
 * What a showing of the booking form fills in: the practitioner's first location, the chosen
 * type's duration and room (with `preselect`, the practitioner's usual type), else 30 minutes.
 * Answers the types in use.
 */
async function fillBookingDefaults(
  c: Context<AppEnv>,
  values: Record<string, string>,
  options: { preselect: boolean },
) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  // The form carries the way back as typed by anyone: only a path of ours goes into a link.
  values.back = safeReturnPath(values.back) ?? "";
  const [types, usual] = await Promise.all([
    listAppointmentTypes(db, scope, { includeArchived: false }),
    usualAppointmentTypes(db, scope),
  ]);
  if (!values.location_id && values.practitioner_id) {
    const practitioners = await listPractitioners(db, scope, clock.now());
    const practitioner = practitioners.find((p) => p.id === values.practitioner_id);
    if (practitioner?.locationIds?.length) values.location_id = practitioner.locationIds[0];
  }
  applyTypeDefaults(values, types, usual, options);
  if (!(values.duration ?? "").trim()) values.duration = values.filled_duration = "30";
  return types;
}

/**
 * The booking form with everything to choose from, and the next free times of the practitioner.
 * Each showing fills in the chosen appointment type's duration and room (and, with `preselect`,
 * the practitioner's usual type); an htmx request from the form gets the form alone, and one
 * from a grid cell (quick=1) the quick-booking dialog.
 */
async function bookingPage(
  c: Context<AppEnv>,
  values: Record<string, string>,
  errors: FieldErrors,
  status: 200 | 422,
  options: { preselect: boolean } = { preselect: true },
) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const types = await fillBookingDefaults(c, values, options);
  const choices = await bookingChoices(db, scope, {
    practitionerId: values.practitioner_id ?? null,
    patientQuery: values.patient_q ?? "",
    patientId: uuidOrNull(values.patient_id),
    date: parseLocalDate(values.date),
    durationMinutes: Number(values.duration),
  }, clock.now());
  const props = { page: pageContext(c), choices, types, values, errors };
  if (wantsPartial(c) && values.quick === "1") {
    if (c.req.method === "GET") return c.html(<QuickBookingDialog {...props} />, status);
    return c.html(<QuickBookingForm {...props} />, status);
  }
  if (wantsPartial(c)) return c.html(<BookingForm {...props} />, status);
  return c.html(<NewAppointmentPage {...props} />, status);
}

/** Where a kept booking form is shown again. */
const KEPT_FORM_PAGE = "/calendar/new?kept=";

/**
 * A booking form posted that did not book: refused (with messages, 422) or to be shown again (a
 * search, a type applied). With htmx the form (the page's or the dialog's) comes back at once; a
 * plain post is kept, filled as this showing fills it, and redirected to a GET that shows it
 * (POST/redirect/GET), so that a reload does not post the form again.
 */
async function showAgain(
  c: Context<AppEnv>,
  values: Record<string, string>,
  errors: FieldErrors,
  options: { preselect: boolean },
) {
  const status = Object.keys(errors).length > 0 ? 422 : 200;
  if (wantsPartial(c)) return await bookingPage(c, values, errors, status, options);
  await fillBookingDefaults(c, values, options);
  const { db, clock } = c.var.deps;
  const id = await keepBookingForm(db, practiceScope(c), c.var.session!.id, { values, errors }, clock.now());
  return c.redirect(`${KEPT_FORM_PAGE}${id}`, 303);
}

async function appointmentPage(
  c: Context<AppEnv>,
  id: string,
  options: { errors?: FieldErrors; values?: Record<string, string>; problem?: MessageKey; status?: 200 | 409 | 422 } =
    {},
) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  // Ids in paths are what our links carry (lower case), as everywhere else.
  const appointmentId = isUuid(id) ? id : null;
  const appointment = appointmentId ? await findAppointment(db, scope, appointmentId) : undefined;
  if (!appointment) return c.notFound();
  const now = clock.now();
  const [practitioners, locations, rooms] = await Promise.all([
    listPractitioners(db, scope, now),
    calendarLocations(db, scope),
    bookableRooms(db, scope),
  ]);
  return c.html(
    <AppointmentPage
      page={pageContext(c)}
      appointment={appointment}
      practitioners={practitioners}
      locations={locations}
      rooms={rooms.filter((room) => locations.some((l) => l.id === room.location_id))}
      now={now}
      notice={queryNotice(c, NOTICES)}
      problem={options.problem}
      errors={options.errors}
      values={options.values}
      back={safeReturnPath(options.values?.back ?? c.req.query("back"))}
    />,
    options.status ?? 200,
  );
}

/** Where a write leads: its page with a notice, or the page again with what stood in the way. */
async function answer(
  c: Context<AppEnv>,
  id: string,
  outcome: WriteOutcome,
  notice: string,
  values: Record<string, string>,
) {
  if (outcome.ok) {
    const back = safeReturnPath(values.back);
    return c.redirect(withReturnPath(`/calendar/appointments/${id}?notice=${notice}`, back), 303);
  }
  if (outcome.problem === "unknown") return c.notFound();
  if (outcome.problem === "placement") {
    return await appointmentPage(c, id, { errors: placementErrors(outcome.fields), values, status: 422 });
  }
  if (outcome.problem === "conflict") {
    return await appointmentPage(c, id, {
      errors: { time: conflictError(outcome.conflict, c.var.lang) },
      values,
      status: 422,
    });
  }
  if (outcome.problem === "nonexistent") {
    const errors = { time: nonexistentTimeError(values.time ?? "", outcome.date, c.var.lang) };
    return await appointmentPage(c, id, { errors, values, status: 422 });
  }
  return await appointmentPage(c, id, {
    problem: PROBLEMS[outcome.problem],
    status: outcome.problem === "stale" ? 409 : 422,
  });
}

export function appointmentRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/calendar/new", authorize("calendar.write"), async (c) => {
    const query = c.req.query();
    const scope = practiceScope(c);
    if (query.kept !== undefined) {
      // The page a form posted without JavaScript was redirected to: as typed, with its messages (422).
      const id = uuidOrNull(query.kept);
      const { db, clock } = c.var.deps;
      const kept = id ? await findKeptBookingForm<FieldErrors>(db, scope, c.var.session!.id, id, clock.now()) : null;
      if (!kept) return c.notFound();
      const status = Object.keys(kept.errors).length > 0 ? 422 : 200;
      return await bookingPage(c, kept.values, kept.errors, status, { preselect: false });
    }
    // From a grid cell: ?practitioner=&start=YYYY-MM-DDTHH:MM&location=; from a record: ?patient=.
    const [startDate, startTime] = (query.start ?? "").split("T");
    const values: Record<string, string> = {
      practitioner_id: query.practitioner_id ?? query.practitioner ?? scope.membershipId,
      location_id: query.location_id ?? query.location ?? "",
      room_id: query.room_id ?? "",
      patient_id: query.patient_id ?? query.patient ?? "",
      patient_q: query.patient_q ?? "",
      date: query.date ?? parseLocalDate(startDate) ?? "",
      time: query.time ?? parseLocalTime(startTime) ?? "",
      duration: query.duration ?? "",
      ...(query.appointment_type_id !== undefined ? { appointment_type_id: query.appointment_type_id } : {}),
      title: query.title ?? "",
      allow_overlap: query.allow_overlap ?? "",
      repeat: query.repeat ?? "none",
      interval_weeks: query.interval_weeks ?? "1",
      repeat_end: query.repeat_end ?? "until",
      until: query.until ?? "",
      count: query.count ?? "",
      back: safeReturnPath(query.back) ?? "",
    };
    // With htmx, a grid cell asks for the quick-booking dialog.
    if (wantsPartial(c)) values.quick = "1";
    return await bookingPage(c, values, {}, 200);
  });

  // The form's "search" and "apply type" buttons without JavaScript, and a choice with htmx: the
  // form again, as typed, with the patients found and filled from the type.
  app.post(
    "/calendar/new",
    authorize("calendar.write"),
    async (c) => await showAgain(c, await readForm(c), {}, { preselect: true }),
  );

  app.get("/calendar/patient-options", authorize("calendar.write"), async (c) => {
    const patients = await findPatientChoices(
      c.var.deps.db,
      practiceScope(c),
      c.req.query("patient_q") ?? "",
      c.var.deps.clock.now(),
    );
    return c.html(
      <PatientOptions
        page={pageContext(c)}
        patients={patients}
        selected=""
        searched={!!c.req.query("patient_q")?.trim()}
      />,
    );
  });

  app.post("/calendar/appointments", authorize("calendar.write"), async (c) => {
    const values = await readForm(c);
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    // A type chosen without showing the form again still brings its duration and room.
    const [types, usual] = await Promise.all([
      listAppointmentTypes(db, scope, { includeArchived: false }),
      usualAppointmentTypes(db, scope),
    ]);
    applyTypeDefaults(values, types, usual, { preselect: false });
    const read = readBookingForm(values, c.var.lang);
    if (!read.success) return await showAgain(c, values, read.errors, { preselect: false });
    const form = read.data;
    const input = { ...form, patientId: form.patientId };
    const outcome = form.rule
      ? await bookSeries(db, scope, input, form.rule, form.occurrences, requestFacts(c))
      : await bookAppointment(db, scope, input, form.occurrences[0], requestFacts(c));
    if (!outcome.ok) {
      if (outcome.problem === "placement") {
        return await showAgain(c, values, placementErrors(outcome.fields), { preselect: false });
      }
      if (outcome.problem === "conflict") {
        return await showAgain(c, values, { time: conflictError(outcome.conflict, c.var.lang) }, { preselect: false });
      }
      return await showAgain(c, values, { time: { key: "calendar.unknownPractitioner" } }, { preselect: false });
    }
    if (wantsPartial(c) && values.quick === "1") {
      return c.html(
        <QuickBookingDone page={pageContext(c)} appointmentId={outcome.id} date={form.date} time={form.time} />,
      );
    }
    const created = form.rule ? "seriesCreated" : "created";
    // Back to the view the booking came from, if it came from one; else the booked week.
    const back = safeReturnPath(values.back);
    if (back?.startsWith("/calendar/day?") || back?.startsWith("/calendar/week?")) {
      return c.redirect(`${back}&notice=${created}`, 303);
    }
    const params = new URLSearchParams({
      date: form.date,
      practitioner: form.practitionerId,
      location: form.locationId,
      notice: created,
    });
    return c.redirect(`/calendar/week?${params}`, 303);
  });

  app.get("/calendar/appointments/:id", authorize("calendar.read"), (c) => appointmentPage(c, c.req.param("id")));

  app.post("/calendar/appointments/:id/move", authorize("calendar.write"), async (c) => {
    const id = pathId(c.req.param("id"));
    if (!id) return c.notFound();
    const values = await readForm(c);
    const read = readChangeForm(values, c.var.lang);
    if (!read.success) {
      if (read.errors.version) return await appointmentPage(c, id, { problem: "calendar.staleProblem", status: 409 });
      return await appointmentPage(c, id, { errors: read.errors, values, status: 422 });
    }
    const { apply, ...change } = read.data;
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const outcome = apply === "following"
      ? await changeFollowing(db, scope, id, change, requestFacts(c))
      : await changeAppointment(db, scope, id, change, requestFacts(c));
    return await answer(c, id, outcome, "changed", values);
  });

  app.post("/calendar/appointments/:id/cancel", authorize("calendar.write"), async (c) => {
    const id = pathId(c.req.param("id"));
    if (!id) return c.notFound();
    const values = await readForm(c);
    const read = checkForm(cancelForm, values);
    if (!read.success) {
      if (read.errors.version) return await appointmentPage(c, id, { problem: "calendar.staleProblem", status: 409 });
      return await appointmentPage(c, id, { errors: read.errors, values, status: 422 });
    }
    const { reason, apply, version } = read.data;
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const outcome = apply === "following"
      ? await cancelFollowing(db, scope, id, { version, reason }, requestFacts(c))
      : await cancelAppointment(db, scope, id, { version, reason }, requestFacts(c), offerLink(c));
    return await answer(c, id, outcome, "cancelled", values);
  });

  app.post("/calendar/appointments/:id/attendance", authorize("calendar.write"), async (c) => {
    const id = pathId(c.req.param("id"));
    if (!id) return c.notFound();
    const values = await readForm(c);
    const read = checkForm(attendanceForm, values);
    if (!read.success) {
      if (read.errors.version) return await appointmentPage(c, id, { problem: "calendar.staleProblem", status: 409 });
      return await appointmentPage(c, id, { problem: "calendar.attendanceChoice", status: 422 });
    }
    const { version, status } = read.data;
    const outcome = await recordAttendance(c.var.deps.db, practiceScope(c), id, { version, status }, requestFacts(c));
    return await answer(c, id, outcome, "attendance", values);
  });

  return app;
}
