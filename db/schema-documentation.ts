// Tables of the documentation area: templates, documentation entries and their amendments.
// Migration 20261126_0009_documentation.ts; finalized entries and amendments are guarded by
// triggers (only key rotation may re-encrypt them, see that migration).
import type { Generated } from "kysely";
import type { CreatedAt, Timestamp } from "./schema.ts";

export type NoteStatus = "draft" | "final";

export interface NoteTemplatesTable {
  id: Generated<string>;
  practice_id: string;
  name: string;
  /** The plain headings an entry from this template is written under, in order (1..30). */
  headings: string[];
  archived_at: Timestamp | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface NotesTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  appointment_id: string | null;
  template_id: string | null;
  /** The template's name when the entry was written (not clinical content); "" for free text. */
  title: string;
  author_id: string;
  status: Generated<NoteStatus>;
  /**
   * AES-256-GCM of JSON `{fields: [{heading, text}]}` under the practice data key `key_version`,
   * associated data `note:${practiceId}:${noteId}`.
   */
  content_ciphertext: Uint8Array;
  key_version: number;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** When the background job finalizes the draft (appointment end or creation + the practice period). */
  finalize_due_at: Timestamp;
  finalized_at: Timestamp | null;
  /** Null when the job finalized it. */
  finalized_by: string | null;
  version: Generated<number>;
}

export interface NoteAmendmentsTable {
  id: Generated<string>;
  practice_id: string;
  note_id: string;
  author_id: string;
  /**
   * AES-256-GCM of JSON `{reason, fields: [{heading, text}]}` under data key `key_version`,
   * associated data `note-amendment:${practiceId}:${amendmentId}`.
   */
  content_ciphertext: Uint8Array;
  key_version: number;
  created_at: CreatedAt;
}

export interface DocumentationTables {
  note_templates: NoteTemplatesTable;
  notes: NotesTable;
  note_amendments: NoteAmendmentsTable;
}
