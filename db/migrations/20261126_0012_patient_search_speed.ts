// A misspelt name is looked up in the practice's vocabulary of name words instead of in every
// patient's name. The trigram index over all names answers a misspelling with every name sharing
// enough trigrams ("krger" → hundreds of "…er" names at 100,000 patients), each rechecked: the
// time grew with the practice. The distinct words of a practice's names grow far slower than
// its patients, so finding the words that resemble the typed one costs about the same at any
// size; the patients bearing those words are then read exactly from a GIN index over the words
// of their names (no recheck), with the practice as its first column as in the trigram index.
// A trigger keeps the vocabulary complete for every way patients are written (forms, seed,
// imports); words no longer used stay, they only ever match no patient.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table patient_name_words (
      practice_id uuid not null references practices (id) on delete cascade,
      word text not null,
      primary key (practice_id, word)
    )`,
    sql`create index patient_name_words_trigram on patient_name_words
      using gin ((array[practice_id]), word gin_trgm_ops)`,
    sql`create function patient_name_words_collect() returns trigger language plpgsql as $$
      begin
        insert into patient_name_words (practice_id, word)
          select new.practice_id, word from unnest(string_to_array(new.search_name, ' ')) as word
          where word <> ''
          on conflict do nothing;
        return null;
      end
    $$`,
    sql`create trigger patient_name_words_collect after insert or update of search_name on patients
      for each row execute function patient_name_words_collect()`,
    sql`insert into patient_name_words (practice_id, word)
      select distinct practice_id, word from patients, unnest(string_to_array(search_name, ' ')) as word
      where word <> ''`,
    sql`create index patients_practice_words on patients
      using gin ((array[practice_id]), (string_to_array(search_name, ' ')))`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`drop index patients_practice_words`,
    sql`drop trigger patient_name_words_collect on patients`,
    sql`drop function patient_name_words_collect()`,
    sql`drop table patient_name_words`,
  ];
  for (const statement of statements) await statement.execute(db);
}
