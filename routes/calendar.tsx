// The calendar: day and week views (one practitioner, or all of them), and a patient's
// appointments as a section of the record. Booking and changing appointments: calendar-appointments.tsx.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceScope, queryNotice, requestFacts, wantsPartial } from "./page.ts";
import { uuidOrNull } from "./calendar-form.ts";
import { appointmentRoutes } from "./calendar-appointments.tsx";
import { listAppointments, patientAppointments } from "../db/appointments.ts";
import { calendarLocations, listPractitioners } from "../db/calendar-access.ts";
import { findPatient } from "../db/patients.ts";
import { availabilityFor } from "../db/working-hours.ts";
import { lastCalendarView, rememberCalendarView } from "../db/calendar-views.ts";
import { readDaySheet } from "../db/day-sheet.ts";
import { addDays, berlinParts, mondayOf, parseLocalDate, startOfBerlinDay } from "../lib/berlin-time.ts";
import { berlinDate } from "../lib/clock.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { CalendarPage, viewPath } from "../views/calendar/calendar-page.tsx";
import { DaySheetPage } from "../views/calendar/day-sheet.tsx";
import { PatientAppointmentsPage, PatientAppointmentsSection } from "../views/calendar/patient-appointments.tsx";

const NOTICES: Record<string, MessageKey> = {
  created: "calendar.createdNotice",
  seriesCreated: "calendar.seriesCreatedNotice",
};

/** Coming and past appointments listed in a patient's record, each. */
const PATIENT_LIST_LIMIT = 50;

/** What the day and week views and the day sheet show: the date, practitioner and location asked for, checked. */
async function chosenView(c: Context<AppEnv>, kind: "week" | "day") {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const now = clock.now();
  const today = berlinDate(now);
  // A date nobody can mean (or none) shows today, never an error page.
  const asked = parseLocalDate(c.req.query("date")) ?? today;
  const first = kind === "week" ? mondayOf(asked) : asked;
  const days = Array.from({ length: kind === "week" ? 7 : 1 }, (_, i) => addDays(first, i));
  const [practitioners, locations] = await Promise.all([
    listPractitioners(db, scope, now),
    calendarLocations(db, scope),
  ]);
  const askedPractitioner = c.req.query("practitioner");
  let practitionerId = askedPractitioner === "all" ? null : uuidOrNull(askedPractitioner);
  // Without a choice, a practitioner sees their own calendar and everyone else sees all.
  if (askedPractitioner === undefined && practitioners.some((p) => p.id === scope.membershipId)) {
    practitionerId = scope.membershipId;
  }
  if (practitionerId && !practitioners.some((p) => p.id === practitionerId)) practitionerId = null;
  const askedLocation = uuidOrNull(c.req.query("location"));
  const locationId = locations.find((l) => l.id === askedLocation)?.id ?? null;
  const from = startOfBerlinDay(first);
  const to = startOfBerlinDay(addDays(first, days.length));
  return { scope, now, today, first, days, practitioners, locations, practitionerId, locationId, from, to };
}

async function calendarView(c: Context<AppEnv>, kind: "week" | "day") {
  const { db } = c.var.deps;
  const chosen = await chosenView(c, kind);
  const { scope, practitionerId, locationId, from, to, now } = chosen;
  const shown = practitionerId ? [practitionerId] : chosen.practitioners.map((p) => p.id);
  const [appointments, availability] = await Promise.all([
    listAppointments(db, scope, { from, to, practitionerId, locationId }),
    availabilityFor(db, scope.practiceId, shown, from, to),
    rememberCalendarView(db, scope, { kind, practitionerId, locationId }, now),
  ]);
  return c.html(
    <CalendarPage
      page={pageContext(c)}
      notice={queryNotice(c, NOTICES)}
      view={{
        kind,
        date: chosen.first,
        days: chosen.days,
        today: chosen.today,
        now: berlinParts(now),
        practitioners: chosen.practitioners,
        practitionerId,
        locations: chosen.locations,
        locationId,
        appointments,
        availability,
      }}
    />,
  );
}

export function calendarRoutes() {
  const app = new Hono<AppEnv>();

  // The person's last view (kind, practitioner, location), on today; the week before their first.
  app.get("/calendar", authorize("calendar.read"), async (c) => {
    const date = berlinDate(c.var.deps.clock.now());
    const last = await lastCalendarView(c.var.deps.db, practiceScope(c));
    if (!last) return c.redirect(`/calendar/week?date=${date}`, 303);
    return c.redirect(viewPath(last.kind, date, last.practitionerId, last.locationId), 303);
  });

  app.get("/calendar/week", authorize("calendar.read"), (c) => calendarView(c, "week"));
  app.get("/calendar/day", authorize("calendar.read"), (c) => calendarView(c, "day"));

  // One day on paper for the front desk: no clinical content; listing patients in bulk is audited.
  app.get("/calendar/day-sheet", authorize("calendar.read"), async (c) => {
    const chosen = await chosenView(c, "day");
    const { scope, practitionerId, locationId, from, to } = chosen;
    const appointments = await readDaySheet(
      c.var.deps.db,
      scope,
      { date: chosen.first, from, to, practitionerId, locationId },
      requestFacts(c),
    );
    return c.html(
      <DaySheetPage
        page={pageContext(c)}
        date={chosen.first}
        practitioner={chosen.practitioners.find((p) => p.id === practitionerId) ?? null}
        location={chosen.locations.find((l) => l.id === locationId) ?? null}
        appointments={appointments}
        printedAt={berlinParts(chosen.now)}
      />,
    );
  });

  app.get("/patients/:patientId/appointments", authorize("calendar.read"), async (c) => {
    const { db, clock } = c.var.deps;
    const scope = practiceScope(c);
    const patient = await findPatient(db, scope, c.req.param("patientId"));
    if (!patient) return c.notFound();
    const lists = await patientAppointments(db, scope, patient.id, clock.now(), PATIENT_LIST_LIMIT);
    const props = { page: pageContext(c), patientId: patient.id, ...lists, limit: PATIENT_LIST_LIMIT };
    if (wantsPartial(c)) return c.html(<PatientAppointmentsSection {...props} />);
    return c.html(<PatientAppointmentsPage {...props} />);
  });

  app.route("/", appointmentRoutes());
  return app;
}
