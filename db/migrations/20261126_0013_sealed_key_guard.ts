// No row may be sealed with a data key version that a rotation has retired. Writers seal with
// the practice's current key before their transaction; if a rotation retired that version in
// between, the row would stay on the retired key unnoticed (the rotation believes itself done).
// This trigger closes the gap in the database: every row written with a key version first takes
// the practice's data-key lock in its shared form (the rotation's start and its retire step hold
// it exclusively, db/key-rotation.ts), so a retire waits for writers in flight and then sees
// their rows, and a writer that comes after a retire is refused (SQLSTATE KR001) and seals
// again with the new key (db/practice-keys.ts retryOnRetiredKey).
import { type Kysely, sql } from "kysely";

const SEALED_TABLES = ["notes", "note_amendments", "documents", "document_chunks"];

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function sealed_with_live_key() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock_shared(hashtextextended('data-key:' || new.practice_id::text, 0));
      if exists (select 1 from practice_keys k where k.practice_id = new.practice_id
          and k.version = new.key_version and k.retired_at is not null) then
        raise exception 'data key version % of practice % is retired', new.key_version, new.practice_id
          using errcode = 'KR001';
      end if;
      return new;
    end
  $$`.execute(db);
  for (const table of SEALED_TABLES) {
    await sql`create trigger ${sql.id(`${table}_sealed_with_live_key`)}
      before insert or update of key_version on ${sql.table(table)}
      for each row execute function sealed_with_live_key()`.execute(db);
  }
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of SEALED_TABLES) {
    await sql`drop trigger ${sql.id(`${table}_sealed_with_live_key`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function sealed_with_live_key()`.execute(db);
}
