// The operator console: the installation's practices and people (never patient data), public
// registration, lockouts and loss reports, and the terms of use. Only operators get here;
// every change needs a fresh second factor and a reason, and is audited.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { parseForm } from "./validation.ts";
import { requireFactorManagement } from "./middleware/access.ts";
import { requireOperator } from "./middleware/operator.ts";
import { listInstallationEvents, listPractices } from "../db/operators.ts";
import { registrationIsOpen, setRegistrationOpen } from "../db/installation-settings.ts";
import { OperatorConsolePage } from "../views/operator/console-page.tsx";
import { OperatorEventsPage } from "../views/operator/events-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { operatorPracticeRoutes } from "./operator-practices.tsx";
import { operatorAccountRoutes } from "./operator-accounts.tsx";
import { operatorTermsRoutes } from "./operator-terms.tsx";
import { operatorBackupRoutes } from "./operator-backups.tsx";
import { operatorNotice, reasonText } from "./operator-forms.ts";

const registrationForm = z.object({
  open: z.enum(["yes", "no"], { error: "form.required" }),
  registration_reason: reasonText,
});

async function renderConsole(c: Context<AppEnv>, errors: FieldErrors = {}, status: 200 | 422 = 200) {
  const { db } = c.var.deps;
  const [practices, registrationOpen] = await Promise.all([listPractices(db), registrationIsOpen(db)]);
  return c.html(
    <OperatorConsolePage
      page={pageContext(c)}
      practices={practices}
      registrationOpen={registrationOpen}
      notice={operatorNotice(c)}
      errors={errors}
    />,
    status,
  );
}

export function operatorRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/operator", requireOperator());
  app.use("/operator/*", requireOperator());

  app.get("/operator", (c) => renderConsole(c));

  app.post("/operator/registration", requireFactorManagement(), async (c) => {
    const form = await parseForm(c, registrationForm);
    if (!form.success) return await renderConsole(c, form.errors, 422);
    const outcome = await setRegistrationOpen(
      c.var.deps.db,
      {
        operatorId: c.var.session!.account.id,
        reason: form.data.registration_reason,
      },
      form.data.open === "yes",
      requestFacts(c),
    );
    return c.redirect(`/operator?notice=${outcome}`, 303);
  });

  app.get("/operator/events", async (c) => {
    const { db } = c.var.deps;
    const [lockouts, lossReports] = await Promise.all([
      listInstallationEvents(db, "lockouts"),
      listInstallationEvents(db, "loss_reports"),
    ]);
    return c.html(<OperatorEventsPage page={pageContext(c)} lockouts={lockouts} lossReports={lossReports} />);
  });

  app.route("/", operatorPracticeRoutes());
  app.route("/", operatorAccountRoutes());
  app.route("/", operatorTermsRoutes());
  app.route("/", operatorBackupRoutes());
  return app;
}
