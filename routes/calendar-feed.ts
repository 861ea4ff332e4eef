// The ICS feed per practitioner, behind a secret URL: no session, the token is the key. An
// unknown or revoked token answers 404 like any missing page. Titles carry "busy" or the
// patient's initials, full names only while the practice allows them; nothing else of a patient.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { openFeed } from "../db/calendar-feeds.ts";
import type { FeedDetail } from "../db/schema-calendar.ts";
import { renderCalendar } from "../lib/ics.ts";
import { translator } from "../lib/i18n/mod.ts";
import { patientDisplayName } from "../lib/patient-name.ts";

// generateSecretToken: 32 bytes in lower-case base32 without padding.
const FEED_FILE = /^([a-z2-7]{52})\.ics$/;

interface Patient {
  family_name: string;
  given_names: string;
  title: string;
}

/** "Anna Maria Müller" → "A. M.": first given name and family name, nothing more. */
export function patientInitials(patient: Patient): string {
  const initial = (name: string) => {
    const first = [...name.trim()][0];
    return first ? `${first.toLocaleUpperCase("de-DE")}.` : "";
  };
  return [initial(patient.given_names), initial(patient.family_name)].filter(Boolean).join(" ");
}

function summary(shows: FeedDetail, patient: Patient | null, title: string, busy: string): string {
  if (!patient) return shows === "full_names" && title.trim() ? title : busy;
  if (shows === "initials") return patientInitials(patient) || busy;
  if (shows === "full_names") return patientDisplayName(patient);
  return busy;
}

export function calendarFeedRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/calendar/feed/:file", async (c) => {
    const token = c.req.param("file").match(FEED_FILE)?.[1];
    const { db, clock, config } = c.var.deps;
    const now = clock.now();
    const feed = token ? await openFeed(db, token, now) : null;
    if (!feed) return c.notFound();
    const t = translator(feed.language);
    const busy = t("availability.feedBusy");
    const host = config.baseUrl.hostname;
    const body = renderCalendar({
      prodId: "-//Kartei//Kalender//DE",
      name: t("availability.feedCalendarName", { practice: feed.practiceName, name: feed.practitionerName }),
      events: feed.appointments.map((appointment) => ({
        uid: `${appointment.id}@${host}`,
        start: appointment.starts_at,
        end: appointment.ends_at,
        stamp: appointment.updated_at,
        summary: summary(feed.shows, appointment.patient, appointment.title, busy),
      })),
    });
    return c.body(body, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="kalender.ics"',
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    });
  });

  return app;
}
