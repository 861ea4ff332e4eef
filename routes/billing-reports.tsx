// Billing reports: open items, revenue by month (server-drawn chart and table) and by service for
// a year, and the tax advisor's month at a glance. Read-only, the practice's own figures only.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope } from "./page.ts";
import { checkForm, typed } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { monthAtAGlance, openItems, revenueByMonth, revenueByService } from "../db/billing-reports.ts";
import { previousMonth, readBillingPeriod } from "../lib/billing-period.ts";
import { berlinDate } from "../lib/clock.ts";
import { MonthPage, ReportsPage } from "../views/billing/reports-page.tsx";
import { procedureFacts } from "../db/procedure-facts.ts";
import { ProcedurePage } from "../views/billing/procedure-page.tsx";

const yearQuery = z.object({
  year: typed(
    (text) => (readBillingPeriod(text)?.kind === "year" ? readBillingPeriod(text) : null),
    "billingReports.invalidYear",
  ),
});
const monthQuery = z.object({
  month: typed(
    (text) => (readBillingPeriod(text)?.kind === "month" ? readBillingPeriod(text) : null),
    "billingReports.invalidMonth",
  ),
});

function today(c: Context<AppEnv>): string {
  return berlinDate(c.var.deps.clock.now());
}

export function billingReportRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/billing/reports", authorize("billing.read"), async (c) => {
    const typedYear = c.req.query("year") ?? today(c).slice(0, 4);
    const parsed = checkForm(yearQuery, { year: typedYear });
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const year = parsed.success ? parsed.data.year : readBillingPeriod(today(c).slice(0, 4))!;
    const [items, months, services] = await Promise.all([
      openItems(db, scope, today(c)),
      revenueByMonth(db, scope, Number(year.label)),
      revenueByService(db, scope, year),
    ]);
    return c.html(
      <ReportsPage
        page={pageContext(c)}
        year={parsed.success ? year.label : typedYear}
        errors={parsed.success ? {} : parsed.errors}
        openItems={items}
        months={months}
        services={services}
      />,
      parsed.success ? 200 : 422,
    );
  });

  app.get("/billing/reports/month", authorize("billing.read"), async (c) => {
    const typedMonth = c.req.query("month") ?? previousMonth(today(c));
    const parsed = checkForm(monthQuery, { month: typedMonth });
    if (!parsed.success) {
      return c.html(<MonthPage page={pageContext(c)} month={typedMonth} errors={parsed.errors} glance={null} />, 422);
    }
    const glance = await monthAtAGlance(c.var.deps.db, practiceScope(c), parsed.data.month);
    return c.html(<MonthPage page={pageContext(c)} month={parsed.data.month.label} errors={{}} glance={glance} />);
  });

  // The procedure documentation (Verfahrensdokumentation, technical part) from the actual settings.
  app.get("/billing/procedure", authorize("billing.read"), async (c) => {
    const { db, config } = c.var.deps;
    const facts = await procedureFacts(db, practiceScope(c));
    return c.html(
      <ProcedurePage
        page={pageContext(c)}
        facts={facts}
        today={today(c)}
        practiceName={facts.billing.legalName}
        databaseServer={!!config.databaseUrl}
        backups={{ dir: config.backupDir, keepDays: config.backupKeepDays, encrypted: !!config.backupRecipient }}
      />,
    );
  });

  return app;
}
