// Appointments: reading a range for the day and week views, and the single-appointment
// writes (book, move, resize, cancel, attended / no-show). Every query is scoped to the
// practice, and a member limited to some locations sees and books only there: an appointment
// elsewhere is simply not found. Conflicts (the same practitioner or room at overlapping
// times; cancelled appointments never count) are checked under an advisory lock per
// practitioner and room, so two bookings racing for one slot cannot both pass.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { AppointmentStatus } from "./schema-calendar.ts";
import type { TypeColour } from "../lib/appointment-colours.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { confirmAppointmentServices, planTypeServices } from "./services.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { visibleLocation } from "./calendar-access.ts";
import { followAppointmentEnd } from "./notes.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import type { Occurrence } from "../lib/recurrence.ts";
import {
  checkPlacement,
  type Conflict,
  findConflicts,
  lockPlacement,
  type Placement,
  type PlacementProblems,
} from "./appointment-placement.ts";

type Executor = Db | Transaction<Database>;

/** An appointment lasts at most this long (a check constraint says so too). */
export const MAX_DURATION_MINUTES = 720;
const MAX_DURATION_MS = MAX_DURATION_MINUTES * 60_000;

/** The appointments of the practice at locations the member may see, with what a page shows of each. */
export function appointmentRows(db: Executor, scope: PracticeScope) {
  return db.selectFrom("appointments as a")
    .innerJoin("memberships as m", "m.id", "a.practitioner_id")
    .innerJoin("accounts as acc", "acc.id", "m.account_id")
    .innerJoin("locations as l", "l.id", "a.location_id")
    .leftJoin("rooms as r", "r.id", "a.room_id")
    .leftJoin("appointment_series as s", "s.id", "a.series_id")
    .leftJoin("appointment_types as ty", "ty.id", "a.appointment_type_id")
    .select([
      "a.id",
      "a.starts_at",
      "a.ends_at",
      "a.status",
      "a.title",
      "a.practitioner_id",
      "a.location_id",
      "a.room_id",
      "a.patient_id",
      "a.series_id",
      "a.series_exception",
      "s.interval_weeks as series_interval_weeks",
      "a.conflict_allowed",
      "a.cancel_reason",
      "a.arrived_at",
      "a.version",
      "acc.name as practitioner_name",
      "l.name as location_name",
      "r.name as room_name",
      "a.appointment_type_id",
      "ty.name as type_name",
      "ty.colour as type_colour",
      // A subquery per row reads the patient by primary key; joined, Postgres may hash the whole
      // patient table for a busy week, a cost that would grow with the practice.
      sql<string[] | null>`(select array[p.family_name, p.given_names, p.title, p.phone] from patients p
        where p.id = a.patient_id and p.practice_id = a.practice_id)`.as("patient_name_parts"),
    ])
    .where("a.practice_id", "=", scope.practiceId)
    // Only locations the member may see (all of them, or those of membership_locations).
    .where(visibleLocation(scope, sql.ref("a.location_id")));
}

type AppointmentRow = Awaited<ReturnType<ReturnType<typeof appointmentRows>["executeTakeFirstOrThrow"]>>;

export interface Appointment {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  title: string;
  practitionerId: string;
  practitionerName: string;
  locationId: string;
  locationName: string;
  roomId: string | null;
  roomName: string | null;
  patientId: string | null;
  patientName: string | null;
  /** The patient's phone number ("" without one): master data, shown to those who may see it. */
  patientPhone: string | null;
  /** The type it was booked as (possibly archived since), with its name and colour. */
  appointmentTypeId: string | null;
  typeName: string | null;
  typeColour: TypeColour | null;
  seriesId: string | null;
  seriesException: boolean;
  /** The series' rule: every this many weeks. */
  seriesIntervalWeeks: number | null;
  conflictAllowed: boolean;
  cancelReason: string | null;
  /** When front desk checked the patient in; only while booked or attended. */
  arrivedAt: Date | null;
  version: number;
}

export function toAppointment(row: AppointmentRow): Appointment {
  const parts = row.patient_name_parts;
  return {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    title: row.title,
    practitionerId: row.practitioner_id,
    practitionerName: row.practitioner_name,
    locationId: row.location_id,
    locationName: row.location_name,
    roomId: row.room_id,
    roomName: row.room_name,
    patientId: row.patient_id,
    patientName: parts ? patientDisplayName({ family_name: parts[0], given_names: parts[1], title: parts[2] }) : null,
    patientPhone: parts ? parts[3] : null,
    appointmentTypeId: row.appointment_type_id,
    typeName: row.type_name,
    typeColour: row.type_colour,
    seriesId: row.series_id,
    seriesException: row.series_exception,
    seriesIntervalWeeks: row.series_interval_weeks,
    conflictAllowed: row.conflict_allowed,
    cancelReason: row.cancel_reason,
    arrivedAt: row.status === "booked" || row.status === "attended" ? row.arrived_at : null,
    version: row.version,
  };
}

export interface RangeFilter {
  from: Date;
  to: Date;
  practitionerId?: string | null;
  locationId?: string | null;
}

/**
 * Appointments overlapping [from, to), cancelled ones included, by start. Because no appointment
 * lasts longer than 12 hours, a start between from - 12 h and to bounds the index range scan.
 */
export async function listAppointments(
  db: Executor,
  scope: PracticeScope,
  filter: RangeFilter,
): Promise<Appointment[]> {
  let query = appointmentRows(db, scope)
    .where("a.starts_at", ">=", new Date(filter.from.getTime() - MAX_DURATION_MS))
    .where("a.starts_at", "<", filter.to)
    .where("a.ends_at", ">", filter.from);
  if (filter.practitionerId) query = query.where("a.practitioner_id", "=", filter.practitionerId);
  if (filter.locationId) query = query.where("a.location_id", "=", filter.locationId);
  const rows = await query.orderBy("a.starts_at").orderBy("acc.name").execute();
  return rows.map(toAppointment);
}

/** One appointment of the practice at a location the member may see, or undefined. */
export async function findAppointment(
  db: Executor,
  scope: PracticeScope,
  id: string,
): Promise<Appointment | undefined> {
  const row = await appointmentRows(db, scope).where("a.id", "=", id).executeTakeFirst();
  return row ? toAppointment(row) : undefined;
}

/** A patient's appointments: the coming ones (soonest first) and the past ones (latest first). */
/**
 * A patient's coming appointments (soonest first) and past ones (latest first), at most `limit`
 * each; `more…` says whether the list was cut.
 */
export async function patientAppointments(db: Db, scope: PracticeScope, patientId: string, now: Date, limit = 50) {
  const base = appointmentRows(db, scope).where("a.patient_id", "=", patientId);
  const [upcoming, past] = await Promise.all([
    base.where("a.ends_at", ">", now).orderBy("a.starts_at").limit(limit + 1).execute(),
    base.where("a.ends_at", "<=", now).orderBy("a.starts_at", "desc").limit(limit + 1).execute(),
  ]);
  return {
    upcoming: upcoming.slice(0, limit).map(toAppointment),
    past: past.slice(0, limit).map(toAppointment),
    moreUpcoming: upcoming.length > limit,
    morePast: past.length > limit,
  };
}

// ---- Writing ----

export type WriteOutcome =
  | { ok: true; id: string }
  | {
    ok: false;
    problem: "unknown" | "stale" | "not_started" | "cancelled" | "not_in_series" | "attendance_recorded";
  }
  | { ok: false; problem: "placement"; fields: PlacementProblems }
  | { ok: false; problem: "conflict"; conflict: Conflict }
  | { ok: false; problem: "nonexistent"; date: string };

export interface NewAppointment extends Placement {
  patientId: string | null;
  /** An appointment type of the practice in use, or none. */
  appointmentTypeId: string | null;
  title: string;
  allowConflict: boolean;
}

/** Books one appointment, or the occurrences of a series (seriesId set by the caller's insert). */
export async function insertOccurrences(
  trx: Transaction<Database>,
  scope: PracticeScope,
  input: NewAppointment,
  occurrences: Occurrence[],
  seriesId: string | null,
  now: Date,
): Promise<WriteOutcome & { ids?: string[] }> {
  const problems = await checkPlacement(trx, scope, input, now);
  if (Object.keys(problems).length) return { ok: false, problem: "placement", fields: problems };
  await lockPlacement(trx, [input]);
  const conflicts = await findConflicts(trx, scope.practiceId, input, occurrences);
  if (conflicts.length && !input.allowConflict) return { ok: false, problem: "conflict", conflict: conflicts[0] };
  const colliding = new Set(conflicts.map((conflict) => conflict.slot));
  const rows = await trx.insertInto("appointments").values(occurrences.map((occurrence, index) => ({
    practice_id: scope.practiceId,
    location_id: input.locationId,
    practitioner_id: input.practitionerId,
    room_id: input.roomId,
    patient_id: input.patientId,
    appointment_type_id: input.appointmentTypeId,
    title: input.title,
    starts_at: occurrence.startsAt,
    ends_at: occurrence.endsAt,
    series_id: seriesId,
    conflict_allowed: colliding.has(index),
    created_by: scope.accountId,
    created_at: now,
    updated_by: scope.accountId,
    updated_at: now,
  }))).returning("id").execute();
  // A patient's appointment of a type starts with the type's default services planned.
  if (input.patientId && input.appointmentTypeId) {
    await planTypeServices(trx, scope.practiceId, rows.map((row) => row.id), now);
  }
  return { ok: true, id: rows[0].id, ids: rows.map((row) => row.id) };
}

/** Books a single appointment. */
export async function bookAppointment(
  db: Db,
  scope: PracticeScope,
  input: NewAppointment,
  slot: Occurrence,
  facts: RequestFacts,
): Promise<WriteOutcome> {
  return await db.transaction().execute(async (trx) => {
    const outcome = await insertOccurrences(trx, scope, input, [slot], null, facts.now);
    if (!outcome.ok) return outcome;
    await audit(trx, scope, "appointment.created", outcome.id, facts, {
      patient_id: input.patientId,
      appointment_type_id: input.appointmentTypeId,
    });
    return { ok: true, id: outcome.id };
  });
}

export interface AppointmentChange extends Placement {
  startsAt: Date;
  endsAt: Date;
  version: number;
  allowConflict: boolean;
}

/** Moves or resizes one appointment (of a series: only this occurrence, which then stands apart). */
export async function changeAppointment(
  db: Db,
  scope: PracticeScope,
  id: string,
  change: AppointmentChange,
  facts: RequestFacts,
): Promise<WriteOutcome> {
  return await db.transaction().execute(async (trx) => {
    const current = await findAppointment(trx, scope, id);
    if (!current) return { ok: false, problem: "unknown" };
    if (current.version !== change.version) return { ok: false, problem: "stale" };
    if (current.status === "cancelled") return { ok: false, problem: "cancelled" };
    // Whether the patient came is known only of an appointment that has begun.
    if (current.status !== "booked" && change.startsAt > facts.now) {
      return { ok: false, problem: "attendance_recorded" };
    }
    const problems = await checkPlacement(trx, scope, change, facts.now);
    if (Object.keys(problems).length) return { ok: false, problem: "placement", fields: problems };
    await lockPlacement(trx, [change]);
    const conflicts = await findConflicts(trx, scope.practiceId, change, [change], [id]);
    if (conflicts.length && !change.allowConflict) return { ok: false, problem: "conflict", conflict: conflicts[0] };
    const updated = await trx.updateTable("appointments").set({
      practitioner_id: change.practitionerId,
      location_id: change.locationId,
      room_id: change.roomId,
      starts_at: change.startsAt,
      ends_at: change.endsAt,
      conflict_allowed: conflicts.length > 0,
      series_exception: current.seriesId !== null,
      updated_by: scope.accountId,
      updated_at: facts.now,
      version: sql`version + 1`,
    }).where("id", "=", id).where("practice_id", "=", scope.practiceId).where("version", "=", change.version)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return { ok: false, problem: "stale" };
    await followAppointmentEnd(trx, scope.practiceId, id, change.endsAt);
    const moved = current.startsAt.getTime() !== change.startsAt.getTime() ||
      current.practitionerId !== change.practitionerId || current.roomId !== change.roomId ||
      current.locationId !== change.locationId;
    await audit(trx, scope, moved ? "appointment.moved" : "appointment.updated", id, facts, {});
    return { ok: true, id };
  });
}

/** Cancels one appointment with a reason; it frees its slot at once. */
export async function cancelAppointment(
  db: Db,
  scope: PracticeScope,
  id: string,
  input: { version: number; reason: string },
  facts: RequestFacts,
): Promise<WriteOutcome> {
  return await db.transaction().execute(async (trx) => {
    const current = await findAppointment(trx, scope, id);
    if (!current) return { ok: false, problem: "unknown" };
    if (current.status === "cancelled") return { ok: false, problem: "cancelled" };
    const updated = await trx.updateTable("appointments").set({
      status: "cancelled",
      cancel_reason: input.reason,
      cancelled_at: facts.now,
      updated_by: scope.accountId,
      updated_at: facts.now,
      version: sql`version + 1`,
    }).where("id", "=", id).where("practice_id", "=", scope.practiceId).where("version", "=", input.version)
      .where("status", "<>", "cancelled").executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return { ok: false, problem: "stale" };
    await audit(trx, scope, "appointment.cancelled", id, facts, {});
    return { ok: true, id };
  });
}

/** Records that the patient came (or did not): only once the appointment has begun. */
export async function recordAttendance(
  db: Db,
  scope: PracticeScope,
  id: string,
  input: { version: number; status: "attended" | "no_show" },
  facts: RequestFacts,
): Promise<WriteOutcome> {
  return await db.transaction().execute(async (trx) => {
    const current = await findAppointment(trx, scope, id);
    if (!current) return { ok: false, problem: "unknown" };
    if (current.status === "cancelled") return { ok: false, problem: "cancelled" };
    if (current.startsAt > facts.now) return { ok: false, problem: "not_started" };
    const updated = await trx.updateTable("appointments").set({
      status: input.status,
      updated_by: scope.accountId,
      updated_at: facts.now,
      version: sql`version + 1`,
    }).where("id", "=", id).where("practice_id", "=", scope.practiceId).where("version", "=", input.version)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return { ok: false, problem: "stale" };
    // What was done: the planned (or the type's default) services are confirmed for billing.
    await confirmAppointmentServices(trx, scope.practiceId, id, input.status, facts.now);
    await audit(
      trx,
      scope,
      input.status === "attended" ? "appointment.attended" : "appointment.no_show",
      id,
      facts,
      {},
    );
    return { ok: true, id };
  });
}

export async function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  subjectId: string,
  facts: RequestFacts,
  details: Record<string, string | number | boolean | null>,
) {
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: action.startsWith("series.") ? "appointment_series" : "appointment",
    subjectId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details,
  });
}
