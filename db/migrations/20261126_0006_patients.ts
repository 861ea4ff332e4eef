// The clinical core starts with the people a practice cares for: patients (Klienten/Patienten)
// with their master data and consent records, searchable by a normalised name (Müller and
// Mueller share one search form) through trigram indexes. Practice data keys get versions so
// they can be rotated; version 1 is the key every practice already has.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create extension if not exists pg_trgm`,
    sql`create extension if not exists btree_gist`,

    sql`alter table practice_keys add column version integer not null default 1`,
    sql`alter table practice_keys add column retired_at timestamptz`,
    sql`alter table practice_keys drop constraint practice_keys_pkey`,
    sql`alter table practice_keys add primary key (practice_id, version)`,

    sql`create table patients (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      family_name text not null,
      given_names text not null,
      title text not null default '',
      date_of_birth date,
      sex text not null default 'unspecified' check (sex in ('female', 'male', 'diverse', 'unspecified')),
      gender_note text not null default '',
      street text not null default '',
      postal_code text not null default '',
      city text not null default '',
      country text not null default 'DE',
      phone text not null default '',
      email text not null default '',
      insurance_kind text not null default 'statutory'
        check (insurance_kind in ('statutory', 'private', 'self_pay', 'other')),
      insurer_name text not null default '',
      insurance_number text not null default '',
      other_payer text not null default '',
      emergency_contact_name text not null default '',
      emergency_contact_phone text not null default '',
      notes text not null default '',
      search_name text not null,
      search_phone text not null default '',
      archived_at timestamptz,
      archived_by uuid references accounts (id),
      created_at timestamptz not null default now(),
      created_by uuid references accounts (id),
      updated_at timestamptz not null default now(),
      updated_by uuid references accounts (id),
      version integer not null default 1
    )`,
    sql`create index patients_search_name_trgm on patients using gin (search_name gin_trgm_ops)`,
    sql`create index patients_practice_name on patients (practice_id, search_name text_pattern_ops)`,
    sql`create index patients_practice_birth on patients (practice_id, date_of_birth)`,
    sql`create index patients_practice_phone on patients (practice_id, search_phone text_pattern_ops)
      where search_phone <> ''`,

    sql`create table patient_consents (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      subject text not null,
      given_on date not null,
      withdrawn_on date,
      document_id uuid,
      recorded_by uuid not null references accounts (id),
      recorded_at timestamptz not null default now()
    )`,
    sql`create index patient_consents_patient on patient_consents (patient_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`drop table patient_consents`,
    sql`drop table patients`,
    sql`delete from practice_keys where version <> 1`,
    sql`alter table practice_keys drop constraint practice_keys_pkey`,
    sql`alter table practice_keys drop column retired_at`,
    sql`alter table practice_keys drop column version`,
    sql`alter table practice_keys add primary key (practice_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
