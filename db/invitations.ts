// Invitations: how a person joins a practice over two channels. The invitation email carries
// only a link (a random 256-bit token); the owner hands over the one-time activation code on a
// printed letter. Only hashes of both are stored. A code is tried at most five times; then the
// invitation is void. Accepting creates (or joins) the account and the membership in one
// transaction with its audit event.
import { sql, type Transaction } from "kysely";
import type { MailOrder } from "../lib/mail-templates.ts";
import type { GrantableArea, Role } from "../lib/permissions.ts";
import { generateSecretToken, hashSecret, secretsEqual } from "../lib/secret-token.ts";
import { generateActivationCode, hashActivationCode } from "../lib/activation-code.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueMail } from "./outgoing-mails.ts";
import type { PracticeActor } from "./practice-scope.ts";

export const INVITATION_LIFETIME_MS = 7 * 86_400_000;
export const MAX_CODE_ATTEMPTS = 5;
export const LINK_TOKEN_PATTERN = /^[a-z2-7]{52}$/;

export type InvitationState = "pending" | "accepted" | "withdrawn" | "expired" | "void";

interface StateColumns {
  accepted_at: Date | null;
  withdrawn_at: Date | null;
  expires_at: Date;
  attempts: number;
}

export function invitationState(row: StateColumns, now: Date): InvitationState {
  if (row.accepted_at) return "accepted";
  if (row.withdrawn_at) return "withdrawn";
  if (row.attempts >= MAX_CODE_ATTEMPTS) return "void";
  if (row.expires_at.getTime() <= now.getTime()) return "expired";
  return "pending";
}

export interface InvitationSecrets {
  id: string;
  linkToken: string;
  activationCode: string;
}

export function newInvitationSecrets(): InvitationSecrets {
  return { id: crypto.randomUUID(), linkToken: generateSecretToken(), activationCode: generateActivationCode() };
}

export interface NewInvitation {
  name: string;
  email: string;
  role: Role;
  endsOn: string | null;
  areas: GrantableArea[];
  /** Empty: every location of the practice. */
  locationIds: string[];
}

export type CreateOutcome = "created" | "already_member" | "already_invited" | "unknown_location";

/** Stores the invitation, queues its email (the link only) and records it, in one transaction. */
export async function createInvitation(
  db: Db,
  scope: PracticeActor,
  invitation: NewInvitation,
  secrets: InvitationSecrets,
  mail: MailOrder,
  facts: RequestFacts,
): Promise<CreateOutcome> {
  return await db.transaction().execute(async (trx) => {
    if (invitation.locationIds.length) {
      const known = await trx.selectFrom("locations").select("id").where("practice_id", "=", scope.practiceId)
        .where("id", "in", invitation.locationIds).execute();
      if (known.length !== new Set(invitation.locationIds).size) return "unknown_location";
    }
    const member = await trx.selectFrom("memberships")
      .innerJoin("accounts", "accounts.id", "memberships.account_id")
      .select("memberships.id")
      .where("memberships.practice_id", "=", scope.practiceId).where("memberships.ended_at", "is", null)
      .where(sql<string>`lower(accounts.email)`, "=", invitation.email.toLowerCase())
      .executeTakeFirst();
    if (member) return "already_member";
    const open = await trx.selectFrom("invitations").select("id")
      .where("practice_id", "=", scope.practiceId)
      .where(sql<string>`lower(email)`, "=", invitation.email.toLowerCase())
      .where("accepted_at", "is", null).where("withdrawn_at", "is", null)
      .where("attempts", "<", MAX_CODE_ATTEMPTS).where("expires_at", ">", facts.now)
      .executeTakeFirst();
    if (open) return "already_invited";

    await trx.insertInto("invitations").values({
      id: secrets.id,
      practice_id: scope.practiceId,
      invited_by: scope.accountId,
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      ends_on: invitation.endsOn,
      areas: invitation.role === "third_party" ? invitation.areas : [],
      location_ids: invitation.locationIds,
      link_token_hash: hashSecret(secrets.linkToken),
      activation_code_hash: hashActivationCode(secrets.id, secrets.activationCode)!,
      created_at: facts.now,
      expires_at: new Date(facts.now.getTime() + INVITATION_LIFETIME_MS),
    }).execute();
    await queueMail(trx, mail, facts.now);
    await audit(trx, scope.practiceId, scope.accountId, secrets.id, "invitation.created", facts, {
      role: invitation.role,
      limitedLocations: invitation.locationIds.length,
    });
    return "created";
  });
}

export async function listInvitations(db: Db, scope: PracticeActor, now: Date) {
  const rows = await db.selectFrom("invitations")
    .innerJoin("accounts", "accounts.id", "invitations.invited_by")
    .select([
      "invitations.id",
      "invitations.name",
      "invitations.email",
      "invitations.role",
      "invitations.created_at",
      "invitations.expires_at",
      "invitations.accepted_at",
      "invitations.withdrawn_at",
      "invitations.attempts",
      "accounts.name as invited_by_name",
    ])
    .where("invitations.practice_id", "=", scope.practiceId)
    .orderBy("invitations.created_at", "desc").limit(200).execute();
  return rows.map((row) => ({ ...row, state: invitationState(row, now) }));
}

/** This practice's invitation by id, when it can still be accepted (else why not, or unknown). */
async function pendingInScope(trx: Transaction<Database>, scope: PracticeActor, id: string, now: Date) {
  const row = await trx.selectFrom("invitations")
    .select(["id", "name", "email", "accepted_at", "withdrawn_at", "expires_at", "attempts", "activation_code_hash"])
    .where("id", "=", id).where("practice_id", "=", scope.practiceId).forUpdate().executeTakeFirst();
  if (!row) return "unknown" as const;
  if (invitationState(row, now) !== "pending") return "not_pending" as const;
  return row;
}

export async function withdrawInvitation(
  db: Db,
  scope: PracticeActor,
  id: string,
  facts: RequestFacts,
): Promise<"withdrawn" | "not_pending" | "unknown"> {
  return await db.transaction().execute(async (trx) => {
    const invitation = await pendingInScope(trx, scope, id, facts.now);
    if (typeof invitation === "string") return invitation;
    await trx.updateTable("invitations").set({ withdrawn_at: facts.now }).where("id", "=", id).execute();
    await audit(trx, scope.practiceId, scope.accountId, id, "invitation.withdrawn", facts);
    return "withdrawn";
  });
}

/** A new activation code for a pending invitation; the old one stops working at once. */
export async function reissueActivationCode(
  db: Db,
  scope: PracticeActor,
  id: string,
  activationCode: string,
  facts: RequestFacts,
) {
  return await db.transaction().execute(async (trx) => {
    const invitation = await pendingInScope(trx, scope, id, facts.now);
    if (typeof invitation === "string") return invitation;
    await trx.updateTable("invitations").set({ activation_code_hash: hashActivationCode(id, activationCode)! })
      .where("id", "=", id).execute();
    await audit(trx, scope.practiceId, scope.accountId, id, "invitation.code_reissued", facts);
    return { id, name: invitation.name, email: invitation.email, expiresAt: invitation.expires_at };
  });
}

/**
 * What the activation letter prints, for whoever holds the invitation's current code (the owner,
 * on the page that showed it): the code is never stored, so the letter can't be made later.
 */
export async function activationLetterFacts(
  db: Db,
  scope: PracticeActor,
  id: string,
  typedCode: string,
  facts: RequestFacts,
) {
  return await db.transaction().execute(async (trx) => {
    const invitation = await pendingInScope(trx, scope, id, facts.now);
    if (typeof invitation === "string") return null;
    const hash = hashActivationCode(id, typedCode);
    if (!hash || !secretsEqual(hash, invitation.activation_code_hash)) return null;
    const practice = await trx.selectFrom("practices").select("name").where("id", "=", scope.practiceId)
      .executeTakeFirstOrThrow();
    await audit(trx, scope.practiceId, scope.accountId, id, "invitation.letter_downloaded", facts);
    return {
      practiceName: practice.name,
      memberName: invitation.name,
      email: invitation.email,
      createdAt: facts.now,
      expiresAt: invitation.expires_at,
    };
  });
}

/** The invitation behind a link, as its recipient sees it; null when the link is unknown. */
export async function findInvitationByLink(db: Db, linkToken: string, now: Date) {
  if (!LINK_TOKEN_PATTERN.test(linkToken)) return null;
  const row = await db.selectFrom("invitations")
    .innerJoin("practices", "practices.id", "invitations.practice_id")
    .innerJoin("accounts as inviter", "inviter.id", "invitations.invited_by")
    .select([
      "invitations.id",
      "invitations.name",
      "invitations.email",
      "invitations.role",
      "invitations.accepted_at",
      "invitations.withdrawn_at",
      "invitations.expires_at",
      "invitations.attempts",
      "practices.name as practice_name",
      "inviter.name as inviter_name",
    ])
    .where("invitations.link_token_hash", "=", hashSecret(linkToken))
    .where("invitations.reissue_account_id", "is", null).executeTakeFirst();
  if (!row) return null;
  const account = await db.selectFrom("accounts").select("id")
    .where(sql<string>`lower(email)`, "=", row.email.toLowerCase()).where("status", "<>", "unverified")
    .executeTakeFirst();
  return {
    id: row.id,
    state: invitationState(row, now),
    name: row.name,
    email: row.email,
    role: row.role,
    practiceName: row.practice_name,
    inviterName: row.inviter_name,
    attemptsLeft: Math.max(0, MAX_CODE_ATTEMPTS - row.attempts),
    hasAccount: !!account,
  };
}

export interface NewPerson {
  name: string;
  passwordHash: string;
  language: "de" | "en";
  termsVersion: string;
}

export type AcceptOutcome =
  | { outcome: "accepted"; accountId: string; newAccount: boolean; practiceName: string }
  | { outcome: "wrong_code"; attemptsLeft: number }
  | { outcome: "password_needed" }
  | { outcome: "closed"; state: Exclude<InvitationState, "pending"> | "unknown" };

/**
 * Link and code together: checks the code (a wrong one uses up one of five tries, the fifth
 * voids the invitation) and, when it is right, creates the account (verified: the link proved
 * the address) or joins the existing one, creates the membership with its role, areas, end
 * date and locations, records the accepted terms and marks the invitation accepted.
 */
export async function acceptInvitation(
  db: Db,
  linkToken: string,
  typedCode: string,
  newPerson: NewPerson | null,
  facts: RequestFacts,
): Promise<AcceptOutcome> {
  if (!LINK_TOKEN_PATTERN.test(linkToken)) return { outcome: "closed", state: "unknown" };
  return await db.transaction().execute(async (trx): Promise<AcceptOutcome> => {
    const invitation = await trx.selectFrom("invitations").selectAll()
      .where("link_token_hash", "=", hashSecret(linkToken)).where("reissue_account_id", "is", null)
      .forUpdate().executeTakeFirst();
    if (!invitation) return { outcome: "closed", state: "unknown" };
    const state = invitationState(invitation, facts.now);
    if (state !== "pending") return { outcome: "closed", state };

    const hash = hashActivationCode(invitation.id, typedCode);
    if (!hash || !secretsEqual(hash, invitation.activation_code_hash)) {
      const attempts = invitation.attempts + 1;
      await trx.updateTable("invitations").set({ attempts }).where("id", "=", invitation.id).execute();
      await audit(trx, invitation.practice_id, null, invitation.id, "invitation.code_failed", facts, { attempts });
      if (attempts >= MAX_CODE_ATTEMPTS) {
        await audit(trx, invitation.practice_id, null, invitation.id, "invitation.voided", facts);
        return { outcome: "closed", state: "void" };
      }
      return { outcome: "wrong_code", attemptsLeft: MAX_CODE_ATTEMPTS - attempts };
    }

    const account = await invitedAccount(trx, invitation.email, newPerson, facts.now);
    if (!account) return { outcome: "password_needed" };
    const newAccount = account.passwordSetHere;

    const limited = invitation.location_ids.length > 0;
    // A former member comes back with the new terms of the invitation; a lock stays as it is.
    const membership = await trx.insertInto("memberships").values({
      practice_id: invitation.practice_id,
      account_id: account.id,
      role: invitation.role,
      created_at: facts.now,
      ends_on: invitation.ends_on ? day(invitation.ends_on) : null,
      areas: invitation.areas,
      all_locations: !limited,
    }).onConflict((conflict) =>
      conflict.columns(["practice_id", "account_id"]).doUpdateSet({
        role: invitation.role,
        ended_at: null,
        ends_on: invitation.ends_on ? day(invitation.ends_on) : null,
        areas: invitation.areas,
        all_locations: !limited,
      })
    ).returning("id").executeTakeFirstOrThrow();
    await trx.deleteFrom("membership_locations").where("membership_id", "=", membership.id).execute();
    if (limited) {
      const locations = await trx.selectFrom("locations").select("id")
        .where("practice_id", "=", invitation.practice_id).where("id", "in", invitation.location_ids).execute();
      if (locations.length) {
        await trx.insertInto("membership_locations")
          .values(locations.map((location) => ({ membership_id: membership.id, location_id: location.id })))
          .execute();
      }
    }

    await trx.updateTable("invitations").set({ accepted_at: facts.now, accepted_account_id: account.id })
      .where("id", "=", invitation.id).execute();
    await audit(trx, invitation.practice_id, account.id, invitation.id, "invitation.accepted", facts, {
      membershipId: membership.id,
      newAccount,
      termsVersion: newAccount ? newPerson!.termsVersion : null,
    });
    const practice = await trx.selectFrom("practices").select("name").where("id", "=", invitation.practice_id)
      .executeTakeFirstOrThrow();
    return { outcome: "accepted", accountId: account.id, newAccount, practiceName: practice.name };
  });
}

/**
 * The account the invitation goes to: the one with the address, or a new one with the person's
 * own password, verified (the link proved the address). An account someone registered with
 * this address but never proved is taken over the same way, so nobody can claim an address
 * ahead of its owner. Null when a password is needed but none was given.
 */
async function invitedAccount(
  trx: Transaction<Database>,
  email: string,
  newPerson: NewPerson | null,
  now: Date,
): Promise<{ id: string; passwordSetHere: boolean } | null> {
  const existing = () =>
    trx.selectFrom("accounts").select(["id", "status"])
      .where(sql<string>`lower(email)`, "=", email.toLowerCase()).executeTakeFirst();
  let account = await existing();
  if (account && account.status !== "unverified") return { id: account.id, passwordSetHere: false };
  if (!newPerson) return null;
  const chosen = {
    name: newPerson.name,
    password_hash: newPerson.passwordHash,
    status: "active" as const,
    language: newPerson.language,
    verified_at: now,
    password_changed_at: now,
  };
  if (account) {
    await trx.deleteFrom("sessions").where("account_id", "=", account.id).execute();
    await trx.updateTable("memberships").set({ ended_at: now }).where("account_id", "=", account.id)
      .where("ended_at", "is", null).execute();
    await trx.updateTable("accounts").set(chosen).where("id", "=", account.id).execute();
  } else {
    // A registration with the same address in the meantime wins; the person then just joins.
    const created = await trx.insertInto("accounts").values({ ...chosen, email, created_at: now })
      .onConflict((conflict) => conflict.expression(sql`lower(email)`).doNothing())
      .returning("id").executeTakeFirst();
    if (!created) return { id: (await existing())!.id, passwordSetHere: false };
    account = { ...created, status: "active" };
  }
  await trx.insertInto("terms_acceptances")
    .values({ account_id: account.id, terms_version: newPerson.termsVersion, accepted_at: now })
    .onConflict((conflict) => conflict.columns(["account_id", "terms_version"]).doNothing()).execute();
  return { id: account.id, passwordSetHere: true };
}

function day(value: Date | string): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

async function audit(
  trx: Transaction<Database>,
  practiceId: string,
  actorAccountId: string | null,
  invitationId: string,
  action: string,
  facts: RequestFacts,
  details: Record<string, string | number | boolean | null> = {},
) {
  await appendAuditEvent(trx, {
    practiceId,
    action,
    actorAccountId,
    subjectType: "invitation",
    subjectId: invitationId,
    requestId: facts.requestId,
    details,
    occurredAt: facts.now,
  });
}
