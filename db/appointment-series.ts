// Recurring series: a weekly rule whose occurrences are appointment rows. Changing "this and
// following" splits the series at that occurrence: the old series ends the day before, a new
// series carries the changed occurrences; everything, conflict checks for every affected
// occurrence included, happens in one transaction or not at all.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import type { RequestFacts } from "./audit.ts";
import { audit, findAppointment, insertOccurrences, type NewAppointment, type WriteOutcome } from "./appointments.ts";
import { queueAppointmentMessages } from "./patient-messages.ts";
import { checkPlacement, findConflicts, lockPlacement, type Placement } from "./appointment-placement.ts";
import { followAppointmentEnd } from "./notes.ts";
import { addDays, berlinInstant, berlinParts, daysBetween } from "../lib/berlin-time.ts";
import type { Occurrence, WeeklyRule } from "../lib/recurrence.ts";

/** Ends a transaction without writing anything, carrying the reason out. */
class Refused extends Error {
  constructor(readonly outcome: WriteOutcome) {
    super("refused");
  }
}

async function refusable(work: () => Promise<WriteOutcome>): Promise<WriteOutcome> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

/** Books a series: the rule and all its occurrences (computed by lib/recurrence.ts). */
export async function bookSeries(
  db: Db,
  scope: PracticeScope,
  input: NewAppointment,
  rule: WeeklyRule,
  occurrences: Occurrence[],
  facts: RequestFacts,
): Promise<WriteOutcome> {
  return await refusable(() =>
    db.transaction().execute(async (trx) => {
      // Checked before the rule is written: an unknown id would otherwise fail its foreign key.
      const problems = await checkPlacement(trx, scope, input, facts.now);
      if (Object.keys(problems).length) return { ok: false, problem: "placement", fields: problems };
      const series = await trx.insertInto("appointment_series").values({
        practice_id: scope.practiceId,
        location_id: input.locationId,
        practitioner_id: input.practitionerId,
        room_id: input.roomId,
        patient_id: input.patientId,
        appointment_type_id: input.appointmentTypeId,
        title: input.title,
        first_date: rule.firstDate,
        local_start_time: rule.localTime,
        duration_minutes: rule.durationMinutes,
        interval_weeks: rule.intervalWeeks,
        until_date: rule.untilDate ?? null,
        occurrence_count: rule.count ?? null,
        created_by: scope.accountId,
        created_at: facts.now,
        updated_at: facts.now,
      }).returning("id").executeTakeFirstOrThrow();
      const outcome = await insertOccurrences(trx, scope, input, occurrences, series.id, facts.now);
      if (!outcome.ok) throw new Refused(outcome);
      await audit(trx, scope, "series.created", series.id, facts, {
        occurrences: occurrences.length,
        patient_id: input.patientId,
      });
      // One confirmation for the series (its first appointment), reminders before each.
      for (const [index, appointmentId] of (outcome.ids ?? []).entries()) {
        await queueAppointmentMessages(trx, scope.practiceId, appointmentId, "booked", {
          ...facts,
          actorAccountId: scope.accountId,
          quietly: index > 0,
        });
      }
      return { ok: true, id: outcome.id };
    })
  );
}

async function seriesOf(trx: Transaction<Database>, scope: PracticeScope, seriesId: string) {
  return await trx.selectFrom("appointment_series").selectAll()
    .where("id", "=", seriesId).where("practice_id", "=", scope.practiceId).executeTakeFirstOrThrow();
}

/** Lets the old series end the day before the given occurrence date. */
async function endSeriesBefore(trx: Transaction<Database>, seriesId: string, date: string, now: Date) {
  await trx.updateTable("appointment_series").set({
    until_date: addDays(date, -1),
    occurrence_count: null,
    ended_on: date,
    updated_at: now,
    version: sql`version + 1`,
  }).where("id", "=", seriesId).execute();
}

/**
 * This occurrence (whatever its status, cancelled ones aside) and the booked ones after it
 * that follow the series.
 */
async function followingOccurrences(
  trx: Transaction<Database>,
  seriesId: string,
  from: { id: string; startsAt: Date },
) {
  return await trx.selectFrom("appointments").select(["id", "starts_at", "version"])
    .where("series_id", "=", seriesId).where("starts_at", ">=", from.startsAt)
    .where((eb) =>
      eb.or([
        eb("id", "=", from.id),
        eb.and([eb("status", "=", "booked"), eb("series_exception", "=", false)]),
      ])
    )
    .orderBy("starts_at").execute();
}

export interface FollowingChange extends Placement {
  /** The new local date and time of this occurrence; the following ones shift alike. */
  date: string;
  time: string;
  durationMinutes: number;
  /** A new rhythm: the remaining occurrences follow every this many weeks from the new date. */
  intervalWeeks?: number | null;
  version: number;
  allowConflict: boolean;
}

/** Changes this occurrence and every following one: a new series from here on. */
export async function changeFollowing(
  db: Db,
  scope: PracticeScope,
  id: string,
  change: FollowingChange,
  facts: RequestFacts,
): Promise<WriteOutcome> {
  return await refusable(() =>
    db.transaction().execute(async (trx) => {
      const current = await findAppointment(trx, scope, id);
      if (!current) return { ok: false, problem: "unknown" };
      if (current.version !== change.version) return { ok: false, problem: "stale" };
      if (!current.seriesId) return { ok: false, problem: "not_in_series" };
      if (current.status === "cancelled") return { ok: false, problem: "cancelled" };
      const problems = await checkPlacement(trx, scope, change, facts.now);
      if (Object.keys(problems).length) return { ok: false, problem: "placement", fields: problems };
      await lockPlacement(trx, [change]);
      const series = await seriesOf(trx, scope, current.seriesId);
      const rows = await followingOccurrences(trx, series.id, current);
      const originalDate = berlinParts(current.startsAt).date;
      const shift = daysBetween(originalDate, change.date);
      const interval = change.intervalWeeks ?? series.interval_weeks;
      const slots: (Occurrence & { id: string; version: number })[] = [];
      for (const [index, row] of rows.entries()) {
        // The same rhythm keeps every occurrence's place (gaps of cancelled ones included); a
        // new one lays the same number of occurrences out anew from the new date.
        const date = interval === series.interval_weeks
          ? addDays(berlinParts(row.starts_at).date, shift)
          : addDays(change.date, 7 * interval * index);
        const start = berlinInstant(date, change.time);
        if (!start.ok) return { ok: false, problem: "nonexistent", date };
        const endsAt = new Date(start.at.getTime() + change.durationMinutes * 60_000);
        slots.push({ id: row.id, version: row.version, date, startsAt: start.at, endsAt });
      }
      // Whether the patient came is known only of an appointment that has begun.
      const own = slots.find((slot) => slot.id === id);
      if (current.status !== "booked" && own && own.startsAt > facts.now) {
        return { ok: false, problem: "attendance_recorded" };
      }
      const conflicts = await findConflicts(trx, scope.practiceId, change, slots, slots.map((slot) => slot.id));
      if (conflicts.length && !change.allowConflict) return { ok: false, problem: "conflict", conflict: conflicts[0] };
      const colliding = new Set(conflicts.map((conflict) => conflict.slot));

      await endSeriesBefore(trx, series.id, originalDate, facts.now);
      const next = await trx.insertInto("appointment_series").values({
        practice_id: scope.practiceId,
        location_id: change.locationId,
        practitioner_id: change.practitionerId,
        room_id: change.roomId,
        patient_id: series.patient_id,
        appointment_type_id: series.appointment_type_id,
        title: series.title,
        first_date: change.date,
        local_start_time: change.time,
        duration_minutes: change.durationMinutes,
        interval_weeks: interval,
        until_date: slots[slots.length - 1].date,
        occurrence_count: null,
        created_by: scope.accountId,
        created_at: facts.now,
        updated_at: facts.now,
      }).returning("id").executeTakeFirstOrThrow();
      for (const [index, slot] of slots.entries()) {
        const updated = await trx.updateTable("appointments").set({
          series_id: next.id,
          series_exception: false,
          practitioner_id: change.practitionerId,
          location_id: change.locationId,
          room_id: change.roomId,
          starts_at: slot.startsAt,
          ends_at: slot.endsAt,
          conflict_allowed: colliding.has(index),
          updated_by: scope.accountId,
          updated_at: facts.now,
          version: sql`version + 1`,
        }).where("id", "=", slot.id).where("version", "=", slot.version).executeTakeFirst();
        // Someone changed this occurrence meanwhile (e.g. "this one" at the same moment): all or nothing.
        if (updated.numUpdatedRows === 0n) throw new Refused({ ok: false, problem: "stale" });
        await followAppointmentEnd(trx, scope.practiceId, slot.id, slot.endsAt);
        await queueAppointmentMessages(trx, scope.practiceId, slot.id, "moved", {
          ...facts,
          actorAccountId: scope.accountId,
          quietly: slot.id !== id,
        });
      }
      await audit(trx, scope, "series.updated", series.id, facts, {
        new_series_id: next.id,
        from_appointment_id: id,
        occurrences: slots.length,
        interval_weeks: interval,
      });
      return { ok: true, id };
    })
  );
}

/** Cancels this occurrence and every following booked one; the series ends before it. */
export async function cancelFollowing(
  db: Db,
  scope: PracticeScope,
  id: string,
  input: { version: number; reason: string },
  facts: RequestFacts,
): Promise<WriteOutcome> {
  return await db.transaction().execute(async (trx) => {
    const current = await findAppointment(trx, scope, id);
    if (!current) return { ok: false, problem: "unknown" };
    if (current.version !== input.version) return { ok: false, problem: "stale" };
    if (!current.seriesId) return { ok: false, problem: "not_in_series" };
    if (current.status === "cancelled") return { ok: false, problem: "cancelled" };
    const cancelled = await trx.updateTable("appointments").set({
      status: "cancelled",
      cancel_reason: input.reason,
      cancelled_at: facts.now,
      updated_by: scope.accountId,
      updated_at: facts.now,
      version: sql`version + 1`,
    }).where("series_id", "=", current.seriesId).where("practice_id", "=", scope.practiceId)
      .where("starts_at", ">=", current.startsAt).where("status", "=", "booked").returning("id").execute();
    // One cancellation (of this one) tells the patient; the others' reminders are dropped.
    for (const row of cancelled) {
      await queueAppointmentMessages(trx, scope.practiceId, row.id, "cancelled", {
        ...facts,
        actorAccountId: scope.accountId,
        quietly: row.id !== id,
      });
    }
    await endSeriesBefore(trx, current.seriesId, berlinParts(current.startsAt).date, facts.now);
    await audit(trx, scope, "appointment.cancelled", id, facts, {
      series_id: current.seriesId,
      occurrences: cancelled.length,
    });
    return { ok: true, id };
  });
}
