// The practice team as its owner sees it: members with role, locations and state, and the
// practice's locations. Every query is scoped to the practice of the session.
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import type { PracticeActor } from "./practice-scope.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";

export async function listMembers(db: Db, scope: PracticeActor, now: Date) {
  const members = await db.selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .innerJoin("practices", "practices.id", "memberships.practice_id")
    .select([
      "memberships.id",
      "memberships.account_id",
      "memberships.role",
      "memberships.status",
      "memberships.ended_at",
      "memberships.ends_on",
      "memberships.all_locations",
      "memberships.areas",
      "accounts.name",
      "accounts.email",
      "practices.status as practice_status",
    ])
    .where("memberships.practice_id", "=", scope.practiceId)
    .orderBy("accounts.name").execute();
  const limited = await db.selectFrom("membership_locations")
    .innerJoin("locations", "locations.id", "membership_locations.location_id")
    .select(["membership_locations.membership_id", "locations.name"])
    .where("locations.practice_id", "=", scope.practiceId).orderBy("locations.name").execute();
  return members.map((member) => ({
    ...member,
    current: membershipIsCurrent(member, now),
    locations: member.all_locations
      ? null
      : limited.filter((row) => row.membership_id === member.id).map((row) => row.name),
  }));
}

export async function listLocations(db: Db, scope: PracticeActor) {
  return await db.selectFrom("locations").select(["id", "name", "address"])
    .where("practice_id", "=", scope.practiceId).orderBy("name").execute();
}

/** Adds a location, or renames one of this practice's; false when the name is taken. */
export async function saveLocation(
  db: Db,
  scope: PracticeActor,
  location: { id?: string; name: string; address: string },
  facts: RequestFacts,
): Promise<"saved" | "taken" | "unknown"> {
  return await db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom("locations").select("id").where("practice_id", "=", scope.practiceId)
      .where("name", "=", location.name).executeTakeFirst();
    if (clash && clash.id !== location.id) return "taken";
    let id = location.id;
    if (id) {
      const updated = await trx.updateTable("locations").set({ name: location.name, address: location.address })
        .where("id", "=", id).where("practice_id", "=", scope.practiceId).executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return "unknown";
    } else {
      id = (await trx.insertInto("locations")
        .values({ practice_id: scope.practiceId, name: location.name, address: location.address })
        .returning("id").executeTakeFirstOrThrow()).id;
    }
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: location.id ? "location.changed" : "location.added",
      actorAccountId: scope.accountId,
      subjectType: "location",
      subjectId: id,
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
    return "saved";
  });
}
