// The outgoing mail queue. Mails are queued in the transaction of the change that causes them
// and delivered afterwards; without SMTP (development only) the queue is the outbox a
// developer page shows.
import { sql, type Transaction } from "kysely";
import type { MailAttachment, MailTransport } from "../lib/mail.ts";
import { composeMail, composeMailText, type MailFacts, type MailOrder } from "../lib/mail-templates.ts";
import { LANGUAGES } from "../lib/i18n/mod.ts";
import type { Logger } from "../lib/log.ts";
import type { Clock } from "../lib/clock.ts";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";

const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 8;

/** Composes the mail in the recipient's language and queues it with the change that causes it. */
export async function queueMail(
  trx: Transaction<Database>,
  order: MailOrder,
  now: Date,
  attachment: { invoiceId: string } | null = null,
): Promise<void> {
  const mail = composeMail(order);
  await trx.insertInto("outgoing_mails").values({
    recipient: mail.to,
    subject: mail.subject,
    body: mail.text,
    created_at: now,
    next_attempt_at: now,
    attachment_invoice_id: attachment?.invoiceId ?? null,
  }).execute();
}

/** The same mail to every active operator of the installation, each in their language. */
export async function queueMailToOperators(trx: Transaction<Database>, facts: MailFacts, now: Date): Promise<void> {
  const operators = await trx.selectFrom("accounts").select(["email", "language"])
    .where("kind", "=", "operator").where("status", "=", "active").execute();
  for (const operator of operators) {
    await queueMail(trx, { to: operator.email, language: operator.language, facts }, now);
  }
}

/** The same mail to every active person, each in their language; the number queued. */
export async function queueMailToEveryone(trx: Transaction<Database>, facts: MailFacts, now: Date): Promise<number> {
  let queued = 0;
  for (const language of LANGUAGES) {
    const { subject, text } = composeMailText(language, facts);
    // One statement per language, however many people the installation has.
    const result = await sql`insert into outgoing_mails (recipient, subject, body, created_at, next_attempt_at)
      select email, ${subject}, ${text}, ${now}, ${now} from accounts
      where kind = 'person' and status = 'active' and language = ${language}`.execute(trx);
    queued += Number(result.numAffectedRows ?? 0n);
  }
  return queued;
}

export async function listOutbox(db: Db, limit = 50) {
  return await db.selectFrom("outgoing_mails")
    .select(["id", "recipient", "subject", "body", "created_at", "sent_at"])
    .orderBy("id", "desc").limit(limit).execute();
}

/**
 * Claims due mails with a lease (so several app processes never send one twice), sends them
 * outside any transaction, then marks each sent or schedules a retry with backoff.
 */
export async function deliverDueMails(db: Db, transport: MailTransport, clock: Clock, log: Logger): Promise<number> {
  const now = clock.now();
  const claimed = await db.updateTable("outgoing_mails")
    .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS), attempts: (eb) => eb("attempts", "+", 1) })
    .where("id", "in", (eb) =>
      eb.selectFrom("outgoing_mails").select("id")
        .where("sent_at", "is", null).where("next_attempt_at", "<=", now).where("attempts", "<", MAX_ATTEMPTS)
        .orderBy("next_attempt_at").limit(20).forUpdate().skipLocked())
    .returning(["id", "recipient", "subject", "body", "attempts", "attachment_invoice_id"])
    .execute();
  let sent = 0;
  for (const mail of claimed) {
    try {
      const attachments = mail.attachment_invoice_id ? await invoiceAttachment(db, mail.attachment_invoice_id) : [];
      await transport.send({ to: mail.recipient, subject: mail.subject, text: mail.body, attachments });
      // Once delivered, the text (it may carry a code) is not kept: the mail server has it.
      await db.updateTable("outgoing_mails").set({ sent_at: clock.now(), last_error: null, body: "" })
        .where("id", "=", mail.id).execute();
      sent++;
    } catch (error) {
      const retryInMs = Math.min(60 * 60_000, 30_000 * 2 ** (mail.attempts - 1));
      // The error's name only: SMTP errors can echo the recipient address.
      const reason = error instanceof Error ? error.name : "unknown";
      await db.updateTable("outgoing_mails")
        .set({ last_error: reason, next_attempt_at: new Date(clock.now().getTime() + retryInMs) })
        .where("id", "=", mail.id).execute();
      log.warn("mail delivery failed", { mailId: mail.id, attempt: mail.attempts, error: reason });
    }
  }
  return sent;
}

/** The issued invoice's stored PDF, byte for byte, named by its number. */
async function invoiceAttachment(db: Db, invoiceId: string): Promise<MailAttachment[]> {
  const invoice = await db.selectFrom("invoices").select(["number", "pdf"]).where("id", "=", invoiceId)
    .where("status", "=", "issued").executeTakeFirst();
  if (!invoice?.pdf) return [];
  return [{
    filename: `${invoice.number!.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf`,
    contentType: "application/pdf",
    content: invoice.pdf,
  }];
}

export interface MailDelivery {
  kick(): void;
  stop(): Promise<void>;
}

/** Delivers on every kick and every interval; one delivery at a time in this process. */
export function startMailDelivery(
  db: Db,
  transport: MailTransport,
  clock: Clock,
  log: Logger,
  intervalMs = 15_000,
): MailDelivery {
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  const run = () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = (async () => {
      do {
        again = false;
        try {
          await deliverDueMails(db, transport, clock, log);
        } catch (error) {
          log.error("mail delivery round failed", { error: error instanceof Error ? error.name : "unknown" });
        }
      } while (again);
      busy = false;
    })();
  };
  const timer = setInterval(run, intervalMs);
  return {
    kick: run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Without SMTP (development only): a transport that keeps each mail in the development outbox,
 * as sent (attachments are not kept), so mails to patients can be read there too.
 */
export function developmentOutbox(db: Db, clock: Clock): MailTransport {
  return {
    async send(mail) {
      const now = clock.now();
      await db.insertInto("outgoing_mails").values({
        recipient: mail.to,
        subject: mail.subject,
        body: mail.text,
        created_at: now,
        next_attempt_at: now,
        sent_at: now,
      }).execute();
    },
  };
}
