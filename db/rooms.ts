// Treatment rooms per location. A room is archived, never deleted: past appointments keep it.
// Names are unique among the rooms of one location that are in use.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";

export async function listRooms(db: Db, scope: PracticeScope) {
  return await db.selectFrom("rooms")
    .innerJoin("locations", "locations.id", "rooms.location_id")
    .select(["rooms.id", "rooms.name", "rooms.location_id", "rooms.archived_at", "locations.name as location_name"])
    .where("rooms.practice_id", "=", scope.practiceId)
    .orderBy("locations.name").orderBy("rooms.name")
    .execute();
}

export type RoomOutcome = "saved" | "unknown" | "taken";

async function nameTaken(trx: Transaction<Database>, locationId: string, name: string, exceptId: string | null) {
  let query = trx.selectFrom("rooms").select("id").where("location_id", "=", locationId)
    .where("archived_at", "is", null).where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (exceptId) query = query.where("id", "<>", exceptId);
  return !!(await query.executeTakeFirst());
}

async function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  roomId: string,
  facts: RequestFacts,
) {
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "room",
    subjectId: roomId,
    requestId: facts.requestId,
    occurredAt: facts.now,
  });
}

export async function addRoom(
  db: Db,
  scope: PracticeScope,
  room: { locationId: string; name: string },
  facts: RequestFacts,
): Promise<RoomOutcome> {
  return await db.transaction().execute(async (trx) => {
    const location = await trx.selectFrom("locations").select("id").where("practice_id", "=", scope.practiceId)
      .where("id", "=", room.locationId).executeTakeFirst();
    if (!location) return "unknown";
    if (await nameTaken(trx, room.locationId, room.name, null)) return "taken";
    const row = await trx.insertInto("rooms").values({
      practice_id: scope.practiceId,
      location_id: room.locationId,
      name: room.name,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(trx, scope, "room.created", row.id, facts);
    return "saved";
  });
}

export async function renameRoom(
  db: Db,
  scope: PracticeScope,
  roomId: string,
  name: string,
  facts: RequestFacts,
): Promise<RoomOutcome> {
  return await db.transaction().execute(async (trx) => {
    const room = await trx.selectFrom("rooms").select(["id", "location_id"]).where("practice_id", "=", scope.practiceId)
      .where("id", "=", roomId).forUpdate().executeTakeFirst();
    if (!room) return "unknown";
    if (await nameTaken(trx, room.location_id, name, room.id)) return "taken";
    await trx.updateTable("rooms").set({ name }).where("id", "=", room.id).execute();
    await audit(trx, scope, "room.renamed", room.id, facts);
    return "saved";
  });
}

/** Archives a room in use, or brings an archived one back (refused when its name is taken again). */
export async function setRoomArchived(
  db: Db,
  scope: PracticeScope,
  roomId: string,
  archived: boolean,
  facts: RequestFacts,
): Promise<RoomOutcome> {
  return await db.transaction().execute(async (trx) => {
    const room = await trx.selectFrom("rooms").select(["id", "location_id", "name", "archived_at"])
      .where("practice_id", "=", scope.practiceId).where("id", "=", roomId).forUpdate().executeTakeFirst();
    if (!room) return "unknown";
    if ((room.archived_at !== null) === archived) return "saved";
    if (!archived && await nameTaken(trx, room.location_id, room.name, room.id)) return "taken";
    await trx.updateTable("rooms").set({ archived_at: archived ? facts.now : null }).where("id", "=", room.id)
      .execute();
    await audit(trx, scope, archived ? "room.archived" : "room.restored", room.id, facts);
    return "saved";
  });
}
