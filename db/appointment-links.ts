// The patient's appointment page behind the link in their messages (/termin/<token>): the
// token is 256 random bits, only its SHA-256 hash is stored, one per message. It shows one
// appointment and lets the patient cancel it or move it to another free time of the same
// practitioner and length, until the practice's deadline before the appointment. The link
// knows nothing but its appointment.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import { appendAuditEvent } from "./audit.ts";
import { messageSettings } from "./message-settings.ts";
import { queueAppointmentMessages } from "./patient-messages.ts";
import { offerFreedSlot } from "./waiting-list.ts";
import { availabilityFor } from "./working-hours.ts";
import { findConflicts, lockPlacement } from "./appointment-placement.ts";
import { followAppointmentEnd } from "./notes.ts";
import { generateSecretToken, hashSecret } from "../lib/secret-token.ts";
import { freeSlots, type Interval } from "../lib/free-slots.ts";

type Executor = Db | Transaction<Database>;

const HOUR = 3_600_000;
/** A link keeps showing its appointment this long after it ended, then answers like an unknown one. */
const SHOWN_AFTER_END_MS = 24 * HOUR;
/** How far ahead the patient may move an appointment, and how many times are offered. */
const RESCHEDULE_DAYS = 28;
const OFFERED_SLOTS = 24;

export async function createAppointmentLink(db: Executor, practiceId: string, appointmentId: string, now: Date) {
  const token = generateSecretToken();
  await db.insertInto("appointment_links").values({
    token_hash: hashSecret(token),
    practice_id: practiceId,
    appointment_id: appointmentId,
    created_at: now,
  }).execute();
  return token;
}

export interface LinkedAppointment {
  practiceId: string;
  appointmentId: string;
  patientId: string | null;
  practiceName: string;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
  practitionerId: string;
  practitionerName: string;
  locationId: string;
  locationName: string;
  locationAddress: string;
  roomId: string | null;
  /** Until then the patient may cancel or move it here. */
  changeUntil: Date;
  /** booked and before the deadline. */
  changeable: boolean;
  /** The language the patient's messages are in, when they chose one. */
  language: "de" | "en" | null;
}

function linkedRows(db: Executor, token: string) {
  return db.selectFrom("appointment_links as k")
    .innerJoin(
      "appointments as a",
      (join) => join.onRef("a.id", "=", "k.appointment_id").onRef("a.practice_id", "=", "k.practice_id"),
    )
    .innerJoin("practices as pr", "pr.id", "a.practice_id")
    .innerJoin("locations as l", "l.id", "a.location_id")
    .innerJoin("memberships as m", "m.id", "a.practitioner_id")
    .innerJoin("accounts as acc", "acc.id", "m.account_id")
    .leftJoin("patient_message_preferences as pref", "pref.patient_id", "a.patient_id")
    .select([
      "pref.language",
      "a.id",
      "a.practice_id",
      "a.patient_id",
      "a.starts_at",
      "a.ends_at",
      "a.status",
      "a.practitioner_id",
      "a.room_id",
      "a.location_id",
      "pr.name as practice_name",
      "pr.status as practice_status",
      "l.name as location_name",
      "l.address as location_address",
      "acc.name as practitioner_name",
    ])
    .where("k.token_hash", "=", hashSecret(token));
}

/** The appointment of a token, or undefined: unknown, malformed, long past, or its practice locked. */
export async function findLinkedAppointment(
  db: Executor,
  token: string,
  now: Date,
  options: { forUpdate?: boolean } = {},
): Promise<LinkedAppointment | undefined> {
  if (!/^[a-z2-7]{52}$/.test(token)) return undefined;
  let query = linkedRows(db, token);
  if (options.forUpdate) query = query.forUpdate("a");
  const row = await query.executeTakeFirst();
  if (!row || row.practice_status !== "active") return undefined;
  if (row.ends_at.getTime() + SHOWN_AFTER_END_MS < now.getTime()) return undefined;
  const settings = await messageSettings(db, row.practice_id);
  const changeUntil = new Date(row.starts_at.getTime() - settings.patientChangeUntilHours * HOUR);
  const cancelled = row.status === "cancelled";
  return {
    practiceId: row.practice_id,
    appointmentId: row.id,
    patientId: row.patient_id,
    practiceName: row.practice_name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    cancelled,
    practitionerId: row.practitioner_id,
    practitionerName: row.practitioner_name,
    locationId: row.location_id,
    locationName: row.location_name,
    locationAddress: row.location_address,
    roomId: row.room_id,
    changeUntil,
    changeable: row.status === "booked" && now < changeUntil,
    language: row.language ?? null,
  };
}

/** Free times of the same practitioner and length after the deadline, for the next four weeks. */
export async function rescheduleSlots(db: Executor, linked: LinkedAppointment, now: Date): Promise<Interval[]> {
  const settings = await messageSettings(db, linked.practiceId);
  const from = new Date(now.getTime() + settings.patientChangeUntilHours * HOUR);
  const to = new Date(from.getTime() + RESCHEDULE_DAYS * 24 * HOUR);
  const [availability, booked] = await Promise.all([
    availabilityFor(db as Db, linked.practiceId, [linked.practitionerId], from, to),
    db.selectFrom("appointments").select(["starts_at", "ends_at", "status"])
      .where("practice_id", "=", linked.practiceId).where("practitioner_id", "=", linked.practitionerId)
      .where("status", "<>", "cancelled").where("id", "<>", linked.appointmentId)
      .where("starts_at", "<", to).where("ends_at", ">", new Date(from.getTime() - 12 * HOUR)).execute(),
  ]);
  const hours = availability.get(linked.practitionerId);
  if (!hours?.working.length) return [];
  const minutes = Math.round((linked.endsAt.getTime() - linked.startsAt.getTime()) / 60_000);
  return freeSlots(hours, booked, minutes, from, to)
    .filter((slot) => slot.start.getTime() !== linked.startsAt.getTime()).slice(0, OFFERED_SLOTS);
}

export type LinkOutcome = "done" | "unknown" | "too_late" | "slot_taken";

interface LinkFacts {
  requestId: string | null;
  now: Date;
}

async function auditByPatient(trx: Transaction<Database>, linked: LinkedAppointment, action: string, facts: LinkFacts) {
  await appendAuditEvent(trx, {
    practiceId: linked.practiceId,
    action,
    actorAccountId: null,
    subjectType: "appointment",
    subjectId: linked.appointmentId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details: { by: "patient_link" },
  });
}

/** The patient cancels through the link; the cancellation is confirmed to them like any other. */
export async function cancelByPatient(
  db: Db,
  token: string,
  reason: string,
  facts: LinkFacts,
  /** The waiting list's offer link: the freed slot is offered like a calendar cancellation's. */
  offerUrl: (token: string) => string,
): Promise<LinkOutcome> {
  return await db.transaction().execute(async (trx) => {
    const linked = await findLinkedAppointment(trx, token, facts.now, { forUpdate: true });
    if (!linked) return "unknown";
    if (!linked.changeable) return "too_late";
    await trx.updateTable("appointments").set({
      status: "cancelled",
      cancel_reason: reason,
      cancelled_at: facts.now,
      updated_by: null,
      updated_at: facts.now,
      version: (eb) => eb("version", "+", 1),
    }).where("id", "=", linked.appointmentId).where("practice_id", "=", linked.practiceId).execute();
    await auditByPatient(trx, linked, "appointment.cancelled", facts);
    await queueAppointmentMessages(trx, linked.practiceId, linked.appointmentId, "cancelled", facts);
    await offerFreedSlot(
      trx,
      {
        practiceId: linked.practiceId,
        practitionerId: linked.practitionerId,
        locationId: linked.locationId,
        startsAt: linked.startsAt,
        endsAt: linked.endsAt,
      },
      offerUrl,
      facts.now,
    );
    return "done";
  });
}

/** The patient moves the appointment to one of the offered free times. */
export async function moveByPatient(db: Db, token: string, start: Date, facts: LinkFacts): Promise<LinkOutcome> {
  return await db.transaction().execute(async (trx) => {
    const linked = await findLinkedAppointment(trx, token, facts.now, { forUpdate: true });
    if (!linked) return "unknown";
    if (!linked.changeable) return "too_late";
    await lockPlacement(trx, [{ practitionerId: linked.practitionerId, roomId: linked.roomId }]);
    const offered = await rescheduleSlots(trx, linked, facts.now);
    const slot = offered.find((s) => s.start.getTime() === start.getTime());
    if (!slot) return "slot_taken";
    const conflicts = await findConflicts(
      trx,
      linked.practiceId,
      { practitionerId: linked.practitionerId, roomId: linked.roomId },
      [{ startsAt: slot.start, endsAt: slot.end }],
      [linked.appointmentId],
    );
    if (conflicts.length) return "slot_taken";
    await trx.updateTable("appointments").set({
      starts_at: slot.start,
      ends_at: slot.end,
      series_exception: sql<boolean>`series_id is not null`,
      updated_by: null,
      updated_at: facts.now,
      version: (eb) => eb("version", "+", 1),
    }).where("id", "=", linked.appointmentId).where("practice_id", "=", linked.practiceId).execute();
    await followAppointmentEnd(trx, linked.practiceId, linked.appointmentId, slot.end);
    await auditByPatient(trx, linked, "appointment.moved", facts);
    await queueAppointmentMessages(trx, linked.practiceId, linked.appointmentId, "moved", {
      ...facts,
      patientKnows: true,
    });
    return "done";
  });
}

/** Links whose appointment ended over a day ago open nothing any more: their rows go (housekeeping). */
export async function clearSpentLinks(db: Db, now: Date) {
  const result = await sql`delete from appointment_links k using appointments a
    where a.id = k.appointment_id and a.ends_at < ${new Date(now.getTime() - SHOWN_AFTER_END_MS)}`.execute(db);
  return { numDeletedRows: result.numAffectedRows ?? 0n };
}
