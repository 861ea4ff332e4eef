// Documentation entries: a patient's list (a fragment of the patient record), writing a draft
// from a template, reading an entry (audited), editing, finalizing or discarding one's own
// draft, and amending a finalized entry. Templates live in note-templates.tsx.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts, wantsPartial } from "./page.ts";
import { checkForm, optionalTyped, readForm, readId, singleLineText } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { renderError } from "./errors.tsx";
import { readNoteFields } from "./note-forms.ts";
import { noteTemplateRoutes } from "./note-templates.tsx";
import { amendNote } from "../db/note-amendments.ts";
import {
  appointmentChoices,
  createNote,
  discardDraft,
  type DraftOutcome,
  finalizeNote,
  listPatientNotes,
  noteHeadings,
  readNote,
  updateDraft,
} from "../db/notes.ts";
import { finalizePeriodHours, listTemplates } from "../db/note-templates.ts";
import { findPatient } from "../db/patients.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import { NoteListSection, PatientNotesPage } from "../views/notes/note-list.tsx";
import { NewNotePage, type TemplateChoice } from "../views/notes/note-form-page.tsx";
import { NotePage } from "../views/notes/note-page.tsx";
import type { FieldErrors } from "../views/page-context.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { isUuid } from "../lib/uuid.ts";

const NOTICES: Record<string, MessageKey> = {
  saved: "notes.saved",
  finalized: "notes.finalized",
  discarded: "notes.discarded",
  amended: "notes.amended",
};

const reasonForm = z.object({ reason: singleLineText(500) });
// The appointment an entry documents, if any.
const noteAppointment = z.object({ appointment_id: optionalTyped(readId, "notes.unknownAppointment") });

async function patientOf(c: Context<AppEnv>, patientId: string) {
  return isUuid(patientId) ? await findPatient(c.var.deps.db, practiceScope(c), patientId) : undefined;
}

/** The templates offered for a new entry: the practice's active ones, then free text. */
async function templateChoices(c: Context<AppEnv>): Promise<TemplateChoice[]> {
  const templates = await listTemplates(c.var.deps.db, practiceScope(c));
  const t = c.var.t;
  return [
    ...templates.map((template) => ({ id: template.id, name: template.name, headings: template.headings })),
    { id: "", name: t("notes.freeText"), headings: [t("notes.freeTextHeading")] },
  ];
}

async function newNotePage(
  c: Context<AppEnv>,
  patient: { id: string; family_name: string; given_names: string; title: string },
  templateId: string | undefined,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const templates = await templateChoices(c);
  const template = templates.find((choice) => choice.id === templateId) ?? templates[0];
  const values = options.values ?? {};
  const preselected = isUuid(values.appointment_id ?? "") ? values.appointment_id : undefined;
  return c.html(
    <NewNotePage
      page={pageContext(c)}
      patientId={patient.id}
      patientName={patientDisplayName(patient)}
      templates={templates}
      template={template}
      appointments={await appointmentChoices(db, scope, patient.id, clock.now(), preselected)}
      periodHours={await finalizePeriodHours(db, scope)}
      values={values}
      errors={options.errors ?? {}}
    />,
    options.status ?? 200,
  );
}

/** Opens the entry (audited as note.viewed) and renders it; 404 when the practice has none. */
async function notePage(
  c: Context<AppEnv>,
  noteId: string,
  options: {
    values?: Record<string, string>;
    errors?: FieldErrors;
    problem?: MessageKey;
    status?: 200 | 409 | 422;
    confirmFinalize?: boolean;
  } = {},
) {
  const { db, masterKey } = c.var.deps;
  const scope = practiceScope(c);
  const note = isUuid(noteId) ? await readNote(db, masterKey, scope, noteId, requestFacts(c)) : undefined;
  if (!note) return c.notFound();
  const patient = await findPatient(db, scope, note.patientId);
  const page = pageContext(c);
  return c.html(
    <NotePage
      page={page}
      note={note}
      patientName={patient ? patientDisplayName(patient) : ""}
      canEdit={note.status === "draft" && note.authorId === scope.accountId && page.can("notes.write")}
      canAmend={note.status === "final" && page.can("notes.write")}
      values={options.values}
      errors={options.errors}
      notice={queryNotice(c, NOTICES)}
      problem={options.problem ?? (c.req.query("problem") === "final" ? "notes.alreadyFinal" : undefined)}
      confirmFinalize={options.confirmFinalize}
    />,
    options.status ?? 200,
  );
}

/** Where a draft action that did not happen leads. */
function refusal(c: Context<AppEnv>, noteId: string, outcome: Exclude<DraftOutcome, "ok">) {
  if (outcome === "unknown") return c.notFound();
  if (outcome === "not_author") return renderError(c, 403, "error.forbidden.title", "notes.notAuthor");
  return c.redirect(`/notes/${noteId}${outcome === "final" ? "?problem=final" : ""}`, 303);
}

export function noteRoutes() {
  const app = new Hono<AppEnv>();
  // First, so /notes/templates is never taken for an entry's id.
  app.route("/", noteTemplateRoutes());

  app.get("/patients/:id/notes", authorize("notes.read"), async (c) => {
    const patient = await patientOf(c, c.req.param("id"));
    if (!patient) return c.notFound();
    const notes = await listPatientNotes(c.var.deps.db, practiceScope(c), patient.id);
    const page = pageContext(c);
    // htmx asking for the section alone; a boosted navigation (request type "full") wants the page.
    if (wantsPartial(c)) return c.html(<NoteListSection page={page} patientId={patient.id} notes={notes} />);
    return c.html(
      <PatientNotesPage
        page={page}
        patientId={patient.id}
        patientName={patientDisplayName(patient)}
        notes={notes}
        notice={queryNotice(c, NOTICES)}
      />,
    );
  });

  app.get("/patients/:id/notes/new", authorize("notes.write"), async (c) => {
    const patient = await patientOf(c, c.req.param("id"));
    if (!patient) return c.notFound();
    const appointment = c.req.query("appointment") ?? "";
    return await newNotePage(c, patient, c.req.query("template"), { values: { appointment_id: appointment } });
  });

  app.post("/patients/:id/notes", authorize("notes.write"), async (c) => {
    const patient = await patientOf(c, c.req.param("id"));
    if (!patient) return c.notFound();
    const values = await readForm(c);
    const templates = await templateChoices(c);
    const templateId = values.template_id ?? "";
    const template = templates.find((choice) => choice.id === templateId);
    const appointment = checkForm(noteAppointment, values);
    const errors: FieldErrors = appointment.success ? {} : appointment.errors;
    if (!template) errors.template_id = { key: "notes.unknownTemplate" };
    const read = readNoteFields(values, (template ?? templates[0]).headings);
    Object.assign(errors, read.errors);
    const invalid = (more: FieldErrors) =>
      newNotePage(c, patient, template?.id, { values, errors: { ...errors, ...more }, status: 422 });
    if (Object.keys(errors).length > 0 || !template || !appointment.success) return await invalid({});
    const outcome = await createNote(c.var.deps.db, c.var.deps.masterKey, practiceScope(c), {
      patientId: patient.id,
      appointmentId: appointment.data.appointment_id,
      templateId: template.id || null,
      // Free text has no name of its own: each reader sees it in their language.
      title: template.id ? template.name : "",
      fields: read.fields,
    }, requestFacts(c));
    if (!outcome.ok) {
      if (outcome.problem === "patient") return c.notFound();
      return await invalid(
        outcome.problem === "appointment"
          ? { appointment_id: { key: "notes.unknownAppointment" } }
          : { template_id: { key: "notes.unknownTemplate" } },
      );
    }
    return c.redirect(`/notes/${outcome.id}?notice=saved`, 303);
  });

  app.get("/notes/:id", authorize("notes.read"), (c) => notePage(c, c.req.param("id")));

  app.post("/notes/:id", authorize("notes.write"), async (c) => {
    const noteId = c.req.param("id");
    if (!isUuid(noteId)) return c.notFound();
    const { db, masterKey } = c.var.deps;
    const scope = practiceScope(c);
    const values = await readForm(c);
    // The headings are the draft's own; only its texts come from the form.
    const entry = await noteHeadings(db, masterKey, scope, noteId);
    if (!entry) return c.notFound();
    const read = readNoteFields(values, entry.headings);
    if (Object.keys(read.errors).length > 0) {
      return await notePage(c, noteId, { values, errors: read.errors, status: 422 });
    }
    const expectedVersion = Number(values.version);
    const outcome = await updateDraft(db, masterKey, scope, noteId, {
      fields: read.fields,
      expectedVersion: Number.isSafeInteger(expectedVersion) ? expectedVersion : -1,
    }, requestFacts(c));
    if (outcome === "stale") return await notePage(c, noteId, { values, problem: "notes.stale", status: 409 });
    if (outcome !== "ok") return refusal(c, noteId, outcome);
    return c.redirect(`/notes/${noteId}?notice=saved`, 303);
  });

  // Finalizing cannot be undone, so it takes two steps: this page, then a POST with confirm=yes.
  app.get(
    "/notes/:id/finalize",
    authorize("notes.write"),
    (c) => notePage(c, c.req.param("id"), { confirmFinalize: true }),
  );

  app.post("/notes/:id/finalize", authorize("notes.write"), async (c) => {
    const noteId = c.req.param("id");
    if (!isUuid(noteId)) return c.notFound();
    if ((await readForm(c)).confirm !== "yes") return await notePage(c, noteId, { confirmFinalize: true });
    const outcome = await finalizeNote(c.var.deps.db, practiceScope(c), noteId, requestFacts(c));
    if (outcome !== "ok") return refusal(c, noteId, outcome);
    return c.redirect(`/notes/${noteId}?notice=finalized`, 303);
  });

  app.post("/notes/:id/discard", authorize("notes.write"), async (c) => {
    const noteId = c.req.param("id");
    if (!isUuid(noteId)) return c.notFound();
    const { outcome, patientId } = await discardDraft(c.var.deps.db, practiceScope(c), noteId, requestFacts(c));
    if (outcome !== "ok") return refusal(c, noteId, outcome);
    return c.redirect(`/patients/${patientId}/notes?notice=discarded`, 303);
  });

  app.post("/notes/:id/amendments", authorize("notes.write"), async (c) => {
    const noteId = c.req.param("id");
    if (!isUuid(noteId)) return c.notFound();
    const { db, masterKey } = c.var.deps;
    const scope = practiceScope(c);
    const values = await readForm(c);
    const entry = await noteHeadings(db, masterKey, scope, noteId);
    if (!entry) return c.notFound();
    if (entry.status !== "final") return c.redirect(`/notes/${noteId}`, 303);
    const reason = checkForm(reasonForm, values);
    const read = readNoteFields(values, entry.headings);
    const errors: FieldErrors = { ...(reason.success ? {} : reason.errors), ...read.errors };
    // A correction that corrects nothing would only add noise to a record that can never shrink.
    const unchanged = Object.keys(read.errors).length === 0 && read.fields.length === entry.latest.length &&
      read.fields.every((field, i) => field.heading === entry.latest[i].heading && field.text === entry.latest[i].text);
    if (unchanged) errors.field_0 = { key: "notes.amendmentUnchanged" };
    if (!reason.success || Object.keys(errors).length > 0) {
      return await notePage(c, noteId, { values, errors, status: 422 });
    }
    const outcome = await amendNote(db, masterKey, scope, noteId, {
      reason: reason.data.reason,
      fields: read.fields,
    }, requestFacts(c));
    if (outcome === "unknown") return c.notFound();
    if (outcome === "draft") return c.redirect(`/notes/${noteId}`, 303);
    return c.redirect(`/notes/${noteId}?notice=amended`, 303);
  });

  return app;
}
