// Requests from the public booking page and their double opt-in: a request is stored with the
// hash of a mailed code and of a mailed link; only one of them confirms it, and only then does
// it hold its slot: in one transaction under the practitioner's placement lock, the slot is
// checked again, a pending patient and the appointment are created, and the practice decides
// (or the settings confirm it at once). The second confirmation of one slot finds it taken.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { BookingRequestKind } from "./schema-booking.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueMail } from "./outgoing-mails.ts";
import { findConflicts, lockPlacement } from "./appointment-placement.ts";
import { createPendingPatient } from "./pending-patients.ts";
import { queueBookedMessages, recordOptInConsent } from "./booking-messages.ts";
import { bookingOffer, type BookingPage, bookingWindow, freeOnlineSlots } from "./online-booking.ts";
import { generateNumericCode, generatePublicId, generateSecretToken, hashSecret } from "../lib/secret-token.ts";
import type { Language } from "../lib/i18n/mod.ts";

export const BOOKING_CODE_DIGITS = 8;
export const BOOKING_CODE_LIFETIME_MS = 30 * 60_000;
export const MAX_BOOKING_CODE_ATTEMPTS = 5;
/** Requests of one address still open (unconfirmed, with the practice, on the waiting list). */
export const MAX_OPEN_REQUESTS_PER_EMAIL = 3;
export const FLOW_PATTERN = /^[a-z2-7]{26}$/;
export const LINK_PATTERN = /^[a-z2-7]{52}$/;

export interface BookingVerification {
  flowId: string;
  code: string;
  linkToken: string;
}

export function newBookingVerification(): BookingVerification {
  return {
    flowId: generatePublicId(),
    code: generateNumericCode(BOOKING_CODE_DIGITS),
    linkToken: generateSecretToken(),
  };
}

const codeHash = (flowId: string, code: string) => hashSecret(`booking:${flowId}:${code}`);

export interface BookingSubmission {
  kind: BookingRequestKind;
  appointmentTypeId: string;
  practitionerId: string | null;
  locationId: string | null;
  /** The chosen slot's start (booking); null on the waiting list. */
  startsAt: Date | null;
  familyName: string;
  givenNames: string;
  email: string;
  phone: string;
  dateOfBirth: string | null;
  language: Language;
}

/**
 * "mailed" whatever the address: also when it already has as many open requests as allowed
 * (then nothing is stored or sent, and the code page that follows accepts no code).
 */
export type SubmitOutcome = "mailed" | "unknown_type" | "unknown_practitioner" | "slot_gone";

export async function submitBookingRequest(
  db: Db,
  page: BookingPage,
  submission: BookingSubmission,
  verification: BookingVerification,
  linkUrl: string,
  facts: RequestFacts,
): Promise<SubmitOutcome> {
  const offer = await bookingOffer(db, page.practiceId, facts.now);
  const type = offer.types.find((t) => t.id === submission.appointmentTypeId);
  if (!type) return "unknown_type";
  const practitioner = submission.practitionerId
    ? offer.practitioners.find((p) => p.id === submission.practitionerId)
    : null;
  if (submission.practitionerId && !practitioner) return "unknown_practitioner";
  if (submission.locationId && !offer.locations.some((l) => l.id === submission.locationId)) {
    return "unknown_practitioner";
  }
  let slot: { start: Date; end: Date; locationId: string } | undefined;
  if (submission.kind === "booking") {
    const window = bookingWindow(page.settings, facts.now);
    const startsAt = submission.startsAt;
    if (!practitioner || !startsAt || startsAt < window.from || startsAt >= window.to) return "slot_gone";
    const around = await freeOnlineSlots(db, page.practiceId, offer, {
      durationMinutes: type.durationMinutes,
      practitionerIds: [practitioner.id],
      locationId: submission.locationId,
      from: startsAt,
      to: new Date(startsAt.getTime() + type.durationMinutes * 60_000),
    });
    slot = around.find((s) => s.start.getTime() === startsAt.getTime());
    if (!slot) return "slot_gone";
  }
  return await db.transaction().execute(async (trx): Promise<SubmitOutcome> => {
    // One address at a time, so parallel requests cannot all pass the bound.
    await sql`select pg_advisory_xact_lock(hashtextextended(${"booking-email:" + submission.email.toLowerCase()}, 0))`
      .execute(trx);
    const open = await trx.selectFrom("booking_requests").select((eb) => eb.fn.countAll<number>().as("count"))
      .where("practice_id", "=", page.practiceId)
      .where(sql<boolean>`lower(email) = ${submission.email.toLowerCase()}`)
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "unconfirmed"), eb("expires_at", ">", facts.now)]),
          eb("status", "in", ["held", "waiting"]),
        ])
      ).executeTakeFirstOrThrow();
    if (Number(open.count) >= MAX_OPEN_REQUESTS_PER_EMAIL) return "mailed";
    await trx.insertInto("booking_requests").values({
      practice_id: page.practiceId,
      flow_id: verification.flowId,
      kind: submission.kind,
      code_hash: codeHash(verification.flowId, verification.code),
      link_hash: hashSecret(verification.linkToken),
      appointment_type_id: type.id,
      practitioner_id: slot ? practitioner!.id : submission.practitionerId,
      location_id: slot ? slot.locationId : submission.locationId,
      starts_at: slot?.start ?? null,
      ends_at: slot?.end ?? null,
      family_name: submission.familyName,
      given_names: submission.givenNames,
      email: submission.email,
      phone: submission.phone,
      date_of_birth: submission.dateOfBirth,
      language: submission.language,
      created_at: facts.now,
      expires_at: new Date(facts.now.getTime() + BOOKING_CODE_LIFETIME_MS),
    }).execute();
    await queueMail(trx, {
      to: submission.email,
      language: submission.language,
      facts: {
        kind: "bookingCode",
        practice: page.practiceName,
        code: verification.code,
        url: linkUrl,
        waitingList: submission.kind === "waiting_list",
      },
    }, facts.now);
    return "mailed";
  });
}

export type ConfirmOutcome =
  | "held"
  | "confirmed"
  | "waiting"
  | "taken"
  | "invalid"
  | "exhausted"
  | "expired"
  | "done";

type RequestRow = Awaited<ReturnType<typeof lockRequest>>;

function lockRequest(trx: Transaction<Database>, column: "flow_id" | "link_hash", value: string) {
  return trx.selectFrom("booking_requests").selectAll().where(column, "=", value).forUpdate().executeTakeFirst();
}

/** The code typed on the code page: five tries, 30 minutes, once. */
export async function confirmBookingCode(
  db: Db,
  flowId: string,
  code: string,
  facts: RequestFacts,
): Promise<ConfirmOutcome> {
  if (!FLOW_PATTERN.test(flowId)) return "invalid";
  return await db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, "flow_id", flowId);
    if (!request) return "invalid";
    if (request.status !== "unconfirmed") return "done";
    if (request.expires_at <= facts.now) return "expired";
    if (request.code_attempts >= MAX_BOOKING_CODE_ATTEMPTS) return "exhausted";
    if (codeHash(flowId, code) !== request.code_hash) {
      await trx.updateTable("booking_requests").set({ code_attempts: request.code_attempts + 1 })
        .where("id", "=", request.id).execute();
      return request.code_attempts + 1 >= MAX_BOOKING_CODE_ATTEMPTS ? "exhausted" : "invalid";
    }
    return await holdRequest(trx, request, facts);
  });
}

/** The mailed link, after the button on its page (a mail scanner's GET confirms nothing). */
export async function confirmBookingLink(db: Db, linkToken: string, facts: RequestFacts): Promise<ConfirmOutcome> {
  if (!LINK_PATTERN.test(linkToken)) return "invalid";
  return await db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, "link_hash", hashSecret(linkToken));
    if (!request) return "invalid";
    if (request.status !== "unconfirmed") return "done";
    if (request.expires_at <= facts.now) return "expired";
    return await holdRequest(trx, request, facts);
  });
}

/** The practice of a link token's request (its page shows the button), without using it; or undefined. */
export async function practiceOfBookingLink(db: Db, linkToken: string): Promise<string | undefined> {
  if (!LINK_PATTERN.test(linkToken)) return undefined;
  const row = await db.selectFrom("booking_requests").innerJoin(
    "practices",
    "practices.id",
    "booking_requests.practice_id",
  )
    .select("practices.name").where("link_hash", "=", hashSecret(linkToken)).executeTakeFirst();
  return row?.name;
}

export async function practiceFacts(trx: Transaction<Database>, practiceId: string) {
  return await trx.selectFrom("practices")
    .leftJoin("online_booking_settings as s", "s.practice_id", "practices.id")
    .select(["practices.name", "s.auto_confirm"]).where("practices.id", "=", practiceId).executeTakeFirstOrThrow();
}

/** Whether the slot is free for the practitioner: no appointment, absence, proposal; inside the hours. */
export async function slotIsFree(
  trx: Transaction<Database>,
  practiceId: string,
  slot: { practitionerId: string; startsAt: Date; endsAt: Date },
  now: Date,
): Promise<boolean> {
  if (slot.startsAt <= now) return false;
  await lockPlacement(trx, [{ practitionerId: slot.practitionerId, roomId: null }]);
  const conflicts = await findConflicts(trx, practiceId, { practitionerId: slot.practitionerId, roomId: null }, [
    { startsAt: slot.startsAt, endsAt: slot.endsAt },
  ]);
  if (conflicts.length) return false;
  const proposed = await trx.selectFrom("proposal_slots as s")
    .innerJoin("appointment_proposals as p", "p.id", "s.proposal_id")
    .select("s.id").where("p.practice_id", "=", practiceId).where("p.status", "=", "open")
    .where("p.expires_at", ">", now).where("s.practitioner_id", "=", slot.practitionerId)
    .where("s.starts_at", "<", slot.endsAt).where("s.ends_at", ">", slot.startsAt).executeTakeFirst();
  return !proposed;
}

/** Books the appointment of a confirmed request (or offer) for its pending patient. */
export async function bookForRequest(
  trx: Transaction<Database>,
  request: NonNullable<RequestRow>,
  slot: { practitionerId: string; locationId: string; startsAt: Date; endsAt: Date },
  facts: RequestFacts,
): Promise<"held" | "confirmed"> {
  const practice = await practiceFacts(trx, request.practice_id);
  const patientId = await createPendingPatient(trx, request.practice_id, {
    family_name: request.family_name,
    given_names: request.given_names,
    email: request.email,
    phone: request.phone,
    date_of_birth: request.date_of_birth ? isoDay(request.date_of_birth) : null,
  }, facts.now);
  await recordOptInConsent(trx, request.practice_id, patientId, { ...facts, language: request.language });
  const appointment = await trx.insertInto("appointments").values({
    practice_id: request.practice_id,
    location_id: slot.locationId,
    practitioner_id: slot.practitionerId,
    room_id: null,
    patient_id: patientId,
    appointment_type_id: request.appointment_type_id,
    starts_at: slot.startsAt,
    ends_at: slot.endsAt,
    series_id: null,
    created_by: null,
    created_at: facts.now,
    updated_by: null,
    updated_at: facts.now,
  }).returning("id").executeTakeFirstOrThrow();
  const status = practice.auto_confirm ? "confirmed" : "held";
  await trx.updateTable("booking_requests").set({
    status,
    practitioner_id: slot.practitionerId,
    location_id: slot.locationId,
    starts_at: slot.startsAt,
    ends_at: slot.endsAt,
    patient_id: patientId,
    appointment_id: appointment.id,
    confirmed_at: request.confirmed_at ?? facts.now,
    decided_at: practice.auto_confirm ? facts.now : null,
  }).where("id", "=", request.id).execute();
  const location = await trx.selectFrom("locations").select("name").where("id", "=", slot.locationId)
    .executeTakeFirstOrThrow();
  // Confirmed at once: the outbox confirms it (with the appointment and the patient's link).
  const told = practice.auto_confirm
    ? await queueBookedMessages(trx, request.practice_id, appointment.id, facts)
    : false;
  if (!told) {
    await queueMail(trx, {
      to: request.email,
      language: request.language,
      facts: practice.auto_confirm
        ? {
          kind: "bookingConfirmed",
          practice: practice.name,
          at: slot.startsAt.toISOString(),
          location: location.name,
        }
        : { kind: "bookingHeld", practice: practice.name, at: slot.startsAt.toISOString() },
    }, facts.now);
  }
  await appendAuditEvent(trx, {
    practiceId: request.practice_id,
    action: "online_booking.booked",
    subjectType: "appointment",
    subjectId: appointment.id,
    requestId: facts.requestId,
    details: { booking_request_id: request.id, kind: request.kind, auto_confirmed: !!practice.auto_confirm },
    occurredAt: facts.now,
  });
  return status;
}

function isoDay(value: Date | string): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

async function holdRequest(
  trx: Transaction<Database>,
  request: NonNullable<RequestRow>,
  facts: RequestFacts,
): Promise<ConfirmOutcome> {
  if (request.kind === "waiting_list") {
    await trx.updateTable("booking_requests").set({ status: "waiting", confirmed_at: facts.now })
      .where("id", "=", request.id).execute();
    await appendAuditEvent(trx, {
      practiceId: request.practice_id,
      action: "online_booking.waiting_list_joined",
      subjectType: "booking_request",
      subjectId: request.id,
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
    return "waiting";
  }
  const slot = {
    practitionerId: request.practitioner_id!,
    locationId: request.location_id!,
    startsAt: request.starts_at!,
    endsAt: request.ends_at!,
  };
  if (!await slotIsFree(trx, request.practice_id, slot, facts.now)) {
    await trx.updateTable("booking_requests").set({ status: "taken", confirmed_at: facts.now })
      .where("id", "=", request.id).execute();
    return "taken";
  }
  return await bookForRequest(trx, request, slot, facts);
}
