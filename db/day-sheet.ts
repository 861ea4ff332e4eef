// The day sheet: one day's appointments (one practitioner's or everyone's) with the patients'
// phone numbers, for the front desk to print. It lists patients in bulk, so reading it is
// audited (the day, the practitioner and how many rows, never who). It reads no clinical content.
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { type Appointment, listAppointments } from "./appointments.ts";

export async function readDaySheet(
  db: Db,
  scope: PracticeScope,
  filter: { date: string; from: Date; to: Date; practitionerId: string | null; locationId: string | null },
  facts: RequestFacts,
): Promise<Appointment[]> {
  return await db.transaction().execute(async (trx) => {
    const appointments = await listAppointments(trx, scope, filter);
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "calendar.day_sheet_viewed",
      actorAccountId: scope.accountId,
      subjectType: "practitioner",
      subjectId: filter.practitionerId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { date: filter.date, location_id: filter.locationId, appointments: appointments.length },
    });
    return appointments;
  });
}
