// Patient search indexes that stay within one practice. The name btree gains the id, so a page
// of the list ordered by name and id is read straight from the index even when many patients
// share a name. The trigram index gets the practice as its first column (an array, so core
// GIN indexes it without btree_gin): a fuzzy search intersects the practice's posting list with
// the name's trigrams inside the index instead of fetching other practices' rows and filtering.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create index patients_practice_name_id on patients (practice_id, search_name text_pattern_ops, id)`,
    sql`drop index patients_practice_name`,
    sql`create index patients_practice_trigram on patients using gin ((array[practice_id]), search_name gin_trgm_ops)`,
    sql`drop index patients_search_name_trgm`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create index patients_search_name_trgm on patients using gin (search_name gin_trgm_ops)`,
    sql`drop index patients_practice_trigram`,
    sql`create index patients_practice_name on patients (practice_id, search_name text_pattern_ops)`,
    sql`drop index patients_practice_name_id`,
  ];
  for (const statement of statements) await statement.execute(db);
}
