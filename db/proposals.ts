// Appointment proposals (Terminzettel): the practice picks several free slots for a patient and
// mails them; the slots are held (the public page and other proposals skip them) until the
// patient confirms one by the link, the practice withdraws the proposal, or it expires. The
// confirmed slot becomes the appointment, checked again under the practitioner's lock; the
// others are released with the proposal.
import { type Expression, sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueMail } from "./outgoing-mails.ts";
import { checkPlacement } from "./appointment-placement.ts";
import { slotIsFree } from "./booking-requests.ts";
import { queueBookedMessages } from "./booking-messages.ts";
import { generateSecretToken, hashSecret } from "../lib/secret-token.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import type { Language } from "../lib/i18n/mod.ts";

export const PROPOSAL_TOKEN_PATTERN = /^[a-z2-7]{52}$/;
export const MAX_PROPOSED_SLOTS = 6;

/** The language the patient gets messages in (their message preferences), German without one. */
function messageLanguage(patientId: Expression<string>) {
  return sql<
    Language
  >`coalesce((select language from patient_message_preferences where patient_id = ${patientId}), 'de')`;
}

export interface ProposalInput {
  patientId: string;
  appointmentTypeId: string;
  slots: { practitionerId: string; locationId: string; startsAt: Date }[];
  validHours: number;
}

export type ProposalOutcome =
  | { ok: true; id: string }
  | { ok: false; problem: "patient" | "no_email" | "type" | "placement" | "taken"; slot?: number };

export async function createProposal(
  db: Db,
  scope: PracticeScope,
  input: ProposalInput,
  proposalUrl: (token: string) => string,
  facts: RequestFacts,
): Promise<ProposalOutcome> {
  return await db.transaction().execute(async (trx): Promise<ProposalOutcome> => {
    const patient = await trx.selectFrom("patients").select(["id", "email"])
      .select((eb) => messageLanguage(eb.ref("patients.id")).as("language"))
      .where("practice_id", "=", scope.practiceId).where("id", "=", input.patientId)
      .where("archived_at", "is", null).executeTakeFirst();
    if (!patient) return { ok: false, problem: "patient" };
    if (!patient.email) return { ok: false, problem: "no_email" };
    const type = await trx.selectFrom("appointment_types").select(["id", "duration_minutes"])
      .where("practice_id", "=", scope.practiceId).where("id", "=", input.appointmentTypeId)
      .where("archived_at", "is", null).executeTakeFirst();
    if (!type) return { ok: false, problem: "type" };
    const slots = input.slots.map((slot) => ({
      ...slot,
      endsAt: new Date(slot.startsAt.getTime() + type.duration_minutes * 60_000),
    }));
    for (const [index, slot] of slots.entries()) {
      const problems = await checkPlacement(trx, scope, { ...slot, roomId: null }, facts.now);
      if (Object.keys(problems).length) return { ok: false, problem: "placement", slot: index };
      if (!await slotIsFree(trx, scope.practiceId, slot, facts.now)) {
        return { ok: false, problem: "taken", slot: index };
      }
    }
    const token = generateSecretToken();
    const expiresAt = new Date(facts.now.getTime() + input.validHours * 3_600_000);
    const proposal = await trx.insertInto("appointment_proposals").values({
      practice_id: scope.practiceId,
      patient_id: patient.id,
      appointment_type_id: type.id,
      token_hash: hashSecret(token),
      expires_at: expiresAt,
      created_by: scope.accountId,
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await trx.insertInto("proposal_slots").values(slots.map((slot) => ({
      proposal_id: proposal.id,
      practitioner_id: slot.practitionerId,
      location_id: slot.locationId,
      starts_at: slot.startsAt,
      ends_at: slot.endsAt,
    }))).execute();
    const practice = await trx.selectFrom("practices").select("name").where("id", "=", scope.practiceId)
      .executeTakeFirstOrThrow();
    await queueMail(trx, {
      to: patient.email,
      language: patient.language,
      facts: {
        kind: "proposal",
        practice: practice.name,
        slots: slots.map((slot) => slot.startsAt.toISOString()),
        url: proposalUrl(token),
        until: expiresAt.toISOString(),
      },
    }, facts.now);
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "proposal.sent",
      actorAccountId: scope.accountId,
      subjectType: "patient",
      subjectId: patient.id,
      requestId: facts.requestId,
      details: { proposal_id: proposal.id, slots: slots.length },
      occurredAt: facts.now,
    });
    return { ok: true, id: proposal.id };
  });
}

export interface ProposalView {
  practiceName: string;
  status: "open" | "confirmed" | "withdrawn" | "expired";
  expiresAt: Date;
  slots: { id: string; startsAt: Date; practitionerName: string; locationName: string }[];
  chosen: Date | null;
}

export async function findProposal(db: Db, token: string, now: Date): Promise<ProposalView | undefined> {
  if (!PROPOSAL_TOKEN_PATTERN.test(token)) return undefined;
  const proposal = await db.selectFrom("appointment_proposals as p").innerJoin(
    "practices as pr",
    "pr.id",
    "p.practice_id",
  )
    .leftJoin("appointments as a", "a.id", "p.appointment_id")
    .select(["p.id", "pr.name", "p.status", "p.expires_at", "a.starts_at as chosen"])
    .where("p.token_hash", "=", hashSecret(token)).executeTakeFirst();
  if (!proposal) return undefined;
  const slots = await db.selectFrom("proposal_slots as s")
    .innerJoin("memberships as m", "m.id", "s.practitioner_id").innerJoin("accounts as acc", "acc.id", "m.account_id")
    .innerJoin("locations as l", "l.id", "s.location_id")
    .select(["s.id", "s.starts_at", "acc.name as practitioner", "l.name as location"])
    .where("s.proposal_id", "=", proposal.id).orderBy("s.starts_at").execute();
  const expired = proposal.status === "open" && proposal.expires_at <= now;
  return {
    practiceName: proposal.name,
    status: expired ? "expired" : proposal.status,
    expiresAt: proposal.expires_at,
    slots: slots.map((s) => ({
      id: s.id,
      startsAt: s.starts_at,
      practitionerName: s.practitioner,
      locationName: s.location,
    })),
    chosen: proposal.chosen ?? null,
  };
}

export type ProposalConfirmation = "confirmed" | "gone" | "taken" | "unknown" | "unknown_slot";

/** The patient's choice: the slot becomes their appointment; the proposal's other slots are free again. */
export async function confirmProposal(
  db: Db,
  token: string,
  slotId: string,
  facts: RequestFacts,
): Promise<ProposalConfirmation> {
  if (!PROPOSAL_TOKEN_PATTERN.test(token)) return "unknown";
  return await db.transaction().execute(async (trx): Promise<ProposalConfirmation> => {
    const proposal = await trx.selectFrom("appointment_proposals").selectAll()
      .where("token_hash", "=", hashSecret(token)).forUpdate().executeTakeFirst();
    if (!proposal) return "unknown";
    if (proposal.status !== "open" || proposal.expires_at <= facts.now) return "gone";
    const slot = await trx.selectFrom("proposal_slots").selectAll().where("proposal_id", "=", proposal.id)
      .where("id", "=", slotId).executeTakeFirst();
    if (!slot) return "unknown_slot";
    // Closed first, so its own held slots do not stand in the way of the check.
    await trx.updateTable("appointment_proposals").set({ status: "confirmed", decided_at: facts.now })
      .where("id", "=", proposal.id).execute();
    const placement = {
      practitionerId: slot.practitioner_id,
      startsAt: slot.starts_at,
      endsAt: slot.ends_at,
    };
    if (!await slotIsFree(trx, proposal.practice_id, placement, facts.now)) {
      await trx.updateTable("appointment_proposals").set({ status: "open", decided_at: null })
        .where("id", "=", proposal.id).execute();
      return "taken";
    }
    const appointment = await trx.insertInto("appointments").values({
      practice_id: proposal.practice_id,
      location_id: slot.location_id,
      practitioner_id: slot.practitioner_id,
      room_id: null,
      patient_id: proposal.patient_id,
      appointment_type_id: proposal.appointment_type_id,
      starts_at: slot.starts_at,
      ends_at: slot.ends_at,
      series_id: null,
      created_by: null,
      created_at: facts.now,
      updated_by: null,
      updated_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await trx.updateTable("appointment_proposals").set({ appointment_id: appointment.id })
      .where("id", "=", proposal.id).execute();
    const facts2 = await trx.selectFrom("patients").innerJoin("practices", "practices.id", "patients.practice_id")
      .innerJoin("locations", (join) => join.on("locations.id", "=", slot.location_id))
      .select(["patients.email", "practices.name as practice", "locations.name as location"])
      .select((eb) => messageLanguage(eb.ref("patients.id")).as("language"))
      .where("patients.id", "=", proposal.patient_id).executeTakeFirstOrThrow();
    const told = await queueBookedMessages(trx, proposal.practice_id, appointment.id, facts);
    if (!told) {
      await queueMail(trx, {
        to: facts2.email,
        language: facts2.language,
        facts: {
          kind: "bookingConfirmed",
          practice: facts2.practice,
          at: slot.starts_at.toISOString(),
          location: facts2.location,
        },
      }, facts.now);
    }
    await appendAuditEvent(trx, {
      practiceId: proposal.practice_id,
      action: "proposal.confirmed",
      subjectType: "appointment",
      subjectId: appointment.id,
      requestId: facts.requestId,
      details: { proposal_id: proposal.id },
      occurredAt: facts.now,
    });
    return "confirmed";
  });
}

export async function withdrawProposal(
  db: Db,
  scope: PracticeScope,
  id: string,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable("appointment_proposals").set({ status: "withdrawn", decided_at: facts.now })
      .where("practice_id", "=", scope.practiceId).where("id", "=", id).where("status", "=", "open")
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "proposal.withdrawn",
      actorAccountId: scope.accountId,
      subjectType: "appointment_proposal",
      subjectId: id,
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
    return true;
  });
}

export interface ProposalListItem {
  id: string;
  patientId: string;
  patientName: string;
  typeName: string;
  status: ProposalView["status"];
  expiresAt: Date;
  slots: Date[];
}

export async function listProposals(db: Db, scope: PracticeScope, now: Date): Promise<ProposalListItem[]> {
  const rows = await db.selectFrom("appointment_proposals as p")
    .innerJoin("patients as pa", "pa.id", "p.patient_id")
    .innerJoin("appointment_types as t", "t.id", "p.appointment_type_id")
    .select([
      "p.id",
      "p.patient_id",
      "pa.family_name",
      "pa.given_names",
      "pa.title",
      "t.name as type_name",
      "p.status",
      "p.expires_at",
    ])
    .where("p.practice_id", "=", scope.practiceId).orderBy("p.created_at", "desc").limit(50).execute();
  const slots = rows.length
    ? await db.selectFrom("proposal_slots").select(["proposal_id", "starts_at"])
      .where("proposal_id", "in", rows.map((r) => r.id)).orderBy("starts_at").execute()
    : [];
  return rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    patientName: patientDisplayName(row),
    typeName: row.type_name,
    status: row.status === "open" && row.expires_at <= now ? "expired" : row.status,
    expiresAt: row.expires_at,
    slots: slots.filter((s) => s.proposal_id === row.id).map((s) => s.starts_at),
  }));
}
