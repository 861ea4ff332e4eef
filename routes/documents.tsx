// Documents: a patient's list and upload, the document page with its preview and share links,
// and the download. An upload streams from the request body through type sniffing into
// encrypted chunks; content is streamed on the way out too, and every read of a document is
// audited before the first byte leaves.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, requestFacts, wantsPartial } from "./page.ts";
import { optionalLine, parseForm } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { findPatient } from "../db/patients.ts";
import {
  auditDocumentRead,
  discardStagedUpload,
  documentContentStream,
  type DocumentSummary,
  findDocument,
  insertDocument,
  listPatientDocuments,
  stageUpload,
  storeStagedUpload,
} from "../db/documents.ts";
import { createShareLink, listShareLinks, revokeShareLink } from "../db/share-links.ts";
import { streamedForm } from "./streamed-form.ts";
import { contentDisposition, isPreviewableImage } from "../lib/file-type.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { PatientDocuments, PatientDocumentsPage } from "../views/documents/patient-documents.tsx";
import { DocumentPage, ShareLinkCreatedPage, VALID_HOURS } from "../views/documents/document-page.tsx";
import { byteSize } from "../views/documents/format.ts";
import { isUuid } from "../lib/uuid.ts";

const shareLinkForm = z.object({
  valid_hours: z.string().refine((value) => VALID_HOURS.some((h) => String(h) === value), "shareLinks.invalidHours")
    .transform(Number),
  max_uses: z.string().trim().regex(/^\d{1,2}$/, "shareLinks.invalidUses").transform(Number)
    .pipe(z.number().min(1, "shareLinks.invalidUses").max(20, "shareLinks.invalidUses")),
  with_code: z.literal("yes").optional(),
  recipient_note: optionalLine(120),
});

/** Headers of every response that carries a document's bytes. */
function documentHeaders(document: DocumentSummary, disposition: "attachment" | "inline") {
  return {
    "Content-Type": document.contentType,
    "Content-Length": String(document.byteSize),
    "Content-Disposition": contentDisposition(disposition, document.fileName),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

async function patientDocuments(
  c: Context<AppEnv>,
  patientId: string,
  options: { errors?: FieldErrors; uploaded?: boolean; status?: 200 | 422 } = {},
) {
  const { db, masterKey, config } = c.var.deps;
  const scope = practiceScope(c);
  const patient = await findPatient(db, scope, patientId);
  if (!patient) return c.notFound();
  const props = {
    page: pageContext(c),
    patientId: patient.id,
    documents: await listPatientDocuments(db, masterKey, scope, patient.id),
    maxBytes: config.documentMaxBytes,
    errors: options.errors ?? {},
    uploaded: options.uploaded,
  };
  const status = options.status ?? 200;
  // Only the lazily loaded section wants the bare list: a boosted navigation (after an upload's
  // redirect, or a link) asks for the whole page.
  if (wantsPartial(c)) return c.html(<PatientDocuments {...props} />, status);
  return c.html(<PatientDocumentsPage {...props} patientName={patientDisplayName(patient)} />, status);
}

async function documentPage(
  c: Context<AppEnv>,
  document: DocumentSummary,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422; notice?: "revoked" } = {},
) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const patient = await findPatient(db, scope, document.patientId);
  const shareLinks = pageContext(c).can("documents.share")
    ? await listShareLinks(db, scope, document.id, clock.now())
    : [];
  await auditDocumentRead(db, scope, document, "document.viewed", requestFacts(c));
  return c.html(
    <DocumentPage
      page={pageContext(c)}
      document={document}
      patientName={patient ? patientDisplayName(patient) : ""}
      shareLinks={shareLinks}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      notice={options.notice}
    />,
    options.status ?? 200,
  );
}

async function documentOf(c: Context<AppEnv>): Promise<DocumentSummary | undefined> {
  const id = c.req.param("id") ?? "";
  if (!isUuid(id)) return undefined;
  const { db, masterKey } = c.var.deps;
  return await findDocument(db, masterKey, practiceScope(c), id);
}

export function documentRoutes() {
  const app = new Hono<AppEnv>();

  app.get(
    "/patients/:id/documents",
    authorize("documents.read"),
    (c) => patientDocuments(c, c.req.param("id"), { uploaded: c.req.query("uploaded") === "1" }),
  );

  app.post("/patients/:id/documents", authorize("documents.write"), async (c) => {
    const { db, masterKey, config } = c.var.deps;
    const scope = practiceScope(c);
    const patient = await findPatient(db, scope, c.req.param("id"));
    if (!patient) return c.notFound();
    // The CSRF check has read the form up to its token; the file streams on from here.
    const form = streamedForm(c);
    const refuse = async (problem: "type" | "size" | "empty" | "single") => {
      // The rest of the body (bounded by the upload limit) is read, so the browser sees the answer.
      await form.rest();
      const max = byteSize(c.var.lang, config.documentMaxBytes);
      return patientDocuments(c, patient.id, {
        errors: { file: { key: `documents.problem.${problem}`, values: { max } } },
        status: 422,
      });
    };
    let file = await form.nextFile();
    while (file && file.name !== "file") file = await form.nextFile();
    if (!file) return await refuse("empty");
    const content = form.fileChunks(file);
    const staging = await stageUpload(
      db,
      masterKey,
      scope.practiceId,
      { fileName: file.fileName ?? "", content },
      config.documentMaxBytes,
    );
    if (!staging.ok) return await refuse(staging.problem);
    const { upload } = staging;
    let moreFiles: string[];
    try {
      moreFiles = (await form.rest()).files;
    } catch (error) {
      await discardStagedUpload(db, upload);
      throw error;
    }
    if (moreFiles.includes("file")) {
      await discardStagedUpload(db, upload);
      return await refuse("single");
    }
    await storeStagedUpload(
      db,
      masterKey,
      upload,
      () =>
        db.transaction().execute((trx) =>
          insertDocument(trx, masterKey, scope, {
            patientId: patient.id,
            kind: "general",
            upload,
            facts: requestFacts(c),
          })
        ),
    );
    return c.redirect(`/patients/${patient.id}/documents?uploaded=1`, 303);
  });

  app.get("/documents/:id", authorize("documents.read"), async (c) => {
    const document = await documentOf(c);
    if (!document) return c.notFound();
    return documentPage(c, document, { notice: c.req.query("notice") === "revoked" ? "revoked" : undefined });
  });

  app.get("/documents/:id/download", authorize("documents.read"), async (c) => {
    const { db, masterKey } = c.var.deps;
    const document = await documentOf(c);
    if (!document) return c.notFound();
    await auditDocumentRead(db, practiceScope(c), document, "document.downloaded", requestFacts(c));
    const stream = documentContentStream(db, masterKey, practiceScope(c).practiceId, document);
    return c.body(stream, 200, documentHeaders(document, "attachment"));
  });

  app.get("/documents/:id/preview", authorize("documents.read"), async (c) => {
    const { db, masterKey } = c.var.deps;
    const document = await documentOf(c);
    if (!document || !isPreviewableImage(document.contentType)) return c.notFound();
    await auditDocumentRead(db, practiceScope(c), document, "document.viewed", requestFacts(c));
    const stream = documentContentStream(db, masterKey, practiceScope(c).practiceId, document);
    return c.body(stream, 200, documentHeaders(document, "inline"));
  });

  app.post("/documents/:id/share-links", authorize("documents.share"), async (c) => {
    const { db, config } = c.var.deps;
    const document = await documentOf(c);
    if (!document) return c.notFound();
    const parsed = await parseForm(c, shareLinkForm);
    if (!parsed.success) {
      return documentPage(c, document, { values: parsed.values, errors: parsed.errors, status: 422 });
    }
    const facts = requestFacts(c);
    const created = await createShareLink(db, practiceScope(c), {
      document,
      validHours: parsed.data.valid_hours,
      maxUses: parsed.data.max_uses,
      withCode: parsed.data.with_code === "yes",
      recipientNote: parsed.data.recipient_note,
      facts,
    });
    return c.html(
      <ShareLinkCreatedPage
        page={pageContext(c)}
        document={document}
        url={new URL(`/share/${created.token}`, config.baseUrl).href}
        code={created.code}
        expiresAt={new Date(facts.now.getTime() + parsed.data.valid_hours * 3_600_000)}
      />,
    );
  });

  app.post("/share-links/:id/revoke", authorize("documents.share"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    const documentId = await revokeShareLink(c.var.deps.db, practiceScope(c), id, requestFacts(c));
    if (!documentId) return c.notFound();
    return c.redirect(`/documents/${documentId}?notice=revoked`, 303);
  });

  return app;
}
