// Where an appointment goes and whether it fits: everything it refers to (practitioner,
// location, room, patient) must belong to the practice and to each other, and no live
// appointment of the same practitioner or room may overlap it. Writes take an advisory lock
// per practitioner and room first, so two bookings racing for one slot cannot both pass.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { listPractitioners, permittedLocationIds } from "./calendar-access.ts";
import { expandWorkingHours, mergeIntervals } from "../lib/free-slots.ts";
import { weeklyHoursOf } from "./working-hours.ts";

type Executor = Db | Transaction<Database>;

/**
 * The slots (indexes) not wholly inside the practitioner's working hours, at any location;
 * none when the practitioner has set no working hours at all.
 */
async function outsideWorkingHours(
  trx: Executor,
  practiceId: string,
  practitionerId: string,
  slots: { startsAt: Date; endsAt: Date }[],
): Promise<number[]> {
  const rules = (await weeklyHoursOf(trx, practiceId, [practitionerId])).get(practitionerId) ?? [];
  if (rules.length === 0 || slots.length === 0) return [];
  const from = new Date(Math.min(...slots.map((slot) => slot.startsAt.getTime())));
  const to = new Date(Math.max(...slots.map((slot) => slot.endsAt.getTime())));
  // Touching intervals count as one: 08–12 and 12–16 hold a booking at 11:30–12:30.
  const working = mergeIntervals(expandWorkingHours(rules, from, to));
  return slots.flatMap((slot, index) =>
    working.some((interval) => interval.start <= slot.startsAt && interval.end >= slot.endsAt) ? [] : [index]
  );
}

export interface Placement {
  practitionerId: string;
  locationId: string;
  roomId: string | null;
}

export interface Conflict {
  /**
   * Another appointment of the practitioner or in the room, the practitioner's absence, or a
   * time outside the working hours the practitioner has set (none set: every time is open).
   */
  kind: "practitioner" | "room" | "absence" | "hours";
  startsAt: Date;
  endsAt: Date;
  practitionerName: string;
  roomName: string | null;
}

/** Why a write was refused, per form field: unknown or unusable practitioner, location, room, patient. */
export type PlacementProblems = Partial<
  Record<
    "practitioner_id" | "location_id" | "room_id" | "patient_id" | "appointment_type_id",
    | "calendar.unknownPractitioner"
    | "calendar.unknownLocation"
    | "calendar.unknownRoom"
    | "calendar.unknownPatient"
    | "calendar.practitionerNotAtLocation"
    | "calendar.roomNotAtLocation"
    | "appointmentTypes.unknownType"
  >
>;

/** Checks that everything an appointment refers to belongs to the practice and fits together. */
export async function checkPlacement(
  trx: Executor,
  scope: PracticeScope,
  placement: Placement & { patientId?: string | null; appointmentTypeId?: string | null },
  now: Date,
): Promise<PlacementProblems> {
  const problems: PlacementProblems = {};
  const permitted = await permittedLocationIds(trx, scope);
  const location = await trx.selectFrom("locations").select("id")
    .where("id", "=", placement.locationId).where("practice_id", "=", scope.practiceId).executeTakeFirst();
  if (!location || (permitted && !permitted.includes(location.id))) problems.location_id = "calendar.unknownLocation";
  const practitioner = (await listPractitioners(trx, scope, now)).find((p) => p.id === placement.practitionerId);
  if (!practitioner) problems.practitioner_id = "calendar.unknownPractitioner";
  else if (location && practitioner.locationIds && !practitioner.locationIds.includes(location.id)) {
    problems.practitioner_id = "calendar.practitionerNotAtLocation";
  }
  if (placement.roomId) {
    const room = await trx.selectFrom("rooms").select(["location_id"])
      .where("id", "=", placement.roomId).where("practice_id", "=", scope.practiceId)
      .where("archived_at", "is", null).executeTakeFirst();
    if (!room) problems.room_id = "calendar.unknownRoom";
    else if (room.location_id !== placement.locationId) problems.room_id = "calendar.roomNotAtLocation";
  }
  if (placement.patientId) {
    const patient = await trx.selectFrom("patients").select("id")
      .where("id", "=", placement.patientId).where("practice_id", "=", scope.practiceId)
      .where("archived_at", "is", null).executeTakeFirst();
    if (!patient) problems.patient_id = "calendar.unknownPatient";
  }
  // A new booking takes only a type in use; a change keeps the type the appointment has.
  if (placement.appointmentTypeId) {
    const type = await trx.selectFrom("appointment_types").select("id")
      .where("id", "=", placement.appointmentTypeId).where("practice_id", "=", scope.practiceId)
      .where("archived_at", "is", null).executeTakeFirst();
    if (!type) problems.appointment_type_id = "appointmentTypes.unknownType";
  }
  return problems;
}

/** Serialises writes for a practitioner and a room until the transaction ends. */
export async function lockPlacement(
  trx: Transaction<Database>,
  placements: { practitionerId: string; roomId: string | null }[],
) {
  const keys = new Set<string>();
  for (const placement of placements) {
    keys.add(`calendar:practitioner:${placement.practitionerId}`);
    if (placement.roomId) keys.add(`calendar:room:${placement.roomId}`);
  }
  // Always in the same order, so two writers never wait for each other crosswise.
  for (const key of [...keys].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  }
}

/**
 * Live appointments overlapping any of the slots for the practitioner or the room (ignoring the
 * appointments being changed), absences of the practitioner overlapping them, and slots outside
 * the practitioner's working hours; each conflict names the slot (index) it collides with, the
 * first of a slot being the weightiest.
 */
export async function findConflicts(
  trx: Executor,
  practiceId: string,
  placement: { practitionerId: string; roomId: string | null },
  slots: { startsAt: Date; endsAt: Date }[],
  ignoreIds: string[] = [],
): Promise<(Conflict & { slot: number })[]> {
  if (slots.length === 0) return [];
  const values = sql.join(
    slots.map((slot, index) =>
      sql`(${index}::integer, ${slot.startsAt.toISOString()}::timestamptz, ${slot.endsAt.toISOString()}::timestamptz)`
    ),
  );
  const ignored = ignoreIds.length ? sql`and a.id not in (${sql.join(ignoreIds)})` : sql``;
  const sameRoom = placement.roomId ? sql`or a.room_id = ${placement.roomId}` : sql``;
  const result = await sql<{
    slot: number;
    starts_at: Date;
    ends_at: Date;
    practitioner_id: string;
    room_id: string | null;
    practitioner_name: string;
    room_name: string | null;
    absence: boolean;
  }>`
    with s (slot, starts_at, ends_at) as (values ${values})
    select s.slot, a.starts_at, a.ends_at, a.practitioner_id, a.room_id, acc.name as practitioner_name,
      r.name as room_name, false as absence
    from s
    join appointments a on tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at)
    join memberships m on m.id = a.practitioner_id
    join accounts acc on acc.id = m.account_id
    left join rooms r on r.id = a.room_id
    where a.practice_id = ${practiceId} and a.status <> 'cancelled'
      and (a.practitioner_id = ${placement.practitionerId} ${sameRoom}) ${ignored}
    union all
    select s.slot, ab.starts_at, ab.ends_at, ab.practitioner_id, null, acc.name, null, true
    from s
    join absences ab on ab.starts_at < s.ends_at and ab.ends_at > s.starts_at
    join memberships m on m.id = ab.practitioner_id
    join accounts acc on acc.id = m.account_id
    where ab.practice_id = ${practiceId} and ab.practitioner_id = ${placement.practitionerId}
    order by 1, 2`.execute(trx);
  const outside = await outsideWorkingHours(trx, practiceId, placement.practitionerId, slots);
  const hours: (Conflict & { slot: number })[] = [];
  if (outside.length) {
    const { name } = await trx.selectFrom("memberships").innerJoin("accounts", "accounts.id", "memberships.account_id")
      .select("accounts.name").where("memberships.id", "=", placement.practitionerId).executeTakeFirstOrThrow();
    for (const slot of outside) {
      const { startsAt, endsAt } = slots[slot];
      hours.push({ slot, kind: "hours", startsAt, endsAt, practitionerName: name, roomName: null });
    }
  }
  const found: (Conflict & { slot: number })[] = result.rows.map((row) => ({
    slot: Number(row.slot),
    kind: row.absence ? "absence" : row.practitioner_id === placement.practitionerId ? "practitioner" : "room",
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    practitionerName: row.practitioner_name,
    roomName: row.room_name,
  }));
  // Sorted by slot; within a slot, other appointments and absences before the working hours.
  return [...found, ...hours].sort((a, b) => a.slot - b.slot);
}
