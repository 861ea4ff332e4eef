// Online booking: the practice's settings (off until the owner enables it), booking and
// waiting-list requests confirmed by a mailed code or link (double opt-in), offers of a freed
// slot to the waiting list, appointment proposals (Terminzettel) a patient confirms by link,
// and pending patients (created by a booking, confirmed or merged by the practice).
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table online_booking_settings (
      practice_id uuid primary key references practices (id),
      public_id text not null unique check (public_id ~ '^[a-z2-7]{26}$'),
      enabled boolean not null default false,
      auto_confirm boolean not null default false,
      lead_hours smallint not null default 24 check (lead_hours between 0 and 720),
      horizon_weeks smallint not null default 8 check (horizon_weeks between 1 and 52),
      birth_date_required boolean not null default false,
      frame_origin text check (frame_origin is null or frame_origin ~ '^https://[a-z0-9.-]+(:[0-9]{1,5})?$'),
      updated_at timestamptz not null default now()
    )`,
    sql`alter table patients add column pending_since timestamptz`,
    sql`create index patients_pending on patients (practice_id) where pending_since is not null`,
    sql`create table booking_requests (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      flow_id text not null unique,
      kind text not null check (kind in ('booking', 'waiting_list')),
      code_hash text not null,
      link_hash text not null unique,
      code_attempts smallint not null default 0,
      status text not null default 'unconfirmed'
        check (status in ('unconfirmed', 'held', 'confirmed', 'declined', 'taken', 'waiting', 'done')),
      appointment_type_id uuid not null references appointment_types (id),
      practitioner_id uuid references memberships (id),
      location_id uuid references locations (id),
      starts_at timestamptz,
      ends_at timestamptz,
      family_name text not null,
      given_names text not null,
      email text not null,
      phone text not null default '',
      date_of_birth date,
      language text not null,
      patient_id uuid references patients (id),
      appointment_id uuid references appointments (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      confirmed_at timestamptz,
      decided_at timestamptz,
      check (kind = 'waiting_list' or (starts_at is not null and ends_at > starts_at and practitioner_id is not null))
    )`,
    sql`create index booking_requests_email on booking_requests (practice_id, lower(email), created_at)`,
    sql`create index booking_requests_status on booking_requests (practice_id, status, created_at)`,
    sql`create table slot_offers (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      request_id uuid not null references booking_requests (id),
      token_hash text not null unique,
      practitioner_id uuid not null references memberships (id),
      location_id uuid not null references locations (id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'taken', 'lost')),
      offered_at timestamptz not null,
      expires_at timestamptz not null
    )`,
    sql`create index slot_offers_request on slot_offers (request_id)`,
    sql`create table appointment_proposals (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      appointment_type_id uuid not null references appointment_types (id),
      token_hash text not null unique,
      status text not null default 'open' check (status in ('open', 'confirmed', 'withdrawn')),
      expires_at timestamptz not null,
      appointment_id uuid references appointments (id),
      created_by uuid not null references accounts (id),
      created_at timestamptz not null,
      decided_at timestamptz
    )`,
    sql`create index appointment_proposals_practice on appointment_proposals (practice_id, created_at)`,
    sql`create table proposal_slots (
      id uuid primary key default gen_random_uuid(),
      proposal_id uuid not null references appointment_proposals (id),
      practitioner_id uuid not null references memberships (id),
      location_id uuid not null references locations (id),
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at)
    )`,
    sql`create index proposal_slots_proposal on proposal_slots (proposal_id)`,
    sql`create index proposal_slots_time on proposal_slots (practitioner_id, starts_at)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`drop table proposal_slots`,
    sql`drop table appointment_proposals`,
    sql`drop table slot_offers`,
    sql`drop table booking_requests`,
    sql`alter table patients drop column pending_since`,
    sql`drop table online_booking_settings`,
  ];
  for (const statement of statements) await statement.execute(db);
}
