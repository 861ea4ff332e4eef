// A chain checked against its anchors outside the database (lib/audit-anchors.ts), and the
// day's anchoring: each intact practice chain's head appended to its file and mailed to the
// owners; a broken one mailed to the owners as broken.
import type { Db } from "./database.ts";
import { type ChainVerdict, verifyAuditChain } from "./audit.ts";
import { appendAnchor, readAnchors, shortHash } from "../lib/audit-anchors.ts";
import { queueMail } from "./outgoing-mails.ts";

async function hashesAt(db: Db, practiceId: string, sequences: number[]): Promise<Map<number, string>> {
  if (!sequences.length) return new Map();
  const rows = await db.selectFrom("audit_events").select(["sequence", "hash"])
    .where("practice_id", "=", practiceId).where("sequence", "in", sequences).execute();
  return new Map(rows.map((row) => [row.sequence!, row.hash!]));
}

/**
 * The chain's own verdict, and when it holds, whether every anchor kept for it still agrees: a
 * head the chain no longer reaches (events removed from its end) or whose hash differs (events
 * rewritten with new hashes) breaks it at that anchor's event.
 */
export async function verifyAgainstAnchors(db: Db, practiceId: string, anchorDir: string): Promise<ChainVerdict> {
  const verdict = await verifyAuditChain(db, practiceId);
  if (!verdict.intact) return verdict;
  const anchors = (await readAnchors(anchorDir, practiceId)).filter((a) => a.events > 0)
    .sort((a, b) => a.events - b.events);
  const stored = await hashesAt(db, practiceId, [...new Set(anchors.map((a) => a.events))]);
  let vouched = 0;
  for (const anchor of anchors) {
    if (stored.get(anchor.events) !== anchor.hash) {
      return { intact: false, events: vouched, brokenAtSequence: anchor.events, reason: "anchor" };
    }
    vouched = anchor.events;
  }
  return verdict;
}

export interface AnchorReport {
  practiceId: string;
  verdict: ChainVerdict;
}

/**
 * Verifies every practice's chain against its anchors; appends the head of each intact one to
 * its file and mails it to the owners, and mails the owners of each broken one. Returns every
 * practice's verdict.
 */
export async function anchorPracticeChains(db: Db, anchorDir: string, now: Date): Promise<AnchorReport[]> {
  const practices = await db.selectFrom("practices").select(["id", "name"]).orderBy("id").execute();
  const reports: AnchorReport[] = [];
  for (const practice of practices) {
    const verdict = await verifyAgainstAnchors(db, practice.id, anchorDir);
    reports.push({ practiceId: practice.id, verdict });
    const head = verdict.intact && verdict.events > 0
      ? (await hashesAt(db, practice.id, [verdict.events])).get(verdict.events)
      : undefined;
    if (verdict.intact && !head) continue;
    if (head) await appendAnchor(anchorDir, practice.id, { at: now.toISOString(), events: verdict.events, hash: head });
    const owners = await db.selectFrom("memberships as m").innerJoin("accounts as a", "a.id", "m.account_id")
      .select(["a.email", "a.language"])
      .where("m.practice_id", "=", practice.id).where("m.role", "=", "owner").where("m.ended_at", "is", null)
      .where("a.status", "=", "active").execute();
    if (!owners.length) continue;
    await db.transaction().execute(async (trx) => {
      for (const owner of owners) {
        const facts = verdict.intact
          ? {
            kind: "auditChainHead" as const,
            practice: practice.name,
            events: verdict.events,
            hash: shortHash(head!),
            at: now.toISOString().slice(0, 16).replace("T", " ") + " UTC",
          }
          : {
            kind: "auditChainBrokenPractice" as const,
            practice: practice.name,
            sequence: verdict.brokenAtSequence,
            events: verdict.events,
            reason: verdict.reason,
          };
        await queueMail(trx, { to: owner.email, language: owner.language, facts }, now);
      }
    });
  }
  return reports;
}
