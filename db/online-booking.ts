// Online booking as a practice offers it: the owner's settings (off until enabled), the public
// page a random id opens, what it offers (types marked bookable online, practitioners,
// locations) and the free slots over the horizon. Slots come from working hours, absences,
// live appointments and the slots held by open proposals: one query each for all practitioners.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeActor } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { availabilityFor } from "./working-hours.ts";
import { PRACTITIONER_ROLES } from "./calendar-access.ts";
import { type Interval, slotsBetween } from "../lib/free-slots.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";
import { generatePublicId } from "../lib/secret-token.ts";

type Executor = Db | Transaction<Database>;

export interface BookingSettings {
  publicId: string | null;
  enabled: boolean;
  autoConfirm: boolean;
  leadHours: number;
  horizonWeeks: number;
  birthDateRequired: boolean;
  frameOrigin: string | null;
}

export type BookingSettingsInput = Omit<BookingSettings, "publicId">;

const DEFAULTS: BookingSettings = {
  publicId: null,
  enabled: false,
  autoConfirm: false,
  leadHours: 24,
  horizonWeeks: 8,
  birthDateRequired: false,
  frameOrigin: null,
};

interface SettingsRow {
  public_id: string;
  enabled: boolean;
  auto_confirm: boolean;
  lead_hours: number;
  horizon_weeks: number;
  birth_date_required: boolean;
  frame_origin: string | null;
}

function toSettings(row: SettingsRow): BookingSettings {
  return {
    publicId: row.public_id,
    enabled: row.enabled,
    autoConfirm: row.auto_confirm,
    leadHours: row.lead_hours,
    horizonWeeks: row.horizon_weeks,
    birthDateRequired: row.birth_date_required,
    frameOrigin: row.frame_origin,
  };
}

const SETTINGS_COLUMNS = [
  "public_id",
  "enabled",
  "auto_confirm",
  "lead_hours",
  "horizon_weeks",
  "birth_date_required",
  "frame_origin",
] as const;

/** The practice's settings; never saved: off, with the defaults. */
export async function bookingSettings(db: Executor, practiceId: string): Promise<BookingSettings> {
  const row = await db.selectFrom("online_booking_settings").select(SETTINGS_COLUMNS)
    .where("practice_id", "=", practiceId).executeTakeFirst();
  return row ? toSettings(row) : { ...DEFAULTS };
}

/** Saves the owner's settings; the first save gives the page its random address. */
export async function saveBookingSettings(
  db: Db,
  actor: PracticeActor,
  input: BookingSettingsInput,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const values = {
      enabled: input.enabled,
      auto_confirm: input.autoConfirm,
      lead_hours: input.leadHours,
      horizon_weeks: input.horizonWeeks,
      birth_date_required: input.birthDateRequired,
      frame_origin: input.frameOrigin,
      updated_at: facts.now,
    };
    await trx.insertInto("online_booking_settings")
      .values({ practice_id: actor.practiceId, public_id: generatePublicId(), ...values })
      .onConflict((oc) => oc.column("practice_id").doUpdateSet(values)).execute();
    await appendAuditEvent(trx, {
      practiceId: actor.practiceId,
      action: "online_booking.settings_saved",
      actorAccountId: actor.accountId,
      subjectType: "practice",
      subjectId: actor.practiceId,
      requestId: facts.requestId,
      details: { enabled: input.enabled, auto_confirm: input.autoConfirm, framed: input.frameOrigin !== null },
      occurredAt: facts.now,
    });
  });
}

/** A booking page that is switched on, in a practice that is not locked. */
export interface BookingPage {
  practiceId: string;
  practiceName: string;
  publicId: string;
  settings: BookingSettings;
}

export const PUBLIC_ID_PATTERN = /^[a-z2-7]{26}$/;

export async function findBookingPage(db: Executor, publicId: string): Promise<BookingPage | undefined> {
  if (!PUBLIC_ID_PATTERN.test(publicId)) return undefined;
  const row = await db.selectFrom("online_booking_settings as s")
    .innerJoin("practices as p", "p.id", "s.practice_id")
    .select(["s.practice_id", "p.name", ...SETTINGS_COLUMNS.map((column) => `s.${column}` as const)])
    .where("s.public_id", "=", publicId).where("s.enabled", "=", true).where("p.status", "=", "active")
    .executeTakeFirst();
  if (!row) return undefined;
  return { practiceId: row.practice_id, practiceName: row.name, publicId, settings: toSettings(row) };
}

/** The framing origin of an enabled booking page, for its Content-Security-Policy. */
export async function frameOriginOf(db: Db, publicId: string): Promise<string | null> {
  return (await findBookingPage(db, publicId))?.settings.frameOrigin ?? null;
}

export interface BookableType {
  id: string;
  name: string;
  durationMinutes: number;
}

export interface OnlinePractitioner {
  id: string;
  name: string;
  /** null: every location. */
  locationIds: string[] | null;
}

export interface BookingOffer {
  types: BookableType[];
  practitioners: OnlinePractitioner[];
  locations: { id: string; name: string }[];
}

/** What the public page offers: types marked bookable online, current practitioners, locations. */
export async function bookingOffer(db: Executor, practiceId: string, now: Date): Promise<BookingOffer> {
  const [types, members, locations] = await Promise.all([
    db.selectFrom("appointment_types").select(["id", "name", "duration_minutes"])
      .where("practice_id", "=", practiceId).where("bookable_online", "=", true).where("archived_at", "is", null)
      .orderBy("name").execute(),
    db.selectFrom("memberships as m")
      .innerJoin("accounts as a", "a.id", "m.account_id")
      .innerJoin("practices as p", "p.id", "m.practice_id")
      .select([
        "m.id",
        "m.status",
        "m.ended_at",
        "m.ends_on",
        "m.all_locations",
        "p.status as practice_status",
        "a.name",
        sql<string[] | null>`(select array_agg(ml.location_id) from membership_locations ml
          where ml.membership_id = m.id)`.as("location_ids"),
      ])
      .where("m.practice_id", "=", practiceId).where("m.role", "in", PRACTITIONER_ROLES)
      // Only practitioners who have set working hours can be booked online.
      .where(sql<boolean>`exists (select 1 from working_hours w where w.practitioner_id = m.id)`)
      .orderBy("a.name").execute(),
    db.selectFrom("locations").select(["id", "name"]).where("practice_id", "=", practiceId).orderBy("name").execute(),
  ]);
  return {
    types: types.map((t) => ({ id: t.id, name: t.name, durationMinutes: t.duration_minutes })),
    practitioners: members.filter((m) => membershipIsCurrent(m, now)).map((m) => ({
      id: m.id,
      name: m.name,
      locationIds: m.all_locations ? null : m.location_ids ?? [],
    })),
    locations,
  };
}

export interface OnlineSlot extends Interval {
  practitionerId: string;
  locationId: string;
}

export interface SlotQuery {
  durationMinutes: number;
  practitionerIds: string[];
  /** Only slots at this location; null: anywhere the practitioner works. */
  locationId: string | null;
  from: Date;
  to: Date;
}

/** Slots follow each other at the type's length, rounded up to a quarter hour. */
export function slotStep(durationMinutes: number): number {
  return Math.ceil(durationMinutes / 15) * 15;
}

/**
 * Free slots of the practitioners between from and to, by start (ties by practitioner). A slot's
 * location is its working interval's, else the one asked for, else the practitioner's first.
 */
export async function freeOnlineSlots(
  db: Executor,
  practiceId: string,
  offer: Pick<BookingOffer, "practitioners" | "locations">,
  query: SlotQuery,
): Promise<OnlineSlot[]> {
  const practitioners = offer.practitioners.filter((p) =>
    query.practitionerIds.includes(p.id) &&
    (query.locationId === null || p.locationIds === null || p.locationIds.includes(query.locationId))
  );
  const ids = practitioners.map((p) => p.id);
  if (!ids.length || !(query.from < query.to) || !offer.locations.length) return [];
  const [availability, busy] = await Promise.all([
    availabilityFor(db as Db, practiceId, ids, query.from, query.to),
    busyTimes(db, practiceId, ids, query.from, query.to),
  ]);
  const slots: OnlineSlot[] = [];
  for (const practitioner of practitioners) {
    const hours = availability.get(practitioner.id)!;
    const working = hours.working.filter((w) =>
      query.locationId === null || w.locationId === null || w.locationId === query.locationId
    );
    const blocked = [...hours.absences, ...(busy.get(practitioner.id) ?? [])];
    const fallback = query.locationId ?? practitioner.locationIds?.[0] ?? offer.locations[0].id;
    const step = slotStep(query.durationMinutes);
    for (const slot of slotsBetween(working, blocked, query.durationMinutes, query.from, query.to, step)) {
      slots.push({
        start: slot.start,
        end: slot.end,
        practitionerId: practitioner.id,
        locationId: slot.locationId ?? fallback,
      });
    }
  }
  return slots.sort((a, b) =>
    a.start.getTime() - b.start.getTime() || a.practitionerId.localeCompare(b.practitionerId)
  );
}

/** Live appointments and open, unexpired proposal slots of the practitioners in the range. */
async function busyTimes(db: Executor, practiceId: string, ids: string[], from: Date, to: Date) {
  const rows = await sql<{ practitioner_id: string; starts_at: Date; ends_at: Date }>`
    select practitioner_id, starts_at, ends_at from appointments
    where practice_id = ${practiceId} and practitioner_id in (${sql.join(ids)}) and status <> 'cancelled'
      and starts_at >= ${new Date(from.getTime() - 12 * 3_600_000)} and starts_at < ${to} and ends_at > ${from}
    union all
    select s.practitioner_id, s.starts_at, s.ends_at from proposal_slots s
    join appointment_proposals p on p.id = s.proposal_id
    where p.practice_id = ${practiceId} and p.status = 'open' and p.expires_at > ${from}
      and s.practitioner_id in (${sql.join(ids)}) and s.starts_at < ${to} and s.ends_at > ${from}`.execute(db);
  const result = new Map<string, Interval[]>();
  for (const row of rows.rows) {
    const list = result.get(row.practitioner_id) ?? [];
    list.push({ start: new Date(row.starts_at), end: new Date(row.ends_at) });
    result.set(row.practitioner_id, list);
  }
  return result;
}

/** The window a booking page offers: from now plus the lead time to the horizon. */
export function bookingWindow(settings: Pick<BookingSettings, "leadHours" | "horizonWeeks">, now: Date) {
  return {
    from: new Date(now.getTime() + settings.leadHours * 3_600_000),
    to: new Date(now.getTime() + settings.horizonWeeks * 7 * 86_400_000),
  };
}
