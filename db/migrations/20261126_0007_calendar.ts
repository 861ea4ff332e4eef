// The calendar: rooms at a location, recurring appointment series and the appointments
// themselves. Times are UTC (timestamptz); a series keeps its rule in Europe/Berlin local terms
// (weekday and wall-clock time) so it stays at 09:00 across daylight-saving changes.
// An appointment lasts at most 12 hours, which lets the week view find every appointment that
// overlaps a range through a plain B-tree range on starts_at (starts_at >= from - 12 h).
// The GiST indexes answer the overlap question of the conflict check per practitioner and room.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table rooms (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      location_id uuid not null references locations (id),
      name text not null,
      archived_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    sql`create index rooms_practice on rooms (practice_id, location_id)`,

    sql`create table appointment_series (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      location_id uuid not null references locations (id),
      practitioner_id uuid not null references memberships (id),
      room_id uuid references rooms (id),
      patient_id uuid references patients (id),
      title text not null default '',
      first_date date not null,
      local_start_time time not null,
      duration_minutes integer not null check (duration_minutes between 5 and 720),
      interval_weeks integer not null check (interval_weeks between 1 and 52),
      until_date date,
      occurrence_count integer check (occurrence_count between 1 and 100),
      ended_on date,
      created_by uuid references accounts (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check (until_date is not null or occurrence_count is not null)
    )`,
    sql`create index appointment_series_practice on appointment_series (practice_id)`,

    sql`create table appointments (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      location_id uuid not null references locations (id),
      practitioner_id uuid not null references memberships (id),
      room_id uuid references rooms (id),
      patient_id uuid references patients (id),
      title text not null default '',
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null default 'booked' check (status in ('booked', 'attended', 'no_show', 'cancelled')),
      cancel_reason text,
      cancelled_at timestamptz,
      series_id uuid references appointment_series (id),
      series_exception boolean not null default false,
      conflict_allowed boolean not null default false,
      created_by uuid references accounts (id),
      created_at timestamptz not null default now(),
      updated_by uuid references accounts (id),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check (ends_at > starts_at and ends_at <= starts_at + interval '12 hours'),
      check ((status = 'cancelled') = (cancelled_at is not null))
    )`,
    // Week/day views: practice-wide (combined) and per practitioner, ranges on starts_at.
    sql`create index appointments_practice_start on appointments (practice_id, starts_at)`,
    sql`create index appointments_practitioner_start on appointments (practitioner_id, starts_at)`,
    sql`create index appointments_patient_start on appointments (patient_id, starts_at) where patient_id is not null`,
    sql`create index appointments_series on appointments (series_id, starts_at) where series_id is not null`,
    // Conflict checks: overlapping live appointments of one practitioner or one room.
    sql`create index appointments_practitioner_during on appointments
      using gist (practitioner_id, tstzrange(starts_at, ends_at)) where status <> 'cancelled'`,
    sql`create index appointments_room_during on appointments
      using gist (room_id, tstzrange(starts_at, ends_at)) where status <> 'cancelled' and room_id is not null`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`drop table appointments`,
    sql`drop table appointment_series`,
    sql`drop table rooms`,
  ];
  for (const statement of statements) await statement.execute(db);
}
