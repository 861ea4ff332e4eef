// Terms of use in the console: the published versions, and the form that publishes a new one.
import { Layout } from "../layout.tsx";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { ConsoleNav, ReasonField } from "./reason-field.tsx";
import { atMinute } from "./time.ts";

function TextArea(props: { page: PageContext; name: string; label: string; value?: string; errors: FieldErrors }) {
  const error = props.errors[props.name];
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      <textarea
        id={props.name}
        name={props.name}
        rows={12}
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={`${props.name}-error`}
      >
        {props.value ?? ""}
      </textarea>
      <FieldMessage page={props.page} id={`${props.name}-error`} error={error} />
    </div>
  );
}

export function OperatorTermsPage(props: {
  page: PageContext;
  versions: { version: string; published_at: Date; published_by_name: string | null }[];
  notice?: MessageKey;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("operator.terms.title")}>
      <h1>{t("operator.terms.title")}</h1>
      <ConsoleNav page={page} />
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <section class="panel">
        <h2>{t("operator.terms.versions")}</h2>
        <table class="table">
          <thead>
            <tr>
              <th>{t("operator.terms.version")}</th>
              <th>{t("operator.terms.publishedAt")}</th>
              <th>{t("operator.terms.publishedBy")}</th>
            </tr>
          </thead>
          <tbody>
            {props.versions.map((version, index) => (
              <tr key={version.version}>
                <td>
                  {version.version}
                  {index === 0 && <span class="muted">({t("operator.terms.current")})</span>}
                </td>
                <td>{atMinute(version.published_at)}</td>
                <td>{version.published_by_name ?? t("operator.terms.shipped")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="panel">
        <h2>{t("operator.terms.publish")}</h2>
        <p class="muted">{t("operator.terms.publishExplained")}</p>
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action="/operator/terms" class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            page={page}
            name="version"
            label={t("operator.terms.version")}
            hint={t("operator.terms.versionHint")}
            value={values.version}
            error={errors.version}
            maxLength={40}
          />
          <TextField
            page={page}
            name="title_de"
            label={t("operator.terms.titleDe")}
            value={values.title_de}
            error={errors.title_de}
            maxLength={200}
          />
          <TextArea
            page={page}
            name="body_de"
            label={t("operator.terms.bodyDe")}
            value={values.body_de}
            errors={errors}
          />
          <TextField
            page={page}
            name="title_en"
            label={t("operator.terms.titleEn")}
            value={values.title_en}
            error={errors.title_en}
            maxLength={200}
          />
          <TextArea
            page={page}
            name="body_en"
            label={t("operator.terms.bodyEn")}
            value={values.body_en}
            errors={errors}
          />
          <ReasonField page={page} name="reason" errors={errors} value={values.reason} />
          <button type="submit" class="primary">{t("operator.terms.publish")}</button>
        </form>
      </section>
    </Layout>
  );
}
