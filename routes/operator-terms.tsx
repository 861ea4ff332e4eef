// Publishing terms of use from the operator console: the new version is in force at once, and
// every person must accept it at their next sign-in.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { checkForm, multiLineText, readForm, singleLineText } from "./validation.ts";
import { requireFactorManagement } from "./middleware/access.ts";
import { listTermsVersions, publishTerms } from "../db/terms.ts";
import { OperatorTermsPage } from "../views/operator/terms-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import { operatorNotice, reasonText } from "./operator-forms.ts";

const termsText = multiLineText(50_000);

const termsForm = z.object({
  version: singleLineText(40).pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "operator.terms.versionInvalid")),
  title_de: singleLineText(200),
  title_en: singleLineText(200),
  body_de: termsText,
  body_en: termsText,
  reason: reasonText,
});

async function renderTerms(
  c: Context<AppEnv>,
  values: Record<string, string> = {},
  errors: FieldErrors = {},
  status: 200 | 422 = 200,
) {
  const versions = await listTermsVersions(c.var.deps.db);
  return c.html(
    <OperatorTermsPage
      page={pageContext(c)}
      versions={versions}
      notice={operatorNotice(c)}
      values={values}
      errors={errors}
    />,
    status,
  );
}

export function operatorTermsRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/operator/terms", (c) => renderTerms(c));

  app.post("/operator/terms", requireFactorManagement(), async (c) => {
    const values = await readForm(c);
    const form = checkForm(termsForm, values);
    if (!form.success) return await renderTerms(c, values, form.errors, 422);
    const { db, config } = c.var.deps;
    const termsUrl = new URL("/terms", config.baseUrl).href;
    const outcome = await publishTerms(
      db,
      c.var.session!.account.id,
      {
        version: form.data.version,
        titleDe: form.data.title_de,
        titleEn: form.data.title_en,
        bodyDe: form.data.body_de,
        bodyEn: form.data.body_en,
      },
      { kind: "newTerms", version: form.data.version, termsUrl },
      form.data.reason,
      requestFacts(c),
    );
    if (outcome === "exists") {
      return await renderTerms(c, values, { version: { key: "operator.terms.versionTaken" } }, 422);
    }
    c.var.deps.kickMailDelivery();
    return c.redirect("/operator/terms?notice=published", 303);
  });

  return app;
}
