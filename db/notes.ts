// Documentation entries of a patient: written as drafts under a template's headings, finalized
// by their author or by the background job, then corrected only through amendments. Content is
// encrypted with the practice data key and bound to its row (associated data); every opening of
// an entry's content is audited in the same transaction that reads it.
import { sql } from "kysely";
import type { Transaction } from "kysely";
import {
  amendmentAssociatedData,
  fieldsOf,
  noteAssociatedData,
  type NoteField,
  openJson,
  sealJson,
} from "../lib/note-content.ts";
import type { Database } from "./schema.ts";
import type { NoteStatus } from "./schema-documentation.ts";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { currentDataKey, dataKeyVersion, retryOnRetiredKey } from "./practice-keys.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { findTemplate } from "./note-templates.ts";
import { confirmByDocumentation } from "./services.ts";

export interface NoteListItem {
  id: string;
  title: string;
  status: NoteStatus;
  createdAt: Date;
  finalizedAt: Date | null;
  finalizeDueAt: Date;
  authorName: string;
  appointmentStartsAt: Date | null;
  amendments: number;
}

export interface NoteAmendment {
  id: string;
  authorName: string;
  createdAt: Date;
  reason: string;
  fields: NoteField[];
}

export interface NoteDetail {
  id: string;
  patientId: string;
  appointmentId: string | null;
  appointmentStartsAt: Date | null;
  title: string;
  status: NoteStatus;
  authorId: string;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
  finalizeDueAt: Date;
  finalizedAt: Date | null;
  /** Null for a draft, and for one the background job finalized. */
  finalizedByName: string | null;
  version: number;
  fields: NoteField[];
  amendments: NoteAmendment[];
}

/** When the job finalizes a draft: the period after the appointment's end, never before the period after writing. */
export function finalizeDueAt(now: Date, appointmentEndsAt: Date | null, periodHours: number): Date {
  const from = appointmentEndsAt && appointmentEndsAt > now ? appointmentEndsAt : now;
  return new Date(from.getTime() + periodHours * 3_600_000);
}

/**
 * An appointment moved: the drafts written for it fall due the practice's period after its new
 * end (never earlier than after their writing), so a session moved to later is not finalized
 * before it happened. Runs in the transaction that moves the appointment.
 */
export async function followAppointmentEnd(
  trx: Transaction<Database>,
  practiceId: string,
  appointmentId: string,
  endsAt: Date,
): Promise<void> {
  await trx.updateTable("notes")
    .set({
      finalize_due_at: sql<Date>`greatest(${endsAt.toISOString()}::timestamptz, notes.created_at) +
        make_interval(hours => (select notes_finalize_after_hours from practices where id = ${practiceId}))`,
    })
    .where("practice_id", "=", practiceId).where("appointment_id", "=", appointmentId).where("status", "=", "draft")
    .execute();
}

export type CreateOutcome =
  | { ok: true; id: string }
  | { ok: false; problem: "patient" | "appointment" | "template" };

/**
 * Writes a new draft for a patient, optionally tied to one of their appointments and to a
 * template (null: free text). `fields` are the template's headings with the texts written.
 */
export async function createNote(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  input: {
    patientId: string;
    appointmentId: string | null;
    templateId: string | null;
    title: string;
    fields: NoteField[];
  },
  facts: RequestFacts,
): Promise<CreateOutcome> {
  const id = crypto.randomUUID();
  return await retryOnRetiredKey(async () => {
    const dataKey = await currentDataKey(db, masterKey, scope.practiceId);
    const ciphertext = await sealJson(dataKey.key, { fields: input.fields }, noteAssociatedData(scope.practiceId, id));
    return await db.transaction().execute(async (trx): Promise<CreateOutcome> => {
      const patient = await trx.selectFrom("patients").select("id")
        .where("practice_id", "=", scope.practiceId).where("id", "=", input.patientId).executeTakeFirst();
      if (!patient) return { ok: false, problem: "patient" };
      let appointmentEndsAt: Date | null = null;
      if (input.appointmentId) {
        const appointment = await trx.selectFrom("appointments").select("ends_at")
          .where("practice_id", "=", scope.practiceId).where("id", "=", input.appointmentId)
          .where("patient_id", "=", input.patientId).executeTakeFirst();
        if (!appointment) return { ok: false, problem: "appointment" };
        appointmentEndsAt = appointment.ends_at;
      }
      if (input.templateId) {
        const template = await findTemplate(trx, scope, input.templateId);
        if (!template || template.archived_at) return { ok: false, problem: "template" };
      }
      const practice = await trx.selectFrom("practices").select("notes_finalize_after_hours")
        .where("id", "=", scope.practiceId).executeTakeFirstOrThrow();
      await trx.insertInto("notes").values({
        id,
        practice_id: scope.practiceId,
        patient_id: input.patientId,
        appointment_id: input.appointmentId,
        template_id: input.templateId,
        title: input.title,
        author_id: scope.accountId,
        content_ciphertext: ciphertext,
        key_version: dataKey.version,
        created_at: facts.now,
        updated_at: facts.now,
        finalize_due_at: finalizeDueAt(facts.now, appointmentEndsAt, practice.notes_finalize_after_hours),
      }).execute();
      await noteAudit(trx, scope, facts, "note.created", id, {
        patientId: input.patientId,
        appointmentId: input.appointmentId,
        templateId: input.templateId,
      });
      return { ok: true, id };
    });
  });
}

/**
 * The patient's appointments an entry may document: not cancelled, from the last 90 days up to
 * tomorrow, newest first, plus `includeId` when it is one of theirs (a link from an older one).
 */
export async function appointmentChoices(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  now: Date,
  includeId?: string,
): Promise<{ id: string; startsAt: Date; title: string }[]> {
  const rows = await db.selectFrom("appointments").select(["id", "starts_at", "title"])
    .where("practice_id", "=", scope.practiceId).where("patient_id", "=", patientId)
    .where("status", "!=", "cancelled")
    .where((eb) => {
      const recent = eb.and([
        eb("starts_at", ">=", new Date(now.getTime() - 90 * 86_400_000)),
        eb("starts_at", "<=", new Date(now.getTime() + 86_400_000)),
      ]);
      return includeId ? eb.or([recent, eb("id", "=", includeId)]) : recent;
    })
    .orderBy("starts_at", "desc").limit(31).execute();
  return rows.map((row) => ({ id: row.id, startsAt: row.starts_at, title: row.title }));
}

/** The entries of a patient, newest first, without their content. */
export async function listPatientNotes(db: Db, scope: PracticeScope, patientId: string): Promise<NoteListItem[]> {
  const rows = await db.selectFrom("notes")
    .innerJoin("accounts as author", "author.id", "notes.author_id")
    .leftJoin("appointments", "appointments.id", "notes.appointment_id")
    .select((eb) => [
      "notes.id",
      "notes.title",
      "notes.status",
      "notes.created_at",
      "notes.finalized_at",
      "notes.finalize_due_at",
      "author.name as author_name",
      "appointments.starts_at as appointment_starts_at",
      eb.selectFrom("note_amendments").select(sql<number>`cast(count(*) as integer)`.as("n"))
        .whereRef("note_amendments.note_id", "=", "notes.id").as("amendments"),
    ])
    .where("notes.practice_id", "=", scope.practiceId).where("notes.patient_id", "=", patientId)
    .orderBy("notes.created_at", "desc").orderBy("notes.id").execute();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    createdAt: row.created_at,
    finalizedAt: row.finalized_at,
    finalizeDueAt: row.finalize_due_at,
    authorName: row.author_name,
    appointmentStartsAt: row.appointment_starts_at,
    amendments: Number(row.amendments ?? 0),
  }));
}

/**
 * Opens an entry with its amendments, decrypted, and records `note.viewed` in the same
 * transaction; undefined when the practice has no such entry.
 */
export async function readNote(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  noteId: string,
  facts: RequestFacts,
): Promise<NoteDetail | undefined> {
  return await db.transaction().execute(async (trx) => {
    const note = await trx.selectFrom("notes")
      .innerJoin("accounts as author", "author.id", "notes.author_id")
      .leftJoin("accounts as finalizer", "finalizer.id", "notes.finalized_by")
      .leftJoin("appointments", "appointments.id", "notes.appointment_id")
      .selectAll("notes")
      .select([
        "author.name as author_name",
        "finalizer.name as finalizer_name",
        "appointments.starts_at as appointment_starts_at",
      ])
      .where("notes.practice_id", "=", scope.practiceId).where("notes.id", "=", noteId).executeTakeFirst();
    if (!note) return undefined;
    const amendmentRows = await trx.selectFrom("note_amendments")
      .innerJoin("accounts", "accounts.id", "note_amendments.author_id")
      .select([
        "note_amendments.id",
        "note_amendments.content_ciphertext",
        "note_amendments.key_version",
        "note_amendments.created_at",
        "accounts.name as author_name",
      ])
      .where("note_amendments.practice_id", "=", scope.practiceId).where("note_amendments.note_id", "=", noteId)
      .orderBy("note_amendments.created_at").orderBy("note_amendments.id").execute();
    await noteAudit(trx, scope, facts, "note.viewed", noteId, {
      patientId: note.patient_id,
      status: note.status,
      amendments: amendmentRows.length,
    });
    // Through the transaction: on embedded PGlite (one connection) a query on `db` would wait for it forever.
    const keyOf = (version: number) => dataKeyVersion(trx, masterKey, scope.practiceId, version);
    const content = await openJson(
      await keyOf(note.key_version),
      note.content_ciphertext,
      noteAssociatedData(scope.practiceId, note.id),
    );
    const amendments: NoteAmendment[] = [];
    for (const row of amendmentRows) {
      const opened = await openJson(
        await keyOf(row.key_version),
        row.content_ciphertext,
        amendmentAssociatedData(scope.practiceId, row.id),
      );
      amendments.push({
        id: row.id,
        authorName: row.author_name,
        createdAt: row.created_at,
        reason: String(opened.reason ?? ""),
        fields: fieldsOf(opened),
      });
    }
    return {
      id: note.id,
      patientId: note.patient_id,
      appointmentId: note.appointment_id,
      appointmentStartsAt: note.appointment_starts_at,
      title: note.title,
      status: note.status,
      authorId: note.author_id,
      authorName: note.author_name,
      createdAt: note.created_at,
      updatedAt: note.updated_at,
      finalizeDueAt: note.finalize_due_at,
      finalizedAt: note.finalized_at,
      finalizedByName: note.finalizer_name,
      version: note.version,
      fields: fieldsOf(content),
      amendments,
    };
  });
}

/**
 * The status and headings of an entry, for checking a posted form against them: the content
 * is decrypted here but never shown, so this is not a viewing (the write it precedes is audited).
 */
export async function noteHeadings(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  noteId: string,
): Promise<{ status: NoteStatus; headings: string[]; latest: NoteField[] } | undefined> {
  const note = await db.selectFrom("notes").select(["id", "status", "content_ciphertext", "key_version"])
    .where("practice_id", "=", scope.practiceId).where("id", "=", noteId).executeTakeFirst();
  if (!note) return undefined;
  const key = await dataKeyVersion(db, masterKey, scope.practiceId, note.key_version);
  const content = await openJson(key, note.content_ciphertext, noteAssociatedData(scope.practiceId, note.id));
  const headings = fieldsOf(content).map((field) => field.heading);
  // What the entry says now: its last amendment, or the original.
  const last = await db.selectFrom("note_amendments").select(["id", "content_ciphertext", "key_version"])
    .where("practice_id", "=", scope.practiceId).where("note_id", "=", noteId)
    .orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  const latest = last
    ? fieldsOf(
      await openJson(
        await dataKeyVersion(db, masterKey, scope.practiceId, last.key_version),
        last.content_ciphertext,
        amendmentAssociatedData(scope.practiceId, last.id),
      ),
    )
    : fieldsOf(content);
  return { status: note.status, headings, latest };
}

export type DraftOutcome = "ok" | "unknown" | "not_author" | "final" | "stale";

/** The draft row, locked, when the person may change it. */
async function ownDraft(trx: Transaction<Database>, scope: PracticeScope, noteId: string) {
  const note = await trx.selectFrom("notes")
    .select(["id", "patient_id", "author_id", "status", "version", "appointment_id"])
    .where("practice_id", "=", scope.practiceId).where("id", "=", noteId).forUpdate().executeTakeFirst();
  if (!note) return "unknown" as const;
  if (note.status === "final") return "final" as const;
  if (note.author_id !== scope.accountId) return "not_author" as const;
  return note;
}

/** Saves new texts of a draft (its author only), if nobody saved it since `expectedVersion`. */
export async function updateDraft(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  noteId: string,
  input: { fields: NoteField[]; expectedVersion: number },
  facts: RequestFacts,
): Promise<DraftOutcome> {
  return await retryOnRetiredKey(async () => {
    const dataKey = await currentDataKey(db, masterKey, scope.practiceId);
    const ciphertext = await sealJson(
      dataKey.key,
      { fields: input.fields },
      noteAssociatedData(scope.practiceId, noteId),
    );
    return await db.transaction().execute(async (trx): Promise<DraftOutcome> => {
      const note = await ownDraft(trx, scope, noteId);
      if (typeof note === "string") return note;
      if (note.version !== input.expectedVersion) return "stale";
      await trx.updateTable("notes")
        .set({
          content_ciphertext: ciphertext,
          key_version: dataKey.version,
          updated_at: facts.now,
          version: note.version + 1,
        })
        .where("id", "=", noteId).execute();
      await noteAudit(trx, scope, facts, "note.updated", noteId, { patientId: note.patient_id });
      return "ok";
    });
  });
}

/** Finalizes a draft (its author only): from now on it can only be amended. */
export async function finalizeNote(
  db: Db,
  scope: PracticeScope,
  noteId: string,
  facts: RequestFacts,
): Promise<DraftOutcome> {
  return await db.transaction().execute(async (trx): Promise<DraftOutcome> => {
    const note = await ownDraft(trx, scope, noteId);
    if (typeof note === "string") return note;
    await trx.updateTable("notes")
      .set({
        status: "final",
        finalized_at: facts.now,
        finalized_by: scope.accountId,
        updated_at: facts.now,
        version: note.version + 1,
      })
      .where("id", "=", noteId).execute();
    await noteAudit(trx, scope, facts, "note.finalized", noteId, { patientId: note.patient_id, automatic: false });
    if (note.appointment_id) await confirmByDocumentation(trx, scope, note.appointment_id, facts);
    return "ok";
  });
}

/** Discards a draft (its author only); the row and its content are gone, the audit event stays. */
export async function discardDraft(
  db: Db,
  scope: PracticeScope,
  noteId: string,
  facts: RequestFacts,
): Promise<{ outcome: DraftOutcome; patientId?: string }> {
  return await db.transaction().execute(async (trx) => {
    const note = await ownDraft(trx, scope, noteId);
    if (typeof note === "string") return { outcome: note };
    await trx.deleteFrom("notes").where("id", "=", noteId).where("status", "=", "draft").execute();
    await noteAudit(trx, scope, facts, "note.discarded", noteId, { patientId: note.patient_id });
    return { outcome: "ok" as const, patientId: note.patient_id };
  });
}

export function noteAudit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  facts: RequestFacts,
  action: string,
  noteId: string,
  details: Record<string, string | number | boolean | null>,
) {
  return appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "note",
    subjectId: noteId,
    details,
    requestId: facts.requestId,
    occurredAt: facts.now,
  });
}
