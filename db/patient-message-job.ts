// Sending the patient outbox, in every app process. Each round first resolves messages whose
// claim ran out (their process died mid-send), then claims due messages in one atomic UPDATE of
// rows locked FOR UPDATE SKIP LOCKED (several processes never claim one message twice), sends
// each outside any transaction, and records the outcome with its audit event in one
// transaction.
//
// Sent but not recorded: a process that dies (kill -9) between the provider's acceptance and
// the outcome's commit leaves the message "sending" with its claim running out. Nobody can know
// whether it went out, so such a message is never sent again automatically: it becomes a dead
// letter ("interrupted") that the practice sees and can send again by hand. At most once,
// because a reminder or notice arriving twice costs the practice more trust (and money) than one
// it sees failed. A provider's clear refusal (HTTP 500, out of credit) is retried with backoff.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import { appendAuditEvent } from "./audit.ts";
import { type MessageSettings, messageSettings, messageTemplate } from "./message-settings.ts";
import { addressFor } from "./patient-messages.ts";
import { createAppointmentLink } from "./appointment-links.ts";
import type { PatientChannels } from "../lib/patient-channels/configured.ts";
import type { SendOutcome } from "../lib/patient-channels/channel.ts";
import { composePatientMessage, type MessageFacts, type MessageTemplate } from "../lib/patient-message-text.ts";
import { afterQuietHours } from "../lib/message-timing.ts";
import { isShortChannel, MESSAGE_CHANNELS, type MessageChannel } from "../lib/patient-message-kinds.ts";
import { berlinDate } from "../lib/clock.ts";
import { renderCalendar } from "../lib/ics.ts";
import { berlinParts, formatDay } from "../lib/berlin-time.ts";
import { isLanguage, type Language } from "../lib/i18n/mod.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/log.ts";

export const MAX_ATTEMPTS = 5;

export interface DeliveryOptions {
  leaseMs: number;
  baseUrl: URL;
  /** Messages claimed per round and sent at the same time. */
  batch?: number;
  parallel?: number;
}

export interface RoundReport {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
  skipped: number;
  interrupted: number;
}

/** Minutes until the next try after `attempts` tries: 1, 4, 16, 64. */
export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 60_000 * 4 ** Math.max(0, attempts - 1));
}

/** Claimed messages whose claim ran out: their process died mid-send, so they may have gone out. */
async function resolveInterrupted(db: Db, now: Date): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    const rows = await trx.updateTable("patient_messages")
      .set({ status: "failed", reason: "interrupted", finished_at: now, claimed_until: null })
      .where("id", "in", (eb) =>
        eb.selectFrom("patient_messages").select("id").where("status", "=", "sending")
          .where("claimed_until", "<", now).limit(500).forUpdate().skipLocked())
      .returning(["id", "practice_id", "patient_id", "kind", "channel"]).execute();
    for (const row of rows) {
      await audit(trx, row, "patient_message.failed", { reason: "interrupted" }, now);
    }
    return rows.length;
  });
}

function audit(
  trx: Transaction<Database>,
  row: { id: string; practice_id: string; patient_id: string; kind: string; channel: string | null },
  action: string,
  extra: Record<string, string | number | null>,
  now: Date,
) {
  return appendAuditEvent(trx, {
    practiceId: row.practice_id,
    action,
    actorAccountId: null,
    subjectType: "patient",
    subjectId: row.patient_id,
    requestId: null,
    occurredAt: now,
    details: { message_id: row.id, kind: row.kind, channel: row.channel, ...extra },
  });
}

async function claimDue(db: Db, now: Date, leaseMs: number, batch: number) {
  return await db.updateTable("patient_messages")
    .set({ status: "sending", claimed_until: new Date(now.getTime() + leaseMs), attempts: sql`attempts + 1` })
    .where(
      "id",
      "in",
      (eb) =>
        eb.selectFrom("patient_messages").select("id").where("status", "=", "queued").where("due_at", "<=", now)
          .orderBy("due_at").limit(batch).forUpdate().skipLocked(),
    )
    .returning(["id"]).execute();
}

/** Everything a claimed message's text is made of, in one query. */
function messageContext(db: Db, ids: string[], today: string) {
  return db.selectFrom("patient_messages as m")
    .innerJoin(
      "patients as p",
      (join) => join.onRef("p.id", "=", "m.patient_id").onRef("p.practice_id", "=", "m.practice_id"),
    )
    .innerJoin("practices as pr", "pr.id", "m.practice_id")
    .leftJoin("patient_message_preferences as pref", "pref.patient_id", "m.patient_id")
    .leftJoin(
      "appointments as a",
      (join) => join.onRef("a.id", "=", "m.appointment_id").onRef("a.practice_id", "=", "m.practice_id"),
    )
    .leftJoin("locations as l", "l.id", "a.location_id")
    .leftJoin("memberships as ms", "ms.id", "a.practitioner_id")
    .leftJoin("accounts as acc", "acc.id", "ms.account_id")
    .select([
      "m.id",
      "m.practice_id",
      "m.patient_id",
      "m.appointment_id",
      "m.kind",
      "m.channel",
      "m.attempts",
      "m.reminder_for",
      "m.created_at",
      "p.family_name",
      "p.given_names",
      "p.title",
      "p.email",
      "p.phone",
      "pref.threema_id",
      "pref.language",
      "pr.name as practice_name",
      "a.starts_at",
      "a.ends_at",
      "a.status as appointment_status",
      "a.updated_at as appointment_updated_at",
      "l.name as location_name",
      "l.address as location_address",
      "acc.name as practitioner_name",
      sql<MessageChannel[]>`array(select c.channel from patient_channel_consents c
        where c.patient_id = m.patient_id and c.practice_id = m.practice_id and c.withdrawn_on is null
        and c.given_on <= ${today}::date)`.as("consented_channels"),
    ])
    .where("m.id", "in", ids).execute();
}

type Context = Awaited<ReturnType<typeof messageContext>>[number];

type Decision =
  | { kind: "send"; language: Language; to: string; channel: MessageChannel }
  | { kind: "skip"; reason: string }
  | { kind: "fail"; reason: string }
  | { kind: "later"; at: Date };

/**
 * Whether and where a claimed message goes now. Consent is read again (it may have been
 * withdrawn since), and a channel this installation does not have (or the patient has no
 * address for) gives way to another consented one, the planned one first.
 */
function decide(message: Context, channels: PatientChannels, settings: MessageSettings, now: Date): Decision {
  const consented = new Set(message.consented_channels);
  if (!message.channel || consented.size === 0) return { kind: "skip", reason: "no_consent" };
  if (message.starts_at === null) return { kind: "skip", reason: "superseded" };
  const live = message.appointment_status === "booked";
  if (message.kind === "reminder") {
    if (!live || message.reminder_for?.getTime() !== message.starts_at.getTime()) {
      return { kind: "skip", reason: "superseded" };
    }
  }
  if ((message.kind === "confirmation" || message.kind === "change") && !live) {
    return { kind: "skip", reason: "superseded" };
  }
  if (message.kind !== "cancellation" && message.starts_at <= now) return { kind: "skip", reason: "too_late" };
  const order = [message.channel, ...MESSAGE_CHANNELS.filter((channel) => channel !== message.channel)]
    .filter((channel) => consented.has(channel));
  const available = order.filter((channel) => channels[channel]);
  if (available.length === 0) return { kind: "fail", reason: "channel_off" };
  const channel = available.find((candidate) => addressFor(candidate, message));
  if (!channel) return { kind: "fail", reason: "no_address" };
  if (isShortChannel(channel)) {
    const until = afterQuietHours(now, {
      fromMinute: settings.quietFromMinute,
      untilMinute: settings.quietUntilMinute,
    });
    if (until > now) return { kind: "later", at: until };
  }
  return {
    kind: "send",
    language: isLanguage(message.language) ? message.language : "de",
    to: addressFor(channel, message)!,
    channel,
  };
}

function facts(message: Context, language: Language, link: string): MessageFacts {
  const startsAt = message.starts_at!;
  const local = berlinParts(startsAt);
  return {
    practice: message.practice_name,
    // As one addresses a person: "Dr. Anna Müller".
    name: [message.title, message.given_names, message.family_name].map((part) => part.trim()).filter(Boolean)
      .join(" "),
    date: formatDay(local.date, language, "long"),
    time: local.time,
    practitioner: message.practitioner_name ?? "",
    location: message.location_name ?? "",
    address: message.location_address ?? "",
    link,
  };
}

function calendarOf(message: Context, summary: string, now: Date) {
  return {
    filename: "termin.ics",
    method: "PUBLISH" as const,
    content: renderCalendar({
      prodId: "-//Kartei//Termin//DE",
      name: message.practice_name,
      events: [{
        uid: `appointment-${message.appointment_id}@kartei`,
        start: message.starts_at!,
        end: message.ends_at!,
        summary,
        stamp: now,
        location: [message.location_name, message.location_address].filter(Boolean).join(", "),
        status: message.appointment_status === "cancelled" ? "CANCELLED" : "CONFIRMED",
      }],
    }),
  };
}

type Templates = Map<string, Promise<MessageTemplate>>;

async function sendOne(
  db: Db,
  message: Context,
  channels: PatientChannels,
  settings: MessageSettings,
  templates: Templates,
  clock: Clock,
  options: DeliveryOptions,
): Promise<keyof Omit<RoundReport, "claimed" | "interrupted">> {
  const now = clock.now();
  const decision = decide(message, channels, settings, now);
  if (decision.kind === "later") {
    // Quiet hours began since it was queued: back to the queue for the morning, no try counted.
    await db.updateTable("patient_messages")
      .set({ status: "queued", due_at: decision.at, claimed_until: null, attempts: sql`attempts - 1` })
      .where("id", "=", message.id).where("status", "=", "sending").execute();
    return "retried";
  }
  if (decision.kind === "skip" || decision.kind === "fail") {
    await finish(db, message, decision.kind === "skip" ? "skipped" : "failed", decision.reason, null, now);
    return decision.kind === "skip" ? "skipped" : "failed";
  }
  const channel = decision.channel;
  // Recorded as the channel it went by.
  message.channel = channel;
  const key = `${message.practice_id}:${message.kind}:${decision.language}`;
  if (!templates.has(key)) {
    templates.set(key, messageTemplate(db, message.practice_id, message.kind, decision.language));
  }
  const template = await templates.get(key)!;
  const link = message.kind === "cancellation" ? "" : new URL(
    `/termin/${await createAppointmentLink(db, message.practice_id, message.appointment_id!, now)}`,
    options.baseUrl,
  ).href;
  const content = composePatientMessage(template, facts(message, decision.language, link), channel, {
    namesInShortText: settings.namesInShortText,
  });
  const outcome: SendOutcome = await channels[channel]!.send({
    to: decision.to,
    subject: content.subject,
    text: content.text,
    calendar: channel === "email" ? calendarOf(message, message.practice_name, now) : undefined,
  }).catch(() => ({ kind: "uncertain", reason: "transport_error" }) as const);
  const finishedAt = clock.now();
  switch (outcome.kind) {
    case "delivered":
      await finish(db, message, "delivered", null, outcome.providerId, finishedAt);
      return "delivered";
    case "retry":
      if (message.attempts < MAX_ATTEMPTS) {
        const next = new Date(finishedAt.getTime() + retryDelayMs(message.attempts));
        const quiet = { fromMinute: settings.quietFromMinute, untilMinute: settings.quietUntilMinute };
        await db.updateTable("patient_messages").set({
          status: "queued",
          channel,
          reason: outcome.reason,
          claimed_until: null,
          due_at: isShortChannel(channel) ? afterQuietHours(next, quiet) : next,
        }).where("id", "=", message.id).where("status", "=", "sending").execute();
        return "retried";
      }
      await finish(db, message, "failed", outcome.reason, null, finishedAt);
      return "failed";
    case "refused":
    case "uncertain":
      await finish(db, message, "failed", outcome.reason, null, finishedAt);
      return "failed";
  }
}

async function finish(
  db: Db,
  message: Context,
  status: "delivered" | "failed" | "skipped",
  reason: string | null,
  providerId: string | null,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("patient_messages")
      .set({
        status,
        reason,
        channel: message.channel,
        provider_message_id: providerId,
        finished_at: now,
        claimed_until: null,
      })
      .where("id", "=", message.id).where("status", "=", "sending").executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return;
    if (status === "delivered" && message.kind === "change") {
      // The patient knows of the change this notice was queued for (not of a later one).
      await trx.updateTable("appointments").set({ unnotified_change_at: null })
        .where("id", "=", message.appointment_id!).where("practice_id", "=", message.practice_id)
        .where("unnotified_change_at", "<=", message.created_at).execute();
    }
    await audit(trx, message, `patient_message.${status}`, { reason }, now);
  });
}

/** One round: resolve interrupted claims, claim due messages, send them, record each outcome. */
export async function deliverDuePatientMessages(
  db: Db,
  channels: PatientChannels,
  clock: Clock,
  log: Logger,
  options: DeliveryOptions,
): Promise<RoundReport> {
  const report: RoundReport = { claimed: 0, delivered: 0, retried: 0, failed: 0, skipped: 0, interrupted: 0 };
  report.interrupted = await resolveInterrupted(db, clock.now());
  if (report.interrupted) log.warn("patient messages interrupted mid-send", { count: report.interrupted });
  const claimed = await claimDue(db, clock.now(), options.leaseMs, options.batch ?? 50);
  report.claimed = claimed.length;
  if (!claimed.length) return report;
  const messages = await messageContext(db, claimed.map((row) => row.id), berlinDate(clock.now()));
  const settings = new Map<string, Promise<MessageSettings>>();
  const templates: Templates = new Map();
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const message = messages[next++];
      if (!settings.has(message.practice_id)) {
        settings.set(message.practice_id, messageSettings(db, message.practice_id));
      }
      try {
        const outcome = await sendOne(
          db,
          message,
          channels,
          await settings.get(message.practice_id)!,
          templates,
          clock,
          options,
        );
        report[outcome]++;
      } catch (error) {
        // Left "sending": its claim runs out and the next round makes it a visible dead letter.
        log.error("patient message failed to record", {
          messageId: message.id,
          error: error instanceof Error ? error.name : "unknown",
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 4, messages.length) }, worker));
  return report;
}

/** Rounds until one claims nothing (tests, the benchmark, a kick). */
export async function deliverAllDue(...args: Parameters<typeof deliverDuePatientMessages>): Promise<RoundReport> {
  const total: RoundReport = { claimed: 0, delivered: 0, retried: 0, failed: 0, skipped: 0, interrupted: 0 };
  for (let round = 0; round < 10_000; round++) {
    const report = await deliverDuePatientMessages(...args);
    for (const key of Object.keys(total) as (keyof RoundReport)[]) total[key] += report[key];
    if (report.claimed === 0) break;
  }
  return total;
}
