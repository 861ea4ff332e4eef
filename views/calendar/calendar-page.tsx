// deno-lint-ignore-file jsx-key -- hono's precompiled JSX would print key as an HTML attribute
// The day and week pages: a plain GET form to choose date, practitioner and location, links to
// the neighbouring week or day, and the grid (one practitioner, or all side by side per day)
// or, for all practitioners over a week, a list per day.
import type { PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { Layout } from "../layout.tsx";
import type { Appointment } from "../../db/appointments.ts";
import type { Practitioner } from "../../db/calendar-access.ts";
import type { Availability } from "../../lib/free-slots.ts";
import { addDays, type BerlinParts, berlinParts, formatDay } from "../../lib/berlin-time.ts";
import { AppointmentLink, type GridColumn, TimeGrid } from "./grid.tsx";
import { PractitionerMark } from "./practitioner-mark.tsx";

export interface CalendarView {
  kind: "week" | "day";
  /** The first day shown (the Monday of a week). */
  date: string;
  days: string[];
  today: string;
  /** The request's time in Berlin: where the "now" line goes. */
  now: BerlinParts;
  practitioners: Practitioner[];
  /** null: all practitioners. */
  practitionerId: string | null;
  locations: { id: string; name: string }[];
  locationId: string | null;
  appointments: Appointment[];
  availability: Map<string, Availability>;
}

/** The address of a day or week view (or, with "day-sheet", of the day's sheet). */
export function viewPath(
  kind: "week" | "day" | "day-sheet",
  date: string,
  practitionerId: string | null,
  locationId: string | null,
) {
  const params = new URLSearchParams({ date, practitioner: practitionerId ?? "all" });
  if (locationId) params.set("location", locationId);
  return `/calendar/${kind}?${params}`;
}

function viewHref(view: CalendarView, kind: "week" | "day" | "day-sheet", date: string) {
  return viewPath(kind, date, view.practitionerId, view.locationId);
}

function Toolbar(props: { page: PageContext; view: CalendarView }) {
  const { page, view } = props;
  const t = page.t;
  const step = view.kind === "week" ? 7 : 1;
  return (
    <div class="calendar-toolbar">
      <form method="get" action={`/calendar/${view.kind}`} class="calendar-filter">
        <div class="field">
          <label for="calendar-date">{t("calendar.date")}</label>
          <input id="calendar-date" type="date" name="date" value={view.date} required />
        </div>
        <div class="field">
          <label for="calendar-practitioner">{t("calendar.practitioner")}</label>
          <select id="calendar-practitioner" name="practitioner">
            <option value="all" selected={view.practitionerId === null}>{t("calendar.allPractitioners")}</option>
            {view.practitioners.map((p) => (
              <option value={p.id} selected={p.id === view.practitionerId}>{p.name}</option>
            ))}
          </select>
        </div>
        {view.locations.length > 1 && (
          <div class="field">
            <label for="calendar-location">{t("calendar.location")}</label>
            <select id="calendar-location" name="location">
              <option value="" selected={view.locationId === null}>{t("calendar.allLocations")}</option>
              {view.locations.map((l) => <option value={l.id} selected={l.id === view.locationId}>{l.name}</option>)}
            </select>
          </div>
        )}
        <button type="submit" class="primary">{t("calendar.show")}</button>
      </form>
      <nav class="calendar-nav" aria-label={t("calendar.title")}>
        <a href={viewHref(view, view.kind, addDays(view.date, -step))}>
          {t(view.kind === "week" ? "calendar.previousWeek" : "calendar.previousDay")}
        </a>
        <a href={viewHref(view, view.kind, view.today)}>{t("calendar.today")}</a>
        <a href={viewHref(view, view.kind, addDays(view.date, step))}>
          {t(view.kind === "week" ? "calendar.nextWeek" : "calendar.nextDay")}
        </a>
        {view.kind === "week"
          ? (
            <a
              href={viewHref(
                view,
                "day",
                view.today >= view.date && view.today <= view.days[6] ? view.today : view.date,
              )}
            >
              {t("calendar.day")}
            </a>
          )
          : <a href={viewHref(view, "week", view.date)}>{t("calendar.week")}</a>}
        {view.kind === "day" && <a href={viewHref(view, "day-sheet", view.date)}>{t("daySheet.print")}</a>}
        <a href={newHref(view, view.date)} class="button">{t("calendar.newAppointment")}</a>
        <a href="/calendar/settings">{t("availability.title")}</a>
        {page.can("calendar.write") && <a href="/calendar/online-bookings">{t("onlineBookings.title")}</a>}
      </nav>
    </div>
  );
}

function newHref(view: CalendarView, date: string) {
  const params = new URLSearchParams({ start: `${date}T09:00` });
  if (view.practitionerId) params.set("practitioner", view.practitionerId);
  if (view.locationId) params.set("location", view.locationId);
  params.set("back", viewHref(view, view.kind, view.date));
  return `/calendar/new?${params}`;
}

/** Where today's list has "now": before its first appointment that starts from now on; -1 on other days. */
function nowIndex(view: CalendarView, day: string, appointments: Appointment[]): number {
  if (day !== view.now.date) return -1;
  const later = appointments.findIndex((a) => berlinParts(a.startsAt).minute >= view.now.minute);
  return later === -1 ? appointments.length : later;
}

function NowMarker(props: { page: PageContext; view: CalendarView }) {
  return (
    <li class="now-marker" aria-current="time">
      <span class="now-label">{props.page.t("calendar.nowLine", { time: props.view.now.time })}</span>
    </li>
  );
}

/** All practitioners over a week: each day a list of its appointments, with who sees the patient. */
function WeekList(props: { page: PageContext; view: CalendarView }) {
  const { page, view } = props;
  const t = page.t;
  return (
    <div class="calendar-week-list">
      {view.days.map((day) => {
        const appointments = view.appointments.filter((a) => berlinParts(a.startsAt).date === day);
        const now = nowIndex(view, day, appointments);
        return (
          <section
            class={day === view.today ? "calendar-day calendar-today" : "calendar-day"}
            aria-labelledby={`day-${day}`}
          >
            <h2 id={`day-${day}`}>{formatDay(day, page.lang, "long")}</h2>
            {appointments.length === 0
              ? <p class="muted">{t("calendar.noAppointments")}</p>
              : (
                <ul class="appointment-list">
                  {appointments.map((appointment, i) => (
                    <>
                      {i === now && <NowMarker page={page} view={view} />}
                      <li>
                        <AppointmentLink
                          page={page}
                          appointment={appointment}
                          practitioner={view.practitioners.find((p) => p.id === appointment.practitionerId) ??
                            { name: appointment.practitionerName, colour: null }}
                          back={viewHref(view, view.kind, view.date)}
                        />
                      </li>
                    </>
                  ))}
                  {now === appointments.length && <NowMarker page={page} view={view} />}
                </ul>
              )}
            <p>
              <a href={newHref(view, day)}>{t("calendar.bookOnDay", { date: formatDay(day, page.lang) })}</a>
            </p>
          </section>
        );
      })}
    </div>
  );
}

export function CalendarPage(props: { page: PageContext; view: CalendarView; notice?: MessageKey }) {
  const { page, view } = props;
  const t = page.t;
  const title = view.kind === "week"
    ? t("calendar.weekTitle", { date: formatDay(view.date, page.lang) })
    : t("calendar.dayTitle", { date: formatDay(view.date, page.lang, "long") });
  const practitioner = view.practitioners.find((p) => p.id === view.practitionerId);
  let body;
  if (view.practitioners.length === 0) body = <p>{t("calendar.noPractitioners")}</p>;
  else if (view.kind === "week" && !practitioner) body = <WeekList page={page} view={view} />;
  else {
    const columns: GridColumn[] = view.kind === "week"
      ? view.days.map((day) => ({ date: day, practitionerId: practitioner!.id, label: formatDay(day, page.lang) }))
      : (practitioner ? [practitioner] : view.practitioners).map((p) => ({
        date: view.date,
        practitionerId: p.id,
        label: p.name,
        practitioner: p,
      }));
    body = (
      <TimeGrid
        page={page}
        caption={practitioner
          ? (
            <>
              {title} · <PractitionerMark practitioner={practitioner} />
            </>
          )
          : title}
        columns={columns}
        appointments={view.appointments}
        availability={view.availability}
        locationId={view.locationId}
        now={view.now}
        back={viewHref(view, view.kind, view.date)}
      />
    );
  }
  return (
    <Layout page={page} title={t("calendar.title")}>
      <h1>{t("calendar.title")}: {title}</h1>
      {props.notice && <div class="notice" role="status">{t(props.notice)}</div>}
      <Toolbar page={page} view={view} />
      <p class="muted">{t("calendar.timesInBerlin")}</p>
      {/* Quick booking and drag to move (static/quick-booking.js): the grid it swaps, the dialog's place, its announcements. */}
      <p
        id="calendar-announce"
        class="calendar-announce"
        role="status"
        data-moved={t("calendar.changedNotice")}
        data-move-refused={t("quickBooking.moveRefused")}
      >
      </p>
      <div id="calendar-body">{body}</div>
      {view.days.includes(view.now.date) && <script src={page.asset("now-line.js")} defer></script>}
      {page.can("calendar.write") && (
        <>
          <div id="quick-booking-slot"></div>
          <script type="module" src={page.asset("quick-booking.js")}></script>
        </>
      )}
    </Layout>
  );
}
