// Free-slot computation for the online booking page: 10 practitioners with working hours on
// weekdays (08–12, 13–18), a vacation week each for two of them, two thirds of their time
// booked, over the page's whole window of 8 weeks. Measures the whole call the page makes
// (bookingOffer + freeOnlineSlots: the queries and the sweep) and the sweep alone, on embedded
// PGlite in memory and, with TEST_DATABASE_URL or BENCH_POSTGRES_URL, on a Postgres server.
import { sql } from "kysely";
import type { Db } from "../db/database.ts";
import { openInMemory, openPostgres } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { bookingOffer, freeOnlineSlots } from "../db/online-booking.ts";
import { availabilityFor } from "../db/working-hours.ts";
import { slotsBetween } from "../lib/free-slots.ts";
import { addDays, isoWeekday, startOfBerlinDay } from "../lib/berlin-time.ts";
import { berlinDate } from "../lib/clock.ts";
import { summarizeLatencies } from "./load.ts";
import { formatTable, note, section } from "./table.ts";

const PRACTITIONERS = 10;
const WEEKS = 8;
const RUNS = 60;

async function seed(db: Db, now: Date) {
  const practice = await db.insertInto("practices").values({ name: `Bench ${crypto.randomUUID()}` })
    .returning("id").executeTakeFirstOrThrow();
  const location = await db.insertInto("locations").values({ practice_id: practice.id, name: "Praxis" })
    .returning("id").executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let i = 0; i < PRACTITIONERS; i++) {
    const account = await db.insertInto("accounts").values({
      email: `bench.${crypto.randomUUID()}@example.org`,
      name: `Behandler ${i}`,
      password_hash: "x",
      status: "active",
      language: "de",
    }).returning("id").executeTakeFirstOrThrow();
    const membership = await db.insertInto("memberships").values({
      practice_id: practice.id,
      account_id: account.id,
      role: "practitioner",
      areas: [],
    }).returning("id").executeTakeFirstOrThrow();
    ids.push(membership.id);
    for (let weekday = 1; weekday <= 5; weekday++) {
      for (const [start, end] of [[480, 720], [780, 1080]]) {
        await db.insertInto("working_hours").values({
          practice_id: practice.id,
          practitioner_id: membership.id,
          weekday,
          starts_at_minute: start,
          ends_at_minute: end,
          valid_from: "2020-01-01",
        }).execute();
      }
    }
  }
  // Two of three half-hours booked, in random places; two practitioners away for a week.
  const today = berlinDate(now);
  const rows = [];
  for (const id of ids) {
    for (let day = 0; day < WEEKS * 7; day++) {
      const date = addDays(today, day);
      if (isoWeekday(date) > 5) continue;
      const start = startOfBerlinDay(date).getTime();
      for (let half = 16; half < 36; half++) {
        if (half === 24 || half === 25 || Math.random() > 2 / 3) continue;
        const startsAt = new Date(start + half * 30 * 60_000);
        rows.push({
          practice_id: practice.id,
          location_id: location.id,
          practitioner_id: id,
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + 30 * 60_000),
          updated_at: now,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto("appointments").values(rows.slice(i, i + 1000)).execute();
  }
  for (const id of ids.slice(0, 2)) {
    await db.insertInto("absences").values({
      practice_id: practice.id,
      practitioner_id: id,
      starts_at: startOfBerlinDay(addDays(today, 14)),
      ends_at: startOfBerlinDay(addDays(today, 21)),
      kind: "vacation",
      created_by:
        (await db.selectFrom("memberships").select("account_id").where("id", "=", id).executeTakeFirstOrThrow())
          .account_id,
    }).execute();
  }
  await db.insertInto("appointment_types").values({
    practice_id: practice.id,
    name: "Erstgespräch",
    duration_minutes: 30,
    colour: "blue",
    bookable_online: true,
    updated_at: now,
  }).execute();
  await sql`analyze`.execute(db);
  return { practiceId: practice.id, ids, appointments: rows.length };
}

async function measure(db: Db, label: string) {
  const now = new Date();
  const { practiceId, ids, appointments } = await seed(db, now);
  const from = new Date(now.getTime() + 24 * 3_600_000);
  const to = new Date(now.getTime() + WEEKS * 7 * 86_400_000);
  const whole: number[] = [];
  const sweep: number[] = [];
  let slots = 0;
  const availability = await availabilityFor(db, practiceId, ids, from, to);
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const offer = await bookingOffer(db, practiceId, now);
    slots = (await freeOnlineSlots(db, practiceId, offer, {
      durationMinutes: 30,
      practitionerIds: offer.practitioners.map((p) => p.id),
      locationId: null,
      from,
      to,
    })).length;
    whole.push(performance.now() - started);
    const pure = performance.now();
    for (const id of ids) {
      const hours = availability.get(id)!;
      slotsBetween(hours.working, hours.absences, 30, from, to, 30);
    }
    sweep.push(performance.now() - pure);
  }
  const a = summarizeLatencies(whole.slice(5));
  const b = summarizeLatencies(sweep.slice(5));
  return [
    [`${label}: page's computation (queries + sweep)`, a.p50Ms, a.p95Ms, a.maxMs],
    [`${label}: sweep alone (10 practitioners)`, b.p50Ms, b.p95Ms, b.maxMs],
    [`${label}: ${appointments} appointments, ${slots} free slots`, NaN, NaN, NaN],
  ];
}

export async function benchmarkFreeSlots() {
  section(`Free slots: ${PRACTITIONERS} practitioners × ${WEEKS} weeks, ${RUNS - 5} runs after 5 warm-ups`);
  const rows = [];
  const embedded = await openInMemory();
  try {
    await migrateToLatest(embedded.db);
    rows.push(...await measure(embedded.db, "PGlite"));
  } finally {
    await embedded.close();
  }
  const url = Deno.env.get("BENCH_POSTGRES_URL") ?? Deno.env.get("TEST_DATABASE_URL");
  if (url) {
    // A database of its own, dropped at the end: the server's other databases stay as they were.
    const name = `kartei_bench_slots_${crypto.randomUUID().slice(0, 8)}`;
    const admin = openPostgres(url);
    await sql.raw(`create database ${name}`).execute(admin.db);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const server = openPostgres(target.href);
    try {
      await migrateToLatest(server.db);
      rows.push(...await measure(server.db, "Postgres"));
    } finally {
      await server.close();
      await sql.raw(`drop database ${name}`).execute(admin.db);
      await admin.close();
    }
  } else note("set BENCH_POSTGRES_URL for the same on a Postgres server");
  console.log(formatTable(["what", "p50 ms", "p95 ms", "max ms"], rows));
}

if (import.meta.main) await benchmarkFreeSlots();
