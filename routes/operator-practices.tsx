// A practice in the operator console: its people, and locking or unlocking it with a reason.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { parseForm } from "./validation.ts";
import { requireFactorManagement } from "./middleware/access.ts";
import { findPractice, listPracticePeople, setPracticeLocked } from "../db/operators.ts";
import { OperatorPracticePage } from "../views/operator/practice-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { operatorNotice, reasonText } from "./operator-forms.ts";
import { isUuid } from "../lib/uuid.ts";

const practiceLockForm = z.object({ practice_reason: reasonText });

async function renderPractice(c: Context<AppEnv>, errors: FieldErrors = {}, status: 200 | 422 = 200) {
  const practiceId = c.req.param("id") ?? "";
  if (!isUuid(practiceId)) return c.notFound();
  const { db, clock } = c.var.deps;
  const practice = await findPractice(db, practiceId);
  if (!practice) return c.notFound();
  const people = await listPracticePeople(db, practiceId, clock.now());
  return c.html(
    <OperatorPracticePage
      page={pageContext(c)}
      practice={practice}
      people={people}
      notice={operatorNotice(c)}
      errors={errors}
    />,
    status,
  );
}

export function operatorPracticeRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/operator/practices/:id", (c) => renderPractice(c));

  for (const change of ["lock", "unlock"] as const) {
    app.post(`/operator/practices/:id/${change}`, requireFactorManagement(), async (c) => {
      const practiceId = c.req.param("id");
      if (!isUuid(practiceId)) return c.notFound();
      const form = await parseForm(c, practiceLockForm);
      if (!form.success) return await renderPractice(c, form.errors, 422);
      const outcome = await setPracticeLocked(
        c.var.deps.db,
        { operatorId: c.var.session!.account.id, reason: form.data.practice_reason },
        practiceId,
        change === "lock",
        requestFacts(c),
      );
      if (outcome === "unknown") return c.notFound();
      if (outcome === "changed") c.var.deps.kickMailDelivery();
      return c.redirect(`/operator/practices/${practiceId}?notice=${outcome}`, 303);
    });
  }

  return app;
}
