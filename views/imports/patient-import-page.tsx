// The patient import: choose a CSV file; then map its columns to Kartei's fields, see every row
// with an error and every duplicate (and the first rows as they will be stored), and confirm.
// One multipart form carries the file's text on from preview to confirmation.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, FieldMessage, Notice } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { type ColumnMapping, IMPORT_FIELDS, PATIENT_CSV_MAX_BYTES } from "../../lib/patient-csv.ts";

export interface ImportRow {
  /** The line of the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
  errors: FieldErrors | null;
  duplicate: "practice" | "file" | null;
}

export interface ImportPreview {
  csv: string;
  header: string[];
  mapping: ColumnMapping;
  unmapped: string[];
  rows: ImportRow[];
  importable: number;
  failed: number;
  ready: boolean;
}

/** Rows without error or warning shown as a sample. */
const SAMPLE_ROWS = 20;

function RowTable(props: { page: PageContext; rows: ImportRow[]; caption: MessageKey }) {
  const t = props.page.t;
  if (props.rows.length === 0) return null;
  return (
    <table class="import-rows">
      <caption>{t(props.caption)}</caption>
      <thead>
        <tr>
          <th scope="col">{t("imports.line")}</th>
          <th scope="col">{t("imports.field.family_name")}</th>
          <th scope="col">{t("imports.field.given_names")}</th>
          <th scope="col">{t("imports.field.date_of_birth")}</th>
          <th scope="col">{t("imports.remark")}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <td>{row.line}</td>
            <td>{row.values.family_name ?? ""}</td>
            <td>{row.values.given_names ?? ""}</td>
            <td>{row.values.date_of_birth ?? ""}</td>
            <td>
              {row.errors && (
                <ul class="import-errors">
                  {Object.entries(row.errors).map(([field, error]) =>
                    error && (
                      <li>
                        {field === "_row" ? "" : `${t(`imports.field.${field}` as MessageKey)}: `}
                        {t(error.key, error.values)}
                      </li>
                    )
                  )}
                </ul>
              )}
              {row.duplicate && t(`imports.duplicate.${row.duplicate}`)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Preview(props: { page: PageContext; preview: ImportPreview }) {
  const { page, preview } = props;
  const t = page.t;
  const failed = preview.rows.filter((row) => row.errors);
  const duplicates = preview.rows.filter((row) => row.duplicate);
  const sample = preview.rows.filter((row) => !row.errors && !row.duplicate).slice(0, SAMPLE_ROWS);
  return (
    <form method="post" action="/patients/import/file" enctype="multipart/form-data" class="stack" novalidate>
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="csv" value={preview.csv} />
      <h2>{t("imports.mappingTitle")}</h2>
      {preview.unmapped.length > 0 && (
        <div class="error-summary" role="alert">
          {t("imports.mappingIncomplete")}{" "}
          {preview.unmapped.map((field) => t(`imports.field.${field}` as MessageKey)).join(", ")}
        </div>
      )}
      <div class="import-mapping">
        {IMPORT_FIELDS.map((field) => (
          <div class="field">
            <label for={`map_${field}`}>{t(`imports.field.${field}`)}</label>
            <select id={`map_${field}`} name={`map_${field}`}>
              <option value="">{t("imports.notInFile")}</option>
              {preview.header.map((column) => (
                <option value={column} selected={preview.mapping[field] === column}>{column}</option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <button type="submit" name="step" value="preview" class="secondary">{t("imports.applyMapping")}</button>
      <h2>{t("imports.previewTitle")}</h2>
      <p>
        {t("imports.summary", { count: preview.rows.length })} {t("imports.summaryFailed", { count: preview.failed })}
        {" "}
        {t("imports.summaryDuplicates", { count: duplicates.length })}
      </p>
      {preview.failed > 0 && <div class="error-summary" role="alert">{t("imports.fixFirst")}</div>}
      <RowTable page={page} rows={failed} caption="imports.failedRows" />
      <RowTable page={page} rows={duplicates} caption="imports.duplicateRows" />
      <RowTable page={page} rows={sample} caption="imports.sampleRows" />
      {preview.ready && (
        <button type="submit" name="step" value="confirm">
          {t("imports.confirm", { count: preview.importable })}
        </button>
      )}
    </form>
  );
}

export function PatientImportPage(props: {
  page: PageContext;
  preview?: ImportPreview;
  problem?: MessageKey;
  imported?: number | null;
}) {
  const { page } = props;
  const t = page.t;
  const max = String(Math.round(PATIENT_CSV_MAX_BYTES / 1_000_000 * 10) / 10).replace(".", ",");
  return (
    <Layout page={page} title={t("imports.title")}>
      <p>
        <a href="/patients">{t("patients.title")}</a>
      </p>
      <h1>{t("imports.title")}</h1>
      {props.imported != null && <Notice>{t("imports.imported", { count: props.imported })}</Notice>}
      <p>{t("imports.intro")}</p>
      {page.can("calendar.import") && (
        <p>
          <a href="/calendar/import">{t("imports.appointmentsLink")}</a>
        </p>
      )}
      <form method="post" action="/patients/import/file" enctype="multipart/form-data" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <div class="field">
          <label for="file">{t("imports.file")}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-error" />
          <FieldMessage page={page} id="file-error" error={props.problem && { key: props.problem, values: { max } }} />
        </div>
        <button type="submit" name="step" value="preview">{t("imports.upload")}</button>
      </form>
      {props.preview && <Preview page={page} preview={props.preview} />}
    </Layout>
  );
}
