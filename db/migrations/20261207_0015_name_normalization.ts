// Names are stored in one form (lib/person-name.ts): Unicode NFC, no format characters (\p{Cf}:
// zero-width space and joiners, BOM, soft hyphen, bidi controls), single spaces. This cleans the
// rows written before that rule and recomputes the patients' search form for the rows it
// changes. The rules are copied here as they stand today, because a migration never imports
// application code. A location whose cleaned name would equal another of its practice keeps
// its name (locations are unique per practice), so the migration never fails on old data.
import { type Kysely, sql } from "kysely";

const BATCH = 500;

function cleanName(value: string): string {
  return value.normalize("NFC").replace(/\p{Cf}/gu, "").replace(/[\p{Zs}\t]+/gu, " ").trim();
}

const TRANSLITERATION: Record<string, string> = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe" };

function searchForm(value: string): string {
  return cleanName(value).toLowerCase()
    .replace(/[äöüßæø]/g, (letter) => TRANSLITERATION[letter])
    .normalize("NFKD").replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// Rows worth a look: anything outside printable ASCII (a Cf character or a decomposed accent is
// never ASCII), or doubled or outer whitespace.
const SUSPECT = "[^\\x20-\\x7e]|\\s\\s|^\\s|\\s$";

// deno-lint-ignore no-explicit-any
type Db = Kysely<any>;

async function eachSuspect(
  db: Db,
  table: string,
  columns: string[],
  visit: (row: Record<string, string>) => Promise<void>,
) {
  let after = "00000000-0000-0000-0000-000000000000";
  const suspect = sql.join(columns.map((column) => sql`${sql.ref(column)} ~ ${SUSPECT}`), sql` or `);
  for (;;) {
    const { rows } = await sql<Record<string, string>>`
      select id::text as id, ${sql.join(columns.map((column) => sql.ref(column)))} from ${sql.table(table)}
      where id > ${after}::uuid and (${suspect}) order by id limit ${BATCH}`.execute(db);
    for (const row of rows) await visit(row);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].id;
  }
}

async function cleanColumn(db: Db, table: string, column: string) {
  await eachSuspect(db, table, [column], async (row) => {
    const cleaned = cleanName(row[column]);
    if (cleaned === row[column] || cleaned === "") return;
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${cleaned} where id = ${row.id}::uuid`.execute(db);
  });
}

export async function up(db: Db): Promise<void> {
  await cleanColumn(db, "accounts", "name");
  await cleanColumn(db, "practices", "name");
  await cleanColumn(db, "invitations", "name");

  await eachSuspect(db, "locations", ["name"], async (row) => {
    const cleaned = cleanName(row.name);
    if (cleaned === row.name || cleaned === "") return;
    await sql`update locations set name = ${cleaned} where id = ${row.id}::uuid and not exists (
      select 1 from locations other where other.practice_id = locations.practice_id and other.name = ${cleaned})`
      .execute(db);
  });

  const patientNames = ["title", "family_name", "given_names", "emergency_contact_name"];
  await eachSuspect(db, "patients", [...patientNames, "search_name"], async (row) => {
    const cleaned = Object.fromEntries(patientNames.map((column) => [column, cleanName(row[column])]));
    if (!cleaned.family_name) return;
    const search = searchForm(`${cleaned.family_name} ${cleaned.given_names}`);
    if (patientNames.every((column) => cleaned[column] === row[column]) && search === row.search_name) return;
    await sql`update patients set title = ${cleaned.title}, family_name = ${cleaned.family_name},
      given_names = ${cleaned.given_names}, emergency_contact_name = ${cleaned.emergency_contact_name},
      search_name = ${search} where id = ${row.id}::uuid`.execute(db);
  });
}

// The old forms are gone for good; nothing to restore.
export async function down(_db: Db): Promise<void> {}
