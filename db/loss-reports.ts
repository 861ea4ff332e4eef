// Loss reports: a person says a key is lost or stolen, or that they suspect misuse. The named
// factor (or, when they cannot tell, every credential they hold) is locked at once, every
// session ends, and the practice owners and the operators learn of it by email. Afterwards the
// person may ask the owners for new credentials; the old ones stay locked.
import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAccountAuditEvent, type RequestFacts } from "./audit.ts";
import { endAllSessions } from "./sessions.ts";
import { queueMail } from "./outgoing-mails.ts";
import { lockAllCredentials } from "./member-locks.ts";

export interface LossTarget {
  /** The factor the person chose from their list (signed in). */
  factorId?: string | null;
  /** The factor's name as the person remembers it (signed out); unmatched means all. */
  factorName?: string | null;
}

const timestamp = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Berlin",
  dateStyle: "short",
  timeStyle: "short",
});

interface Recipient {
  email: string;
  language: "de" | "en";
}

/** The owners of every practice the person belongs to, other than the person themselves. */
async function ownersOf(trx: Transaction<Database>, accountId: string): Promise<Recipient[]> {
  return await trx.selectFrom("memberships as own")
    .innerJoin("memberships as owner", "owner.practice_id", "own.practice_id")
    .innerJoin("accounts", "accounts.id", "owner.account_id")
    .select(["accounts.email", "accounts.language"]).distinct()
    .where("own.account_id", "=", accountId).where("own.ended_at", "is", null)
    .where("owner.role", "=", "owner").where("owner.status", "=", "active").where("owner.ended_at", "is", null)
    .where("accounts.status", "=", "active").where("accounts.id", "!=", accountId)
    .execute();
}

async function operators(trx: Transaction<Database>): Promise<Recipient[]> {
  return await trx.selectFrom("accounts").select(["email", "language"])
    .where("kind", "=", "operator").where("status", "=", "active").execute();
}

function unique(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => !seen.has(r.email.toLowerCase()) && seen.add(r.email.toLowerCase()));
}

/**
 * The one active factor the report names, or null when it names none clearly (then: all). A
 * name that matches nothing means all; a chosen id that is not an active factor of theirs is
 * "unknown" (a stale page), and changes nothing.
 */
async function namedFactor(trx: Transaction<Database>, accountId: string, target: LossTarget) {
  if (!target.factorId && !target.factorName) return null;
  let query = trx.selectFrom("second_factors").select(["id", "kind"])
    .where("account_id", "=", accountId).where("status", "=", "active");
  query = target.factorId
    ? query.where("id", "=", target.factorId)
    : query.where(sql<string>`lower(name)`, "=", target.factorName!.trim().toLowerCase());
  const matches = await query.execute();
  if (target.factorId && matches.length === 0) return "unknown";
  return matches.length === 1 ? matches[0] : null;
}

export async function reportLoss(
  db: Db,
  accountId: string,
  target: LossTarget,
  via: "signed_in" | "signed_out",
  facts: RequestFacts,
): Promise<{ allCredentials: boolean } | null> {
  return await db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom("accounts").select(["name", "email"]).where("id", "=", accountId)
      .forUpdate().executeTakeFirstOrThrow();
    const factor = await namedFactor(trx, accountId, target);
    if (factor === "unknown") return null;
    let details: Record<string, string | number | null>;
    if (factor) {
      await trx.updateTable("second_factors")
        .set({ status: "locked", locked_at: facts.now, locked_reason: "reported_lost" })
        .where("id", "=", factor.id).execute();
      const sessionsEnded = await endAllSessions(trx, accountId);
      details = { factorId: factor.id, kind: factor.kind, factorsLocked: 1, sessionsEnded };
    } else {
      const locked = await lockAllCredentials(trx, accountId, "reported_lost", facts.now);
      details = {
        factorId: null,
        factorsLocked: locked.factors,
        recoveryCodesVoided: locked.recoveryCodes,
        sessionsEnded: locked.sessions,
      };
    }
    await appendAccountAuditEvent(trx, accountId, {
      action: "loss.reported",
      details: { via, allCredentials: !factor, ...details },
    }, facts);
    const report = {
      person: person.name,
      email: person.email,
      allCredentials: !factor,
      at: timestamp.format(facts.now),
    };
    for (const recipient of unique([...await ownersOf(trx, accountId), ...await operators(trx)])) {
      await queueMail(trx, {
        to: recipient.email,
        language: recipient.language,
        facts: { kind: "lossReported", ...report },
      }, facts.now);
    }
    return { allCredentials: !factor };
  });
}

/**
 * Asks the owners (or, for a person in no practice, the operators) to re-issue access. Once
 * per loss report: false when this report's request was made already.
 */
export async function requestNewCredentials(
  db: Db,
  accountId: string,
  reportedAt: Date,
  facts: RequestFacts,
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom("accounts").select(["name", "email"]).where("id", "=", accountId)
      .forUpdate().executeTakeFirst();
    if (!person) return false;
    const earlier = await trx.selectFrom("audit_events").select("id")
      .where("action", "=", "credentials.reissue_requested").where("subject_id", "=", accountId)
      .where("occurred_at", ">=", reportedAt).limit(1).executeTakeFirst();
    if (earlier) return false;
    const owners = await ownersOf(trx, accountId);
    const recipients = owners.length ? owners : await operators(trx);
    for (const recipient of unique(recipients)) {
      await queueMail(
        trx,
        {
          to: recipient.email,
          language: recipient.language,
          facts: { kind: "newCredentialsRequested", person: person.name, email: person.email },
        },
        facts.now,
      );
    }
    await appendAccountAuditEvent(trx, accountId, {
      action: "credentials.reissue_requested",
      details: { notified: recipients.length },
    }, facts);
    return true;
  });
}
