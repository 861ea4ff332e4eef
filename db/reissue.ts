// Re-issuing access after a loss: the owner sends an existing member a new invitation over the
// same two channels (link by email, code on the printed letter). Accepting it sets a new
// password, keeps every old factor locked (and locks any still active), ends the person's
// sessions and opens an enrolment session that may set up exactly one new factor.
import { sql, type Transaction } from "kysely";
import type { MailOrder } from "../lib/mail-templates.ts";
import { hashSecret, secretsEqual } from "../lib/secret-token.ts";
import { hashActivationCode } from "../lib/activation-code.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueMail } from "./outgoing-mails.ts";
import { createSession, endAllSessions, endSession, type SessionLimits } from "./sessions.ts";
import { passwordRecentlyUsed, replacePassword } from "./passwords.ts";
import {
  INVITATION_LIFETIME_MS,
  type InvitationSecrets,
  type InvitationState,
  invitationState,
  LINK_TOKEN_PATTERN,
  MAX_CODE_ATTEMPTS,
} from "./invitations.ts";
import type { PracticeActor } from "./practice-scope.ts";

export interface ReissuedMember {
  name: string;
  email: string;
  language: "de" | "en";
  expiresAt: Date;
}

export type ReissueOutcome =
  | { outcome: "created"; name: string; email: string }
  | { outcome: "unknown" | "self" | "ended" | "already_pending" };

/**
 * Creates the re-issue invitation for a member of the scope's practice with their current
 * role, areas, end date and locations, queues its link mail and records the owner's reason.
 */
export async function createReissue(
  db: Db,
  scope: PracticeActor,
  membershipId: string,
  secrets: InvitationSecrets,
  mailFor: (member: ReissuedMember) => MailOrder,
  reason: string,
  facts: RequestFacts,
): Promise<ReissueOutcome> {
  return await db.transaction().execute(async (trx): Promise<ReissueOutcome> => {
    const member = await trx.selectFrom("memberships")
      .innerJoin("accounts", "accounts.id", "memberships.account_id")
      .select([
        "memberships.id",
        "memberships.account_id",
        "memberships.role",
        "memberships.areas",
        "memberships.ends_on",
        "memberships.ended_at",
        "memberships.all_locations",
        "accounts.name",
        "accounts.email",
        "accounts.language",
      ])
      .where("memberships.id", "=", membershipId).where("memberships.practice_id", "=", scope.practiceId)
      .forUpdate("memberships").executeTakeFirst();
    if (!member) return { outcome: "unknown" };
    if (member.account_id === scope.accountId) return { outcome: "self" };
    if (member.ended_at) return { outcome: "ended" };
    const open = await trx.selectFrom("invitations").select("id")
      .where("practice_id", "=", scope.practiceId)
      .where((eb) =>
        eb.or([
          eb("reissue_account_id", "=", member.account_id),
          eb(sql<string>`lower(email)`, "=", member.email.toLowerCase()),
        ])
      )
      .where("accepted_at", "is", null).where("withdrawn_at", "is", null)
      .where("attempts", "<", MAX_CODE_ATTEMPTS).where("expires_at", ">", facts.now)
      .executeTakeFirst();
    if (open) return { outcome: "already_pending" };

    const locations = member.all_locations ? [] : await trx.selectFrom("membership_locations")
      .select("location_id").where("membership_id", "=", member.id).execute();
    const expiresAt = new Date(facts.now.getTime() + INVITATION_LIFETIME_MS);
    await trx.insertInto("invitations").values({
      id: secrets.id,
      practice_id: scope.practiceId,
      invited_by: scope.accountId,
      email: member.email,
      name: member.name,
      role: member.role,
      ends_on: member.ends_on ? member.ends_on.toISOString().slice(0, 10) : null,
      areas: member.areas,
      location_ids: locations.map((row) => row.location_id),
      link_token_hash: hashSecret(secrets.linkToken),
      activation_code_hash: hashActivationCode(secrets.id, secrets.activationCode)!,
      created_at: facts.now,
      expires_at: expiresAt,
      reissue_account_id: member.account_id,
    }).execute();
    await queueMail(trx, mailFor({ ...member, expiresAt }), facts.now);
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "member.reissue_requested",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: member.id,
      requestId: facts.requestId,
      details: { accountId: member.account_id, invitationId: secrets.id, reason },
      occurredAt: facts.now,
    });
    return { outcome: "created", name: member.name, email: member.email };
  });
}

/** The re-issue behind a link, as its recipient sees it; null when the link is unknown. */
export async function findReissueByLink(db: Db, linkToken: string, now: Date) {
  if (!LINK_TOKEN_PATTERN.test(linkToken)) return null;
  const row = await db.selectFrom("invitations")
    .innerJoin("practices", "practices.id", "invitations.practice_id")
    .select([
      "invitations.id",
      "invitations.name",
      "invitations.email",
      "invitations.accepted_at",
      "invitations.withdrawn_at",
      "invitations.expires_at",
      "invitations.attempts",
      "practices.name as practice_name",
    ])
    .where("invitations.link_token_hash", "=", hashSecret(linkToken))
    .where("invitations.reissue_account_id", "is not", null).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    state: invitationState(row, now),
    name: row.name,
    email: row.email,
    practiceName: row.practice_name,
    attemptsLeft: Math.max(0, MAX_CODE_ATTEMPTS - row.attempts),
  };
}

export interface EnrolmentSessionInput {
  previousTokenHash: string | null;
  userAgent: string | null;
  ip: string | null;
}

export type AcceptReissueOutcome =
  | { outcome: "accepted"; sessionToken: string }
  | { outcome: "wrong_code"; attemptsLeft: number }
  | { outcome: "password_reused" }
  | { outcome: "closed"; state: Exclude<InvitationState, "pending"> | "unknown" };

/**
 * Link and code together (a wrong code uses up one of five tries), then the new password
 * (not one of the last five). In one transaction: the password is replaced, every old factor
 * stays or becomes locked, unused recovery codes are void, every session ends, the invitation
 * is spent and an enrolment session begins in the practice.
 */
export async function acceptReissue(
  db: Db,
  linkToken: string,
  typedCode: string,
  password: { plain: string; hash: string },
  session: EnrolmentSessionInput,
  limits: SessionLimits,
  facts: RequestFacts,
): Promise<AcceptReissueOutcome> {
  if (!LINK_TOKEN_PATTERN.test(linkToken)) return { outcome: "closed", state: "unknown" };
  return await db.transaction().execute(async (trx): Promise<AcceptReissueOutcome> => {
    const invitation = await trx.selectFrom("invitations").selectAll()
      .where("link_token_hash", "=", hashSecret(linkToken)).where("reissue_account_id", "is not", null)
      .forUpdate().executeTakeFirst();
    if (!invitation) return { outcome: "closed", state: "unknown" };
    const state = invitationState(invitation, facts.now);
    if (state !== "pending") return { outcome: "closed", state };
    const accountId = invitation.reissue_account_id!;

    const hash = hashActivationCode(invitation.id, typedCode);
    if (!hash || !secretsEqual(hash, invitation.activation_code_hash)) {
      const attempts = invitation.attempts + 1;
      await trx.updateTable("invitations").set({ attempts }).where("id", "=", invitation.id).execute();
      await auditInvitation(trx, invitation.practice_id, invitation.id, "invitation.code_failed", facts, { attempts });
      if (attempts >= MAX_CODE_ATTEMPTS) {
        await auditInvitation(trx, invitation.practice_id, invitation.id, "invitation.voided", facts);
        return { outcome: "closed", state: "void" };
      }
      return { outcome: "wrong_code", attemptsLeft: MAX_CODE_ATTEMPTS - attempts };
    }
    const membership = await trx.selectFrom("memberships").select("id")
      .where("practice_id", "=", invitation.practice_id).where("account_id", "=", accountId)
      .where("ended_at", "is", null).executeTakeFirst();
    if (!membership) return { outcome: "closed", state: "withdrawn" };
    if (await passwordRecentlyUsed(trx, accountId, password.plain)) return { outcome: "password_reused" };

    await replacePassword(trx, accountId, password.hash, facts.now);
    const factorsLocked = await trx.updateTable("second_factors")
      .set({ status: "locked", locked_at: facts.now, locked_reason: "reissued" })
      .where("account_id", "=", accountId).where("status", "=", "active").returning("id").execute();
    await trx.deleteFrom("second_factors").where("account_id", "=", accountId).where("status", "=", "pending")
      .execute();
    await trx.deleteFrom("recovery_codes").where("account_id", "=", accountId).where("used_at", "is", null)
      .execute();
    if (session.previousTokenHash) await endSession(trx, session.previousTokenHash);
    const sessionsEnded = await endAllSessions(trx, accountId);
    await trx.updateTable("invitations").set({ accepted_at: facts.now, accepted_account_id: accountId })
      .where("id", "=", invitation.id).execute();
    const sessionToken = await createSession(trx, {
      accountId,
      practiceId: invitation.practice_id,
      purpose: "enrolment",
      secondFactorAt: null,
      userAgent: session.userAgent,
      ip: session.ip,
      now: facts.now,
    }, limits);
    await appendAccountAuditEvent(trx, accountId, {
      action: "credentials.reissue_accepted",
      details: { invitationId: invitation.id, factorsLocked: factorsLocked.length, sessionsEnded },
    }, facts);
    return { outcome: "accepted", sessionToken };
  });
}

async function auditInvitation(
  trx: Transaction<Database>,
  practiceId: string,
  invitationId: string,
  action: string,
  facts: RequestFacts,
  details: Record<string, number> = {},
) {
  await appendAuditEvent(trx, {
    practiceId,
    action,
    actorAccountId: null,
    subjectType: "invitation",
    subjectId: invitationId,
    requestId: facts.requestId,
    details,
    occurredAt: facts.now,
  });
}
