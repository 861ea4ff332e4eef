// One document: what it is, its preview (images), the download, and its share links.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { DocumentSummary } from "../../db/documents.ts";
import type { ShareLinkSummary } from "../../db/share-links.ts";
import { isPreviewableImage } from "../../lib/file-type.ts";
import { byteSize, moment, TYPE_LABELS } from "./format.ts";

export const VALID_HOURS = [1, 24, 72, 168, 336, 720] as const;
export const DEFAULT_VALID_HOURS = 168;

export function DocumentPage(props: {
  page: PageContext;
  document: DocumentSummary;
  patientName: string;
  shareLinks: ShareLinkSummary[];
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: "revoked";
}) {
  const { page, document } = props;
  const t = page.t;
  return (
    <Layout page={page} title={document.fileName}>
      <p>
        <a href={`/patients/${document.patientId}/documents`}>{t("documents.allOfPatient")}</a>
      </p>
      <h1>{document.fileName}</h1>
      {props.notice === "revoked" && <Notice>{t("shareLinks.revoked")}</Notice>}
      <dl class="document-facts">
        <dt>{t("documents.patient")}</dt>
        <dd>
          <a href={`/patients/${document.patientId}`}>{props.patientName}</a>
        </dd>
        <dt>{t("documents.type")}</dt>
        <dd>
          {TYPE_LABELS[document.contentType]} · {t(`documents.kind.${document.kind}`)}
        </dd>
        <dt>{t("documents.size")}</dt>
        <dd>{byteSize(page.lang, document.byteSize)}</dd>
        <dt>{t("documents.uploadedAt")}</dt>
        <dd>{moment(page.lang, document.uploadedAt)} · {document.uploadedBy}</dd>
      </dl>
      <p>
        <a class="document-download" href={`/documents/${document.id}/download`} hx-boost="false" download>
          {t("documents.download")}
        </a>
      </p>
      {isPreviewableImage(document.contentType)
        ? (
          <img
            class="document-preview"
            src={`/documents/${document.id}/preview`}
            alt={t("documents.previewAlt", { name: document.fileName })}
          />
        )
        : <p class="muted">{t("documents.noPreview")}</p>}
      <p class="muted">{t("documents.readAudited")}</p>
      {page.can("documents.share") && <ShareLinks {...props} />}
    </Layout>
  );
}

function ShareLinks(props: {
  page: PageContext;
  document: DocumentSummary;
  shareLinks: ShareLinkSummary[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, errors, values } = props;
  const t = page.t;
  const hours = values.valid_hours ?? String(DEFAULT_VALID_HOURS);
  return (
    <section class="panel" id="share-links">
      <h2>{t("shareLinks.title")}</h2>
      <p>{t("shareLinks.intro")}</p>
      {props.shareLinks.length === 0 ? <p class="muted">{t("shareLinks.none")}</p> : (
        <table class="document-table">
          <thead>
            <tr>
              <th scope="col">{t("shareLinks.createdAt")}</th>
              <th scope="col">{t("shareLinks.expiresAt")}</th>
              <th scope="col">{t("shareLinks.uses")}</th>
              <th scope="col">{t("shareLinks.status")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("table.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.shareLinks.map((link) => (
              <tr key={link.id}>
                <td>
                  {moment(page.lang, link.createdAt)} · {link.createdBy}
                  {link.recipientNote && <div class="muted">{link.recipientNote}</div>}
                </td>
                <td>{moment(page.lang, link.expiresAt)}</td>
                <td>
                  {t("shareLinks.usesValue", { used: link.useCount, max: link.maxUses })}
                  {link.withCode && <span class="muted">· {t("shareLinks.withCodeShort")}</span>}
                </td>
                <td>{t(`shareLinks.status.${link.status}`)}</td>
                <td>
                  {link.status === "active" && (
                    <form method="post" action={`/share-links/${link.id}/revoke`} class="inline-form">
                      <CsrfField token={page.csrfToken} />
                      <button type="submit" class="link-button">{t("shareLinks.revoke")}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t("shareLinks.create")}</h3>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={`/documents/${props.document.id}/share-links`} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <div class={errors.valid_hours ? "field field-invalid" : "field"}>
          <label for="valid_hours">{t("shareLinks.validFor")}</label>
          <select id="valid_hours" name="valid_hours" aria-describedby="valid_hours-error">
            {VALID_HOURS.map((value) => (
              <option value={String(value)} selected={hours === String(value)}>
                {t(`shareLinks.hours.${value}`)}
              </option>
            ))}
          </select>
          <FieldMessage page={page} id="valid_hours-error" error={errors.valid_hours} />
        </div>
        <div class={errors.max_uses ? "field field-invalid" : "field"}>
          <label for="max_uses">{t("shareLinks.maxUses")}</label>
          <input
            id="max_uses"
            name="max_uses"
            type="number"
            min="1"
            max="20"
            required
            value={values.max_uses ?? "1"}
            aria-invalid={errors.max_uses ? "true" : undefined}
            aria-describedby="max_uses-error"
          />
          <FieldMessage page={page} id="max_uses-error" error={errors.max_uses} />
        </div>
        <div class="field">
          <label class="checkbox">
            <input type="checkbox" name="with_code" value="yes" checked={values.with_code === "yes"} />
            <span>{t("shareLinks.withCode")}</span>
          </label>
        </div>
        <TextField
          page={page}
          name="recipient_note"
          label={t("shareLinks.recipientNote")}
          hint={t("shareLinks.recipientNoteHint")}
          value={values.recipient_note}
          error={errors.recipient_note}
          maxLength={120}
          optional
        />
        <button type="submit" class="primary">{t("shareLinks.createButton")}</button>
      </form>
    </section>
  );
}

/** Shown once after creating a link: the full URL and the code, neither of which is stored. */
export function ShareLinkCreatedPage(props: {
  page: PageContext;
  document: DocumentSummary;
  url: string;
  code: string | null;
  expiresAt: Date;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("shareLinks.createdTitle")}>
      <h1>{t("shareLinks.createdTitle")}</h1>
      <Notice>{t("shareLinks.createdOnce")}</Notice>
      <dl class="document-facts">
        <dt>{t("documents.fileName")}</dt>
        <dd>{props.document.fileName}</dd>
        <dt>{t("shareLinks.link")}</dt>
        <dd>
          <code class="share-url">{props.url}</code>
        </dd>
        {props.code && (
          <>
            <dt>{t("shareLinks.code")}</dt>
            <dd>
              <code class="share-code">{props.code}</code>
              <p class="field-hint">{t("shareLinks.codeOnce")}</p>
            </dd>
          </>
        )}
        <dt>{t("shareLinks.expiresAt")}</dt>
        <dd>{moment(page.lang, props.expiresAt)}</dd>
      </dl>
      <p>
        <a href={`/documents/${props.document.id}`}>{t("shareLinks.backToDocument")}</a>
      </p>
    </Layout>
  );
}
