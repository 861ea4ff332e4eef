// The practice home page: what exists for this person (only what their role may see) and the
// first steps only their role may take.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope } from "./page.ts";
import { authorize } from "./middleware/access.ts";
import { operatorsToConsole } from "./middleware/operator.ts";
import { type HomeFacts, HomePage } from "../views/home-page.tsx";
import { COMING_DAYS, homeSummary } from "../db/home-summary.ts";
import { permits } from "../lib/permissions.ts";
import { berlinDate } from "../lib/clock.ts";

export function homeRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/", operatorsToConsole(), authorize("practice.home"), async (c) => {
    const session = c.var.session!;
    const scope = practiceScope(c);
    const now = c.var.deps.clock.now();
    const may = (permission: Parameters<typeof permits>[2]) => permits(scope.role, scope.areas, permission);
    const summary = await homeSummary(c.var.deps.db, scope, now, {
      patients: may("patients.master"),
      calendar: may("calendar.read"),
      team: may("team.manage"),
    });
    const steps: HomeFacts["steps"] = [];
    if (summary.members === 1 && summary.openInvitations === 0) steps.push({ key: "home.stepTeam", href: "/team" });
    if (summary.patients === 0) steps.push({ key: "home.stepPatient", href: "/patients/new" });
    if (may("calendar.write") && summary.patients && summary.appointmentsToday === 0 && !summary.appointmentsComing) {
      steps.push({ key: "home.stepAppointment", href: "/calendar/new" });
    }
    const facts: HomeFacts = { ...summary, comingDays: COMING_DAYS, today: berlinDate(now), steps };
    return c.html(
      <HomePage
        page={pageContext(c)}
        name={session.account.name}
        practiceName={session.practice?.name ?? null}
        facts={facts}
      />,
    );
  });
  return app;
}
