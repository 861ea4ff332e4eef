// The outbox of messages to patients, which is also their send log: a row per message (what,
// which channel, when, delivered or why not). Messages are queued in the transaction of the
// calendar change that causes them (booked: confirmation and reminders; moved: change notice
// and new reminders; cancelled: cancellation), only on a channel the patient consented to;
// without consent the row records that nothing was sent and why. Their text is composed when
// they are sent (db/patient-message-job.ts), from the appointment as it is then.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { messageSettings } from "./message-settings.ts";
import { afterQuietHours, reminderDueAt } from "../lib/message-timing.ts";
import { internationalDigits } from "../lib/phone-number.ts";
import {
  isShortChannel,
  MESSAGE_CHANNELS,
  type MessageChannel,
  type MessageKind,
} from "../lib/patient-message-kinds.ts";
import { berlinDate } from "../lib/clock.ts";

type Executor = Db | Transaction<Database>;

/** replanned: its reminders are planned anew (a consent was recorded since), nothing else is said. */
export type AppointmentEvent = "booked" | "moved" | "cancelled" | "replanned";

const KIND_OF_EVENT: Record<AppointmentEvent, MessageKind> = {
  booked: "confirmation",
  moved: "change",
  cancelled: "cancellation",
  replanned: "reminder",
};

/** Where a message on that channel would go, or null when the patient has no such address. */
export function addressFor(
  channel: MessageChannel,
  patient: { email: string; phone: string; threema_id: string | null },
): string | null {
  if (channel === "email") return patient.email.trim() || null;
  if (channel === "threema" && patient.threema_id) return patient.threema_id;
  return internationalDigits(patient.phone);
}

/** The channel a message to the patient takes now: the preferred one, else the first consented with an address. */
export async function chooseChannel(
  trx: Executor,
  practiceId: string,
  patientId: string,
  now: Date,
): Promise<{ channel: MessageChannel } | { reason: "no_consent" | "no_address" }> {
  const today = berlinDate(now);
  const [patient, consents] = await Promise.all([
    trx.selectFrom("patients as p")
      .leftJoin("patient_message_preferences as pref", "pref.patient_id", "p.id")
      .select(["p.email", "p.phone", "pref.threema_id", "pref.preferred_channel"])
      .where("p.practice_id", "=", practiceId).where("p.id", "=", patientId).executeTakeFirst(),
    trx.selectFrom("patient_channel_consents").select("channel")
      .where("practice_id", "=", practiceId).where("patient_id", "=", patientId)
      .where("withdrawn_on", "is", null).where("given_on", "<=", sql<Date>`${today}::date`).execute(),
  ]);
  if (!patient || consents.length === 0) return { reason: "no_consent" };
  const consented = new Set(consents.map((c) => c.channel));
  const order = [
    ...(patient.preferred_channel ? [patient.preferred_channel] : []),
    ...MESSAGE_CHANNELS.filter((c) => c !== patient.preferred_channel),
  ];
  for (const channel of order) {
    if (consented.has(channel) && addressFor(channel, patient)) return { channel };
  }
  return { reason: "no_address" };
}

async function auditMessage(
  trx: Transaction<Database>,
  practiceId: string,
  patientId: string,
  action: string,
  details: Record<string, string | number | null>,
  facts: { requestId: string | null; now: Date; actorAccountId?: string | null },
) {
  await appendAuditEvent(trx, {
    practiceId,
    action,
    actorAccountId: facts.actorAccountId ?? null,
    subjectType: "patient",
    subjectId: patientId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details,
  });
}

/**
 * Queues what a calendar change tells the patient, in the change's transaction. Old reminders
 * of a moved or cancelled appointment are dropped; a moved appointment is marked "not notified"
 * until its change notice is delivered or someone dismisses the mark.
 */
export async function queueAppointmentMessages(
  trx: Transaction<Database>,
  practiceId: string,
  appointmentId: string,
  event: AppointmentEvent,
  facts: RequestFacts & {
    actorAccountId?: string | null;
    /** The patient moved it through their link: no "not notified" mark. */
    patientKnows?: boolean;
    /** Another occurrence of the same series carries the notice: reminders only. */
    quietly?: boolean;
  },
): Promise<void> {
  const appointment = await trx.selectFrom("appointments").select(["patient_id", "starts_at", "status"])
    .where("practice_id", "=", practiceId).where("id", "=", appointmentId).executeTakeFirst();
  if (!appointment?.patient_id) return;
  const patientId = appointment.patient_id;
  const { now } = facts;
  if (event === "replanned") facts = { ...facts, quietly: true };
  if (event !== "booked") {
    const superseded = await trx.updateTable("patient_messages")
      .set({ status: "skipped", reason: "superseded", finished_at: now })
      .where("practice_id", "=", practiceId).where("appointment_id", "=", appointmentId)
      .where("status", "=", "queued")
      .where("kind", "in", event === "replanned" ? ["reminder"] : ["confirmation", "reminder", "change"])
      .returning(["id", "kind", "channel"]).execute();
    for (const message of superseded) {
      await auditMessage(trx, practiceId, patientId, "patient_message.skipped", {
        message_id: message.id,
        kind: message.kind,
        channel: message.channel,
        reason: "superseded",
      }, facts);
    }
  }
  // The patient who moved it through their link knows; the notice confirms it all the same.
  if (event === "moved" && !facts.patientKnows && !facts.quietly) {
    await trx.updateTable("appointments").set({ unnotified_change_at: now })
      .where("practice_id", "=", practiceId).where("id", "=", appointmentId).execute();
  }
  if (event === "cancelled") {
    // Nobody needs to be told any more that it moved.
    await trx.updateTable("appointments").set({ unnotified_change_at: null })
      .where("practice_id", "=", practiceId).where("id", "=", appointmentId).execute();
  }
  // A past appointment is nothing to tell anyone about.
  if (appointment.starts_at <= now) return;
  const kind = KIND_OF_EVENT[event];
  const chosen = await chooseChannel(trx, practiceId, patientId, now);
  const base = { practice_id: practiceId, patient_id: patientId, appointment_id: appointmentId, created_at: now };
  if (!("channel" in chosen)) {
    if (facts.quietly) return;
    const { id } = await trx.insertInto("patient_messages").values({
      ...base,
      kind,
      channel: null,
      status: "skipped",
      reason: chosen.reason,
      due_at: now,
      finished_at: now,
    }).returning("id").executeTakeFirstOrThrow();
    await auditMessage(trx, practiceId, patientId, "patient_message.skipped", {
      message_id: id,
      kind,
      reason: chosen.reason,
    }, facts);
    return;
  }
  const { channel } = chosen;
  const settings = await messageSettings(trx, practiceId);
  const quiet = { fromMinute: settings.quietFromMinute, untilMinute: settings.quietUntilMinute };
  const dueAt = (at: Date) => isShortChannel(channel) ? afterQuietHours(at, quiet) : at;
  const rows = facts.quietly ? [] : [{ ...base, kind, channel, due_at: dueAt(now), reminder_for: null as Date | null }];
  if (event !== "cancelled" && appointment.status === "booked") {
    for (const lead of settings.reminderLeadHours) {
      const due = dueAt(reminderDueAt(appointment.starts_at, lead));
      if (due > now && due < appointment.starts_at) {
        rows.push({ ...base, kind: "reminder", channel, due_at: due, reminder_for: appointment.starts_at });
      }
    }
  }
  if (rows.length) await trx.insertInto("patient_messages").values(rows).execute();
}

// ---- What the practice sees ----

export interface MessageLogEntry {
  id: string;
  kind: MessageKind;
  channel: MessageChannel | null;
  status: string;
  reason: string | null;
  dueAt: Date;
  createdAt: Date;
  finishedAt: Date | null;
  attempts: number;
  appointmentId: string | null;
  appointmentStartsAt: Date | null;
  patientId: string;
  patientName: string | null;
}

function logRows(db: Executor, practiceId: string) {
  return db.selectFrom("patient_messages as m")
    .leftJoin("appointments as a", "a.id", "m.appointment_id")
    .innerJoin("patients as p", "p.id", "m.patient_id")
    .select([
      "m.id",
      "m.kind",
      "m.channel",
      "m.status",
      "m.reason",
      "m.due_at",
      "m.created_at",
      "m.finished_at",
      "m.attempts",
      "m.appointment_id",
      "m.patient_id",
      "a.starts_at",
      "p.family_name",
      "p.given_names",
    ])
    .where("m.practice_id", "=", practiceId);
}

type LogRow = Awaited<ReturnType<ReturnType<typeof logRows>["executeTakeFirstOrThrow"]>>;

function toEntry(row: LogRow): MessageLogEntry {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    reason: row.reason,
    dueAt: row.due_at,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    attempts: row.attempts,
    appointmentId: row.appointment_id,
    appointmentStartsAt: row.starts_at,
    patientId: row.patient_id,
    patientName: `${row.family_name}, ${row.given_names}`,
  };
}

/** The send log of a patient or of an appointment, newest first. */
export async function messageLog(
  db: Db,
  scope: PracticeScope,
  of: { patientId: string } | { appointmentId: string },
  limit = 100,
): Promise<MessageLogEntry[]> {
  let query = logRows(db, scope.practiceId);
  query = "patientId" in of
    ? query.where("m.patient_id", "=", of.patientId)
    : query.where("m.appointment_id", "=", of.appointmentId);
  const rows = await query.orderBy("m.created_at", "desc").orderBy("m.due_at", "desc").limit(limit).execute();
  return rows.map(toEntry);
}

/** The dead letters: messages that finally failed, newest first. */
export async function failedMessages(db: Db, scope: PracticeScope, limit = 200): Promise<MessageLogEntry[]> {
  const rows = await logRows(db, scope.practiceId).where("m.status", "=", "failed")
    .orderBy("m.finished_at", "desc").limit(limit).execute();
  return rows.map(toEntry);
}

/** Sends a failed message again, from now on (a new round of attempts). */
export async function resendMessage(
  db: Db,
  scope: PracticeScope,
  messageId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("patient_messages")
      .set({ status: "queued", due_at: facts.now, attempts: 0, reason: null, finished_at: null, claimed_until: null })
      .where("practice_id", "=", scope.practiceId).where("id", "=", messageId).where("status", "=", "failed")
      .returning(["patient_id", "kind", "channel"]).executeTakeFirst();
    if (!row) return false;
    await auditMessage(trx, scope.practiceId, row.patient_id, "patient_message.resend", {
      message_id: messageId,
      kind: row.kind,
      channel: row.channel,
    }, { ...facts, actorAccountId: scope.accountId });
    return true;
  });
}

/** Removes the "not notified" mark: someone told the patient another way. */
export async function dismissUnnotified(
  db: Db,
  scope: PracticeScope,
  appointmentId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable("appointments").set({ unnotified_change_at: null })
      .where("practice_id", "=", scope.practiceId).where("id", "=", appointmentId)
      .where("unnotified_change_at", "is not", null).returning("id").executeTakeFirst();
    if (!row) return false;
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "appointment.notice_dismissed",
      actorAccountId: scope.accountId,
      subjectType: "appointment",
      subjectId: appointmentId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: {},
    });
    return true;
  });
}

/** Whether an appointment of the practice carries the "not notified" mark. */
export async function unnotifiedSince(db: Executor, practiceId: string, appointmentId: string): Promise<Date | null> {
  const row = await db.selectFrom("appointments").select("unnotified_change_at")
    .where("practice_id", "=", practiceId).where("id", "=", appointmentId).executeTakeFirst();
  return row?.unnotified_change_at ?? null;
}

/** Text messages delivered per Berlin month and channel, the last 12 months, newest first (what a host bills). */
export async function shortMessagesPerMonth(db: Db, scope: PracticeScope, now: Date) {
  const since = new Date(now.getTime() - 366 * 86_400_000);
  const result = await sql<{ month: string; channel: MessageChannel; count: string | number }>`
    select to_char(finished_at at time zone 'Europe/Berlin', 'YYYY-MM') as month, channel, count(*) as count
    from patient_messages
    where practice_id = ${scope.practiceId} and status = 'delivered' and channel in ('sms', 'threema')
      and finished_at >= ${since}
    group by 1, 2 order by 1 desc, 2`.execute(db);
  return result.rows.map((row) => ({ month: row.month, channel: row.channel, count: Number(row.count) }));
}
