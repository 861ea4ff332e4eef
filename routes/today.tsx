// The today list's small forms: check-in (and its undo) and attended / no-show. Without
// JavaScript each is a POST and a 303 back to the home page; with htmx the answer is the row
// alone, refused ones with their reason and a 4xx status (htmx 4 swaps those too).
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceScope, requestFacts, wantsPartial } from "./page.ts";
import { parseForm } from "./validation.ts";
import { attendanceForm } from "./calendar-form.ts";
import { homePage } from "./home.tsx";
import { recordAttendance } from "../db/appointments.ts";
import { checkIn, undoCheckIn } from "../db/check-in.ts";
import { todayRow } from "../db/today.ts";
import { permits } from "../lib/permissions.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { isUuid } from "../lib/uuid.ts";
import { TodayRow } from "../views/today/today-list.tsx";

const PROBLEMS: Record<string, { key: MessageKey; status: 409 | 422 }> = {
  cancelled: { key: "calendar.cancelledProblem", status: 422 },
  closed: { key: "today.closedProblem", status: 409 },
  future: { key: "today.futureProblem", status: 422 },
  arrived: { key: "today.arrivedProblem", status: 409 },
  not_arrived: { key: "today.notArrivedProblem", status: 409 },
  not_started: { key: "calendar.notStartedProblem", status: 422 },
  stale: { key: "calendar.staleProblem", status: 409 },
  choice: { key: "calendar.attendanceChoice", status: 422 },
};

/** The answer to a row's form: the row (htmx) or the home page, with a notice or what stood in the way. */
async function answer(
  c: Context<AppEnv>,
  id: string,
  outcome: { ok: true } | { ok: false; problem: string },
  notice: string,
) {
  if (!outcome.ok && outcome.problem === "unknown") return c.notFound();
  const problem = outcome.ok ? undefined : PROBLEMS[outcome.problem];
  if (!wantsPartial(c)) {
    if (!problem) return c.redirect(`/?notice=${notice}`, 303);
    return await homePage(c, { problem: problem.key, status: problem.status });
  }
  const scope = practiceScope(c);
  const now = c.var.deps.clock.now();
  const row = await todayRow(c.var.deps.db, scope, id, now, {
    wholePractice: scope.role !== "practitioner",
    notes: permits(scope.role, scope.areas, "notes.read"),
    drafts: false,
  });
  // Not one of today's (it was moved meanwhile): the row leaves the list.
  if (!row) return c.body(null, problem?.status ?? 200);
  const whose = scope.role === "practitioner" ? "own" : "practice";
  return c.html(
    <TodayRow page={pageContext(c)} a={row} whose={whose} now={now} problem={problem?.key} />,
    problem?.status ?? 200,
  );
}

export function todayRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/today/appointments/:id/check-in", authorize("calendar.write"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    return await answer(c, id, await checkIn(c.var.deps.db, practiceScope(c), id, requestFacts(c)), "arrived");
  });

  app.post("/today/appointments/:id/check-in/undo", authorize("calendar.write"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    return await answer(c, id, await undoCheckIn(c.var.deps.db, practiceScope(c), id, requestFacts(c)), "undone");
  });

  app.post("/today/appointments/:id/attendance", authorize("calendar.write"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    const read = await parseForm(c, attendanceForm);
    if (!read.success) {
      return await answer(c, id, { ok: false, problem: read.errors.version ? "stale" : "choice" }, "attendance");
    }
    const outcome = await recordAttendance(c.var.deps.db, practiceScope(c), id, read.data, requestFacts(c));
    return await answer(c, id, outcome, "attendance");
  });

  return app;
}
