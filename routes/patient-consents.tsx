// Consent records on the patient's record page: record one (with the signed form, encrypted as
// a document of kind "consent"), or record its withdrawal.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { practiceScope, requestFacts } from "./page.ts";
import { checkForm, parseForm, readIsoDay, singleLineText, textValues, typed } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { renderRecord } from "./patient-record.tsx";
import { z } from "zod";
import { berlinDate } from "../lib/clock.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { findPatient } from "../db/patients.ts";
import { recordConsent, withdrawConsent } from "../db/patient-consents.ts";
import { discardStagedUpload, type StagedUpload, stageUpload, storeStagedUpload } from "../db/documents.ts";
import { streamedForm } from "./streamed-form.ts";
import { byteSize } from "../views/documents/format.ts";
import { isUuid } from "../lib/uuid.ts";

// A calendar day as the date input sends it. Postgres has no year 0 (it would answer an error,
// not a refusal), and no consent in a record predates 1900.
const day = typed(
  (text) => {
    const day = readIsoDay(text);
    return day && day >= "1900-01-01" ? day : null;
  },
  "patient.invalidDate",
  { missing: "form.required" },
);

const consentForm = z.object({ subject: singleLineText(500), given_on: day });
const withdrawalForm = z.object({ withdrawn_on: day });

const SEAL_PROBLEMS = { type: "consent.fileType", size: "consent.fileSize", empty: "consent.fileEmpty" } as const;

export function consentRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/patients/:id/consents", authorize("patients.master"), async (c) => {
    const { db, masterKey, config, clock } = c.var.deps;
    const scope = practiceScope(c);
    const patient = await findPatient(db, scope, c.req.param("id"));
    if (!patient) return c.notFound();
    if (patient.archived_at) {
      return await renderRecord(c, patient.id, { problem: "patient.archivedReadOnly", status: 409 });
    }
    // The CSRF check has read the form up to its token; the fields and the form stream on from here.
    const form = streamedForm(c);
    let file = await form.nextFile();
    while (file && file.name !== "file") file = await form.nextFile();
    let fileError: FieldErrors[string];
    let upload: StagedUpload | null = null;
    if (file) {
      const content = form.fileChunks(file);
      const staging = await stageUpload(db, masterKey, scope.practiceId, {
        fileName: file.fileName ?? "",
        content,
      }, config.documentMaxBytes);
      if (staging.ok) upload = staging.upload;
      // An empty file input is sent as a file without name and bytes: no form attached.
      else if (staging.problem !== "empty" || file.fileName) {
        const max = byteSize(c.var.lang, config.documentMaxBytes);
        fileError = { key: SEAL_PROBLEMS[staging.problem], values: { max } };
      }
    }
    // From here on, whatever does not store the staged form deletes it.
    const discard = async () => {
      if (upload) await discardStagedUpload(db, upload);
    };
    const rest = await form.rest().catch(async (error) => {
      await discard();
      throw error;
    });
    if (rest.files.includes("file")) fileError = { key: "consent.fileSingle" };
    const values = textValues(form.textFieldsRead());
    const parsed = checkForm(consentForm, values);
    const errors: FieldErrors = parsed.success ? {} : parsed.errors;
    if (fileError) errors.file = fileError;
    const today = berlinDate(clock.now());
    if (parsed.success && parsed.data.given_on > today) errors.given_on = { key: "consent.dateInFuture" };
    if (!parsed.success || Object.values(errors).some(Boolean)) {
      await discard();
      return await renderRecord(c, patient.id, { consentErrors: errors, consentValues: values, status: 422 });
    }
    const facts = requestFacts(c);
    const input = { subject: parsed.data.subject, givenOn: parsed.data.given_on, upload };
    const record = () => recordConsent(db, masterKey, scope, patient.id, input, facts);
    const id = upload ? await storeStagedUpload(db, masterKey, upload, record) : await record();
    if (!id) {
      await discard();
      return c.notFound();
    }
    return c.redirect(`/patients/${patient.id}?notice=consent#consents`, 303);
  });

  app.post("/patients/:id/consents/:consentId/withdraw", authorize("patients.master"), async (c) => {
    const { id, consentId } = c.req.param();
    if (!isUuid(id) || !isUuid(consentId)) return c.notFound();
    const { db, clock } = c.var.deps;
    const scope = practiceScope(c);
    const parsed = await parseForm(c, withdrawalForm);
    const field = `withdrawn_on-${consentId}`;
    const today = berlinDate(clock.now());
    const invalid = (
      key: "consent.dateInFuture" | "consent.withdrawBeforeGiven" | "patient.invalidDate" | "form.required",
    ) => renderRecord(c, id, { consentErrors: { [field]: { key } }, status: 422 });
    if (!parsed.success) {
      return await invalid(
        parsed.errors.withdrawn_on?.key === "form.required" ? "form.required" : "patient.invalidDate",
      );
    }
    if (parsed.data.withdrawn_on > today) return await invalid("consent.dateInFuture");
    const patient = await findPatient(db, scope, id);
    if (!patient) return c.notFound();
    if (patient.archived_at) {
      return await renderRecord(c, patient.id, { problem: "patient.archivedReadOnly", status: 409 });
    }
    const outcome = await withdrawConsent(db, scope, id, consentId, parsed.data.withdrawn_on, requestFacts(c));
    if (outcome === "unknown") return c.notFound();
    if (outcome === "before_given") return await invalid("consent.withdrawBeforeGiven");
    return c.redirect(`/patients/${id}?notice=withdrawn#consents`, 303);
  });

  return app;
}
