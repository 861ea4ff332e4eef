// Backup runs: one row per attempt, so that several app processes run the daily backup once
// (a unique index admits one running row at a time) and the operator sees when the last good
// backup was taken.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table backup_runs (
    id bigint generated always as identity primary key,
    status text not null check (status in ('running', 'succeeded', 'failed')),
    started_at timestamptz not null,
    finished_at timestamptz,
    trigger text not null check (trigger in ('schedule', 'operator', 'command')),
    file_name text,
    encrypted_bytes bigint,
    encrypted_sha256 text,
    schema_version text,
    failure text
  )`.execute(db);
  await sql`create unique index backup_runs_one_running on backup_runs ((true)) where status = 'running'`
    .execute(db);
  await sql`create index backup_runs_recent on backup_runs (started_at desc)`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table backup_runs`.execute(db);
}
