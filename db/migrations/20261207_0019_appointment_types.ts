// Appointment types: the kinds of appointment a practice offers (name, default duration, a colour
// from a fixed colour-blind-safe palette, a default room, whether bookable online later).
// Appointments and series keep the type they were booked with; a practitioner has a usual type.
// Types are archived, never deleted: past appointments keep theirs.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table appointment_types (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      name text not null check (length(name) between 1 and 60),
      duration_minutes smallint not null check (duration_minutes between 5 and 480),
      colour text not null check (colour in
        ('orange', 'sky', 'green', 'yellow', 'blue', 'vermillion', 'purple', 'grey')),
      default_room_id uuid references rooms (id),
      bookable_online boolean not null default false,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create unique index appointment_types_name on appointment_types (practice_id, lower(name))
      where archived_at is null`,
    sql`alter table appointments add column appointment_type_id uuid references appointment_types (id)`,
    sql`alter table appointment_series add column appointment_type_id uuid references appointment_types (id)`,
    sql`alter table memberships add column usual_appointment_type_id uuid references appointment_types (id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table memberships drop column usual_appointment_type_id`,
    sql`alter table appointment_series drop column appointment_type_id`,
    sql`alter table appointments drop column appointment_type_id`,
    sql`drop table appointment_types`,
  ];
  for (const statement of statements) await statement.execute(db);
}
