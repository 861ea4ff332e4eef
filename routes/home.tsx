// The practice home page is today for the person and role: the practice's day (front desk,
// owner) or the practitioner's own, with check-in; for an approver what waits for them; for a
// new practice honest first steps instead, only those the person may take.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice } from "./page.ts";
import { authorize } from "./middleware/access.ts";
import { operatorsToConsole } from "./middleware/operator.ts";
import { type HomeFacts, HomePage } from "../views/home-page.tsx";
import { COMING_DAYS, homeSummary } from "../db/home-summary.ts";
import { todayPlan } from "../db/today.ts";
import { EXPIRING_WITHIN_DAYS, noticeCounts } from "../db/notices.ts";
import { permits } from "../lib/permissions.ts";
import { berlinDate } from "../lib/clock.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { Context } from "hono";

const NOTICES: Record<string, MessageKey> = {
  arrived: "today.arrivedNotice",
  undone: "today.undoneNotice",
  attendance: "today.attendanceNotice",
};

/** The home page; `problem` when a check-in without JavaScript was refused (shown above the day). */
export async function homePage(c: Context<AppEnv>, options: { problem?: MessageKey; status?: 200 | 409 | 422 } = {}) {
  const session = c.var.session!;
  const scope = practiceScope(c);
  const { db, clock } = c.var.deps;
  const now = clock.now();
  const may = (permission: Parameters<typeof permits>[2]) => permits(scope.role, scope.areas, permission);
  const [summary, plan, counts] = await Promise.all([
    homeSummary(db, scope, now, {
      patients: may("patients.master"),
      calendar: may("calendar.read"),
      team: may("team.manage"),
    }),
    may("calendar.read")
      ? todayPlan(db, scope, now, {
        wholePractice: scope.role !== "practitioner",
        notes: may("notes.read"),
        drafts: may("notes.write"),
      })
      : null,
    session.practice?.approves ? noticeCounts(db, scope, now) : null,
  ]);
  const steps: HomeFacts["steps"] = [];
  if (summary.members === 1 && summary.openInvitations === 0) steps.push({ key: "home.stepTeam", href: "/team" });
  if (summary.patients === 0) steps.push({ key: "home.stepPatient", href: "/patients/new" });
  if (may("calendar.write") && summary.patients && summary.appointmentsToday === 0 && !summary.appointmentsComing) {
    steps.push({ key: "home.stepAppointment", href: "/calendar/new" });
  }
  // A practice without patients or bookings sees its first steps instead of an empty day; a
  // practice of one person with a calendar is no new practice.
  const isNew = steps.some((step) => step.key !== "home.stepTeam");
  const facts: HomeFacts = { ...summary, comingDays: COMING_DAYS, today: berlinDate(now), steps };
  return c.html(
    <HomePage
      page={pageContext(c)}
      name={session.account.name}
      practiceName={session.practice?.name ?? null}
      facts={facts}
      plan={isNew ? null : plan}
      notices={counts}
      expiringDays={EXPIRING_WITHIN_DAYS}
      now={now}
      notice={queryNotice(c, NOTICES)}
      problem={options.problem}
    />,
    options.status ?? 200,
  );
}

export function homeRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/", operatorsToConsole(), authorize("practice.home"), (c) => homePage(c));
  return app;
}
