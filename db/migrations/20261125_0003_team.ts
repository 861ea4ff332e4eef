// The practice team: locations (Betriebsstätten), memberships that can be limited to some
// locations, locked, or end on a date, and the areas an outside party (third party) is granted.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table locations (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      name text not null,
      address text not null default '',
      created_at timestamptz not null default now(),
      unique (practice_id, name)
    )`,
    sql`insert into locations (practice_id, name) select id, 'Hauptpraxis' from practices`,
    sql`alter table memberships
      add column status text not null default 'active' check (status in ('active', 'locked')),
      add column locked_at timestamptz,
      add column locked_reason text,
      add column ends_on date,
      add column areas text[] not null default '{}',
      add column all_locations boolean not null default true,
      add constraint memberships_third_party_ends check (role <> 'third_party' or ends_on is not null)`,
    sql`create table membership_locations (
      membership_id uuid not null references memberships (id) on delete cascade,
      location_id uuid not null references locations (id),
      primary key (membership_id, location_id)
    )`,
    sql`create index membership_locations_location on membership_locations (location_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (
    const statement of [
      sql`drop table membership_locations`,
      sql`alter table memberships drop constraint memberships_third_party_ends, drop column status,
        drop column locked_at, drop column locked_reason, drop column ends_on, drop column areas,
        drop column all_locations`,
      sql`drop table locations`,
    ]
  ) await statement.execute(db);
}
