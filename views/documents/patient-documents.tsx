// A patient's documents: the list, and the upload form for those who may upload. The record
// page loads it as a fragment; without htmx it is a page of its own.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice } from "../components/form.tsx";
import type { DocumentSummary } from "../../db/documents.ts";
import { byteSize, moment, TYPE_LABELS } from "./format.ts";

interface Props {
  page: PageContext;
  patientId: string;
  documents: DocumentSummary[];
  maxBytes: number;
  errors: FieldErrors;
  uploaded?: boolean;
}

export function PatientDocuments(props: Props) {
  const { page, patientId, errors } = props;
  const t = page.t;
  return (
    <div class="documents" id="documents">
      <h2>{t("documents.title")}</h2>
      {props.uploaded && <Notice>{t("documents.uploaded")}</Notice>}
      {props.documents.length === 0 ? <p class="muted">{t("documents.none")}</p> : (
        <table class="document-table">
          <thead>
            <tr>
              <th scope="col">{t("documents.fileName")}</th>
              <th scope="col">{t("documents.type")}</th>
              <th scope="col">{t("documents.size")}</th>
              <th scope="col">{t("documents.uploadedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {props.documents.map((document) => (
              <tr key={document.id}>
                <td>
                  <a href={`/documents/${document.id}`}>{document.fileName}</a>
                  {document.kind === "consent" && <span class="muted">· {t("documents.kind.consent")}</span>}
                </td>
                <td>{TYPE_LABELS[document.contentType]}</td>
                <td>{byteSize(page.lang, document.byteSize)}</td>
                <td>{moment(page.lang, document.uploadedAt)} · {document.uploadedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.can("documents.write") && (
        <form
          method="post"
          action={`/patients/${patientId}/documents`}
          enctype="multipart/form-data"
          class="stack panel"
          hx-boost="false"
        >
          <h3>{t("documents.upload")}</h3>
          <ErrorSummary page={page} errors={errors} />
          <CsrfField token={page.csrfToken} />
          <div class={errors.file ? "field field-invalid" : "field"}>
            <label for="document-file">{t("documents.file")}</label>
            <p class="field-hint" id="document-file-hint">
              {t("documents.uploadHint", { max: byteSize(page.lang, props.maxBytes) })}
            </p>
            <input
              id="document-file"
              name="file"
              type="file"
              required
              accept="application/pdf,image/png,image/jpeg,image/webp,image/tiff"
              aria-invalid={errors.file ? "true" : undefined}
              aria-describedby="document-file-hint document-file-error"
            />
            <FieldMessage page={page} id="document-file-error" error={errors.file} />
          </div>
          <button type="submit" class="primary">{t("documents.uploadButton")}</button>
        </form>
      )}
    </div>
  );
}

export function PatientDocumentsPage(props: Props & { patientName: string }) {
  const t = props.page.t;
  return (
    <Layout page={props.page} title={t("documents.pageTitle", { patient: props.patientName })}>
      <p>
        <a href={`/patients/${props.patientId}`}>{t("documents.backToPatient")}</a>
      </p>
      <h1>{t("documents.pageTitle", { patient: props.patientName })}</h1>
      <PatientDocuments {...props} />
    </Layout>
  );
}
