// Terms of use: the versions the operators publish, and each person's acceptance or objection.
// The current version is the latest published one; a person who has not accepted it may use
// nothing until they do. Operators run the installation and are not party to the terms.
import type { Transaction } from "kysely";
import type { MailFacts, MailOrder } from "../lib/mail-templates.ts";
import { berlinDate } from "../lib/clock.ts";
import type { Language } from "../lib/i18n/mod.ts";
import type { TermsVersion } from "../lib/terms.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueMail, queueMailToEveryone } from "./outgoing-mails.ts";
import { endAllSessions } from "./sessions.ts";
import { termsPending } from "./terms-pending.ts";
import { membershipIsCurrent } from "../lib/membership-status.ts";

export interface PublishedTerms extends TermsVersion {
  publishedAt: Date;
}

type TermsRow = {
  version: string;
  published_at: Date;
  title_de: string;
  title_en: string;
  body_de: string;
  body_en: string;
};

/** Paragraphs are kept as text separated by blank lines. */
function paragraphsOf(body: string): string[] {
  return body.split(/\r?\n\s*\r?\n/).map((paragraph) => paragraph.trim()).filter(Boolean);
}

function toTerms(row: TermsRow): PublishedTerms {
  return {
    version: row.version,
    inForceFrom: berlinDate(row.published_at),
    publishedAt: row.published_at,
    title: { de: row.title_de, en: row.title_en },
    paragraphs: { de: paragraphsOf(row.body_de), en: paragraphsOf(row.body_en) },
  };
}

const TERMS_COLUMNS = ["version", "published_at", "title_de", "title_en", "body_de", "body_en"] as const;

/** Publishes the terms shipped with the app when they are not yet published (at start). */
export async function ensureShippedTerms(db: Db, shipped: TermsVersion, now: Date): Promise<boolean> {
  const inserted = await db.insertInto("terms_versions").values({
    version: shipped.version,
    published_at: now,
    published_by: null,
    title_de: shipped.title.de,
    title_en: shipped.title.en,
    body_de: shipped.paragraphs.de.join("\n\n"),
    body_en: shipped.paragraphs.en.join("\n\n"),
  }).onConflict((conflict) => conflict.column("version").doNothing()).returning("version").executeTakeFirst();
  return !!inserted;
}

/** The version in force: the latest published. Null only before any version is published. */
export async function currentTerms(db: Db | Transaction<Database>): Promise<PublishedTerms | null> {
  const row = await db.selectFrom("terms_versions").select(TERMS_COLUMNS)
    .orderBy("published_at", "desc").orderBy("version", "desc").limit(1).executeTakeFirst();
  return row ? toTerms(row) : null;
}

export async function listTermsVersions(db: Db) {
  return await db.selectFrom("terms_versions")
    .leftJoin("accounts", "accounts.id", "terms_versions.published_by")
    .select(["terms_versions.version", "terms_versions.published_at", "accounts.name as published_by_name"])
    .orderBy("terms_versions.published_at", "desc").orderBy("terms_versions.version", "desc").execute();
}

/** Whether the person must accept the current version before using anything. */
export async function mustAcceptTerms(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom("accounts").select(termsPending.as("pending"))
    .where("accounts.id", "=", accountId).executeTakeFirst();
  return row?.pending ?? false;
}

/** Stores the acceptance of a version (within another write, e.g. onboarding). */
export async function recordAcceptance(
  trx: Transaction<Database>,
  accountId: string,
  version: string,
  now: Date,
): Promise<void> {
  await trx.insertInto("terms_acceptances").values({ account_id: accountId, terms_version: version, accepted_at: now })
    .onConflict((conflict) => conflict.columns(["account_id", "terms_version"]).doNothing()).execute();
}

/** The person accepts the version they were shown; refused when a newer one came out meanwhile. */
export async function acceptTerms(
  db: Db,
  accountId: string,
  version: string,
  facts: RequestFacts,
): Promise<"accepted" | "outdated"> {
  return await db.transaction().execute(async (trx) => {
    const current = await currentTerms(trx);
    if (!current || current.version !== version) return "outdated";
    await recordAcceptance(trx, accountId, version, facts.now);
    await appendAccountAuditEvent(trx, accountId, { action: "terms.accepted", details: { version } }, facts);
    return "accepted";
  });
}

export interface ObjectionNotice {
  /** The owner or operator told about the objection. */
  to: string;
  language: Language;
  practiceName: string | null;
}

/**
 * The person objects to the version they were shown: the objection is recorded, the owners of
 * their practices and the operators are told by mail, and every session of the person ends.
 */
export async function objectToTerms(
  db: Db,
  accountId: string,
  version: string,
  composeNotice: (notice: ObjectionNotice) => MailOrder,
  facts: RequestFacts,
): Promise<"objected" | "outdated"> {
  return await db.transaction().execute(async (trx) => {
    const current = await currentTerms(trx);
    if (!current || current.version !== version) return "outdated";
    await trx.insertInto("terms_objections").values({
      account_id: accountId,
      terms_version: version,
      objected_at: facts.now,
    }).execute();
    const notices = [
      ...await ownersOfPracticesOf(trx, accountId, facts.now),
      ...(await activeOperators(trx)).map((operator) => ({ ...operator, practiceName: null })),
    ];
    for (const notice of notices) await queueMail(trx, composeNotice(notice), facts.now);
    const sessionsEnded = await endAllSessions(trx, accountId);
    await appendAccountAuditEvent(trx, accountId, {
      action: "terms.objected",
      details: { version, notified: notices.length, sessionsEnded },
    }, facts);
    return "objected";
  });
}

async function ownersOfPracticesOf(trx: Transaction<Database>, accountId: string, now: Date) {
  const rows = await trx.selectFrom("memberships as mine")
    .innerJoin("practices", "practices.id", "mine.practice_id")
    .innerJoin("memberships as owner", "owner.practice_id", "mine.practice_id")
    .innerJoin("accounts", "accounts.id", "owner.account_id")
    .select([
      "accounts.email as to",
      "accounts.language",
      "practices.name as practiceName",
      "mine.status",
      "mine.ended_at",
      "mine.ends_on",
      "practices.status as practice_status",
      "owner.status as owner_status",
      "owner.ended_at as owner_ended_at",
      "owner.ends_on as owner_ends_on",
    ])
    .where("mine.account_id", "=", accountId).where("owner.role", "=", "owner")
    .where("owner.account_id", "!=", accountId).where("accounts.status", "=", "active")
    .execute();
  return rows.filter((row) =>
    membershipIsCurrent(row, now) &&
    membershipIsCurrent({
      status: row.owner_status,
      ended_at: row.owner_ended_at,
      ends_on: row.owner_ends_on,
      practice_status: row.practice_status,
    }, now)
  ).map((row) => ({ to: row.to, language: row.language, practiceName: row.practiceName }));
}

/** The operators who can be reached by mail: active operator accounts. */
export async function activeOperators(db: Db | Transaction<Database>) {
  return await db.selectFrom("accounts").select(["email as to", "language"])
    .where("kind", "=", "operator").where("status", "=", "active").orderBy("email").execute();
}

export interface NewTermsVersion {
  version: string;
  titleDe: string;
  titleEn: string;
  bodyDe: string;
  bodyEn: string;
}

/**
 * An operator publishes a new version: it is in force at once, every active person is told by
 * mail in their language, and the installation's audit chain records it with the reason.
 */
export async function publishTerms(
  db: Db,
  operatorId: string,
  terms: NewTermsVersion,
  announcement: MailFacts,
  reason: string,
  facts: RequestFacts,
): Promise<"published" | "exists"> {
  return await db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto("terms_versions").values({
      version: terms.version,
      published_at: facts.now,
      published_by: operatorId,
      title_de: terms.titleDe,
      title_en: terms.titleEn,
      body_de: terms.bodyDe,
      body_en: terms.bodyEn,
    }).onConflict((conflict) => conflict.column("version").doNothing()).returning("version").executeTakeFirst();
    if (!inserted) return "exists";
    const announced = await queueMailToEveryone(trx, announcement, facts.now);
    await appendAuditEvent(trx, {
      practiceId: null,
      action: "terms.published",
      actorAccountId: operatorId,
      subjectType: "terms_version",
      subjectId: terms.version,
      requestId: facts.requestId,
      details: { version: terms.version, reason, announced },
      occurredAt: facts.now,
    });
    return "published";
  });
}
