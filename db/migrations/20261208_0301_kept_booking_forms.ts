// Kept booking forms: what a person typed into a booking form posted without JavaScript that
// did not book (refused, or shown again after a search), with its messages, kept for a few hours
// so that the POST answers with a redirect to a page that shows it (a reload then repeats a GET,
// never the POST). Scoped to the session and its practice.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table kept_booking_forms (
    id uuid primary key default gen_random_uuid(),
    practice_id uuid not null references practices (id) on delete cascade,
    session_id uuid not null references sessions (id) on delete cascade,
    form text not null,
    errors text not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index kept_booking_forms_age on kept_booking_forms (created_at)`.execute(db);
  await sql`create index kept_booking_forms_session on kept_booking_forms (session_id)`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table kept_booking_forms`.execute(db);
}
