// A practice's settings for messages to patients (reminder lead times, quiet hours, names in
// text messages, until when a patient may cancel or move through the link) and its templates.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import type { Language } from "../lib/i18n/mod.ts";
import type { MessageKind } from "../lib/patient-message-kinds.ts";
import { defaultTemplate, type MessageTemplate } from "../lib/patient-message-text.ts";

type Executor = Db | Transaction<Database>;

export interface MessageSettings {
  reminderLeadHours: number[];
  namesInShortText: boolean;
  patientChangeUntilHours: number;
  quietFromMinute: number;
  quietUntilMinute: number;
}

export const DEFAULT_SETTINGS: MessageSettings = {
  reminderLeadHours: [48, 2],
  namesInShortText: false,
  patientChangeUntilHours: 24,
  quietFromMinute: 20 * 60,
  quietUntilMinute: 8 * 60,
};

export async function messageSettings(db: Executor, practiceId: string): Promise<MessageSettings> {
  const row = await db.selectFrom("practice_message_settings").selectAll()
    .where("practice_id", "=", practiceId).executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  return {
    reminderLeadHours: row.reminder_lead_hours,
    namesInShortText: row.short_text_names_patient,
    patientChangeUntilHours: row.patient_change_until_hours,
    quietFromMinute: row.quiet_from_minute,
    quietUntilMinute: row.quiet_until_minute,
  };
}

export async function saveMessageSettings(
  db: Db,
  scope: PracticeScope,
  settings: MessageSettings,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const values = {
      reminder_lead_hours: settings.reminderLeadHours,
      short_text_names_patient: settings.namesInShortText,
      patient_change_until_hours: settings.patientChangeUntilHours,
      quiet_from_minute: settings.quietFromMinute,
      quiet_until_minute: settings.quietUntilMinute,
      updated_at: facts.now,
    };
    await trx.insertInto("practice_message_settings").values({ practice_id: scope.practiceId, ...values })
      .onConflict((oc) => oc.column("practice_id").doUpdateSet(values)).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "patient_messages.settings_saved",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: {
        reminder_lead_hours: settings.reminderLeadHours.join(","),
        names_in_short_text: settings.namesInShortText,
        patient_change_until_hours: settings.patientChangeUntilHours,
      },
    });
  });
}

/** The practice's template of a kind in a language, or the catalogue's default; `own` says which. */
export async function messageTemplate(
  db: Executor,
  practiceId: string,
  kind: MessageKind,
  language: Language,
): Promise<MessageTemplate & { own: boolean }> {
  const row = await db.selectFrom("message_templates").select(["subject", "email_body", "short_body"])
    .where("practice_id", "=", practiceId).where("kind", "=", kind).where("language", "=", language)
    .executeTakeFirst();
  if (!row) return { ...defaultTemplate(language, kind), own: false };
  return { subject: row.subject, emailBody: row.email_body, shortBody: row.short_body, own: true };
}

export async function saveMessageTemplate(
  db: Db,
  scope: PracticeScope,
  kind: MessageKind,
  language: Language,
  template: MessageTemplate,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const values = {
      subject: template.subject,
      email_body: template.emailBody,
      short_body: template.shortBody,
      updated_at: facts.now,
    };
    await trx.insertInto("message_templates").values({ practice_id: scope.practiceId, kind, language, ...values })
      .onConflict((oc) => oc.columns(["practice_id", "kind", "language"]).doUpdateSet(values)).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "patient_messages.template_saved",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { kind, language },
    });
  });
}

/** Back to the catalogue's words. */
export async function resetMessageTemplate(
  db: Db,
  scope: PracticeScope,
  kind: MessageKind,
  language: Language,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("message_templates").where("practice_id", "=", scope.practiceId)
      .where("kind", "=", kind).where("language", "=", language).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "patient_messages.template_reset",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { kind, language },
    });
  });
}
