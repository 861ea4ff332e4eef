// deno task bench -- reminders: one reminder run of 10,000 due messages on Postgres. A fresh
// database on the local server (BENCH_POSTGRES_URL) gets one practice with 10,000 patients who
// consented to SMS, an appointment each and its reminder due now; then the sending job of two
// "processes" (two connection pools, each running the rounds main.ts runs) sends them to a
// loopback server speaking seven.io's format. It prints the time, the rate, and whether every
// message was claimed and sent exactly once. Measures and prints, never asserts.
import postgres from "postgres";
import { sql } from "kysely";
import { openPostgres } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { deliverAllDue, type RoundReport } from "../db/patient-message-job.ts";
import { createSevenSms } from "../lib/patient-channels/seven-sms.ts";
import { createMemoryLogger } from "../lib/log.ts";
import { systemClock } from "../lib/clock.ts";
import { startSevenServer } from "../tests/support/message-providers.ts";
import { formatTable, note, section } from "./table.ts";

const SERVER_URL = Deno.env.get("BENCH_POSTGRES_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MESSAGES = Number(Deno.env.get("BENCH_REMINDERS") ?? 10_000);
const PROCESSES = 2;

export async function benchmarkReminders() {
  section(`Reminder run: ${MESSAGES.toLocaleString("en")} due SMS reminders on Postgres, ${PROCESSES} senders`);
  const name = `kartei_bench_reminders_${Date.now()}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const seven = startSevenServer("bench-seven-key-01");
  const handles = Array.from({ length: PROCESSES }, () => openPostgres(url.href));
  try {
    const db = handles[0].db;
    await migrateToLatest(db);
    const seeded = performance.now();
    await seed(db, MESSAGES);
    note(`seeded ${MESSAGES} patients, consents, appointments and due reminders in ${ms(performance.now() - seeded)}`);

    const channels = {
      sms: createSevenSms({ apiKey: "bench-seven-key-01", from: "Praxis", baseUrl: seven.url, timeoutMs: 30_000 }),
    };
    const log = createMemoryLogger();
    const started = performance.now();
    const reports: RoundReport[] = await Promise.all(
      handles.map((handle) =>
        deliverAllDue(handle.db, channels, systemClock, log, {
          leaseMs: 300_000,
          baseUrl: new URL("https://praxis.example"),
          batch: 50,
        })
      ),
    );
    const elapsed = performance.now() - started;

    const recipients = new Map<string, number>();
    for (const request of seven.requests) recipients.set(request.form.to, (recipients.get(request.form.to) ?? 0) + 1);
    const twice = [...recipients.values()].filter((count) => count > 1).length;
    const outcome = await sql<{ status: string; attempts: number; n: string }>`
      select status, attempts, count(*) as n from patient_messages group by 1, 2 order by 1, 2`.execute(db);
    console.log(formatTable(
      ["sender", "claimed", "delivered", "retried", "failed"],
      reports.map((r, i) => [`process ${i + 1}`, r.claimed, r.delivered, r.retried, r.failed]),
    ));
    console.log(formatTable(
      ["", "value"],
      [
        ["time for the run", ms(elapsed)],
        ["messages per second", Math.round(MESSAGES / (elapsed / 1000))],
        ["SMS the provider received", seven.requests.length],
        ["recipients who got more than one", twice],
        ["claimed in total (both senders)", reports.reduce((sum, r) => sum + r.claimed, 0)],
        ["rows by status/attempts", outcome.rows.map((r) => `${r.status}/${r.attempts}: ${r.n}`).join(", ")],
      ],
    ));
    note(
      "each claim is one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT 50); the sends of a batch go 4 at a time",
    );
  } finally {
    await Promise.all(handles.map((handle) => handle.close()));
    await seven.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

function ms(value: number) {
  return `${Math.round(value).toLocaleString("en")} ms`;
}

async function seed(db: ReturnType<typeof openPostgres>["db"], count: number) {
  const practice = await db.insertInto("practices").values({ name: "Praxis Erinnerungstest" }).returning("id")
    .executeTakeFirstOrThrow();
  const location = await db.insertInto("locations").values({
    practice_id: practice.id,
    name: "Hauptpraxis",
    address: "Lindenplatz 2, 36037 Fulda",
  }).returning("id").executeTakeFirstOrThrow();
  const account = await db.insertInto("accounts").values({
    email: "behandlerin@erinnerung.example",
    name: "Dr. Eva Inhaber",
    password_hash: "unused",
    status: "active",
    language: "de",
  }).returning("id").executeTakeFirstOrThrow();
  const membership = await db.insertInto("memberships").values({
    practice_id: practice.id,
    account_id: account.id,
    role: "owner",
  }).returning("id").executeTakeFirstOrThrow();
  // No quiet hours: the run measures sending, whatever the hour.
  await db.insertInto("practice_message_settings").values({
    practice_id: practice.id,
    quiet_from_minute: 0,
    quiet_until_minute: 0,
    updated_at: new Date(),
  }).execute();
  await sql`insert into patients (practice_id, family_name, given_names, search_name, phone)
    select ${practice.id}, 'Patient', 'Nummer ' || n, 'patient nummer ' || n, '+49170' || lpad(n::text, 7, '0')
    from generate_series(1, ${count}) n`.execute(db);
  await sql`insert into patient_channel_consents (practice_id, patient_id, channel, given_on, recorded_by)
    select practice_id, id, 'sms', date '2026-01-01', ${account.id} from patients where practice_id = ${practice.id}`
    .execute(db);
  await sql`insert into appointments (practice_id, location_id, practitioner_id, patient_id, starts_at, ends_at,
      conflict_allowed)
    select practice_id, ${location.id}, ${membership.id}, id,
      now() + interval '2 hours' + (row_number() over (order by id)) * interval '1 minute',
      now() + interval '2 hours 30 minutes' + (row_number() over (order by id)) * interval '1 minute', true
    from patients where practice_id = ${practice.id}`.execute(db);
  await sql`insert into patient_messages (practice_id, patient_id, appointment_id, kind, channel, reminder_for,
      due_at, created_at)
    select practice_id, patient_id, id, 'reminder', 'sms', starts_at, now() - interval '1 second', now()
    from appointments where practice_id = ${practice.id}`.execute(db);
  await sql`analyze`.execute(db);
}

if (import.meta.main) await benchmarkReminders();
