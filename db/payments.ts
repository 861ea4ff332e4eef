// Money received for an issued invoice: payments (transfer, cash, card terminal) and their
// reversals, append-only (the database refuses UPDATE and DELETE); a reversal is a negative
// payment naming the one it reverses. Writing an invoice off is a status change without money,
// kept on the invoice, apart from the payments.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PaymentMethod } from "./schema-billing.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";

type Executor = Db | Transaction<Database>;

export type PaymentOutcome =
  | { ok: true; id: string }
  | { ok: false; problem: "unknown" | "not_payable" | "reversed" | "before_payment" };

export interface Payment {
  id: string;
  amountCents: number;
  method: PaymentMethod;
  paidOn: string;
  reversesPaymentId: string | null;
  reversed: boolean;
  createdAt: Date;
}

export async function listPayments(db: Executor, scope: PracticeScope, invoiceId: string): Promise<Payment[]> {
  const rows = await db.selectFrom("payments as p").selectAll("p")
    .select((eb) =>
      eb.exists(eb.selectFrom("payments as r").select("r.id").whereRef("r.reverses_payment_id", "=", "p.id")).as(
        "reversed",
      )
    )
    .where("p.invoice_id", "=", invoiceId).where("p.practice_id", "=", scope.practiceId)
    .orderBy("p.paid_on").orderBy("p.created_at").execute();
  return rows.map((row) => ({
    id: row.id,
    amountCents: row.amount_cents,
    method: row.method,
    paidOn: row.paid_on.toISOString().slice(0, 10),
    reversesPaymentId: row.reverses_payment_id,
    reversed: !!row.reversed,
    createdAt: row.created_at,
  }));
}

async function lockPayable(trx: Transaction<Database>, scope: PracticeScope, invoiceId: string) {
  const invoice = await trx.selectFrom("invoices").select(["id", "status", "kind", "cancelled_at"])
    .where("id", "=", invoiceId).where("practice_id", "=", scope.practiceId).forUpdate().executeTakeFirst();
  if (!invoice) return undefined;
  return invoice.status === "issued" && invoice.kind === "invoice" && !invoice.cancelled_at;
}

async function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  invoiceId: string,
  facts: RequestFacts,
  details: Record<string, string | number | boolean | null>,
) {
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "invoice",
    subjectId: invoiceId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details,
  });
}

/** A full or partial payment (more than the total is kept, and shown as overpaid). */
export async function recordPayment(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  input: { amountCents: number; method: PaymentMethod; paidOn: string },
  facts: RequestFacts,
): Promise<PaymentOutcome> {
  return await db.transaction().execute(async (trx): Promise<PaymentOutcome> => {
    const payable = await lockPayable(trx, scope, invoiceId);
    if (payable === undefined) return { ok: false, problem: "unknown" };
    if (!payable) return { ok: false, problem: "not_payable" };
    const row = await trx.insertInto("payments").values({
      practice_id: scope.practiceId,
      invoice_id: invoiceId,
      amount_cents: input.amountCents,
      method: input.method,
      paid_on: input.paidOn,
      recorded_by: scope.accountId,
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(trx, scope, "payment.recorded", invoiceId, facts, {
      payment_id: row.id,
      amount_cents: input.amountCents,
      method: input.method,
    });
    return { ok: true, id: row.id };
  });
}

/**
 * Reverses a payment (a return, a booking error) with its negative on the day the person names,
 * not before the payment; once only.
 */
export async function reversePayment(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  paymentId: string,
  input: { reversedOn: string },
  facts: RequestFacts,
): Promise<PaymentOutcome> {
  return await db.transaction().execute(async (trx): Promise<PaymentOutcome> => {
    const invoice = await trx.selectFrom("invoices").select("id").where("id", "=", invoiceId)
      .where("practice_id", "=", scope.practiceId).forUpdate().executeTakeFirst();
    if (!invoice) return { ok: false, problem: "unknown" };
    const payment = await trx.selectFrom("payments").selectAll().where("id", "=", paymentId)
      .where("invoice_id", "=", invoiceId).where("practice_id", "=", scope.practiceId)
      .where("amount_cents", ">", 0).executeTakeFirst();
    if (!payment) return { ok: false, problem: "unknown" };
    const already = await trx.selectFrom("payments").select("id").where("reverses_payment_id", "=", paymentId)
      .executeTakeFirst();
    if (already) return { ok: false, problem: "reversed" };
    if (input.reversedOn < payment.paid_on.toISOString().slice(0, 10)) return { ok: false, problem: "before_payment" };
    const row = await trx.insertInto("payments").values({
      practice_id: scope.practiceId,
      invoice_id: invoiceId,
      amount_cents: -payment.amount_cents,
      method: payment.method,
      paid_on: input.reversedOn,
      reverses_payment_id: paymentId,
      recorded_by: scope.accountId,
      created_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(trx, scope, "payment.reversed", invoiceId, facts, { payment_id: paymentId, reversal_id: row.id });
    return { ok: true, id: row.id };
  });
}

/** Writes the rest of an invoice off, or takes that back: a decision, no money. */
export async function setWrittenOff(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  writtenOff: boolean,
  facts: RequestFacts,
): Promise<PaymentOutcome> {
  return await db.transaction().execute(async (trx): Promise<PaymentOutcome> => {
    const payable = await lockPayable(trx, scope, invoiceId);
    if (payable === undefined) return { ok: false, problem: "unknown" };
    if (!payable) return { ok: false, problem: "not_payable" };
    await trx.updateTable("invoices").set({
      written_off_at: writtenOff ? facts.now : null,
      written_off_by: writtenOff ? scope.accountId : null,
    }).where("id", "=", invoiceId).execute();
    await audit(trx, scope, writtenOff ? "invoice.written_off" : "invoice.write_off_withdrawn", invoiceId, facts, {});
    return { ok: true, id: invoiceId };
  });
}
