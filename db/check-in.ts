// Check-in at the front desk: the patient of a booked appointment has arrived (or, undone, has
// not: a mistaken click). Who did it and when is kept on the appointment and in the audit log;
// the appointment's version stays, so an open edit of its time is not made stale by it.
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import type { RequestFacts } from "./audit.ts";
import { audit, findAppointment } from "./appointments.ts";
import { addDays, startOfBerlinDay } from "../lib/berlin-time.ts";
import { berlinDate } from "../lib/clock.ts";

export type CheckInOutcome =
  | { ok: true }
  | { ok: false; problem: "unknown" | "cancelled" | "closed" | "future" | "arrived" | "not_arrived" };

/** Marks the patient as arrived: a booked appointment of today (or one begun earlier and not closed). */
export async function checkIn(db: Db, scope: PracticeScope, id: string, facts: RequestFacts): Promise<CheckInOutcome> {
  return await db.transaction().execute(async (trx) => {
    const current = await findAppointment(trx, scope, id);
    if (!current) return { ok: false, problem: "unknown" };
    if (current.status === "cancelled") return { ok: false, problem: "cancelled" };
    if (current.status !== "booked") return { ok: false, problem: "closed" };
    if (current.startsAt >= startOfBerlinDay(addDays(berlinDate(facts.now), 1))) {
      return { ok: false, problem: "future" };
    }
    const updated = await trx.updateTable("appointments")
      .set({ arrived_at: facts.now, arrived_by: scope.accountId })
      .where("id", "=", id).where("practice_id", "=", scope.practiceId)
      .where("status", "=", "booked").where("arrived_at", "is", null).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return { ok: false, problem: "arrived" };
    await audit(trx, scope, "appointment.arrived", id, facts, {});
    return { ok: true };
  });
}

/** Takes back a check-in while the appointment is still open (booked). */
export async function undoCheckIn(
  db: Db,
  scope: PracticeScope,
  id: string,
  facts: RequestFacts,
): Promise<CheckInOutcome> {
  return await db.transaction().execute(async (trx) => {
    const current = await findAppointment(trx, scope, id);
    if (!current) return { ok: false, problem: "unknown" };
    if (current.status === "cancelled") return { ok: false, problem: "cancelled" };
    if (current.status !== "booked") return { ok: false, problem: "closed" };
    const updated = await trx.updateTable("appointments").set({ arrived_at: null, arrived_by: null })
      .where("id", "=", id).where("practice_id", "=", scope.practiceId)
      .where("status", "=", "booked").where("arrived_at", "is not", null).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return { ok: false, problem: "not_arrived" };
    await audit(trx, scope, "appointment.arrival_undone", id, facts, {});
    return { ok: true };
  });
}
