// Refused bookings: what a person typed into a booking form that was refused, with the messages,
// kept for a few hours so that the refusal can answer with a redirect to a page that shows them
// (a reload then repeats a GET, never the POST). Scoped to the session and its practice.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table refused_bookings (
    id uuid primary key default gen_random_uuid(),
    practice_id uuid not null references practices (id) on delete cascade,
    session_id uuid not null references sessions (id) on delete cascade,
    form text not null,
    errors text not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index refused_bookings_age on refused_bookings (practice_id, created_at)`.execute(db);
  await sql`create index refused_bookings_session on refused_bookings (session_id)`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table refused_bookings`.execute(db);
}
