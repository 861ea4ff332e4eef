// What an e-invoice needs of an issued invoice to a business (a payer of kind "company"): the
// invoice as stored, its items and VAT lines, the practice's billing identity and the payer's
// address for electronic invoices. Reading one is audited like any delivery of the invoice.
import type { Db } from "./database.ts";
import type { PracticeActor } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { findBillingSettings } from "./billing-settings.ts";
import type { EInvoiceInput } from "../lib/e-invoice.ts";
import { vatLines } from "../lib/money.ts";

function day(value: Date | null): string {
  return value ? value.toISOString().slice(0, 10) : "";
}

/** The e-invoice data, "not_business" for an invoice to a patient or private payer, undefined when unknown. */
export async function eInvoiceInput(
  db: Db,
  scope: PracticeActor,
  invoiceId: string,
  format: "xrechnung-ubl" | "factur-x",
  facts: RequestFacts,
): Promise<EInvoiceInput | "not_business" | undefined> {
  const invoice = await db.selectFrom("invoices as i")
    .leftJoin("patient_payers as p", "p.id", "i.payer_id")
    .leftJoin("invoices as o", "o.id", "i.cancels_invoice_id")
    .where("i.id", "=", invoiceId).where("i.practice_id", "=", scope.practiceId).where("i.status", "=", "issued")
    .select([
      "i.kind",
      "i.number",
      "i.invoice_date",
      "i.due_date",
      "i.recipient_name",
      "i.recipient_address",
      "i.recipient_email",
      "i.net_cents",
      "i.vat_cents",
      "i.total_cents",
      "p.kind as payer_kind",
      "o.number as cancels_number",
    ])
    .executeTakeFirst();
  if (!invoice) return undefined;
  if (invoice.payer_kind !== "company") return "not_business";
  const items = await db.selectFrom("invoice_items").where("invoice_id", "=", invoiceId)
    .where("practice_id", "=", scope.practiceId)
    .select(["description", "service_date", "quantity", "amount_cents", "vat_treatment"]).orderBy("position").execute();
  const settings = await findBillingSettings(db, scope.practiceId);
  // XRechnung wants the seller's contact address: the practice's (first) owner.
  const owner = await db.selectFrom("memberships as m").innerJoin("accounts as a", "a.id", "m.account_id")
    .where("m.practice_id", "=", scope.practiceId).where("m.role", "=", "owner").where("m.ended_at", "is", null)
    .select("a.email").orderBy("m.created_at").executeTakeFirst();
  await appendAuditEvent(db, {
    practiceId: scope.practiceId,
    action: "invoice.e_invoice_downloaded",
    actorAccountId: scope.accountId,
    subjectType: "invoice",
    subjectId: invoiceId,
    requestId: facts.requestId,
    details: { format },
    occurredAt: facts.now,
  });
  const lines = items.map((item) => ({ ...item, serviceDate: day(item.service_date) }));
  return {
    kind: invoice.kind,
    number: invoice.number ?? "",
    issueDate: day(invoice.invoice_date),
    dueDate: day(invoice.due_date),
    cancelsNumber: invoice.cancels_number,
    seller: {
      name: settings.legalName,
      address: settings.address,
      taxNumber: settings.taxNumber,
      vatId: settings.vatId,
      iban: settings.iban,
      bic: settings.bic,
      email: owner?.email ?? "",
    },
    buyer: { name: invoice.recipient_name, address: invoice.recipient_address, email: invoice.recipient_email },
    items: lines.map((item) => ({
      description: item.description,
      serviceDate: item.serviceDate,
      quantity: item.quantity,
      amountCents: item.amount_cents,
      vatTreatment: item.vat_treatment,
    })),
    vatLines: vatLines(lines.map((item) => ({ vatTreatment: item.vat_treatment, amountCents: item.amount_cents }))),
    netCents: invoice.net_cents,
    vatCents: invoice.vat_cents,
    totalCents: invoice.total_cents,
  };
}
