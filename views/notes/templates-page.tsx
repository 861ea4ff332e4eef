// The owner's page for documentation templates (name and headings, one per line) and the
// period after which drafts are finalized automatically.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { NoteTemplate } from "../../db/note-templates.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";

function TemplateForm(props: {
  page: PageContext;
  action: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <CsrfField token={page.csrfToken} />
      <TextField
        page={page}
        name="name"
        label={t("notes.templates.name")}
        value={props.values.name}
        error={errors.name}
        maxLength={120}
      />
      <div class={errors.headings ? "field field-invalid" : "field"}>
        <label for="headings">{t("notes.templates.headings")}</label>
        <p class="field-hint" id="headings-hint">{t("notes.templates.headingsHint")}</p>
        <textarea
          id="headings"
          name="headings"
          rows={8}
          aria-invalid={errors.headings ? "true" : undefined}
          aria-describedby="headings-hint headings-error"
        >
          {props.values.headings ?? ""}
        </textarea>
        <FieldMessage page={page} id="headings-error" error={errors.headings} />
      </div>
      <button type="submit" class="primary">{t("notes.templates.save")}</button>
    </form>
  );
}

export function TemplatesPage(props: {
  page: PageContext;
  templates: NoteTemplate[];
  periodHours: number;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: MessageKey;
}) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("notes.templates.title")}>
      <h1>{t("notes.templates.title")}</h1>
      <p>{t("notes.templates.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.templates.length === 0 ? <p class="muted">{t("notes.templates.none")}</p> : (
        <ul class="template-list">
          {props.templates.map((template) => (
            <li class="panel">
              <strong>{template.name}</strong>
              {template.archived_at && <span class="muted">({t("notes.templates.archived")})</span>}
              <p class="muted">{template.headings.join(" · ")}</p>
              <div class="inline-form">
                <a href={`/notes/templates/${template.id}`}>{t("notes.templates.edit")}</a>
                <form
                  method="post"
                  action={`/notes/templates/${template.id}/${template.archived_at ? "restore" : "archive"}`}
                  class="inline-form"
                >
                  <CsrfField token={page.csrfToken} />
                  <button type="submit" class="link-button">
                    {t(template.archived_at ? "notes.templates.restore" : "notes.templates.archive")}
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <section class="panel">
        <h2>{t("notes.templates.add")}</h2>
        <ErrorSummary page={page} errors={{ name: errors.name, headings: errors.headings }} />
        <TemplateForm page={page} action="/notes/templates" values={props.values} errors={errors} />
      </section>
      <section class="panel">
        <h2>{t("notes.period.title")}</h2>
        <ErrorSummary page={page} errors={{ hours: errors.hours }} />
        <form method="post" action="/notes/settings" class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            page={page}
            name="hours"
            label={t("notes.period.hours")}
            hint={t("notes.period.hint")}
            value={props.values.hours ?? String(props.periodHours)}
            error={errors.hours}
            inputmode="numeric"
            maxLength={3}
          />
          <button type="submit" class="primary">{t("notes.period.save")}</button>
        </form>
      </section>
    </Layout>
  );
}

export function TemplateEditPage(props: {
  page: PageContext;
  template: NoteTemplate;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("notes.templates.editTitle")}>
      <p>
        <a href="/notes/templates">{t("notes.templates.title")}</a>
      </p>
      <h1>{t("notes.templates.editTitle")}</h1>
      <ErrorSummary page={page} errors={props.errors} />
      <TemplateForm
        page={page}
        action={`/notes/templates/${props.template.id}`}
        values={props.values}
        errors={props.errors}
      />
    </Layout>
  );
}
