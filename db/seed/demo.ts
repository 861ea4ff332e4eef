// `deno task seed`: the demo practice (KARTEI_DEMO's "Demo-Praxis am Lindenplatz") filled as a
// practice after a year of work: a team (owner, three practitioners, front desk; every demo
// account signs in with the published demo password), rooms, working hours, ~300 patients, nine
// months of past and three of coming appointments, documentation and a few documents. A second
// run keeps what is there (finalized entries can never be deleted) and only books the weeks that
// have come into the three-month window since.
import type { Db } from "../database.ts";
import { DEMO_EMAIL, DEMO_PASSWORD, ensureDemoPractice } from "../demo-practice.ts";
import { currentDataKey } from "../practice-keys.ts";
import { currentTerms } from "../terms.ts";
import { appendAuditEvent } from "../audit.ts";
import { hashPassword, verifyPassword } from "../../lib/password.ts";
import { createWrappedDataKey } from "../../lib/envelope-encryption.ts";
import { addDays, berlinParts } from "../../lib/berlin-time.ts";
import { randomGenerator } from "./clinical-texts.ts";
import { demoPatient, insertDemoPatients } from "./demo-patients.ts";
import { seedSchedule, type Treating } from "./demo-schedule.ts";
import { generatePublicId } from "../../lib/secret-token.ts";
import { seedDocuments } from "./demo-documents.ts";
import { seedDemoBilling } from "./demo-billing.ts";
import {
  ensureAppointmentTypes,
  ensureCalendarColour,
  ensureLocations,
  ensureMembers,
  ensureRooms,
  ensureTemplates,
  ensureUsualType,
  type MemberSpec,
} from "./team.ts";

export const DEMO_TEAM: MemberSpec[] = [
  { email: "demo.physio@kartei.example", name: "Lea Sommer (Demo)", role: "practitioner" },
  { email: "demo.psychotherapie@kartei.example", name: "Jonas Albrecht (Demo)", role: "practitioner" },
  { email: "demo.naturheilkunde@kartei.example", name: "Miriam Kaya (Demo)", role: "practitioner" },
  { email: "demo.empfang@kartei.example", name: "Sandra Vogel (Demo)", role: "front_desk" },
];

export interface DemoOptions {
  patients: number;
  weeksBack: number;
  weeksAhead: number;
  documents: number;
  /** Issued invoices a month over the past year (0: none). */
  invoicesPerMonth: number;
  now: Date;
  termsVersion: string;
  log: (line: string) => void;
}

export const DEMO_DEFAULTS = { patients: 300, weeksBack: 39, weeksAhead: 13, documents: 12, invoicesPerMonth: 12 };

export async function seedDemo(db: Db, masterKey: Uint8Array, options: DemoOptions) {
  const { now, log } = options;
  const passwordHash = await demoPasswordHash(db);
  const practiceId = crypto.randomUUID();
  const created = await ensureDemoPractice(db, {
    practiceId,
    passwordHash,
    wrappedDataKey: await createWrappedDataKey(masterKey, `practice:${practiceId}`),
    termsVersion: options.termsVersion,
    now,
  });
  const owner = await db.selectFrom("accounts").innerJoin("memberships", "memberships.account_id", "accounts.id")
    .select(["accounts.id as accountId", "memberships.id as membershipId", "memberships.practice_id as practiceId"])
    .where("accounts.email", "=", DEMO_EMAIL).where("memberships.role", "=", "owner")
    .executeTakeFirstOrThrow();
  log(created ? `demo practice created (${DEMO_EMAIL})` : `demo practice present (${DEMO_EMAIL})`);

  const [main, branch] = await ensureLocations(db, owner.practiceId, ["Hauptpraxis", "Zweigpraxis Wilhelmshöhe"]);
  const team = await ensureMembers(db, owner.practiceId, DEMO_TEAM, {
    passwordHash,
    termsVersion: (await currentTerms(db))?.version ?? options.termsVersion,
    now,
  });
  const [physio, psycho, naturo] = team;
  const rooms = await ensureRooms(db, owner.practiceId, [
    { locationId: main, name: "Behandlungsraum 1" },
    { locationId: main, name: "Gymnastikraum" },
    { locationId: main, name: "Gesprächsraum" },
    { locationId: branch, name: "Behandlungsraum Wilhelmshöhe" },
  ]);
  // The kinds of appointment; each practitioner's usual one has the length they book.
  const [treatment, , checkup, gymnastics, talk, naturopathy] = await ensureAppointmentTypes(db, owner.practiceId, [
    { name: "Behandlung", minutes: 45, colour: "blue", roomId: rooms[0] },
    { name: "Erstanamnese", minutes: 90, colour: "orange", roomId: rooms[0] },
    { name: "Kontrolle", minutes: 20, colour: "green", roomId: null },
    { name: "Krankengymnastik", minutes: 30, colour: "sky", roomId: rooms[1] },
    { name: "Gesprächstherapie", minutes: 50, colour: "purple", roomId: rooms[2] },
    { name: "Naturheilkundliche Behandlung", minutes: 45, colour: "vermillion", roomId: rooms[3] },
  ]);
  const [physioTemplate, psychoTemplate, naturoTemplate] = await ensureTemplates(
    db,
    owner.practiceId,
    owner.accountId,
    now,
  );
  const treatingSpecs = [
    {
      m: { accountId: owner.accountId, membershipId: owner.membershipId },
      location: main,
      room: rooms[0],
      minutes: 45,
      gap: 15,
      template: naturoTemplate,
      type: treatment,
    },
    { m: physio, location: main, room: rooms[1], minutes: 30, gap: 0, template: physioTemplate, type: gymnastics },
    { m: psycho, location: main, room: rooms[2], minutes: 50, gap: 10, template: psychoTemplate, type: talk },
    { m: naturo, location: branch, room: rooms[3], minutes: 45, gap: 15, template: naturoTemplate, type: naturopathy },
  ];
  for (const t of treatingSpecs) await ensureUsualType(db, t.m.membershipId, t.type);
  // Each practitioner's own colour in the calendar (always shown with their initials and name).
  const colours = ["blue", "green", "purple", "orange"] as const;
  for (const [i, t] of treatingSpecs.entries()) await ensureCalendarColour(db, t.m.membershipId, colours[i]);
  await ensureWorkingHours(
    db,
    owner.practiceId,
    treatingSpecs.map((t) => ({ membershipId: t.m.membershipId, locationId: t.location })),
    now,
  );

  // Online booking on (the practice confirms each booking), for a check-up and physiotherapy.
  await db.updateTable("appointment_types").set({ bookable_online: true })
    .where("id", "in", [checkup, gymnastics]).execute();
  await db.insertInto("online_booking_settings")
    .values({ practice_id: owner.practiceId, public_id: generatePublicId(), enabled: true, updated_at: now })
    .onConflict((oc) => oc.column("practice_id").doNothing()).execute();
  const booking = await db.selectFrom("online_booking_settings").select("public_id")
    .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow();
  log(`  online booking at /buchen/${booking.public_id}`);

  const today = berlinParts(now).date;
  const lastDay = addDays(today, 7 * options.weeksAhead);
  const existing = await db.selectFrom("patients").select(["id"]).where("practice_id", "=", owner.practiceId)
    .orderBy("created_at").orderBy("id").execute();
  const random = randomGenerator(now.getTime() % 2_147_483_647);
  let patientIds = existing.map((row) => row.id);
  let fromDate = addDays(today, -7 * options.weeksBack);
  const firstRun = patientIds.length === 0;
  if (firstRun) {
    const rows = Array.from(
      { length: options.patients },
      () => demoPatient(random, owner.practiceId, owner.accountId, now),
    );
    patientIds = await insertDemoPatients(db, rows);
    log(`  ${patientIds.length} patients`);
  } else {
    const latest = await db.selectFrom("appointments").select((eb) => eb.fn.max("starts_at").as("latest"))
      .where("practice_id", "=", owner.practiceId).executeTakeFirst();
    fromDate = latest?.latest ? addDays(berlinParts(latest.latest).date, 1) : today;
    log(`  ${patientIds.length} patients present; booking from ${fromDate} on`);
  }

  let scheduled = { appointments: 0, series: 0, notes: 0 };
  if (fromDate <= lastDay) {
    scheduled = await seedSchedule(db, {
      practiceId: owner.practiceId,
      treating: treatingSpecs.map((t, i): Treating => ({
        membershipId: t.m.membershipId,
        accountId: t.m.accountId,
        locationId: t.location,
        roomId: t.room,
        appointmentTypeId: t.type,
        durationMinutes: t.minutes,
        gapMinutes: t.gap,
        template: t.template,
        // Each practitioner sees their own third of the patients, and shares some.
        patientIds: patientIds.filter((_, p) => p % 3 === i % 3 || p % 7 === 0),
      })),
      fromDate,
      toDate: lastDay,
      now,
      random,
      createdBy: owner.accountId,
      dataKey: await currentDataKey(db, masterKey, owner.practiceId),
      withSeriesAndHolidays: firstRun,
    });
  }
  log(`  ${scheduled.appointments} appointments (${scheduled.series} weekly series), ${scheduled.notes} notes`);

  let documents = 0;
  if (firstRun) {
    documents = await seedDocuments(db, masterKey, {
      practiceId: owner.practiceId,
      owner,
      patientIds: patientIds.slice(0, options.documents),
      now,
    });
    log(`  ${documents} documents`);
  }
  let billing = { invoices: 0, payments: 0, cancellations: 0, dunningLetters: 0 };
  if (firstRun && options.invoicesPerMonth) {
    billing = await seedDemoBilling(db, {
      scope: { ...owner, role: "owner", areas: [] },
      patientIds,
      today,
      now,
      invoicesPerMonth: options.invoicesPerMonth,
      random,
    });
    log(
      `  ${billing.invoices} invoices, ${billing.payments} payments, ${billing.cancellations} cancellations, ` +
        `${billing.dunningLetters} dunning letters`,
    );
  }
  await db.transaction().execute((trx) =>
    appendAuditEvent(trx, {
      practiceId: owner.practiceId,
      action: "practice.demo_seeded",
      actorAccountId: owner.accountId,
      subjectType: "practice",
      subjectId: owner.practiceId,
      occurredAt: now,
      details: {
        patients: firstRun ? patientIds.length : 0,
        appointments: scheduled.appointments,
        notes: scheduled.notes,
        documents,
        invoices: billing.invoices,
      },
    })
  );
  return { practiceId: owner.practiceId, patients: patientIds.length, ...scheduled, documents, ...billing };
}

/** The demo owner's stored hash when it is the demo password's (so all demo accounts share it), else a new one. */
async function demoPasswordHash(db: Db): Promise<string> {
  const owner = await db.selectFrom("accounts").select("password_hash").where("email", "=", DEMO_EMAIL)
    .executeTakeFirst();
  if (owner && await verifyPassword(owner.password_hash, DEMO_PASSWORD)) return owner.password_hash;
  return await hashPassword(DEMO_PASSWORD);
}

/** Monday to Friday, 08:00–17:00 at their location, for practitioners who have no working hours yet. */
async function ensureWorkingHours(
  db: Db,
  practiceId: string,
  practitioners: { membershipId: string; locationId: string }[],
  now: Date,
) {
  for (const practitioner of practitioners) {
    const any = await db.selectFrom("working_hours").select("id").where("practice_id", "=", practiceId)
      .where("practitioner_id", "=", practitioner.membershipId).executeTakeFirst();
    if (any) continue;
    await db.insertInto("working_hours").values([1, 2, 3, 4, 5].map((weekday) => ({
      practice_id: practiceId,
      practitioner_id: practitioner.membershipId,
      weekday,
      starts_at_minute: 8 * 60,
      ends_at_minute: 17 * 60,
      location_id: practitioner.locationId,
      valid_from: addDays(berlinParts(now).date, -400),
      valid_until: null,
    }))).execute();
  }
}
