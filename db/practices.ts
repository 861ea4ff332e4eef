// Registering a practice: the practice, its owner's account and membership, the accepted terms,
// the practice's data key, the verification code and its mail, and the audit event, all in
// one transaction.
import { sql } from "kysely";
import type { MailOrder } from "../lib/mail-templates.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { type NewVerification, storeVerification } from "./email-verifications.ts";
import { queueMail } from "./outgoing-mails.ts";

export interface PracticeRegistration {
  practiceId: string;
  practiceName: string;
  ownerName: string;
  email: string;
  emailHint: string;
  passwordHash: string;
  language: "de" | "en";
  termsVersion: string;
  /** The name of the practice's first location (Betriebsstätte). */
  locationName: string;
  wrappedDataKey: Uint8Array;
  verification: NewVerification;
  verificationMail: MailOrder;
  /** Sent instead when the address already has an account; the outside sees no difference. */
  alreadyRegisteredMail: MailOrder;
}

export type RegistrationOutcome = { registered: true; accountId: string } | { registered: false };

export async function registerPractice(
  db: Db,
  input: PracticeRegistration,
  facts: RequestFacts,
): Promise<RegistrationOutcome> {
  return await db.transaction().execute(async (trx) => {
    const account = await trx.insertInto("accounts").values({
      email: input.email,
      name: input.ownerName,
      password_hash: input.passwordHash,
      status: "unverified",
      language: input.language,
      created_at: facts.now,
    }).onConflict((conflict) => conflict.expression(sql`lower(email)`).doNothing())
      .returning("id").executeTakeFirst();

    if (!account) {
      await storeVerification(trx, input.verification, {
        accountId: null,
        purpose: "registration",
        emailHint: input.emailHint,
      }, facts.now);
      await queueMail(trx, input.alreadyRegisteredMail, facts.now);
      await appendAuditEvent(trx, {
        practiceId: null,
        action: "practice.registration_refused",
        details: { reason: "email_taken" },
        requestId: facts.requestId,
        occurredAt: facts.now,
      });
      return { registered: false };
    }

    await trx.insertInto("practices").values({ id: input.practiceId, name: input.practiceName, created_at: facts.now })
      .execute();
    await trx.insertInto("practice_keys").values({ practice_id: input.practiceId, wrapped_key: input.wrappedDataKey })
      .execute();
    await trx.insertInto("locations").values({ practice_id: input.practiceId, name: input.locationName }).execute();
    await trx.insertInto("memberships").values({
      practice_id: input.practiceId,
      account_id: account.id,
      role: "owner",
      created_at: facts.now,
    }).execute();
    await trx.insertInto("terms_acceptances").values({
      account_id: account.id,
      terms_version: input.termsVersion,
      accepted_at: facts.now,
    }).execute();
    await storeVerification(trx, input.verification, {
      accountId: account.id,
      purpose: "registration",
      emailHint: input.emailHint,
    }, facts.now);
    await queueMail(trx, input.verificationMail, facts.now);
    await appendAuditEvent(trx, {
      practiceId: input.practiceId,
      action: "practice.registered",
      actorAccountId: account.id,
      subjectType: "practice",
      subjectId: input.practiceId,
      requestId: facts.requestId,
      details: { termsVersion: input.termsVersion },
      occurredAt: facts.now,
    });
    return { registered: true, accountId: account.id };
  });
}
