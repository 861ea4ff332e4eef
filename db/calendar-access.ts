// Who and where may be booked: the practitioners of a practice, the locations the acting member
// may see and book at, the rooms in use there, and who may edit a practitioner's availability.
// The calendar, the booking checks and the availability pages all read these from here.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";
import { permits } from "../lib/permissions.ts";
import type { TypeColour } from "../lib/appointment-colours.ts";

type Executor = Db | Transaction<Database>;

export const PRACTITIONER_ROLES = ["owner", "practitioner"] as const;

/** One practitioner of this practice (ended memberships included: their history stays), or undefined. */
export async function findPractitioner(db: Db, scope: PracticeScope, membershipId: string) {
  return await db.selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .select(["memberships.id", "memberships.role", "accounts.name", "memberships.calendar_colour as colour"])
    .where("memberships.practice_id", "=", scope.practiceId)
    .where("memberships.id", "=", membershipId)
    .where("memberships.role", "in", PRACTITIONER_ROLES)
    .executeTakeFirst();
}

/** Everyone's hours with calendar.manage; one's own with calendar.write. */
export function mayEditAvailability(scope: PracticeScope, practitionerId: string): boolean {
  if (permits(scope.role, scope.areas, "calendar.manage")) return true;
  return scope.membershipId === practitionerId && permits(scope.role, scope.areas, "calendar.write");
}

export interface Practitioner {
  id: string;
  name: string;
  /** null: every location. */
  locationIds: string[] | null;
  /** The colour the calendar shows them with (always beside their initials), or none. */
  colour: TypeColour | null;
}

/** The locations the acting member may see and book at; null means all of the practice's. */
export async function permittedLocationIds(db: Executor, scope: PracticeScope): Promise<string[] | null> {
  const membership = await db.selectFrom("memberships").select("all_locations")
    .where("id", "=", scope.membershipId).where("practice_id", "=", scope.practiceId).executeTakeFirst();
  if (!membership || membership.all_locations) return null;
  const rows = await db.selectFrom("membership_locations").select("location_id")
    .where("membership_id", "=", scope.membershipId).execute();
  return rows.map((row) => row.location_id);
}

/** The locations the acting member may use, by name. */
export async function calendarLocations(db: Executor, scope: PracticeScope) {
  return await db.selectFrom("locations as a").select(["a.id", "a.name"]).where("a.practice_id", "=", scope.practiceId)
    .where(visibleLocation(scope, sql.ref("a.id"))).orderBy("a.name").execute();
}

/** Whether a location is one the acting member may see: all of them, or those of membership_locations. */
export function visibleLocation(scope: PracticeScope, locationId: ReturnType<typeof sql.ref>) {
  return sql<boolean>`(exists (select 1 from memberships me where me.id = ${scope.membershipId}
    and me.practice_id = ${scope.practiceId} and me.all_locations)
    or ${locationId} in (select ml.location_id from membership_locations ml where ml.membership_id = ${scope.membershipId}))`;
}

/** Current members with role owner or practitioner: the people appointments are booked with. */
export async function listPractitioners(db: Executor, scope: PracticeScope, now: Date): Promise<Practitioner[]> {
  const rows = await db.selectFrom("memberships")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .innerJoin("practices", "practices.id", "memberships.practice_id")
    .select([
      "memberships.id",
      "memberships.status",
      "memberships.ended_at",
      "memberships.ends_on",
      "memberships.all_locations",
      "practices.status as practice_status",
      "accounts.name",
      "memberships.calendar_colour",
    ])
    .where("memberships.practice_id", "=", scope.practiceId)
    .where("memberships.role", "in", PRACTITIONER_ROLES)
    .orderBy("accounts.name").execute();
  const current = rows.filter((row) => membershipIsCurrent(row, now));
  const limitedIds = current.filter((row) => !row.all_locations).map((row) => row.id);
  const limits = limitedIds.length
    ? await db.selectFrom("membership_locations").select(["membership_id", "location_id"])
      .where("membership_id", "in", limitedIds).execute()
    : [];
  return current.map((row) => ({
    id: row.id,
    name: row.name,
    locationIds: row.all_locations
      ? null
      : limits.filter((limit) => limit.membership_id === row.id).map((limit) => limit.location_id),
    colour: row.calendar_colour,
  }));
}

/** Rooms in use at the practice's locations. */
export async function bookableRooms(db: Executor, scope: PracticeScope) {
  return await db.selectFrom("rooms").select(["id", "name", "location_id"])
    .where("practice_id", "=", scope.practiceId).where("archived_at", "is", null).orderBy("name").execute();
}
