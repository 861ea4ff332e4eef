// A check value for the master key: a constant sealed with it at the first start. Every start
// opens it before serving, so a lost or wrong master key stops the start with one clear line
// instead of turning every document and second-factor step into a 500. One row at most.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table master_key_check (
    singleton boolean primary key default true check (singleton),
    sealed bytea not null,
    created_at timestamptz not null default now()
  )`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table master_key_check`.execute(db);
}
