// The catalogue import: paste the CSV, see every line as it would be saved and every line's
// error, confirm; nothing is written before the confirmation.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { ImportError, ImportLine } from "../../lib/service-import.ts";
import { euro } from "./parts.tsx";

export function ServiceImportPage(props: {
  page: PageContext;
  csv: string;
  lines: ImportLine[] | null;
  errors: ImportError[];
  /** The form itself was not as our page sends it. */
  problem?: MessageKey;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("serviceImport.title")}>
      <p>
        <a href="/billing/services">{t("billing.servicesTitle")}</a>
      </p>
      <h1>{t("serviceImport.title")}</h1>
      <p>{t("serviceImport.intro")}</p>
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      {props.errors.length > 0 && (
        <div class="error-summary" role="alert">
          <p>{t("serviceImport.fixFirst")}</p>
          <ul>
            {props.errors.map((error) => (
              <li>
                {error.line > 0 && `${t("serviceImport.line", { line: error.line })}: `}
                {t(`serviceImport.${error.problem}` as MessageKey)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/billing/services/import" class="stack" enctype="multipart/form-data" novalidate>
        <CsrfField token={page.csrfToken} />
        <div class="field">
          <label for="file">{t("serviceImport.upload")}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" />
        </div>
        <div class="field">
          <label for="csv">{t("serviceImport.file")}</label>
          <textarea id="csv" name="csv" rows={10} maxlength={1000000}>{props.csv}</textarea>
        </div>
        <button type="submit" name="step" value="preview" class="secondary">{t("serviceImport.preview")}</button>
        {props.lines && props.lines.length > 0 && props.errors.length === 0 && (
          <>
            <table class="billing-table">
              <thead>
                <tr>
                  <th scope="col">{t("billing.catalogue")}</th>
                  <th scope="col">{t("billing.code")}</th>
                  <th scope="col">{t("billing.name")}</th>
                  <th scope="col" class="number">{t("billing.column.amount")}</th>
                  <th scope="col">{t("billing.points")}</th>
                  <th scope="col">{t("billing.vat")}</th>
                </tr>
              </thead>
              <tbody>
                {props.lines.map((line) => (
                  <tr>
                    <td>{t(`billing.catalogue.${line.catalogue}`)}</td>
                    <td>{line.code}</td>
                    <td>{line.name}</td>
                    <td class="number">{line.catalogue === "goae" ? "" : euro(page, line.priceCents)}</td>
                    <td>{line.goaePoints ?? ""}</td>
                    <td>{t(`billing.vat.${line.vatTreatment}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="submit" name="step" value="confirm">
              {t("serviceImport.confirm", { count: props.lines.length })}
            </button>
          </>
        )}
      </form>
    </Layout>
  );
}
