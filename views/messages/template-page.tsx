// One template of the practice: the email's subject and text, and the short text for SMS and
// Threema, in one language; and the way back to the shipped words.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { Language, MessageKey } from "../../lib/i18n/mod.ts";
import { type MessageKind, TEMPLATE_PLACEHOLDERS } from "../../lib/patient-message-kinds.ts";

export function TemplatePage(props: {
  page: PageContext;
  kind: MessageKind;
  language: Language;
  values: Record<string, string>;
  own: boolean;
  errors?: FieldErrors;
  notice?: MessageKey;
}) {
  const { page, values } = props;
  const t = page.t;
  const errors = props.errors ?? {};
  const base = `/calendar/settings/messages/templates/${props.kind}/${props.language}`;
  const title = t("patientMessages.templateTitle", {
    kind: t(`patientMessages.kind.${props.kind}`),
    language: t(`language.${props.language}`),
  });
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p>
        <a href="/calendar/settings/messages">{t("patientMessages.backToSettings")}</a>
      </p>
      <p>
        {t("patientMessages.templatesIntro", { placeholders: TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(" ") })}
      </p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={base} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="subject"
          label={t("patientMessages.subject")}
          value={values.subject}
          error={errors.subject}
          maxLength={200}
        />
        <TextArea
          page={page}
          name="email_body"
          label={t("patientMessages.emailBody")}
          rows={12}
          values={values}
          errors={errors}
        />
        <TextArea
          page={page}
          name="short_body"
          label={t("patientMessages.shortBody")}
          hint={t("patientMessages.shortBodyHint")}
          rows={4}
          values={values}
          errors={errors}
        />
        <button type="submit" class="primary">{t("patientMessages.saveTemplate")}</button>
      </form>
      {props.own && (
        <form method="post" action={`${base}/reset`} class="inline-form">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="secondary">{t("patientMessages.resetTemplate")}</button>
        </form>
      )}
    </Layout>
  );
}

function TextArea(props: {
  page: PageContext;
  name: string;
  label: string;
  hint?: string;
  rows: number;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const error = props.errors[props.name];
  const ids = `${props.hint ? `${props.name}-hint ` : ""}${props.name}-error`;
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.hint && <p class="field-hint" id={`${props.name}-hint`}>{props.hint}</p>}
      <textarea id={props.name} name={props.name} rows={props.rows} required aria-describedby={ids}>
        {props.values[props.name] ?? ""}
      </textarea>
      <FieldMessage page={props.page} id={`${props.name}-error`} error={error} />
    </div>
  );
}
