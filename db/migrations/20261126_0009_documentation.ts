// Documentation (Dokumentation): entries per patient written from practice-defined templates,
// optionally tied to an appointment. An entry is a draft until it is finalized (festgeschrieben),
// by its author or automatically after the practice's period; from then on the database itself
// refuses to change or delete it. Corrections are amendments, which are immutable too.
//
// The one narrow exception is key rotation (db/key-rotation.ts): inside a transaction that ran
// `select set_config('kartei.key_rotation', 'on', true)`, an UPDATE of a finalized entry or of
// an amendment may change content_ciphertext and key_version, and nothing else, and only to a
// newer key version (so not even rotation mode can put other content under the same key).
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table practices add column notes_finalize_after_hours integer not null default 24
      check (notes_finalize_after_hours between 1 and 720)`,

    sql`create table note_templates (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      name text not null,
      headings text[] not null check (cardinality(headings) between 1 and 30),
      archived_at timestamptz,
      created_by uuid not null references accounts (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create index note_templates_practice on note_templates (practice_id, name)`,

    sql`create table notes (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      appointment_id uuid references appointments (id),
      template_id uuid references note_templates (id),
      title text not null,
      author_id uuid not null references accounts (id),
      status text not null default 'draft' check (status in ('draft', 'final')),
      content_ciphertext bytea not null,
      key_version integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finalize_due_at timestamptz not null,
      finalized_at timestamptz,
      finalized_by uuid references accounts (id),
      version integer not null default 1,
      check ((status = 'final') = (finalized_at is not null))
    )`,
    sql`create index notes_patient on notes (practice_id, patient_id, created_at desc)`,
    sql`create index notes_due on notes (finalize_due_at) where status = 'draft'`,
    sql`create index notes_key_version on notes (practice_id, key_version)`,

    sql`create table note_amendments (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      note_id uuid not null references notes (id),
      author_id uuid not null references accounts (id),
      content_ciphertext bytea not null,
      key_version integer not null,
      created_at timestamptz not null default now()
    )`,
    sql`create index note_amendments_note on note_amendments (note_id, created_at)`,
    sql`create index note_amendments_key_version on note_amendments (practice_id, key_version)`,

    sql`
      create function notes_guard_change() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.status = 'final' then
            raise exception 'a finalized documentation entry can never be deleted'
              using errcode = 'insufficient_privilege';
          end if;
          return old;
        end if;
        if old.status = 'final' then
          if coalesce(current_setting('kartei.key_rotation', true), '') = 'on'
            and new.key_version > old.key_version
            and to_jsonb(new) - 'content_ciphertext' - 'key_version'
              = to_jsonb(old) - 'content_ciphertext' - 'key_version' then
            return new;
          end if;
          raise exception 'a finalized documentation entry can never change; write an amendment'
            using errcode = 'insufficient_privilege';
        end if;
        if new.id <> old.id or new.practice_id <> old.practice_id or new.patient_id <> old.patient_id
          or new.author_id <> old.author_id or new.created_at <> old.created_at then
          raise exception 'the identity of a documentation entry cannot change'
            using errcode = 'insufficient_privilege';
        end if;
        return new;
      end;
      $$
    `,
    sql`
      create trigger notes_guard before update or delete on notes
      for each row execute function notes_guard_change()
    `,
    sql`
      create function note_amendments_guard_change() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          if not exists (select 1 from notes where id = new.note_id and practice_id = new.practice_id
            and status = 'final') then
            raise exception 'only a finalized entry of the same practice can be amended'
              using errcode = 'check_violation';
          end if;
          return new;
        end if;
        if tg_op = 'UPDATE' and coalesce(current_setting('kartei.key_rotation', true), '') = 'on'
          and new.key_version > old.key_version
          and to_jsonb(new) - 'content_ciphertext' - 'key_version'
            = to_jsonb(old) - 'content_ciphertext' - 'key_version' then
          return new;
        end if;
        raise exception 'an amendment can never change: % is not allowed', tg_op
          using errcode = 'insufficient_privilege';
      end;
      $$
    `,
    sql`
      create trigger note_amendments_guard before insert or update or delete on note_amendments
      for each row execute function note_amendments_guard_change()
    `,
    sql`
      create trigger notes_no_truncate before truncate on notes
      for each statement execute function note_amendments_guard_change()
    `,
    sql`
      create trigger note_amendments_no_truncate before truncate on note_amendments
      for each statement execute function note_amendments_guard_change()
    `,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`drop table note_amendments`,
    sql`drop table notes`,
    sql`drop function note_amendments_guard_change()`,
    sql`drop function notes_guard_change()`,
    sql`drop table note_templates`,
    sql`alter table practices drop column notes_finalize_after_hours`,
  ];
  for (const statement of statements) await statement.execute(db);
}
