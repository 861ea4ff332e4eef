// Uploads in progress: an upload's encrypted chunks are written here while its body streams in
// (one short statement per 256 KiB chunk, no transaction held open for the length of a slow
// upload), and moved into document_chunks by the transaction that creates the document. A
// refused or broken upload deletes its rows; rows an ended process left behind are cleared by
// the housekeeping job. Chunks are sealed exactly as they will stay (the future document's id).
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table document_upload_chunks (
    upload_id uuid not null,
    practice_id uuid not null references practices (id),
    chunk_index integer not null check (chunk_index >= 0),
    key_version integer not null,
    ciphertext bytea not null,
    staged_at timestamptz not null default now(),
    primary key (upload_id, chunk_index),
    foreign key (practice_id, key_version) references practice_keys (practice_id, version)
  )`.execute(db);
  await sql`create index document_upload_chunks_staged_at on document_upload_chunks (staged_at)`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table document_upload_chunks`.execute(db);
}
