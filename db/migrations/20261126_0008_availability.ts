// Availability of practitioners: weekly working hours (Berlin wall-clock minutes, so a shift
// from 08:00 stays 08:00 across daylight-saving changes), absences as UTC intervals, and the
// secret calendar feed URLs (only the SHA-256 of the token is stored). The practice decides
// whether feeds carry full patient names.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table working_hours (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      practitioner_id uuid not null references memberships (id),
      weekday smallint not null check (weekday between 1 and 7),
      starts_at_minute smallint not null check (starts_at_minute between 0 and 1439),
      ends_at_minute smallint not null check (ends_at_minute between 1 and 1440),
      location_id uuid references locations (id),
      valid_from date not null,
      valid_until date,
      created_at timestamptz not null default now(),
      check (starts_at_minute < ends_at_minute),
      check (valid_until is null or valid_until >= valid_from)
    )`,
    sql`create index working_hours_practitioner on working_hours (practice_id, practitioner_id, weekday)`,

    sql`create table absences (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      practitioner_id uuid not null references memberships (id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      kind text not null check (kind in ('vacation', 'sick', 'training', 'other')),
      note text not null default '',
      created_by uuid not null references accounts (id),
      created_at timestamptz not null default now(),
      check (starts_at < ends_at)
    )`,
    sql`create index absences_practitioner on absences (practice_id, practitioner_id, starts_at)`,

    sql`create table calendar_feeds (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      practitioner_id uuid not null references memberships (id),
      token_hash bytea not null unique,
      shows text not null default 'busy' check (shows in ('busy', 'initials', 'full_names')),
      created_by uuid not null references accounts (id),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_used_at timestamptz
    )`,
    sql`create index calendar_feeds_practitioner on calendar_feeds (practice_id, practitioner_id)`,

    sql`alter table practices add column calendar_feed_full_names boolean not null default false`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table practices drop column calendar_feed_full_names`,
    sql`drop table calendar_feeds`,
    sql`drop table absences`,
    sql`drop table working_hours`,
  ];
  for (const statement of statements) await statement.execute(db);
}
