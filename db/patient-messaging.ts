// A patient's side of messages: consent per channel (recorded with its date, withdrawn with its
// date, like the other consents) and preferences (channel, language, Threema ID). No message
// goes out on a channel without a current consent.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueAppointmentMessages } from "./patient-messages.ts";
import { type Appointment, appointmentRows, toAppointment } from "./appointments.ts";
import type { Language } from "../lib/i18n/mod.ts";
import type { MessageChannel } from "../lib/patient-message-kinds.ts";

type Executor = Db | Transaction<Database>;

/** A weekly series can hold many coming appointments; reminders are planned for the next this many. */
const UPCOMING_REPLANNED = 100;

export interface ChannelConsent {
  id: string;
  channel: MessageChannel;
  givenOn: Date;
  withdrawnOn: Date | null;
  /** Given by the patient with the double opt-in of an online booking (db/booking-messages.ts). */
  byOnlineBooking: boolean;
}

export interface MessagingPreferences {
  preferredChannel: MessageChannel | null;
  language: Language;
  threemaId: string;
}

export const DEFAULT_PREFERENCES: MessagingPreferences = { preferredChannel: null, language: "de", threemaId: "" };

export async function patientMessaging(db: Executor, practiceId: string, patientId: string) {
  const [consents, preferences] = await Promise.all([
    db.selectFrom("patient_channel_consents").select(["id", "channel", "given_on", "withdrawn_on", "recorded_by"])
      .where("practice_id", "=", practiceId).where("patient_id", "=", patientId)
      .orderBy("recorded_at", "desc").execute(),
    db.selectFrom("patient_message_preferences").select(["preferred_channel", "language", "threema_id"])
      .where("practice_id", "=", practiceId).where("patient_id", "=", patientId).executeTakeFirst(),
  ]);
  return {
    consents: consents.map((row): ChannelConsent => ({
      id: row.id,
      channel: row.channel,
      givenOn: row.given_on,
      withdrawnOn: row.withdrawn_on,
      byOnlineBooking: row.recorded_by === null,
    })),
    preferences: preferences
      ? {
        preferredChannel: preferences.preferred_channel,
        language: preferences.language,
        threemaId: preferences.threema_id,
      }
      : DEFAULT_PREFERENCES,
  };
}

async function ownPatient(trx: Transaction<Database>, scope: PracticeScope, patientId: string): Promise<boolean> {
  const row = await trx.selectFrom("patients").select("id")
    .where("practice_id", "=", scope.practiceId).where("id", "=", patientId).executeTakeFirst();
  return !!row;
}

function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  patientId: string,
  facts: RequestFacts,
  details: Record<string, string | null>,
) {
  return appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "patient",
    subjectId: patientId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details,
  });
}

/** Records consent to a channel; "present" when a current one exists already. */
export async function recordChannelConsent(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  input: { channel: MessageChannel; givenOn: string },
  facts: RequestFacts,
): Promise<"recorded" | "present" | "unknown"> {
  return await db.transaction().execute(async (trx) => {
    if (!await ownPatient(trx, scope, patientId)) return "unknown";
    const inserted = await trx.insertInto("patient_channel_consents").values({
      practice_id: scope.practiceId,
      patient_id: patientId,
      channel: input.channel,
      given_on: input.givenOn,
      recorded_by: scope.accountId,
      recorded_at: facts.now,
    }).onConflict((oc) => oc.columns(["patient_id", "channel"]).where("withdrawn_on", "is", null).doNothing())
      .returning("id").executeTakeFirst();
    if (!inserted) return "present";
    await audit(trx, scope, "patient_messages.consent_recorded", patientId, facts, {
      consent_id: inserted.id,
      channel: input.channel,
    });
    // Appointments booked before the consent get their reminders now.
    const upcoming = await trx.selectFrom("appointments").select("id")
      .where("practice_id", "=", scope.practiceId).where("patient_id", "=", patientId)
      .where("status", "=", "booked").where("starts_at", ">", facts.now)
      .orderBy("starts_at").limit(UPCOMING_REPLANNED).execute();
    for (const appointment of upcoming) {
      await queueAppointmentMessages(trx, scope.practiceId, appointment.id, "replanned", {
        ...facts,
        actorAccountId: scope.accountId,
      });
    }
    return "recorded";
  });
}

export async function withdrawChannelConsent(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  consentId: string,
  withdrawnOn: string,
  facts: RequestFacts,
): Promise<"done" | "unknown" | "before_given"> {
  return await db.transaction().execute(async (trx) => {
    const consent = await trx.selectFrom("patient_channel_consents")
      .select(["id", "channel", sql<boolean>`given_on > ${withdrawnOn}::date`.as("after")])
      .where("practice_id", "=", scope.practiceId).where("patient_id", "=", patientId).where("id", "=", consentId)
      .where("withdrawn_on", "is", null).forUpdate().executeTakeFirst();
    if (!consent) return "unknown";
    if (consent.after) return "before_given";
    await trx.updateTable("patient_channel_consents").set({ withdrawn_on: withdrawnOn })
      .where("id", "=", consentId).where("practice_id", "=", scope.practiceId).execute();
    await audit(trx, scope, "patient_messages.consent_withdrawn", patientId, facts, {
      consent_id: consentId,
      channel: consent.channel,
    });
    return "done";
  });
}

export async function savePreferences(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  preferences: MessagingPreferences,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    if (!await ownPatient(trx, scope, patientId)) return false;
    const values = {
      preferred_channel: preferences.preferredChannel,
      language: preferences.language,
      threema_id: preferences.threemaId,
      updated_at: facts.now,
    };
    await trx.insertInto("patient_message_preferences")
      .values({ patient_id: patientId, practice_id: scope.practiceId, ...values })
      .onConflict((oc) => oc.column("patient_id").doUpdateSet(values)).execute();
    await audit(trx, scope, "patient_messages.preferences_saved", patientId, facts, {
      preferred_channel: preferences.preferredChannel,
      language: preferences.language,
    });
    return true;
  });
}

/** A read of a patient's messages page is a read of their record, audited like it. */
export async function auditMessagesRead(db: Db, scope: PracticeScope, patientId: string, facts: RequestFacts) {
  await db.transaction().execute((trx) =>
    audit(trx, scope, "patient.viewed", patientId, facts, { purpose: "messages" })
  );
}

/**
 * Appointments from `from` on that moved while their patient was not told: the today view's list.
 * Only at locations the member may see, like every calendar read (appointmentRows); of one
 * practitioner when `practitionerId` is given.
 */
export async function unnotifiedChanges(
  db: Db,
  scope: PracticeScope,
  from: Date,
  options: { practitionerId?: string; limit?: number } = {},
): Promise<Appointment[]> {
  let query = appointmentRows(db, scope).where("a.unnotified_change_at", "is not", null)
    .where("a.status", "=", "booked").where("a.starts_at", ">=", from);
  if (options.practitionerId) query = query.where("a.practitioner_id", "=", options.practitionerId);
  const rows = await query.orderBy("a.starts_at").limit(options.limit ?? 50).execute();
  return rows.map(toAppointment);
}
