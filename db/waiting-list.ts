// The waiting list: people who confirmed (by the same double opt-in) that they want to be told
// when an earlier slot frees. A freed slot (a cancellation, a declined booking) is offered by
// mail to the matching entries in the order they joined; the first to confirm gets it, the
// others find it taken. An offer lasts 24 hours, and ends an hour before the slot at the latest;
// an entry waits as many weeks as the page books ahead.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import { queueMail } from "./outgoing-mails.ts";
import { bookForRequest, slotIsFree } from "./booking-requests.ts";
import { generateSecretToken, hashSecret } from "../lib/secret-token.ts";
import type { RequestFacts } from "./audit.ts";

/** A slot that became free (a cancellation, a declined booking). */
export interface FreedSlot {
  practiceId: string;
  practitionerId: string;
  locationId: string;
  startsAt: Date;
  endsAt: Date;
}
/** At most this many on the list are told about one freed slot. */
export const OFFERS_PER_SLOT = 5;
const OFFER_LIFETIME_MS = 24 * 3_600_000;
export const OFFER_TOKEN_PATTERN = /^[a-z2-7]{52}$/;

/**
 * Offers the freed slot to the entries waiting for its practitioner (or any) and location (or
 * any) whose type fits into it, in the order they joined. `offerUrl` turns a token into the link.
 */
export async function offerFreedSlot(
  trx: Transaction<Database>,
  slot: FreedSlot,
  offerUrl: (token: string) => string,
  now: Date,
): Promise<number> {
  const lengthMinutes = (slot.endsAt.getTime() - slot.startsAt.getTime()) / 60_000;
  if (slot.startsAt <= now) return 0;
  const practice = await trx.selectFrom("practices")
    .innerJoin("online_booking_settings as s", "s.practice_id", "practices.id")
    .select(["practices.name", "s.enabled", "s.horizon_weeks"]).where("practices.id", "=", slot.practiceId)
    .executeTakeFirst();
  if (!practice?.enabled) return 0;
  const entries = await trx.selectFrom("booking_requests as r")
    .innerJoin("appointment_types as t", "t.id", "r.appointment_type_id")
    .select(["r.id", "r.email", "r.language"])
    .where("r.practice_id", "=", slot.practiceId).where("r.kind", "=", "waiting_list")
    .where("r.status", "=", "waiting").where("t.duration_minutes", "<=", lengthMinutes)
    // An entry waits as long as the page books ahead: after that, nobody is waiting any more.
    .where("r.confirmed_at", ">", new Date(now.getTime() - practice.horizon_weeks * 7 * 86_400_000))
    .where((eb) => eb.or([eb("r.practitioner_id", "is", null), eb("r.practitioner_id", "=", slot.practitionerId)]))
    .where((eb) => eb.or([eb("r.location_id", "is", null), eb("r.location_id", "=", slot.locationId)]))
    .orderBy("r.confirmed_at").orderBy("r.id").limit(OFFERS_PER_SLOT).execute();
  const expiresAt = new Date(Math.min(now.getTime() + OFFER_LIFETIME_MS, slot.startsAt.getTime() - 3_600_000));
  if (expiresAt <= now) return 0;
  for (const entry of entries) {
    const token = generateSecretToken();
    await trx.insertInto("slot_offers").values({
      practice_id: slot.practiceId,
      request_id: entry.id,
      token_hash: hashSecret(token),
      practitioner_id: slot.practitionerId,
      location_id: slot.locationId,
      starts_at: slot.startsAt,
      ends_at: slot.endsAt,
      offered_at: now,
      expires_at: expiresAt,
    }).execute();
    await queueMail(trx, {
      to: entry.email,
      language: entry.language,
      facts: {
        kind: "slotOffered",
        practice: practice.name,
        at: slot.startsAt.toISOString(),
        url: offerUrl(token),
        until: expiresAt.toISOString(),
      },
    }, now);
  }
  return entries.length;
}

export interface OfferView {
  practiceName: string;
  startsAt: Date;
  open: boolean;
}

/** What an offer's page shows: the practice and the time, and whether it can still be taken. */
export async function findOffer(db: Db, token: string, now: Date): Promise<OfferView | undefined> {
  if (!OFFER_TOKEN_PATTERN.test(token)) return undefined;
  const row = await db.selectFrom("slot_offers as o").innerJoin("practices as p", "p.id", "o.practice_id")
    .innerJoin("booking_requests as r", "r.id", "o.request_id")
    .select(["p.name", "o.starts_at", "o.status", "o.expires_at", "r.status as request_status"])
    .where("o.token_hash", "=", hashSecret(token)).executeTakeFirst();
  if (!row) return undefined;
  return {
    practiceName: row.name,
    startsAt: row.starts_at,
    open: row.status === "open" && row.expires_at > now && row.request_status === "waiting",
  };
}

export type OfferOutcome = "held" | "confirmed" | "gone" | "unknown";

/** The first to confirm gets the slot: booked for them as an online booking; the other offers are lost. */
export async function acceptOffer(db: Db, token: string, facts: RequestFacts): Promise<OfferOutcome> {
  if (!OFFER_TOKEN_PATTERN.test(token)) return "unknown";
  return await db.transaction().execute(async (trx): Promise<OfferOutcome> => {
    const offer = await trx.selectFrom("slot_offers").selectAll().where("token_hash", "=", hashSecret(token))
      .forUpdate().executeTakeFirst();
    if (!offer) return "unknown";
    const request = await trx.selectFrom("booking_requests").selectAll().where("id", "=", offer.request_id)
      .forUpdate().executeTakeFirstOrThrow();
    if (offer.status !== "open" || offer.expires_at <= facts.now || request.status !== "waiting") return "gone";
    const type = await trx.selectFrom("appointment_types").select("duration_minutes")
      .where("id", "=", request.appointment_type_id).executeTakeFirstOrThrow();
    const slot = {
      practitionerId: offer.practitioner_id,
      locationId: offer.location_id,
      startsAt: offer.starts_at,
      endsAt: new Date(offer.starts_at.getTime() + type.duration_minutes * 60_000),
    };
    if (!await slotIsFree(trx, offer.practice_id, slot, facts.now)) {
      await trx.updateTable("slot_offers").set({ status: "lost" }).where("id", "=", offer.id).execute();
      return "gone";
    }
    const outcome = await bookForRequest(trx, request, slot, facts);
    await trx.updateTable("slot_offers").set({ status: "taken" }).where("id", "=", offer.id).execute();
    // The same slot offered to others is gone now.
    await trx.updateTable("slot_offers").set({ status: "lost" })
      .where("practice_id", "=", offer.practice_id).where("practitioner_id", "=", offer.practitioner_id)
      .where("starts_at", "=", offer.starts_at).where("status", "=", "open").execute();
    // This person's other open offers go too: they have their slot.
    await trx.updateTable("slot_offers").set({ status: "lost" }).where("request_id", "=", request.id)
      .where("status", "=", "open").execute();
    return outcome;
  });
}
