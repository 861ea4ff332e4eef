// Documents a practice keeps about a patient (findings, letters, signed consent forms): stored
// in Postgres, encrypted with the practice's data key in chunks of 256 KiB, each chunk sealed
// with associated data naming its document, position and whether it is the last one, so a
// truncated or reordered document fails to decrypt. The file name is sealed too (names often
// carry a diagnosis). Share links give one document to someone outside: only the SHA-256 of
// the link's token is stored, the optional code only as an Argon2id hash. Documents belong to
// the patient record (kept for at least ten years, § 630f BGB): there is no deleting them here.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table documents (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      kind text not null check (kind in ('general', 'consent')),
      file_name_ciphertext bytea not null,
      key_version integer not null,
      content_type text not null
        check (content_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/tiff')),
      byte_size integer not null check (byte_size > 0),
      chunk_count integer not null check (chunk_count > 0),
      uploaded_by uuid not null references accounts (id),
      uploaded_at timestamptz not null default now(),
      unique (id, practice_id),
      foreign key (practice_id, key_version) references practice_keys (practice_id, version)
    )`,
    sql`create index documents_patient on documents (practice_id, patient_id, uploaded_at desc)`,
    sql`create index documents_key_version on documents (practice_id, key_version)`,

    sql`create table document_chunks (
      document_id uuid not null,
      practice_id uuid not null,
      chunk_index integer not null check (chunk_index >= 0),
      key_version integer not null,
      ciphertext bytea not null,
      primary key (document_id, chunk_index),
      foreign key (document_id, practice_id) references documents (id, practice_id),
      foreign key (practice_id, key_version) references practice_keys (practice_id, version)
    )`,
    sql`create index document_chunks_key_version on document_chunks (practice_id, key_version)`,

    sql`create table share_links (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null,
      document_id uuid not null,
      token_hash text not null unique,
      created_by uuid not null references accounts (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      max_uses integer not null check (max_uses between 1 and 20),
      use_count integer not null default 0 check (use_count >= 0 and use_count <= max_uses),
      code_hash text,
      failed_code_attempts integer not null default 0,
      recipient_note text not null default '',
      revoked_at timestamptz,
      revoked_by uuid references accounts (id),
      revoked_reason text check (revoked_reason in ('revoked', 'code_attempts')),
      foreign key (document_id, practice_id) references documents (id, practice_id)
    )`,
    sql`create index share_links_document on share_links (practice_id, document_id, created_at desc)`,

    sql`alter table patient_consents add constraint patient_consents_document_fk
      foreign key (document_id) references documents (id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table patient_consents drop constraint patient_consents_document_fk`,
    sql`drop table share_links`,
    sql`drop table document_chunks`,
    sql`drop table documents`,
  ];
  for (const statement of statements) await statement.execute(db);
}
