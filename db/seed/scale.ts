// The scale data set for measuring on a Postgres server: ten practices, one of them large
// (100,000 patients, 1,000,000 appointments over almost ten years, 300,000 finalized notes), the
// others small. `scale` shrinks every count (0.1: the same practice after one year) for the
// comparison of how times grow with the data. Patients and appointments are generated in SQL;
// each note is encrypted here with its practice's data key, bound to its own id, exactly as
// db/notes.ts does, and stored in batches.
import { sql } from "kysely";
import type { Db } from "../database.ts";
import { currentDataKey } from "../practice-keys.ts";
import { hashPassword } from "../../lib/password.ts";
import { currentTerms } from "../terms.ts";
import { noteFields, noteSealer, pick, randomGenerator, TEMPLATE_TEXTS } from "./clinical-texts.ts";
import { bareTables } from "./bulk-load.ts";
import { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES } from "./names.ts";
import { createSeedPractice, ensureMembers, ensureRooms, ensureTemplates, type MemberSpec } from "./team.ts";
import {
  APPOINTMENTS_PER_DAY,
  attendedAppointments,
  insertAppointments,
  insertFinalNotes,
  insertPatients,
  type StaffSlot,
  toHex,
} from "./scale-rows.ts";

/** Every practice of the scale set carries this in its name; its presence means "already seeded". */
export const SCALE_MARK = "(Skalentest)";
export const BIG_PRACTICE_NAME = `MVZ Therapiezentrum Fulda-Aue ${SCALE_MARK}`;
/** The password of every account of the scale set (published here: the data is made up). */
export const SCALE_PASSWORD = "Skalentest am Lindenplatz 2026";
export const SCALE_MAIL_DOMAIN = "skalentest.example";

const SMALL_NAMES = [
  "Physiotherapie am Markt",
  "Praxis für Psychotherapie Lindner",
  "Naturheilpraxis Sonnenhalde",
  "Osteopathie Kassel-West",
  "Ergotherapie Vellmar",
  "Praxis Dr. Hoffmann",
  "Logopädie am Bahnhof",
  "Physio Baunatal",
  "Heilpraktikerpraxis Ahnatal",
];

interface PracticePlan {
  name: string;
  locations: string[];
  practitioners: number;
  frontDesk: number;
  /** Whether the owner treats patients too (small practices) or only runs the practice. */
  ownerTreats: boolean;
  patients: number;
  appointmentsPerPractitioner: number;
  notes: number;
}

/** The ten practices at `scale` (1: full size). */
export function scalePlan(scale: number): PracticePlan[] {
  const scaled = (n: number) => Math.max(1, Math.round(n * scale));
  const big: PracticePlan = {
    name: BIG_PRACTICE_NAME,
    locations: ["Hauptpraxis Aue", "Zweigpraxis Innenstadt", "Zweigpraxis Horas"],
    practitioners: 25,
    frontDesk: 5,
    ownerTreats: false,
    patients: scaled(100_000),
    appointmentsPerPractitioner: scaled(40_000),
    notes: scaled(300_000),
  };
  const small = SMALL_NAMES.map((name): PracticePlan => ({
    name: `${name} ${SCALE_MARK}`,
    locations: ["Hauptpraxis"],
    practitioners: 1,
    frontDesk: 1,
    ownerTreats: true,
    patients: scaled(1_000),
    appointmentsPerPractitioner: scaled(2_000),
    notes: scaled(800),
  }));
  return [big, ...small];
}

export interface ScaleOptions {
  scale: number;
  /** Weeks ahead that are booked already. */
  futureWeeks?: number;
  log: (line: string) => void;
}

export async function seedScale(db: Db, masterKey: Uint8Array, options: ScaleOptions): Promise<void> {
  const existing = await db.selectFrom("practices").select("name")
    .where("name", "like", `%${SCALE_MARK}`).executeTakeFirst();
  if (existing) {
    throw new Error(
      `this database holds the scale data set already ("${existing.name}"). Finalized notes can never be ` +
        `deleted, so the set is not replaced: seed a fresh database (createdb) instead.`,
    );
  }
  const futureWeeks = options.futureWeeks ?? 13;
  const plan = scalePlan(options.scale);
  const total = performance.now();
  const step = async <T>(label: string, task: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await task();
    options.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const sum = (pick: (p: PracticePlan) => number) =>
    plan.reduce((total, p) => total + pick(p), 0).toLocaleString("en-US");
  options.log(
    `${plan.length} practices, ${sum((p) => p.patients)} patients, ` +
      `${sum((p) => p.appointmentsPerPractitioner * p.practitioners)} appointments, ${sum((p) => p.notes)} notes; ` +
      `the largest: ${plan[0].patients.toLocaleString("en-US")} patients, ` +
      `${(plan[0].appointmentsPerPractitioner * plan[0].practitioners).toLocaleString("en-US")} appointments, ` +
      `${plan[0].notes.toLocaleString("en-US")} notes`,
  );

  const practices = await step("practices, teams, rooms, templates", () => seedTeams(db, masterKey, plan));
  // Bulk loading into bare tables; the finally blocks put every index and foreign key back.
  const tables = await step(
    "indexes and foreign keys of patients and appointments dropped",
    () => bareTables(db, ["patients", "appointments"]),
  );
  try {
    await step("patients", async () => {
      for (const [index, practice] of practices.entries()) {
        await insertPatients(db, practice.id, practice.plan.patients, index * 1_000_003);
      }
    });
    await step("appointments", async () => {
      for (const practice of practices) {
        // Five practitioners per statement: no statement holds a million rows at once.
        for (let from = 0; from < practice.staff.length; from += 5) {
          await insertAppointments(db, {
            practiceId: practice.id,
            staff: practice.staff.slice(from, from + 5),
            perPractitioner: practice.plan.appointmentsPerPractitioner,
            futureWeeks,
            createdBy: practice.ownerAccountId,
            staffOffset: from,
          });
        }
      }
    });
  } finally {
    await step(`${tables.indexes} indexes built, ${tables.foreignKeys} foreign keys validated`, () => tables.restore());
  }
  const notes = await step("indexes and foreign keys of notes dropped", () => bareTables(db, ["notes"]));
  try {
    const written = await step("notes (each encrypted with its own id)", async () => {
      let written = 0;
      for (const [index, practice] of practices.entries()) {
        written += await seedNotes(db, masterKey, practice.id, practice.templateIds, practice.plan.notes, index);
      }
      return written;
    });
    // Small practices at a small scale have few past appointments to document.
    options.log(`  ${written.toLocaleString("en-US")} notes written`);
  } finally {
    await step(`${notes.indexes} indexes built, ${notes.foreignKeys} foreign keys validated`, () => notes.restore());
  }
  await step("analyze", async () => {
    await sql`analyze patients`.execute(db);
    await sql`analyze appointments`.execute(db);
    await sql`analyze notes`.execute(db);
  });
  options.log(`scale data set seeded in ${((performance.now() - total) / 1000).toFixed(1)} s`);
  options.log(
    `  weeks of appointments per practitioner in the large practice: ${
      Math.ceil(plan[0].appointmentsPerPractitioner / APPOINTMENTS_PER_DAY / 5)
    } (${futureWeeks} of them ahead)`,
  );
}

interface SeededPractice {
  id: string;
  plan: PracticePlan;
  staff: StaffSlot[];
  ownerAccountId: string;
  templateIds: string[];
}

async function seedTeams(db: Db, masterKey: Uint8Array, plan: PracticePlan[]): Promise<SeededPractice[]> {
  const passwordHash = await hashPassword(SCALE_PASSWORD);
  const termsVersion = (await currentTerms(db))?.version ?? null;
  const now = new Date();
  const practices: SeededPractice[] = [];
  for (const [index, practice] of plan.entries()) {
    const practiceId = crypto.randomUUID();
    const locationIds = await createSeedPractice(db, masterKey, {
      practiceId,
      name: practice.name,
      locations: practice.locations,
    });
    const members = await ensureMembers(db, practiceId, teamSpecs(index, practice), {
      passwordHash,
      termsVersion,
      now,
    });
    const treating = members.filter((m) => m.role === "practitioner" || (practice.ownerTreats && m.role === "owner"));
    const roomIds = await ensureRooms(
      db,
      practiceId,
      treating.map((_, i) => ({ locationId: locationIds[i % locationIds.length], name: `Raum ${i + 1}` })),
    );
    const templates = await ensureTemplates(db, practiceId, members[0].accountId, now);
    // Monday to Friday, 08:00–18:00: the hours the appointments fill.
    await db.insertInto("working_hours").values(treating.flatMap((member, i) =>
      [1, 2, 3, 4, 5].map((weekday) => ({
        practice_id: practiceId,
        practitioner_id: member.membershipId,
        weekday,
        starts_at_minute: 8 * 60,
        ends_at_minute: 18 * 60,
        location_id: locationIds[i % locationIds.length],
        valid_from: "2016-01-01",
        valid_until: null,
      }))
    )).execute();
    practices.push({
      id: practiceId,
      plan: practice,
      staff: treating.map((member, i) => ({
        membershipId: member.membershipId,
        roomId: roomIds[i],
        locationId: locationIds[i % locationIds.length],
      })),
      ownerAccountId: members[0].accountId,
      templateIds: templates.map((t) => t.id),
    });
  }
  return practices;
}

function teamSpecs(index: number, practice: PracticePlan): MemberSpec[] {
  const random = randomGenerator(1000 + index);
  const prefix = `praxis${String(index).padStart(2, "0")}`;
  const person = (title = "") => {
    const given = pick(random, random() < 0.6 ? FEMALE_NAMES : MALE_NAMES);
    return `${title}${given} ${pick(random, FAMILY_NAMES)}`;
  };
  const mail = (local: string) => `${prefix}.${local}@${SCALE_MAIL_DOMAIN}`;
  const specs: MemberSpec[] = [{ email: mail("inhaber"), name: person("Dr. "), role: "owner" }];
  for (let i = 1; i <= practice.practitioners; i++) {
    specs.push({ email: mail(`therapie${String(i).padStart(2, "0")}`), name: person(), role: "practitioner" });
  }
  for (let i = 1; i <= practice.frontDesk; i++) {
    specs.push({ email: mail(`empfang${i}`), name: person(), role: "front_desk" });
  }
  return specs;
}

const NOTE_BATCH = 5_000;

/** Finalized entries for the newest attended appointments, encrypted per entry, in batches. */
async function seedNotes(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  templateIds: string[],
  count: number,
  seed: number,
): Promise<number> {
  const { version, key } = await currentDataKey(db, masterKey, practiceId);
  const seal = await noteSealer(key, practiceId);
  const random = randomGenerator(seed);
  const templates = (await db.selectFrom("note_templates").select(["id", "name"]).where("id", "in", templateIds)
    .execute()).map((row) => ({ id: row.id, text: TEMPLATES_BY_NAME.get(row.name)! }));
  // Entries are written a day after the appointment at the latest: only older ones are final.
  let before = new Date(Date.now() - 86_400_000);
  let written = 0;
  let inserting: Promise<void> = Promise.resolve();
  while (written < count) {
    const fetched = await attendedAppointments(db, practiceId, before, Math.min(NOTE_BATCH, count - written) + 100);
    if (fetched.length === 0) break;
    // Keep whole groups of one start time, so the next batch starts below the last one kept.
    let rows = fetched;
    if (fetched.length > Math.min(NOTE_BATCH, count - written)) {
      const cut = fetched[Math.min(NOTE_BATCH, count - written) - 1].starts_at.getTime();
      rows = fetched.filter((row) => row.starts_at.getTime() > cut);
      if (rows.length === 0) rows = fetched.filter((row) => row.starts_at.getTime() >= cut);
    }
    before = rows.at(-1)!.starts_at;
    rows = rows.slice(0, count - written);
    const sealed = await Promise.all(rows.map(async (row) => {
      // A practitioner writes from one template, so their entries read alike.
      const template = templates[hashOf(row.practitioner_id) % templates.length];
      const id = crypto.randomUUID();
      const ciphertext = await seal(id, noteFields(random, template.text));
      return { id, appointmentId: row.id, templateId: template.id, ciphertextHex: toHex(ciphertext) };
    }));
    await inserting;
    inserting = insertFinalNotes(db, practiceId, version, sealed);
    written += sealed.length;
  }
  await inserting;
  return written;
}

const TEMPLATES_BY_NAME = new Map(TEMPLATE_TEXTS.map((text) => [text.name, text]));

function hashOf(value: string): number {
  let hash = 0;
  for (const char of value) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash;
}
