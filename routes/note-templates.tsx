// The owner's documentation templates and the period after which drafts are finalized.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { checkForm, parseForm, readForm } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { periodForm, templateForm } from "./note-forms.ts";
import {
  createTemplate,
  finalizePeriodHours,
  findTemplate,
  listTemplates,
  setFinalizePeriod,
  setTemplateArchived,
  updateTemplate,
} from "../db/note-templates.ts";
import { TemplateEditPage, TemplatesPage } from "../views/notes/templates-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { isUuid } from "../lib/uuid.ts";

const NOTICES: Record<string, MessageKey> = {
  saved: "notes.templates.saved",
  archived: "notes.templates.archivedNotice",
  restored: "notes.templates.restoredNotice",
  period: "notes.period.saved",
};

async function templatesPage(
  c: Context<AppEnv>,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const scope = practiceScope(c);
  const { db } = c.var.deps;
  return c.html(
    <TemplatesPage
      page={pageContext(c)}
      templates={await listTemplates(db, scope, { includeArchived: true })}
      periodHours={await finalizePeriodHours(db, scope)}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

/** Name and headings of the template form, or the errors beside them. */
function readTemplate(values: Record<string, string>) {
  const parsed = checkForm(templateForm, values);
  return parsed.success ? { input: parsed.data } : { errors: parsed.errors };
}

export function noteTemplateRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/notes/templates", authorize("notes.templates"), (c) => templatesPage(c));

  app.post("/notes/templates", authorize("notes.templates"), async (c) => {
    const values = await readForm(c);
    const read = readTemplate(values);
    if (!read.input) return await templatesPage(c, { values, errors: read.errors, status: 422 });
    await createTemplate(c.var.deps.db, practiceScope(c), read.input, requestFacts(c));
    return c.redirect("/notes/templates?notice=saved", 303);
  });

  app.post("/notes/settings", authorize("notes.templates"), async (c) => {
    const period = await parseForm(c, periodForm);
    if (!period.success) return await templatesPage(c, { values: period.values, errors: period.errors, status: 422 });
    await setFinalizePeriod(c.var.deps.db, practiceScope(c), period.data.hours, requestFacts(c));
    return c.redirect("/notes/templates?notice=period", 303);
  });

  app.get("/notes/templates/:id", authorize("notes.templates"), async (c) => {
    const id = c.req.param("id");
    const template = isUuid(id) ? await findTemplate(c.var.deps.db, practiceScope(c), id) : undefined;
    if (!template) return c.notFound();
    const values = { name: template.name, headings: template.headings.join("\n") };
    return c.html(<TemplateEditPage page={pageContext(c)} template={template} values={values} errors={{}} />);
  });

  app.post("/notes/templates/:id", authorize("notes.templates"), async (c) => {
    const id = c.req.param("id");
    const scope = practiceScope(c);
    const template = isUuid(id) ? await findTemplate(c.var.deps.db, scope, id) : undefined;
    if (!template) return c.notFound();
    const values = await readForm(c);
    const read = readTemplate(values);
    if (!read.input) {
      return c.html(
        <TemplateEditPage page={pageContext(c)} template={template} values={values} errors={read.errors} />,
        422,
      );
    }
    if (!await updateTemplate(c.var.deps.db, scope, id, read.input, requestFacts(c))) return c.notFound();
    return c.redirect("/notes/templates?notice=saved", 303);
  });

  for (const [action, archived] of [["archive", true], ["restore", false]] as const) {
    app.post(`/notes/templates/:id/${action}`, authorize("notes.templates"), async (c) => {
      const id = c.req.param("id");
      const scope = practiceScope(c);
      if (!isUuid(id) || !await findTemplate(c.var.deps.db, scope, id)) return c.notFound();
      await setTemplateArchived(c.var.deps.db, scope, id, archived, requestFacts(c));
      return c.redirect(`/notes/templates?notice=${archived ? "archived" : "restored"}`, 303);
    });
  }

  return app;
}
