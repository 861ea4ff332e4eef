// The owner hands a member a programmed YubiKey: the key, already proven by one of its OTPs
// and stored as pending on the member's account, becomes active in one transaction with the
// owner's reason in the practice's audit chain and a mail that tells the member about it.
import { berlinDate } from "../lib/clock.ts";
import { dayOf } from "../lib/auto-lock-deadline.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { activateFactor } from "./second-factors.ts";
import { queueMail } from "./outgoing-mails.ts";
import type { PracticeActor } from "./practice-scope.ts";

export type KeyImportOutcome = "done" | "unknown" | "self" | "ended";

/**
 * Activates the member's pending key. Another practice's membership is "unknown", exactly like
 * none; the owner's own keys are set up under "Security"; an ended membership changes no more.
 * Anything but "done" leaves the pending key for the caller to discard.
 */
export async function activateMemberKey(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  factorId: string,
  reason: string,
  facts: RequestFacts,
): Promise<KeyImportOutcome> {
  return await db.transaction().execute(async (trx) => {
    const member = await trx.selectFrom("memberships")
      .innerJoin("accounts", "accounts.id", "memberships.account_id")
      .innerJoin("practices", "practices.id", "memberships.practice_id")
      .select([
        "memberships.id",
        "memberships.account_id",
        "memberships.ended_at",
        "memberships.ends_on",
        "accounts.email",
        "accounts.language",
        "practices.name as practice_name",
      ])
      .where("memberships.id", "=", membershipId).where("memberships.practice_id", "=", scope.practiceId)
      .forUpdate("memberships").executeTakeFirst();
    if (!member) return "unknown";
    if (member.account_id === scope.accountId) return "self";
    if (member.ended_at || (member.ends_on && dayOf(member.ends_on) < berlinDate(facts.now))) return "ended";
    if (!await activateFactor(trx, member.account_id, factorId, facts)) return "unknown";
    const factor = await trx.selectFrom("second_factors").select("name").where("id", "=", factorId)
      .executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "member.yubikey_imported",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: member.id,
      requestId: facts.requestId,
      details: { accountId: member.account_id, factorId, reason },
      occurredAt: facts.now,
    });
    await queueMail(trx, {
      to: member.email,
      language: member.language,
      facts: { kind: "memberKeyImported", practice: member.practice_name, key: factor.name },
    }, facts.now);
    return "done";
  });
}
