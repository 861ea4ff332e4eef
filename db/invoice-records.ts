// Reading invoices back: the list with each one's paid amount and status, one invoice with its
// items and payments, the stored PDF; and recording each delivery (download, print, email to
// an address on file), audited.
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { DeliveryChannel } from "./schema-billing.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { queueMail } from "./outgoing-mails.ts";
import { findBillingSettings } from "./billing-settings.ts";
import { type InvoiceStatus, invoiceStatus } from "../lib/invoice-status.ts";
import { patientDisplayName } from "../lib/patient-name.ts";

type Executor = Db | Transaction<Database>;

const dayText = (value: Date | null) => value ? value.toISOString().slice(0, 10) : null;

function invoiceRows(db: Executor, scope: PracticeScope) {
  return db.selectFrom("invoices as i").innerJoin("patients as p", "p.id", "i.patient_id")
    .where("i.practice_id", "=", scope.practiceId)
    .select([
      "i.id",
      "i.kind",
      "i.status",
      "i.number",
      "i.invoice_date",
      "i.due_date",
      "i.period_from",
      "i.period_to",
      "i.patient_id",
      "i.payer_id",
      "i.recipient_kind",
      "i.recipient_name",
      "i.recipient_address",
      "i.recipient_email",
      "i.language",
      "i.net_cents",
      "i.vat_cents",
      "i.total_cents",
      "i.cancels_invoice_id",
      "i.cancelled_by_invoice_id",
      "i.cancelled_at",
      "i.written_off_at",
      "i.issued_at",
      "i.created_at",
      "p.family_name",
      "p.given_names",
      "p.title",
      sql<string>`coalesce((select sum(amount_cents) from payments where invoice_id = i.id), 0)::bigint`.as(
        "paid_cents",
      ),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof invoiceRows>["executeTakeFirstOrThrow"]>>;

export interface InvoiceSummary {
  id: string;
  kind: "invoice" | "cancellation";
  number: string | null;
  invoiceDate: string | null;
  dueDate: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  patientId: string;
  patientName: string;
  payerId: string | null;
  recipientKind: "patient" | "payer";
  recipientName: string;
  recipientAddress: string;
  recipientEmail: string;
  language: "de" | "en";
  netCents: number;
  vatCents: number;
  totalCents: number;
  paidCents: number;
  status: InvoiceStatus;
  cancelsInvoiceId: string | null;
  cancelledByInvoiceId: string | null;
  issuedAt: Date | null;
}

function toSummary(row: Row, today: string): InvoiceSummary {
  const paidCents = Number(row.paid_cents);
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    invoiceDate: dayText(row.invoice_date),
    dueDate: dayText(row.due_date),
    periodFrom: dayText(row.period_from),
    periodTo: dayText(row.period_to),
    patientId: row.patient_id,
    patientName: patientDisplayName(row),
    payerId: row.payer_id,
    recipientKind: row.recipient_kind,
    recipientName: row.recipient_name,
    recipientAddress: row.recipient_address,
    recipientEmail: row.recipient_email,
    language: row.language,
    netCents: row.net_cents,
    vatCents: row.vat_cents,
    totalCents: row.total_cents,
    paidCents,
    status: invoiceStatus({
      status: row.status,
      kind: row.kind,
      totalCents: row.total_cents,
      paidCents,
      dueDate: dayText(row.due_date),
      cancelled: !!row.cancelled_at,
      writtenOff: !!row.written_off_at,
    }, today),
    cancelsInvoiceId: row.cancels_invoice_id,
    cancelledByInvoiceId: row.cancelled_by_invoice_id,
    issuedAt: row.issued_at,
  };
}

/** The practice's invoices, newest first; drafts first of all. */
export async function listInvoices(
  db: Executor,
  scope: PracticeScope,
  filter: { patientId?: string; today: string; limit?: number; from?: string; to?: string },
): Promise<InvoiceSummary[]> {
  let query = invoiceRows(db, scope);
  if (filter.patientId) query = query.where("i.patient_id", "=", filter.patientId);
  // A period of invoice dates (issued invoices only), both days included.
  if (filter.from) query = query.where("i.invoice_date", ">=", sql<Date>`${filter.from}::date`);
  if (filter.to) query = query.where("i.invoice_date", "<=", sql<Date>`${filter.to}::date`);
  const rows = await query.orderBy("i.status", "asc").orderBy("i.issued_at", (ob) => ob.desc().nullsFirst())
    .orderBy("i.number_sequence", "desc").orderBy("i.created_at", "desc").limit(filter.limit ?? 200).execute();
  return rows.map((row) => toSummary(row, filter.today));
}

export async function findInvoice(db: Executor, scope: PracticeScope, id: string, today: string) {
  const row = await invoiceRows(db, scope).where("i.id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const items = await db.selectFrom("invoice_items").selectAll().where("invoice_id", "=", id)
    .where("practice_id", "=", scope.practiceId).orderBy("position").execute();
  const deliveries = await db.selectFrom("invoice_deliveries").select(["channel", "recipient", "delivered_at"])
    .where("invoice_id", "=", id).where("practice_id", "=", scope.practiceId).orderBy("delivered_at").execute();
  const payers = await db.selectFrom("patient_payers").select(["id", "name", "kind"])
    .where("patient_id", "=", row.patient_id).where("practice_id", "=", scope.practiceId)
    .where("archived_at", "is", null).orderBy("name").execute();
  const related = row.cancels_invoice_id ?? row.cancelled_by_invoice_id;
  const relatedNumber = related
    ? (await db.selectFrom("invoices").select("number").where("id", "=", related).executeTakeFirst())?.number ?? null
    : null;
  return {
    ...toSummary(row, today),
    items: items.map((item) => ({ ...item, service_date: item.service_date.toISOString().slice(0, 10) })),
    deliveries,
    payers,
    relatedNumber,
  };
}

export type InvoiceDetail = NonNullable<Awaited<ReturnType<typeof findInvoice>>>;

/** The stored PDF of an issued invoice of the practice. */
export async function invoicePdf(db: Executor, scope: PracticeScope, id: string) {
  const row = await db.selectFrom("invoices").select(["number", "pdf", "pdf_sha256"]).where("id", "=", id)
    .where("practice_id", "=", scope.practiceId).where("status", "=", "issued").executeTakeFirst();
  return row?.pdf ? { number: row.number!, pdf: row.pdf, sha256: row.pdf_sha256! } : undefined;
}

export type DeliveryOutcome = { ok: true } | { ok: false; problem: "unknown" | "no_address" };

/**
 * Records a delivery of an issued invoice: a download or print as it happens, an email only to
 * the address on file for the recipient, queued with the PDF attached.
 */
export async function deliverInvoice(
  db: Db,
  scope: PracticeScope,
  id: string,
  channel: DeliveryChannel,
  facts: RequestFacts,
): Promise<DeliveryOutcome> {
  return await db.transaction().execute(async (trx): Promise<DeliveryOutcome> => {
    const invoice = await trx.selectFrom("invoices").select(["id", "number", "kind", "recipient_email", "language"])
      .where("id", "=", id).where("practice_id", "=", scope.practiceId).where("status", "=", "issued")
      .executeTakeFirst();
    if (!invoice) return { ok: false, problem: "unknown" };
    let recipient = "";
    if (channel === "email") {
      if (!invoice.recipient_email) return { ok: false, problem: "no_address" };
      recipient = invoice.recipient_email;
      const settings = await findBillingSettings(trx, scope.practiceId);
      await queueMail(
        trx,
        {
          to: recipient,
          language: invoice.language,
          facts: {
            kind: "invoice",
            practice: settings.legalName,
            number: invoice.number!,
            cancellation: invoice.kind === "cancellation",
          },
        },
        facts.now,
        { invoiceId: id },
      );
    }
    await trx.insertInto("invoice_deliveries").values({
      practice_id: scope.practiceId,
      invoice_id: id,
      channel,
      recipient,
      delivered_by: scope.accountId,
      delivered_at: facts.now,
    }).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "invoice.delivered",
      actorAccountId: scope.accountId,
      subjectType: "invoice",
      subjectId: id,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { channel },
    });
    return { ok: true };
  });
}
