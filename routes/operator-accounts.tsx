// A person in the operator console: locking and unlocking the account, and the support actions
// (resetting second factors, resynchronising a YubiKey, extending the automatic lock).
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { checkForm, readForm, readIsoDay, typed } from "./validation.ts";
import { requireFactorManagement } from "./middleware/access.ts";
import { berlinDate } from "../lib/clock.ts";
import {
  extendAutoLock,
  findPerson,
  resetSecondFactors,
  resynchroniseYubikey,
  setAccountLocked,
} from "../db/operators.ts";
import { OperatorPersonPage } from "../views/operator/person-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { operatorNotice, reasonText, supportCheckDone } from "./operator-forms.ts";
import { isUuid } from "../lib/uuid.ts";

const lockForm = z.object({ account_reason: reasonText });
const resetForm = z.object({ reset_checked: z.literal("yes", supportCheckDone), reset_reason: reasonText });
const resyncForm = z.object({
  factor_id: z.string({ error: "form.required" }).refine(isUuid, "form.required"),
  resync_checked: z.literal("yes", supportCheckDone),
  resync_reason: reasonText,
});
const extensionForm = z.object({
  extend_until: typed(readIsoDay, "operator.autoLock.invalidDate"),
  extend_reason: reasonText,
});

async function renderPerson(
  c: Context<AppEnv>,
  values: Record<string, string> = {},
  errors: FieldErrors = {},
  status: 200 | 422 = 200,
) {
  const accountId = c.req.param("id") ?? "";
  if (!isUuid(accountId)) return c.notFound();
  const person = await findPerson(c.var.deps.db, accountId);
  if (!person) return c.notFound();
  return c.html(
    <OperatorPersonPage
      page={pageContext(c)}
      person={person}
      notice={operatorNotice(c)}
      values={values}
      errors={errors}
    />,
    status,
  );
}

function operatorChange(c: Context<AppEnv>, reason: string) {
  return { operatorId: c.var.session!.account.id, reason };
}

export function operatorAccountRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/operator/accounts/:id/*", requireFactorManagement(), async (c, next) => {
    if (!isUuid(c.req.param("id") ?? "")) return c.notFound();
    await next();
  });

  app.get("/operator/accounts/:id", (c) => renderPerson(c));

  for (const change of ["lock", "unlock"] as const) {
    app.post(`/operator/accounts/:id/${change}`, async (c) => {
      const values = await readForm(c);
      const form = checkForm(lockForm, values);
      if (!form.success) return await renderPerson(c, values, form.errors, 422);
      const accountId = c.req.param("id");
      const outcome = await setAccountLocked(
        c.var.deps.db,
        operatorChange(c, form.data.account_reason),
        accountId,
        change === "lock",
        requestFacts(c),
      );
      if (outcome === "unknown") return c.notFound();
      if (outcome === "changed") c.var.deps.kickMailDelivery();
      return c.redirect(`/operator/accounts/${accountId}?notice=${outcome}`, 303);
    });
  }

  app.post("/operator/accounts/:id/factors/reset", async (c) => {
    const values = await readForm(c);
    const form = checkForm(resetForm, values);
    if (!form.success) return await renderPerson(c, values, form.errors, 422);
    const accountId = c.req.param("id");
    const reset = await resetSecondFactors(
      c.var.deps.db,
      operatorChange(c, form.data.reset_reason),
      accountId,
      requestFacts(c),
    );
    if (!reset) return c.notFound();
    return c.redirect(`/operator/accounts/${accountId}?notice=factorsReset`, 303);
  });

  app.post("/operator/accounts/:id/factors/resync", async (c) => {
    const values = await readForm(c);
    const form = checkForm(resyncForm, values);
    if (!form.success) return await renderPerson(c, values, form.errors, 422);
    const accountId = c.req.param("id");
    const done = await resynchroniseYubikey(
      c.var.deps.db,
      operatorChange(c, form.data.resync_reason),
      accountId,
      form.data.factor_id,
      requestFacts(c),
    );
    if (!done) return c.notFound();
    return c.redirect(`/operator/accounts/${accountId}?notice=resynchronised`, 303);
  });

  app.post("/operator/accounts/:id/auto-lock-extension", async (c) => {
    const values = await readForm(c);
    const form = checkForm(extensionForm, values);
    if (!form.success) return await renderPerson(c, values, form.errors, 422);
    if (form.data.extend_until <= berlinDate(c.var.deps.clock.now())) {
      return await renderPerson(c, values, { extend_until: { key: "operator.autoLock.mustBeFuture" } }, 422);
    }
    const accountId = c.req.param("id");
    const extended = await extendAutoLock(
      c.var.deps.db,
      operatorChange(c, form.data.extend_reason),
      accountId,
      form.data.extend_until,
      requestFacts(c),
    );
    if (!extended) return c.notFound();
    return c.redirect(`/operator/accounts/${accountId}?notice=extended`, 303);
  });

  return app;
}
