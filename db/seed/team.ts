// The people, places and templates of a seeded practice: its data key, locations, members
// (accounts stored as onboarding leaves them: verified, terms accepted; the second factor is set
// up at the first sign-in), rooms and documentation templates. Running it again reuses what is
// there, found by e-mail address and by name.
import type { Db } from "../database.ts";
import type { TypeColour } from "../../lib/appointment-colours.ts";
import type { Role } from "../schema.ts";
import { createWrappedDataKey } from "../../lib/envelope-encryption.ts";
import { TEMPLATE_TEXTS, type TemplateText } from "./clinical-texts.ts";

export interface SeedMember {
  accountId: string;
  membershipId: string;
  name: string;
  role: Role;
}

export interface MemberSpec {
  email: string;
  name: string;
  role: Role;
}

/** A new practice with its data key (version 1) and named locations; returns the location ids in order. */
export async function createSeedPractice(
  db: Db,
  masterKey: Uint8Array,
  input: { practiceId: string; name: string; locations: string[] },
): Promise<string[]> {
  const wrapped = await createWrappedDataKey(masterKey, `practice:${input.practiceId}`);
  await db.insertInto("practices").values({ id: input.practiceId, name: input.name }).execute();
  await db.insertInto("practice_keys").values({ practice_id: input.practiceId, wrapped_key: wrapped }).execute();
  return await ensureLocations(db, input.practiceId, input.locations);
}

/** The practice's locations of these names, created when missing (e.g. "Hauptpraxis" exists already). */
export async function ensureLocations(db: Db, practiceId: string, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const found = await db.selectFrom("locations").select("id")
      .where("practice_id", "=", practiceId).where("name", "=", name).executeTakeFirst();
    ids.push(
      found?.id ??
        (await db.insertInto("locations").values({ practice_id: practiceId, name }).returning("id")
          .executeTakeFirstOrThrow()).id,
    );
  }
  return ids;
}

/** Members of the practice, created unless an account with the address exists already. */
export async function ensureMembers(
  db: Db,
  practiceId: string,
  specs: MemberSpec[],
  input: { passwordHash: string; termsVersion: string | null; now: Date },
): Promise<SeedMember[]> {
  const members: SeedMember[] = [];
  for (const spec of specs) {
    let account = await db.selectFrom("accounts").select(["id", "name"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", spec.email.toLowerCase())).executeTakeFirst();
    if (!account) {
      account = await db.insertInto("accounts").values({
        email: spec.email,
        name: spec.name,
        password_hash: input.passwordHash,
        status: "active",
        language: "de",
        verified_at: input.now,
      }).returning(["id", "name"]).executeTakeFirstOrThrow();
      if (input.termsVersion) {
        await db.insertInto("terms_acceptances").values({
          account_id: account.id,
          terms_version: input.termsVersion,
          accepted_at: input.now,
        }).execute();
      }
    }
    const membership = await db.selectFrom("memberships").select(["id", "role"])
      .where("practice_id", "=", practiceId).where("account_id", "=", account.id).executeTakeFirst() ??
      await db.insertInto("memberships").values({ practice_id: practiceId, account_id: account.id, role: spec.role })
        .returning(["id", "role"]).executeTakeFirstOrThrow();
    members.push({ accountId: account.id, membershipId: membership.id, name: account.name, role: membership.role });
  }
  return members;
}

/** Rooms by name per location, created when missing; returns the ids in the order given. */
export async function ensureRooms(
  db: Db,
  practiceId: string,
  rooms: { locationId: string; name: string }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const room of rooms) {
    const found = await db.selectFrom("rooms").select("id").where("practice_id", "=", practiceId)
      .where("location_id", "=", room.locationId).where("name", "=", room.name).executeTakeFirst();
    ids.push(
      found?.id ??
        (await db.insertInto("rooms").values({ practice_id: practiceId, location_id: room.locationId, name: room.name })
          .returning("id").executeTakeFirstOrThrow()).id,
    );
  }
  return ids;
}

/** Appointment types by name, created when missing; returns the ids in the order given. */
export async function ensureAppointmentTypes(
  db: Db,
  practiceId: string,
  types: { name: string; minutes: number; colour: TypeColour; roomId: string | null }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const type of types) {
    const found = await db.selectFrom("appointment_types").select("id").where("practice_id", "=", practiceId)
      .where("name", "=", type.name).where("archived_at", "is", null).executeTakeFirst();
    ids.push(
      found?.id ?? (await db.insertInto("appointment_types").values({
        practice_id: practiceId,
        name: type.name,
        duration_minutes: type.minutes,
        colour: type.colour,
        default_room_id: type.roomId,
      }).returning("id").executeTakeFirstOrThrow()).id,
    );
  }
  return ids;
}

/** Sets a practitioner's usual appointment type unless they have chosen one. */
export async function ensureUsualType(db: Db, membershipId: string, typeId: string) {
  await db.updateTable("memberships").set({ usual_appointment_type_id: typeId })
    .where("id", "=", membershipId).where("usual_appointment_type_id", "is", null).execute();
}

/** Sets a practitioner's colour in the calendar unless they have chosen one. */
export async function ensureCalendarColour(db: Db, membershipId: string, colour: TypeColour) {
  await db.updateTable("memberships").set({ calendar_colour: colour })
    .where("id", "=", membershipId).where("calendar_colour", "is", null).execute();
}

export interface SeedTemplate {
  id: string;
  text: TemplateText;
}

/** The documentation templates of clinical-texts.ts, created when the practice has none of that name. */
export async function ensureTemplates(
  db: Db,
  practiceId: string,
  createdBy: string,
  now: Date,
): Promise<SeedTemplate[]> {
  const templates: SeedTemplate[] = [];
  for (const text of TEMPLATE_TEXTS) {
    const found = await db.selectFrom("note_templates").select("id")
      .where("practice_id", "=", practiceId).where("name", "=", text.name).executeTakeFirst();
    const id = found?.id ?? (await db.insertInto("note_templates").values({
      practice_id: practiceId,
      name: text.name,
      headings: text.headings,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    }).returning("id").executeTakeFirstOrThrow()).id;
    templates.push({ id, text });
  }
  return templates;
}
