// The column mapping a practice last imported patients with: the next file from the same
// program is mapped the same way. One row per practice.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table patient_import_mappings (
    practice_id uuid primary key references practices (id) on delete cascade,
    mapping jsonb not null,
    updated_at timestamptz not null
  )`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table patient_import_mappings`.execute(db);
}
