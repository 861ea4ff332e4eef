// Patients of a practice: master data, the search of the daily list, archive and restore.
// Every query filters by the scope's practice, so another practice's patient is not found.
import { sql } from "kysely";
import type { Selectable } from "kysely";
import type { Db } from "./database.ts";
import type { PatientsTable } from "./schema-patients.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, AUDIT_EVENT_COLUMNS, auditEventSelection, type RequestFacts } from "./audit.ts";
import { consentFromJson, consentsOf, type PatientConsent } from "./patient-consents.ts";
import { normaliseName, normalisePhone } from "../lib/search-text.ts";
import type { PatientQuery } from "../lib/patient-query.ts";
import { isUuid } from "../lib/uuid.ts";

export type Patient = Selectable<PatientsTable>;

export type PatientListItem = Pick<
  Patient,
  "id" | "family_name" | "given_names" | "title" | "date_of_birth" | "phone" | "city" | "archived_at" | "pending_since"
>;

export interface PatientSearch {
  /** What was typed, read with the request's clock (a two-digit birth year depends on today). */
  query: PatientQuery;
  includeArchived: boolean;
  limit: number;
  offset: number;
}

export interface PatientSearchResult {
  patients: PatientListItem[];
  /** Whether another page follows. */
  more: boolean;
}

/** One patient of the practice, archived or not. */
export async function findPatient(db: Db, scope: PracticeScope, patientId: string): Promise<Patient | undefined> {
  if (!isUuid(patientId)) return undefined;
  return await db.selectFrom("patients").selectAll()
    .where("practice_id", "=", scope.practiceId).where("id", "=", patientId)
    .executeTakeFirst();
}

const LIST_COLUMNS = sql.raw(
  "id, family_name, given_names, title, date_of_birth, phone, city, archived_at, pending_since",
);

/**
 * The daily list and the search box. Names are matched in three tiers, each with its own limit;
 * a first, simple statement reads tier 1 alone, and only when it does not fill the page a second
 * one reads all three, Postgres reading a later tier only when the earlier ones fell short:
 * 1. the whole name starts with the query ("mül", "müller an"): read in order from the btree
 *    (practice_id, search_name text_pattern_ops, id), so a page costs the same at any size;
 * 2. every word of the query starts a word of the name ("anna", "anna mül"): the practice's
 *    trigram GIN index, at most CANDIDATES rows, sorted by name (for several words, only when
 *    no name starts with them);
 * 3. only when 1 and 2 found nobody: every word starts or resembles a word of the name
 *    ("Mueler", "Schmitd"): the words resembling the typed ones are found in the practice's
 *    vocabulary of name words (see similarWords), the patients bearing them from the GIN index
 *    over the words of the names, at most CANDIDATES rows, the most similar word first.
 * Tiers 2 and 3 stop after CANDIDATES matches: a query matching more than that by a later word
 * or only fuzzily shows the best of those found, and typing more narrows it. No tier's cost
 * grows with the practice beyond the index lookups (measured at 10,000 and 100,000 patients).
 */
export async function searchPatients(
  db: Db,
  scope: PracticeScope,
  search: PatientSearch,
): Promise<PatientSearchResult> {
  const limit = searchLimit(search);
  const statements = patientSearchStatements(scope, search);
  let rows: PatientListItem[] = [];
  for (const statement of statements) {
    rows = (await statement.execute(db)).rows as PatientListItem[];
    // A page filled by names that start with the query needs no other tier (nor its planning).
    if (rows.length > limit) break;
  }
  return { patients: rows.slice(0, limit), more: rows.length > limit };
}

function searchLimit(search: PatientSearch): number {
  return Math.max(1, Math.min(200, Math.floor(search.limit) || 1));
}

/**
 * The statements behind searchPatients, each asking one row more than the page (to know whether
 * more follow): for a name, first the names that start with it alone, then all tiers.
 */
export function patientSearchStatements(scope: PracticeScope, search: PatientSearch) {
  const query = search.query;
  const window = searchLimit(search) + 1;
  const offset = Math.max(0, Math.min(100_000, Math.floor(search.offset) || 0));
  const archived = search.includeArchived ? sql`` : sql` and archived_at is null`;
  const base = sql`practice_id = ${scope.practiceId}${archived}`;
  if (query.kind === "all") {
    return [sql`select ${LIST_COLUMNS} from patients where ${base}
      order by search_name using ~<~, id limit ${window} offset ${offset}`];
  }
  if (query.kind === "birth") {
    return [sql`select ${LIST_COLUMNS} from patients where ${base} and date_of_birth = ${query.date}
      order by search_name using ~<~, id limit ${window} offset ${offset}`];
  }
  if (query.kind === "phone") {
    return [sql`select ${LIST_COLUMNS} from patients where ${base}
      and search_phone <> '' and search_phone like ${searchLiteral(query.digits + "%")}
      order by search_phone using ~<~, id limit ${window} offset ${offset}`];
  }
  const prefixOnly = sql`select ${LIST_COLUMNS} from patients where ${base}
    and ${nameStarts(query.text)}
    order by search_name using ~<~, id limit ${window} offset ${offset}`;
  // A query of one or two letters has no trigram to look up: it may only start the name.
  if (query.text.length < 3) return [prefixOnly];
  return [prefixOnly, nameSearch(scope.practiceId, archived, query.text, query.words, window, offset)];
}

const CANDIDATES = 200;

/**
 * A search pattern written into the statement rather than bound: a prepared statement's generic
 * plan cannot turn `like $1` into an index range, a literal always can. Only letters, digits,
 * spaces and % ever get here (normalised names, digits of phone numbers), or "(^| )" and a word.
 */
function searchLiteral(value: string) {
  if (!/^[\p{L}\p{N} %]*$|^\(\^\| \)[\p{L}\p{N}]+$/u.test(value)) {
    throw new Error("search literal with unexpected characters");
  }
  return sql.lit(value);
}

/**
 * The names starting with `text`, as the range [text, text with its last letter raised) of the
 * name btree. Written as LIKE, the planner may answer it from the trigram index instead and then
 * fetch and sort every match (for a common name too few in its statistics, all of them in fact:
 * "zimme" read 734 rows at 100,000 patients); the range operators only the btree serves.
 */
function nameStarts(text: string) {
  const last = text.codePointAt(text.length - 1)!;
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  const bound = text.slice(0, text.length - (last > 0xffff ? 2 : 1)) + String.fromCodePoint(next);
  return sql`(search_name ~>=~ ${searchLiteral(text)} and search_name ~<~ ${sql.lit(bound)})`;
}

function nameSearch(
  practiceId: string,
  archived: ReturnType<typeof sql>,
  text: string,
  words: string[],
  window: number,
  offset: number,
) {
  const base = sql`practice_id = ${practiceId}${archived}`;
  const prefix = nameStarts(text);
  const tierLimit = window + offset;
  // One regular expression per word: the trigram index answers it in one scan (two LIKEs took two).
  const startsWord = (word: string) => sql`search_name ~ ${searchLiteral("(^| )" + word)}`;
  const everyWordStarts = sql.join(words.map(startsWord), sql` and `);
  // The form of the practice condition that the trigram and word indexes (array[practice_id], …) serve.
  const inPractice = sql`array[practice_id] @> array[${practiceId}]::uuid[]`;
  // A name starting with several words typed is the person meant: other word orders are looked
  // up only without one. Similar names are looked up only when no name starts with the words.
  const unlessPrefixed = words.length > 1 ? sql` where not exists (select from prefixed)` : sql``;
  const exact = sql`with prefixed as (
      select ${LIST_COLUMNS} from patients where ${base} and ${prefix}
      order by search_name using ~<~, id limit ${tierLimit}
    ), exact as (
      select ${LIST_COLUMNS} from prefixed
      union all
      (select ${LIST_COLUMNS} from (
          select ${LIST_COLUMNS}, search_name from patients
          where ${inPractice}${archived} and ${everyWordStarts} and not ${prefix} limit ${CANDIDATES}
        ) as word_matches${unlessPrefixed} order by search_name using ~<~, id limit ${tierLimit})
    )`;
  // Words of one or two letters have no trigram to compare: they must start a word of the name.
  const compared = words.filter((word) => word.length >= 3);
  if (compared.length === 0) {
    return sql`${exact} select ${LIST_COLUMNS} from exact limit ${window} offset ${offset}`;
  }
  // The patients bearing a word like the first one typed (the most similar words first), each
  // once, under its most similar word; each further word must be like a word of the same name.
  const wordsOfName = sql`string_to_array(search_name, ' ')`;
  const otherWords = sql.join([
    ...compared.slice(1).map((_, i) =>
      sql`and ${wordsOfName} && array(select word from ${sql.raw(`similar_words_${i + 2}`)})`
    ),
    ...words.filter((word) => word.length < 3).map((word) => sql`and ${startsWord(word)}`),
  ], sql` `);
  // Among names bearing the same word, those resembling all that was typed come first.
  const closeness = words.length > 1 ? sql` ${searchLiteral(text)} <<-> search_name,` : sql``;
  return sql`${exact}, ${similarWords(practiceId, compared)}
    select ${LIST_COLUMNS} from (
      select ${LIST_COLUMNS} from exact
      union all
      (select ${LIST_COLUMNS} from (
          select ${LIST_COLUMNS}, search_name, distance from similar_words_1 as typed
          cross join lateral (
            select ${LIST_COLUMNS}, search_name from patients
            where ${inPractice}${archived} and ${wordsOfName} @> array[typed.word]
              and not ${wordsOfName} && array(
                select word from similar_words_1 as better where better.rank < typed.rank)
              ${otherWords}
            limit ${CANDIDATES}
          ) as bearer
          limit ${CANDIDATES}
        ) as similar_names where not exists (select from exact)
        order by distance,${closeness} search_name using ~<~, id limit ${tierLimit})
    ) as found limit ${window} offset ${offset}`;
}

/** How many words of the practice's names a typed word is compared with, the most similar first. */
const SIMILAR_WORDS = 10;

/** The word with one pair of neighbouring (different) letters swapped, every such pair once. */
export function transpositions(word: string): string[] {
  const chars = [...word];
  const swapped = new Set<string>();
  for (let i = 0; i + 1 < chars.length && chars.length <= 40; i++) {
    if (chars[i] === chars[i + 1]) continue;
    swapped.add([...chars.slice(0, i), chars[i + 1], chars[i], ...chars.slice(i + 2)].join(""));
  }
  return [...swapped];
}

/**
 * For each typed word (three letters or more), the words of the practice's names it starts or
 * resembles (pg_trgm similarity >= pg_trgm.similarity_threshold, by default 0.3: "mueler" →
 * "mueller", "schmitd" → "schmidt", "krger" → "krueger"; a single word compares whole), looked
 * up in the practice's vocabulary (patient_name_words, kept by a trigger), so the cost does not
 * grow with the number of patients. Words the typed one starts come first, then by similarity.
 */
function similarWords(practiceId: string, words: string[]) {
  return sql.join(
    words.map((typed, i) => {
      const startsIt = sql`word like ${searchLiteral(typed + "%")}`;
      // Two neighbouring letters swapped share too few trigrams ("arnlod"/"arnold": 0.27): each
      // swap is looked up exactly, and ranks right after the words the typed one starts.
      const swaps = transpositions(typed);
      const swapped = swaps.length ? sql`word in (${sql.join(swaps.map(searchLiteral))})` : sql`false`;
      return sql`${sql.raw(`similar_words_${i + 1}`)} as (
        select word, distance, row_number() over (order by distance, word) as rank from (
          select word, case when ${startsIt} then 0 when ${swapped} then 0.1
            else ${searchLiteral(typed)} <-> word end as distance
          from patient_name_words where practice_id = ${practiceId}
            and (${startsIt} or ${swapped} or word % ${searchLiteral(typed)})
          order by distance, word limit ${SIMILAR_WORDS}
        ) as found
      )`;
    }),
    sql`, `,
  );
}

/** The master data a form sets (everything but the bookkeeping columns). */
export interface PatientInput {
  family_name: string;
  given_names: string;
  title: string;
  date_of_birth: string | null;
  sex: Patient["sex"];
  gender_note: string;
  street: string;
  postal_code: string;
  city: string;
  country: string;
  phone: string;
  email: string;
  insurance_kind: Patient["insurance_kind"];
  insurer_name: string;
  insurance_number: string;
  other_payer: string;
  emergency_contact_name: string;
  emergency_contact_phone: string;
  notes: string;
}

function searchColumns(input: PatientInput) {
  return {
    search_name: normaliseName(`${input.family_name} ${input.given_names}`),
    search_phone: normalisePhone(input.phone),
  };
}

/**
 * Patients (archived ones too) with the same name and birth date as the input: a second record
 * of the same person splits the history, so the form asks before creating one.
 */
export async function findDuplicates(
  db: Db,
  scope: PracticeScope,
  input: Pick<PatientInput, "family_name" | "given_names" | "date_of_birth">,
  exceptId?: string,
): Promise<PatientListItem[]> {
  if (!input.date_of_birth) return [];
  let query = db.selectFrom("patients")
    .select([
      "id",
      "family_name",
      "given_names",
      "title",
      "date_of_birth",
      "phone",
      "city",
      "archived_at",
      "pending_since",
    ])
    .where("practice_id", "=", scope.practiceId)
    .where("search_name", "=", normaliseName(`${input.family_name} ${input.given_names}`))
    .where("date_of_birth", "=", sql<Date>`${input.date_of_birth}::date`);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return await query.orderBy("created_at").limit(10).execute();
}

function patientEvent(scope: PracticeScope, action: string, patientId: string, facts: RequestFacts) {
  return {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "patient",
    subjectId: patientId,
    requestId: facts.requestId,
    occurredAt: facts.now,
  };
}

export async function createPatient(
  db: Db,
  scope: PracticeScope,
  input: PatientInput,
  facts: RequestFacts,
): Promise<string> {
  return await db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto("patients").values({
      ...input,
      ...searchColumns(input),
      practice_id: scope.practiceId,
      created_by: scope.accountId,
      created_at: facts.now,
      updated_by: scope.accountId,
      updated_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(trx, patientEvent(scope, "patient.created", id, facts));
    return id;
  });
}

export type PatientUpdate = "updated" | "stale" | "unknown";

/** Saves an edit made on `version`; refused ("stale") when someone saved in between. */
export async function updatePatient(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  version: number,
  input: PatientInput,
  facts: RequestFacts,
): Promise<PatientUpdate> {
  return await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("patients").select(["version"])
      .where("practice_id", "=", scope.practiceId).where("id", "=", patientId)
      .forUpdate().executeTakeFirst();
    if (!current) return "unknown";
    if (current.version !== version) return "stale";
    await trx.updateTable("patients").set({
      ...input,
      ...searchColumns(input),
      updated_by: scope.accountId,
      updated_at: facts.now,
      version: version + 1,
    }).where("practice_id", "=", scope.practiceId).where("id", "=", patientId).execute();
    await appendAuditEvent(trx, { ...patientEvent(scope, "patient.updated", patientId, facts), details: { version } });
    return "updated";
  });
}

/** Archives or restores; "unchanged" when the patient already is in that state. */
export async function setPatientArchived(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  archived: boolean,
  facts: RequestFacts,
): Promise<"done" | "unchanged" | "unknown"> {
  return await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("patients").select(["archived_at", "version"])
      .where("practice_id", "=", scope.practiceId).where("id", "=", patientId)
      .forUpdate().executeTakeFirst();
    if (!current) return "unknown";
    if ((current.archived_at !== null) === archived) return "unchanged";
    await trx.updateTable("patients").set({
      archived_at: archived ? facts.now : null,
      archived_by: archived ? scope.accountId : null,
      version: current.version + 1,
    }).where("practice_id", "=", scope.practiceId).where("id", "=", patientId).execute();
    await appendAuditEvent(
      trx,
      patientEvent(scope, archived ? "patient.archived" : "patient.restored", patientId, facts),
    );
    return "done";
  });
}

/**
 * Reads a patient's record for display and records who looked at it, in one statement: the
 * audit event is inserted only when the practice has the patient, and commits with the read.
 */
export async function viewPatient(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  facts: RequestFacts,
  purpose: "record" | "edit" = "record",
): Promise<Patient | undefined> {
  if (!isUuid(patientId)) return undefined;
  return await auditedPatientRead(db, scope, patientId, facts, purpose).selectFrom("patient").selectAll()
    .executeTakeFirst();
}

/** The record page's reads: the patient (audited, as viewPatient) and its consents, in one statement. */
export async function viewPatientRecord(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  facts: RequestFacts,
): Promise<{ patient: Patient; consents: PatientConsent[] } | undefined> {
  if (!isUuid(patientId)) return undefined;
  const row = await auditedPatientRead(db, scope, patientId, facts, "record").selectFrom("patient").selectAll()
    .select(consentsOf(db, scope, patientId).as("consents_along"))
    .executeTakeFirst();
  if (!row) return undefined;
  const { consents_along, ...patient } = row;
  return { patient, consents: consents_along.map(consentFromJson) };
}

function auditedPatientRead(
  db: Db,
  scope: PracticeScope,
  patientId: string,
  facts: RequestFacts,
  purpose: "record" | "edit",
) {
  const event = { ...patientEvent(scope, "patient.viewed", patientId, facts), details: { purpose } };
  return db
    .with("patient", (qb) =>
      qb.selectFrom("patients").selectAll()
        .where("practice_id", "=", scope.practiceId).where("id", "=", patientId))
    .with("viewed", (qb) =>
      qb.insertInto("audit_events").columns([...AUDIT_EVENT_COLUMNS])
        .expression(qb.selectFrom("patient").select(auditEventSelection(event))));
}
