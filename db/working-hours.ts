// Who works when: the practitioners of a practice and their weekly working hours, and the
// availability of several practitioners over a range (working intervals and absences in UTC).
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { type Availability, expandWorkingHours, type WeeklyHours } from "../lib/free-slots.ts";

export interface WorkingHoursEntry {
  id: string;
  weekday: number;
  startsAtMinute: number;
  endsAtMinute: number;
  locationId: string | null;
  locationName: string | null;
  validFrom: string;
  validUntil: string | null;
}

export async function listWorkingHours(db: Db, scope: PracticeScope, practitionerId: string) {
  const rows = await db.selectFrom("working_hours")
    .leftJoin("locations", "locations.id", "working_hours.location_id")
    .select([
      "working_hours.id",
      "working_hours.weekday",
      "working_hours.starts_at_minute",
      "working_hours.ends_at_minute",
      "working_hours.location_id",
      "locations.name as location_name",
      sql<string>`working_hours.valid_from::text`.as("valid_from"),
      sql<string | null>`working_hours.valid_until::text`.as("valid_until"),
    ])
    .where("working_hours.practice_id", "=", scope.practiceId)
    .where("working_hours.practitioner_id", "=", practitionerId)
    .orderBy("working_hours.weekday").orderBy("working_hours.starts_at_minute").orderBy("working_hours.valid_from")
    .execute();
  return rows.map((row): WorkingHoursEntry => ({
    id: row.id,
    weekday: row.weekday,
    startsAtMinute: row.starts_at_minute,
    endsAtMinute: row.ends_at_minute,
    locationId: row.location_id,
    locationName: row.location_name,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
  }));
}

export interface NewWorkingHours {
  weekday: number;
  startsAtMinute: number;
  endsAtMinute: number;
  locationId: string | null;
  validFrom: string;
  validUntil: string | null;
}

/**
 * Another interval of the practitioner on the same weekday that overlaps in time and validity.
 * Takes a lock per practitioner first, so two overlapping changes cannot both pass the check.
 */
async function overlapping(
  trx: Transaction<Database>,
  scope: PracticeScope,
  practitionerId: string,
  entry: Omit<NewWorkingHours, "locationId">,
  exceptId: string | null,
) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${"working_hours:" + practitionerId}, 0))`.execute(trx);
  let query = trx.selectFrom("working_hours").select("id")
    .where("practice_id", "=", scope.practiceId)
    .where("practitioner_id", "=", practitionerId)
    .where("weekday", "=", entry.weekday)
    .where("starts_at_minute", "<", entry.endsAtMinute)
    .where("ends_at_minute", ">", entry.startsAtMinute)
    .where(sql<boolean>`coalesce(valid_until, 'infinity'::date) >= ${entry.validFrom}::date`)
    .where(sql<boolean>`valid_from <= coalesce(${entry.validUntil}::date, 'infinity'::date)`);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return await query.executeTakeFirst();
}

/**
 * Adds one interval of a weekday. Refused when the location is not this practice's, or when
 * it overlaps another interval of the same weekday whose validity overlaps too.
 */
export async function addWorkingHours(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  entry: NewWorkingHours,
  facts: RequestFacts,
): Promise<"added" | "unknown_location" | "overlap"> {
  return await db.transaction().execute(async (trx) => {
    if (entry.locationId) {
      const location = await trx.selectFrom("locations").select("id").where("practice_id", "=", scope.practiceId)
        .where("id", "=", entry.locationId).executeTakeFirst();
      if (!location) return "unknown_location";
    }
    const overlap = await overlapping(trx, scope, practitionerId, entry, null);
    if (overlap) return "overlap";
    const row = await trx.insertInto("working_hours").values({
      practice_id: scope.practiceId,
      practitioner_id: practitionerId,
      weekday: entry.weekday,
      starts_at_minute: entry.startsAtMinute,
      ends_at_minute: entry.endsAtMinute,
      location_id: entry.locationId,
      valid_from: entry.validFrom,
      valid_until: entry.validUntil,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "working_hours.added",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: practitionerId,
      requestId: facts.requestId,
      details: { working_hours_id: row.id, weekday: entry.weekday },
      occurredAt: facts.now,
    });
    return "added";
  });
}

export async function removeWorkingHours(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  entryId: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom("working_hours")
      .where("practice_id", "=", scope.practiceId)
      .where("practitioner_id", "=", practitionerId)
      .where("id", "=", entryId)
      .returning("id").executeTakeFirst();
    if (!removed) return false;
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "working_hours.removed",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: practitionerId,
      requestId: facts.requestId,
      details: { working_hours_id: entryId },
      occurredAt: facts.now,
    });
    return true;
  });
}

/**
 * Ends an interval's validity on a day (hours change from the next day on): the old rule stays
 * as history. Refused when the day is before the interval's first day, or when a later day
 * would make it overlap another interval.
 */
export async function endWorkingHours(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  entryId: string,
  validUntil: string,
  facts: RequestFacts,
): Promise<"ended" | "unknown" | "before_start" | "overlap"> {
  return await db.transaction().execute(async (trx) => {
    const entry = await trx.selectFrom("working_hours")
      .select(["id", "weekday", "starts_at_minute", "ends_at_minute", sql<string>`valid_from::text`.as("valid_from")])
      .where("practice_id", "=", scope.practiceId)
      .where("practitioner_id", "=", practitionerId)
      .where("id", "=", entryId)
      .forUpdate().executeTakeFirst();
    if (!entry) return "unknown";
    if (validUntil < entry.valid_from) return "before_start";
    const rule = {
      weekday: entry.weekday,
      startsAtMinute: entry.starts_at_minute,
      endsAtMinute: entry.ends_at_minute,
      validFrom: entry.valid_from,
      validUntil,
    };
    if (await overlapping(trx, scope, practitionerId, rule, entry.id)) return "overlap";
    await trx.updateTable("working_hours").set({ valid_until: validUntil }).where("id", "=", entry.id).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "working_hours.ended",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: practitionerId,
      requestId: facts.requestId,
      details: { working_hours_id: entry.id, valid_until: validUntil },
      occurredAt: facts.now,
    });
    return "ended";
  });
}

/**
 * Working intervals (weekly hours made concrete, daylight saving included) and absences of
 * each practitioner between from and to, cut to the range. Practitioners of another practice
 * get empty entries: nothing of theirs is read.
 */
/** The weekly rules of these practitioners as lib/free-slots.ts expands them; none: an empty list. */
export async function weeklyHoursOf(
  db: Db | Transaction<Database>,
  practiceId: string,
  practitionerIds: string[],
): Promise<Map<string, WeeklyHours[]>> {
  const result = new Map<string, WeeklyHours[]>(practitionerIds.map((id) => [id, []]));
  if (practitionerIds.length === 0) return result;
  const rows = await db.selectFrom("working_hours")
    .select([
      "practitioner_id",
      "weekday",
      "starts_at_minute",
      "ends_at_minute",
      "location_id",
      sql<string>`valid_from::text`.as("valid_from"),
      sql<string | null>`valid_until::text`.as("valid_until"),
    ])
    .where("practice_id", "=", practiceId)
    .where("practitioner_id", "in", practitionerIds)
    .execute();
  for (const row of rows) {
    result.get(row.practitioner_id)?.push({
      weekday: row.weekday,
      startsAtMinute: row.starts_at_minute,
      endsAtMinute: row.ends_at_minute,
      locationId: row.location_id,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
    });
  }
  return result;
}

export async function availabilityFor(
  db: Db,
  practiceId: string,
  practitionerIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, Availability>> {
  const result = new Map<string, Availability>(practitionerIds.map((id) => [id, { working: [], absences: [] }]));
  if (practitionerIds.length === 0 || !(from < to)) return result;
  const [hours, absences] = await Promise.all([
    weeklyHoursOf(db, practiceId, practitionerIds),
    db.selectFrom("absences")
      .select(["practitioner_id", "starts_at", "ends_at", "kind"])
      .where("practice_id", "=", practiceId)
      .where("practitioner_id", "in", practitionerIds)
      .where("starts_at", "<", to)
      .where("ends_at", ">", from)
      .orderBy("starts_at").execute(),
  ]);
  for (const [id, availability] of result) {
    availability.working = expandWorkingHours(hours.get(id) ?? [], from, to);
    availability.absences = absences.filter((a) => a.practitioner_id === id).map((a) => ({
      start: a.starts_at < from ? from : a.starts_at,
      end: a.ends_at > to ? to : a.ends_at,
      kind: a.kind,
    }));
  }
  return result;
}
