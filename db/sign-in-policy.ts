// The practice's sign-in rules an owner sets on the security page: how old a password may get,
// and whether owners must sign in with a security key or passkey.
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import type { PracticeActor } from "./practice-scope.ts";

export interface SignInPolicy {
  /** 0: passwords never expire. */
  passwordMaxAgeDays: number;
  ownersNeedWebauthn: boolean;
}

/** Stores the rules and their audit event in one transaction. */
export async function changeSignInPolicy(
  db: Db,
  scope: PracticeActor,
  policy: SignInPolicy,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("practices")
      .set({ password_max_age_days: policy.passwordMaxAgeDays, owners_need_webauthn: policy.ownersNeedWebauthn })
      .where("id", "=", scope.practiceId).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "practice.sign_in_policy_changed",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      details: { passwordMaxAgeDays: policy.passwordMaxAgeDays, ownersNeedWebauthn: policy.ownersNeedWebauthn },
      occurredAt: facts.now,
    });
  });
}
