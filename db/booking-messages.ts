// Where online booking meets the messages to patients. The double opt-in of a booking proves the
// email address the patient typed and is their request to hear about that appointment: it is
// recorded as the pending patient's consent to email (dated that day, recorded by nobody, since
// the patient gave it). Once an online booking, a waiting-list offer or a proposal is a confirmed
// appointment, its confirmation and reminders go through the outbox like any other booking; only
// when the patient has no channel to be told on does the booking's own confirmation mail answer.
import type { Transaction } from "kysely";
import type { Database } from "./schema.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { chooseChannel, queueAppointmentMessages } from "./patient-messages.ts";
import { berlinDate } from "../lib/clock.ts";
import type { Language } from "../lib/i18n/mod.ts";

/** The opt-in's consent to email for the pending patient made from the booking. */
export async function recordOptInConsent(
  trx: Transaction<Database>,
  practiceId: string,
  patientId: string,
  facts: RequestFacts & { language: Language },
): Promise<void> {
  const inserted = await trx.insertInto("patient_channel_consents").values({
    practice_id: practiceId,
    patient_id: patientId,
    channel: "email",
    given_on: berlinDate(facts.now),
    recorded_by: null,
    recorded_at: facts.now,
  }).onConflict((oc) => oc.columns(["patient_id", "channel"]).where("withdrawn_on", "is", null).doNothing())
    .returning("id").executeTakeFirst();
  if (!inserted) return;
  await trx.insertInto("patient_message_preferences").values({
    patient_id: patientId,
    practice_id: practiceId,
    language: facts.language,
    updated_at: facts.now,
  }).onConflict((oc) => oc.column("patient_id").doNothing()).execute();
  await appendAuditEvent(trx, {
    practiceId,
    action: "patient_messages.consent_recorded",
    subjectType: "patient",
    subjectId: patientId,
    requestId: facts.requestId,
    details: { consent_id: inserted.id, channel: "email", source: "online_booking_opt_in" },
    occurredAt: facts.now,
  });
}

/**
 * Queues the confirmed appointment's confirmation and reminders in the outbox. True when a
 * channel carries them; false when the patient consented to none (the send log says so) and the
 * caller's own confirmation mail is the answer to the patient's request.
 */
export async function queueBookedMessages(
  trx: Transaction<Database>,
  practiceId: string,
  appointmentId: string,
  facts: RequestFacts & { actorAccountId?: string | null },
): Promise<boolean> {
  const appointment = await trx.selectFrom("appointments").select("patient_id")
    .where("practice_id", "=", practiceId).where("id", "=", appointmentId).executeTakeFirstOrThrow();
  const chosen = appointment.patient_id
    ? await chooseChannel(trx, practiceId, appointment.patient_id, facts.now)
    : { reason: "no_consent" as const };
  await queueAppointmentMessages(trx, practiceId, appointmentId, "booked", facts);
  return "channel" in chosen;
}

/** Merging a pending patient: the booking's messages follow it; its opt-in consent does not extend to the known patient. */
export async function mergeMessagesOfPending(
  trx: Transaction<Database>,
  practiceId: string,
  pendingId: string,
  targetId: string,
): Promise<void> {
  await trx.updateTable("patient_messages").set({ patient_id: targetId })
    .where("practice_id", "=", practiceId).where("patient_id", "=", pendingId).execute();
  await trx.deleteFrom("patient_channel_consents")
    .where("practice_id", "=", practiceId).where("patient_id", "=", pendingId).execute();
  await trx.deleteFrom("patient_message_preferences").where("patient_id", "=", pendingId).execute();
}
