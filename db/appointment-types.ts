// Appointment types of a practice: name, default duration, colour, default room, whether
// bookable online (later). Archived, never deleted: appointments keep their type, bookings no
// longer offer it. A practitioner's usual type is preselected when booking with them. Every
// write is audited in its transaction; another practice's type or room is simply unknown.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { PRACTITIONER_ROLES } from "./calendar-access.ts";
import type { TypeColour } from "../lib/appointment-colours.ts";

type Executor = Db | Transaction<Database>;

export interface AppointmentType {
  id: string;
  name: string;
  durationMinutes: number;
  colour: TypeColour;
  defaultRoomId: string | null;
  defaultRoomName: string | null;
  defaultRoomLocationId: string | null;
  bookableOnline: boolean;
  archivedAt: Date | null;
}

export interface AppointmentTypeInput {
  name: string;
  durationMinutes: number;
  colour: TypeColour;
  defaultRoomId: string | null;
  bookableOnline: boolean;
}

export type TypeOutcome = { ok: true; id: string } | { ok: false; problem: "unknown" | "taken" | "room" };

function typeRows(db: Executor, scope: PracticeScope) {
  return db.selectFrom("appointment_types as t")
    .leftJoin("rooms as r", "r.id", "t.default_room_id")
    .select([
      "t.id",
      "t.name",
      "t.duration_minutes",
      "t.colour",
      "t.default_room_id",
      "r.name as room_name",
      "r.location_id as room_location_id",
      "t.bookable_online",
      "t.archived_at",
    ])
    .where("t.practice_id", "=", scope.practiceId);
}

function toType(row: Awaited<ReturnType<ReturnType<typeof typeRows>["executeTakeFirstOrThrow"]>>): AppointmentType {
  return {
    id: row.id,
    name: row.name,
    durationMinutes: row.duration_minutes,
    colour: row.colour,
    defaultRoomId: row.default_room_id,
    defaultRoomName: row.room_name,
    defaultRoomLocationId: row.room_location_id,
    bookableOnline: row.bookable_online,
    archivedAt: row.archived_at,
  };
}

/** The practice's types by name; archived ones only when asked (the management page). */
export async function listAppointmentTypes(
  db: Executor,
  scope: PracticeScope,
  options: { includeArchived: boolean },
): Promise<AppointmentType[]> {
  let query = typeRows(db, scope);
  if (!options.includeArchived) query = query.where("t.archived_at", "is", null);
  const rows = await query.orderBy("t.archived_at", (ob) => ob.nullsFirst()).orderBy("t.name").execute();
  return rows.map(toType);
}

export async function findAppointmentType(db: Executor, scope: PracticeScope, id: string) {
  const row = await typeRows(db, scope).where("t.id", "=", id).executeTakeFirst();
  return row ? toType(row) : undefined;
}

async function nameTaken(trx: Transaction<Database>, practiceId: string, name: string, exceptId: string | null) {
  let query = trx.selectFrom("appointment_types").select("id").where("practice_id", "=", practiceId)
    .where("archived_at", "is", null).where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (exceptId) query = query.where("id", "<>", exceptId);
  return !!(await query.executeTakeFirst());
}

/** A default room must be a room of the practice in use. */
async function roomUsable(trx: Transaction<Database>, practiceId: string, roomId: string | null) {
  if (!roomId) return true;
  return !!(await trx.selectFrom("rooms").select("id").where("practice_id", "=", practiceId)
    .where("id", "=", roomId).where("archived_at", "is", null).executeTakeFirst());
}

async function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  subjectId: string,
  facts: RequestFacts,
  subjectType = "appointment_type",
  details: Record<string, string | number | boolean | null> = {},
) {
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType,
    subjectId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details,
  });
}

export async function createAppointmentType(
  db: Db,
  scope: PracticeScope,
  input: AppointmentTypeInput,
  facts: RequestFacts,
): Promise<TypeOutcome> {
  return await db.transaction().execute(async (trx) => {
    if (!await roomUsable(trx, scope.practiceId, input.defaultRoomId)) return { ok: false, problem: "room" };
    if (await nameTaken(trx, scope.practiceId, input.name, null)) return { ok: false, problem: "taken" };
    const row = await trx.insertInto("appointment_types").values({
      practice_id: scope.practiceId,
      name: input.name,
      duration_minutes: input.durationMinutes,
      colour: input.colour,
      default_room_id: input.defaultRoomId,
      bookable_online: input.bookableOnline,
      created_at: facts.now,
      updated_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(trx, scope, "appointment_type.created", row.id, facts);
    return { ok: true, id: row.id };
  });
}

export async function updateAppointmentType(
  db: Db,
  scope: PracticeScope,
  id: string,
  input: AppointmentTypeInput,
  facts: RequestFacts,
): Promise<TypeOutcome> {
  return await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("appointment_types").select(["id", "archived_at"])
      .where("practice_id", "=", scope.practiceId).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) return { ok: false, problem: "unknown" };
    if (!await roomUsable(trx, scope.practiceId, input.defaultRoomId)) return { ok: false, problem: "room" };
    if (current.archived_at === null && await nameTaken(trx, scope.practiceId, input.name, id)) {
      return { ok: false, problem: "taken" };
    }
    await trx.updateTable("appointment_types").set({
      name: input.name,
      duration_minutes: input.durationMinutes,
      colour: input.colour,
      default_room_id: input.defaultRoomId,
      bookable_online: input.bookableOnline,
      updated_at: facts.now,
    }).where("id", "=", id).where("practice_id", "=", scope.practiceId).execute();
    await audit(trx, scope, "appointment_type.updated", id, facts);
    return { ok: true, id };
  });
}

/**
 * Archives a type (no longer offered; appointments keep it; nobody's usual type any more) or
 * brings it back (refused while its name is taken by a type in use).
 */
export async function setAppointmentTypeArchived(
  db: Db,
  scope: PracticeScope,
  id: string,
  archived: boolean,
  facts: RequestFacts,
): Promise<TypeOutcome> {
  return await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("appointment_types").select(["id", "name", "archived_at"])
      .where("practice_id", "=", scope.practiceId).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) return { ok: false, problem: "unknown" };
    if ((current.archived_at !== null) === archived) return { ok: true, id };
    if (!archived && await nameTaken(trx, scope.practiceId, current.name, id)) return { ok: false, problem: "taken" };
    await trx.updateTable("appointment_types").set({ archived_at: archived ? facts.now : null, updated_at: facts.now })
      .where("id", "=", id).execute();
    if (archived) {
      await trx.updateTable("memberships").set({ usual_appointment_type_id: null })
        .where("practice_id", "=", scope.practiceId).where("usual_appointment_type_id", "=", id).execute();
    }
    await audit(trx, scope, archived ? "appointment_type.archived" : "appointment_type.restored", id, facts);
    return { ok: true, id };
  });
}

/** The usual type of each practitioner of the practice who has one (membership id → type id). */
export async function usualAppointmentTypes(db: Executor, scope: PracticeScope): Promise<Map<string, string>> {
  const rows = await db.selectFrom("memberships").select(["id", "usual_appointment_type_id"])
    .where("practice_id", "=", scope.practiceId).where("usual_appointment_type_id", "is not", null).execute();
  return new Map(rows.map((row) => [row.id, row.usual_appointment_type_id!]));
}

/** Sets (or clears, with null) a practitioner's usual type; the type must be one in use. */
export async function setUsualAppointmentType(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  typeId: string | null,
  facts: RequestFacts,
): Promise<"saved" | "unknown_type"> {
  return await db.transaction().execute(async (trx) => {
    if (typeId) {
      const type = await trx.selectFrom("appointment_types").select("id").where("practice_id", "=", scope.practiceId)
        .where("id", "=", typeId).where("archived_at", "is", null).executeTakeFirst();
      if (!type) return "unknown_type";
    }
    await trx.updateTable("memberships").set({ usual_appointment_type_id: typeId })
      .where("practice_id", "=", scope.practiceId).where("id", "=", practitionerId)
      .where("role", "in", PRACTITIONER_ROLES).execute();
    await audit(trx, scope, "membership.usual_appointment_type_set", practitionerId, facts, "membership", {
      appointment_type_id: typeId,
    });
    return "saved";
  });
}
