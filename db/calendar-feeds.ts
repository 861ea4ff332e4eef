// A practitioner's appointments as a subscribed calendar behind a secret URL. Only the SHA-256
// of the token is stored; one feed per practitioner is live at a time (a new one revokes the
// old). Event titles say "busy" or the patient's initials; full names only while the practice
// allows them. Opening a feed records last_used_at, not an audit event (calendars poll often).
import { sha256 } from "@oslojs/crypto/sha2";
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { FeedDetail } from "./schema-calendar.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { generateSecretToken } from "../lib/secret-token.ts";
import { berlinDate } from "../lib/clock.ts";

export const FEED_DETAILS: readonly FeedDetail[] = ["busy", "initials", "full_names"];
const DAY = 86_400_000;
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 180;

export function isFeedDetail(value: string): value is FeedDetail {
  return (FEED_DETAILS as readonly string[]).includes(value);
}

function tokenHash(token: string): Uint8Array {
  return sha256(new TextEncoder().encode(token));
}

/** The practitioner's live feed (without its token, which is never stored). */
export async function ownFeed(db: Db, scope: PracticeScope) {
  return await db.selectFrom("calendar_feeds").select(["id", "shows", "created_at", "last_used_at"])
    .where("practice_id", "=", scope.practiceId)
    .where("practitioner_id", "=", scope.membershipId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc").executeTakeFirst();
}

async function revokeLive(trx: Transaction<Database>, scope: PracticeScope, facts: RequestFacts): Promise<number> {
  const revoked = await trx.updateTable("calendar_feeds").set({ revoked_at: facts.now })
    .where("practice_id", "=", scope.practiceId)
    .where("practitioner_id", "=", scope.membershipId)
    .where("revoked_at", "is", null)
    .returning("id").execute();
  for (const feed of revoked) {
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "calendar_feed.revoked",
      actorAccountId: scope.accountId,
      subjectType: "calendar_feed",
      subjectId: feed.id,
      requestId: facts.requestId,
      occurredAt: facts.now,
    });
  }
  return revoked.length;
}

/** A new feed for the signed-in practitioner; the old one stops working. Returns the token, shown once. */
export async function createFeed(
  db: Db,
  scope: PracticeScope,
  shows: FeedDetail,
  facts: RequestFacts,
): Promise<string> {
  const token = generateSecretToken();
  await db.transaction().execute(async (trx) => {
    await revokeLive(trx, scope, facts);
    const feed = await trx.insertInto("calendar_feeds").values({
      practice_id: scope.practiceId,
      practitioner_id: scope.membershipId,
      token_hash: tokenHash(token),
      shows,
      created_by: scope.accountId,
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "calendar_feed.created",
      actorAccountId: scope.accountId,
      subjectType: "calendar_feed",
      subjectId: feed.id,
      requestId: facts.requestId,
      details: { shows },
      occurredAt: facts.now,
    });
  });
  return token;
}

/** Revokes the signed-in practitioner's feed; false when there was none. */
export async function revokeFeed(db: Db, scope: PracticeScope, facts: RequestFacts): Promise<boolean> {
  return await db.transaction().execute(async (trx) => (await revokeLive(trx, scope, facts)) > 0);
}

export async function feedFullNamesAllowed(db: Db, scope: PracticeScope): Promise<boolean> {
  const practice = await db.selectFrom("practices").select("calendar_feed_full_names")
    .where("id", "=", scope.practiceId).executeTakeFirstOrThrow();
  return practice.calendar_feed_full_names;
}

export async function setFeedFullNames(db: Db, scope: PracticeScope, allowed: boolean, facts: RequestFacts) {
  await db.transaction().execute(async (trx) => {
    const changed = await trx.updateTable("practices").set({ calendar_feed_full_names: allowed })
      .where("id", "=", scope.practiceId).where("calendar_feed_full_names", "<>", allowed)
      .returning("id").executeTakeFirst();
    if (!changed) return;
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "practice.calendar_feed_full_names_changed",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      details: { allowed },
      occurredAt: facts.now,
    });
  });
}

export interface FeedContent {
  practiceName: string;
  practitionerName: string;
  language: "de" | "en";
  /** What titles may reveal now: full names fall back to initials when the practice forbids them. */
  shows: FeedDetail;
  appointments: {
    id: string;
    starts_at: Date;
    ends_at: Date;
    updated_at: Date;
    title: string;
    patient: { family_name: string; given_names: string; title: string } | null;
  }[];
}

/**
 * The content of the feed with this token, or null for an unknown or revoked token, or one
 * whose practitioner is no longer a current member of an active practice or whose account is
 * locked (the same people a session would turn away).
 */
export async function openFeed(db: Db, token: string, now: Date): Promise<FeedContent | null> {
  const feed = await db.selectFrom("calendar_feeds")
    .innerJoin("memberships", "memberships.id", "calendar_feeds.practitioner_id")
    .innerJoin("accounts", "accounts.id", "memberships.account_id")
    .innerJoin("practices", "practices.id", "calendar_feeds.practice_id")
    .select([
      "calendar_feeds.id",
      "calendar_feeds.practice_id",
      "calendar_feeds.practitioner_id",
      "calendar_feeds.shows",
      "practices.name as practice_name",
      "practices.calendar_feed_full_names",
      "accounts.name as practitioner_name",
      "accounts.language",
    ])
    .where("calendar_feeds.token_hash", "=", tokenHash(token))
    .where("calendar_feeds.revoked_at", "is", null)
    .where("accounts.status", "=", "active")
    .where("memberships.ended_at", "is", null)
    .where("memberships.status", "=", "active")
    .where(sql<boolean>`(memberships.ends_on is null or memberships.ends_on >= ${berlinDate(now)}::date)`)
    .where("practices.status", "=", "active")
    .executeTakeFirst();
  if (!feed) return null;
  await db.updateTable("calendar_feeds").set({ last_used_at: now }).where("id", "=", feed.id).execute();
  const shows: FeedDetail = feed.shows === "full_names" && !feed.calendar_feed_full_names ? "initials" : feed.shows;
  const rows = await db.selectFrom("appointments")
    .leftJoin("patients", (join) =>
      join.onRef("patients.id", "=", "appointments.patient_id")
        .onRef("patients.practice_id", "=", "appointments.practice_id"))
    .select([
      "appointments.id",
      "appointments.starts_at",
      "appointments.ends_at",
      "appointments.updated_at",
      "appointments.title",
      "patients.family_name",
      "patients.given_names",
      "patients.title as patient_title",
    ])
    .where("appointments.practice_id", "=", feed.practice_id)
    .where("appointments.practitioner_id", "=", feed.practitioner_id)
    .where("appointments.status", "<>", "cancelled")
    .where("appointments.starts_at", ">=", new Date(now.getTime() - FEED_DAYS_BACK * DAY))
    .where("appointments.starts_at", "<", new Date(now.getTime() + FEED_DAYS_AHEAD * DAY))
    .orderBy("appointments.starts_at").limit(5000).execute();
  return {
    practiceName: feed.practice_name,
    practitionerName: feed.practitioner_name,
    language: feed.language,
    shows,
    appointments: rows.map((row) => ({
      id: row.id,
      starts_at: row.starts_at,
      ends_at: row.ends_at,
      updated_at: row.updated_at,
      title: row.title,
      patient: row.family_name === null
        ? null
        : { family_name: row.family_name, given_names: row.given_names ?? "", title: row.patient_title ?? "" },
    })),
  };
}
