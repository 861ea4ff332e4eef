// The practice's side of online booking requests: the list of what was booked (held for its
// decision first, then the waiting list and the decided ones), and the decision itself: a
// confirmation mails the patient; a decline cancels the appointment, mails the patient and
// hands the freed slot on (to the waiting list).
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { BookingRequestKind } from "./schema-booking.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueMail } from "./outgoing-mails.ts";
import { practiceFacts } from "./booking-requests.ts";
import { offerFreedSlot } from "./waiting-list.ts";
import { queueBookedMessages } from "./booking-messages.ts";
import { patientDisplayName } from "../lib/patient-name.ts";

export interface PracticeBooking {
  id: string;
  kind: BookingRequestKind;
  status: string;
  startsAt: Date | null;
  typeName: string;
  practitionerName: string | null;
  patientId: string | null;
  patientName: string;
  appointmentId: string | null;
  createdAt: Date;
}

/** The requests the practice decides on (held first), and the latest decided and waiting ones. */
export async function listPracticeBookings(db: Db, scope: PracticeScope): Promise<PracticeBooking[]> {
  const rows = await db.selectFrom("booking_requests as r")
    .innerJoin("appointment_types as t", "t.id", "r.appointment_type_id")
    .leftJoin("memberships as m", "m.id", "r.practitioner_id")
    .leftJoin("accounts as a", "a.id", "m.account_id")
    .leftJoin("patients as p", "p.id", "r.patient_id")
    .select([
      "r.id",
      "r.kind",
      "r.status",
      "r.starts_at",
      "t.name as type_name",
      "a.name as practitioner_name",
      "r.patient_id",
      "r.family_name",
      "r.given_names",
      "p.family_name as patient_family",
      "p.given_names as patient_given",
      "p.title as patient_title",
      "r.appointment_id",
      "r.created_at",
    ])
    .where("r.practice_id", "=", scope.practiceId)
    .where("r.status", "in", ["held", "confirmed", "declined", "waiting"])
    .orderBy(sql`case r.status when 'held' then 0 when 'waiting' then 1 else 2 end`)
    .orderBy("r.confirmed_at").limit(200).execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    startsAt: row.starts_at,
    typeName: row.type_name,
    practitionerName: row.practitioner_name,
    patientId: row.patient_id,
    patientName: row.patient_family !== null
      ? patientDisplayName({
        family_name: row.patient_family,
        given_names: row.patient_given!,
        title: row.patient_title!,
      })
      : patientDisplayName({ family_name: row.family_name, given_names: row.given_names, title: "" }),
    appointmentId: row.appointment_id,
    createdAt: row.created_at,
  }));
}

/**
 * The practice confirms a held booking, or declines it: then the appointment is cancelled and
 * its slot offered to the waiting list (`offerUrl` makes an offer's link).
 */
export async function decideBooking(
  db: Db,
  scope: PracticeScope,
  requestId: string,
  decision: "confirm" | "decline",
  facts: RequestFacts,
  offerUrl: (token: string) => string,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("booking_requests").selectAll()
      .where("practice_id", "=", scope.practiceId).where("id", "=", requestId).where("status", "=", "held")
      .forUpdate().executeTakeFirst();
    if (!request || !request.appointment_id) return false;
    const practice = await practiceFacts(trx, scope.practiceId);
    await trx.updateTable("booking_requests").set({
      status: decision === "confirm" ? "confirmed" : "declined",
      decided_at: facts.now,
    }).where("id", "=", request.id).execute();
    const at = request.starts_at!.toISOString();
    if (decision === "confirm") {
      const location = await trx.selectFrom("locations").select("name").where("id", "=", request.location_id!)
        .executeTakeFirstOrThrow();
      const told = await queueBookedMessages(trx, scope.practiceId, request.appointment_id, {
        ...facts,
        actorAccountId: scope.accountId,
      });
      if (!told) {
        await queueMail(trx, {
          to: request.email,
          language: request.language,
          facts: { kind: "bookingConfirmed", practice: practice.name, at, location: location.name },
        }, facts.now);
      }
    } else {
      await trx.updateTable("appointments").set({
        status: "cancelled",
        cancelled_at: facts.now,
        updated_by: scope.accountId,
        updated_at: facts.now,
        version: sql`version + 1`,
      }).where("id", "=", request.appointment_id).where("practice_id", "=", scope.practiceId).execute();
      await queueMail(trx, {
        to: request.email,
        language: request.language,
        facts: { kind: "bookingDeclined", practice: practice.name, at },
      }, facts.now);
      await offerFreedSlot(
        trx,
        {
          practiceId: scope.practiceId,
          practitionerId: request.practitioner_id!,
          locationId: request.location_id!,
          startsAt: request.starts_at!,
          endsAt: request.ends_at!,
        },
        offerUrl,
        facts.now,
      );
    }
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: decision === "confirm" ? "online_booking.confirmed" : "online_booking.declined",
      actorAccountId: scope.accountId,
      subjectType: "appointment",
      subjectId: request.appointment_id,
      requestId: facts.requestId,
      details: { booking_request_id: request.id },
      occurredAt: facts.now,
    });
    return true;
  });
}
