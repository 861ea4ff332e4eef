// Tables of messages to patients: settings, templates, consent per channel, preferences, the outbox.
import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "./schema.ts";
import type { MessageChannel, MessageKind, MessageStatus } from "../lib/patient-message-kinds.ts";

export interface PracticeMessageSettingsTable {
  practice_id: string;
  reminder_lead_hours: ColumnType<number[], number[] | undefined, number[]>;
  short_text_names_patient: Generated<boolean>;
  patient_change_until_hours: Generated<number>;
  quiet_from_minute: Generated<number>;
  quiet_until_minute: Generated<number>;
  updated_at: Timestamp;
}

export interface MessageTemplatesTable {
  practice_id: string;
  kind: MessageKind;
  language: "de" | "en";
  subject: string;
  email_body: string;
  short_body: string;
  updated_at: Timestamp;
}

export interface PatientMessagePreferencesTable {
  patient_id: string;
  practice_id: string;
  preferred_channel: MessageChannel | null;
  language: Generated<"de" | "en">;
  threema_id: Generated<string>;
  updated_at: Timestamp;
}

export interface PatientChannelConsentsTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  channel: MessageChannel;
  given_on: ColumnType<Date, string, string>;
  withdrawn_on: ColumnType<Date | null, string | null | undefined, string | null>;
  /** null: the patient gave it through the double opt-in of an online booking. */
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface PatientMessagesTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  appointment_id: string | null;
  kind: MessageKind;
  /** Null when no channel could be chosen (no consent): the row says why nothing was sent. */
  channel: MessageChannel | null;
  status: Generated<MessageStatus>;
  /** A reminder's appointment start: a moved appointment's old reminders no longer apply. */
  reminder_for: Date | null;
  due_at: Date;
  attempts: Generated<number>;
  claimed_until: Date | null;
  /** Why it failed or was skipped (a short code, never content). */
  reason: string | null;
  provider_message_id: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface AppointmentLinksTable {
  /** SHA-256 of the token in /termin/<token>: the token itself is only in the message. */
  token_hash: string;
  practice_id: string;
  appointment_id: string;
  created_at: Date;
}

export interface MessageTables {
  practice_message_settings: PracticeMessageSettingsTable;
  message_templates: MessageTemplatesTable;
  patient_message_preferences: PatientMessagePreferencesTable;
  patient_channel_consents: PatientChannelConsentsTable;
  patient_messages: PatientMessagesTable;
  appointment_links: AppointmentLinksTable;
}
