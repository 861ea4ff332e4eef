// The calendar's views: a colour per practitioner (a key of the Okabe–Ito palette, shown with the
// practitioner's initials beside it) and the last view each member opened, so /calendar opens it again.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table memberships add column calendar_colour text check (calendar_colour in
      ('orange', 'sky', 'green', 'yellow', 'blue', 'vermillion', 'purple', 'grey'))`,
    sql`create table calendar_last_views (
      membership_id uuid primary key references memberships (id),
      practice_id uuid not null references practices (id),
      kind text not null check (kind in ('day', 'week')),
      practitioner_id uuid references memberships (id),
      location_id uuid references locations (id),
      updated_at timestamptz not null default now()
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`drop table calendar_last_views`,
    sql`alter table memberships drop column calendar_colour`,
  ];
  for (const statement of statements) await statement.execute(db);
}
