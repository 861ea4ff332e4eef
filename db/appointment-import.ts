// Appointments from another program's calendar export: which events collide with the chosen
// practitioner's appointments or absences (for the preview), and the import of the others in
// one transaction under the practitioner's lock, refused whole when the placement is not the
// practice's or a collision appeared since the preview. Audited once, with the count.
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { checkPlacement, findConflicts, lockPlacement } from "./appointment-placement.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";

export interface ImportSlot {
  startsAt: Date;
  endsAt: Date;
}

export interface ImportedAppointment extends ImportSlot {
  title: string;
}

/** The slots (indexes) that overlap a live appointment or an absence of the practitioner. */
export async function collidingSlots(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  slots: ImportSlot[],
): Promise<Set<number>> {
  const conflicts = await findConflicts(db, scope.practiceId, { practitionerId, roomId: null }, slots);
  return new Set(conflicts.filter((conflict) => conflict.kind !== "hours").map((conflict) => conflict.slot));
}

export type AppointmentImport = { ok: true; count: number } | { ok: false; problem: "placement" | "conflict" };

export async function importAppointments(
  db: Db,
  scope: PracticeScope,
  placement: { practitionerId: string; locationId: string },
  appointments: ImportedAppointment[],
  facts: RequestFacts,
): Promise<AppointmentImport> {
  return await db.transaction().execute(async (trx) => {
    const where = { ...placement, roomId: null };
    const problems = await checkPlacement(trx, scope, where, facts.now);
    if (Object.keys(problems).length) return { ok: false, problem: "placement" } as const;
    await lockPlacement(trx, [where]);
    const conflicts = await findConflicts(trx, scope.practiceId, where, appointments);
    if (conflicts.some((conflict) => conflict.kind !== "hours")) return { ok: false, problem: "conflict" } as const;
    if (appointments.length) {
      await trx.insertInto("appointments").values(appointments.map((appointment) => ({
        practice_id: scope.practiceId,
        location_id: placement.locationId,
        practitioner_id: placement.practitionerId,
        room_id: null,
        patient_id: null,
        title: appointment.title,
        starts_at: appointment.startsAt,
        ends_at: appointment.endsAt,
        series_id: null,
        created_by: scope.accountId,
        created_at: facts.now,
        updated_by: scope.accountId,
        updated_at: facts.now,
      }))).execute();
    }
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "appointments.imported",
      actorAccountId: scope.accountId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { rows: appointments.length },
    });
    return { ok: true, count: appointments.length } as const;
  });
}
