// What the tax advisor and the tax office take: the issued invoices, cancellations and payments
// of a period, read in pages so that a year's export holds one page (and one PDF) at a time.
// Drafts are never exported: only issued documents are records.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeActor } from "./practice-scope.ts";
import type { RequestFacts } from "./audit.ts";
import { appendAuditEvent } from "./audit.ts";
import type { ItemVatTreatment } from "../lib/billing-kinds.ts";
import type { JournalInvoice, JournalItem, JournalPayment } from "../lib/billing-export-files.ts";
import { type DatevSettings, ITEM_VAT_TREATMENTS, suggestedAccounts } from "../lib/datev-extf.ts";
import { vatLines } from "../lib/money.ts";

export interface Period {
  /** YYYY-MM-DD, inclusive */
  from: string;
  to: string;
  /** "2026" or "2026-03", for file names. */
  label: string;
}

export interface ExportedInvoice extends JournalInvoice {
  id: string;
  /** Gross amount per VAT treatment, for the DATEV batch. */
  amounts: { treatment: ItemVatTreatment; grossCents: number }[];
  firstServiceDate: string;
}

export type ExportedPayment = JournalPayment;
export type ExportedItem = JournalItem;

const PAGE_SIZE = 200;

function day(value: Date | null): string {
  return value ? value.toISOString().slice(0, 10) : "";
}

function hex(bytes: Uint8Array | null): string {
  return bytes ? [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("") : "";
}

/** A calendar day as a date parameter (the columns read as Date, the period is text). */
function asDay(isoDate: string) {
  return sql<Date>`cast(${isoDate} as date)`;
}

function issuedIn(db: Db, scope: PracticeActor, period: Period) {
  return db.selectFrom("invoices as i")
    .where("i.practice_id", "=", scope.practiceId)
    .where("i.status", "=", "issued")
    .where("i.invoice_date", ">=", asDay(period.from))
    .where("i.invoice_date", "<=", asDay(period.to));
}

/** The issued invoices and cancellations of the period, in number order, a page at a time. */
export async function* exportedInvoices(
  db: Db,
  scope: PracticeActor,
  period: Period,
): AsyncGenerator<ExportedInvoice[]> {
  let after: { year: number; sequence: number } | null = null;
  while (true) {
    let query = issuedIn(db, scope, period)
      .leftJoin("invoices as o", "o.id", "i.cancels_invoice_id")
      .leftJoin("invoices as c", "c.id", "i.cancelled_by_invoice_id")
      .select([
        "i.id",
        "i.number",
        "i.kind",
        "i.invoice_date",
        "i.due_date",
        "i.period_from",
        "i.period_to",
        "i.recipient_name",
        "i.recipient_address",
        "i.net_cents",
        "i.vat_cents",
        "i.total_cents",
        "i.small_business",
        "i.pdf_sha256",
        "i.number_year",
        "i.number_sequence",
        "o.number as cancels_number",
        "c.number as cancelled_by_number",
      ])
      .orderBy("i.number_year").orderBy("i.number_sequence").limit(PAGE_SIZE);
    if (after) {
      const { year, sequence } = after;
      query = query.where(sql<boolean>`(i.number_year, i.number_sequence) > (${year}, ${sequence})`);
    }
    const rows = await query.execute();
    if (rows.length === 0) return;
    const amounts = await db.selectFrom("invoice_items")
      .where("practice_id", "=", scope.practiceId)
      .where("invoice_id", "in", rows.map((row) => row.id))
      .select(({ fn }) => [
        "invoice_id",
        "vat_treatment",
        fn.sum<string>("amount_cents").as("net"),
        fn.min("service_date").as("first_day"),
      ])
      .groupBy(["invoice_id", "vat_treatment"]).execute();
    yield rows.map((row) => {
      const own = amounts.filter((a) => a.invoice_id === row.id);
      // VAT per rate on the rate's net sum, exactly as the invoice computed it.
      const lines = vatLines(own.map((a) => ({ vatTreatment: a.vat_treatment, amountCents: Number(a.net) })));
      return {
        id: row.id,
        number: row.number ?? "",
        kind: row.kind,
        invoiceDate: day(row.invoice_date),
        dueDate: day(row.due_date),
        periodFrom: day(row.period_from),
        periodTo: day(row.period_to),
        recipientName: row.recipient_name,
        recipientAddress: row.recipient_address,
        netCents: row.net_cents,
        vatCents: row.vat_cents,
        totalCents: row.total_cents,
        smallBusiness: row.small_business,
        cancelsNumber: row.cancels_number ?? "",
        cancelledByNumber: row.cancelled_by_number ?? "",
        pdfSha256: hex(row.pdf_sha256),
        amounts: lines.map((line) => ({ treatment: line.treatment, grossCents: line.netCents + line.vatCents }))
          .sort((a, b) => ITEM_VAT_TREATMENTS.indexOf(a.treatment) - ITEM_VAT_TREATMENTS.indexOf(b.treatment)),
        firstServiceDate: own.map((a) => day(a.first_day as Date)).sort()[0] ?? "",
      };
    });
    const last = rows[rows.length - 1];
    after = { year: last.number_year ?? 0, sequence: last.number_sequence ?? 0 };
    if (rows.length < PAGE_SIZE) return;
  }
}

/** The items of the period's issued invoices, in number and position order, a page at a time. */
export async function* exportedItems(db: Db, scope: PracticeActor, period: Period): AsyncGenerator<ExportedItem[]> {
  for await (const invoices of exportedInvoices(db, scope, period)) {
    const rows = await db.selectFrom("invoice_items")
      .where("practice_id", "=", scope.practiceId)
      .where("invoice_id", "in", invoices.map((invoice) => invoice.id))
      .selectAll().orderBy("invoice_id").orderBy("position").execute();
    const numberOf = new Map(invoices.map((invoice) => [invoice.id, invoice.number]));
    yield rows.map((row) => ({
      invoiceNumber: numberOf.get(row.invoice_id) ?? "",
      position: row.position,
      serviceDate: day(row.service_date),
      catalogue: row.catalogue,
      code: row.code,
      description: row.description,
      quantity: row.quantity,
      factorHundredths: row.factor_hundredths,
      analogousTo: row.analogous_to,
      justification: row.justification,
      unitCents: row.unit_cents,
      amountCents: row.amount_cents,
      vatTreatment: row.vat_treatment,
      vatCents: row.vat_cents,
    })).sort((a, b) => a.invoiceNumber.localeCompare(b.invoiceNumber) || a.position - b.position);
  }
}

/** Payments and reversals recorded with a date in the period (whatever the invoice's date). */
export async function exportedPayments(db: Db, scope: PracticeActor, period: Period): Promise<ExportedPayment[]> {
  const rows = await db.selectFrom("payments as p")
    .innerJoin("invoices as i", "i.id", "p.invoice_id")
    .where("p.practice_id", "=", scope.practiceId)
    .where("p.paid_on", ">=", asDay(period.from))
    .where("p.paid_on", "<=", asDay(period.to))
    .select(["i.number", "p.paid_on", "p.amount_cents", "p.method", "p.created_at"])
    .orderBy("p.paid_on").orderBy("p.created_at").execute();
  return rows.map((row) => ({
    invoiceNumber: row.number ?? "",
    paidOn: day(row.paid_on),
    amountCents: row.amount_cents,
    method: row.method,
    reversal: row.amount_cents < 0,
  }));
}

/** The PDFs of the period's issued invoices, one at a time. */
export async function* exportedPdfs(
  db: Db,
  scope: PracticeActor,
  period: Period,
): AsyncGenerator<{ number: string; kind: "invoice" | "cancellation"; issuedAt: Date; pdf: Uint8Array }> {
  for await (const page of exportedInvoices(db, scope, period)) {
    for (const invoice of page) {
      const row = await db.selectFrom("invoices").select(["pdf", "issued_at"])
        .where("practice_id", "=", scope.practiceId).where("id", "=", invoice.id).executeTakeFirst();
      if (row?.pdf) yield { number: invoice.number, kind: invoice.kind, issuedAt: row.issued_at!, pdf: row.pdf };
    }
  }
}

export async function findDatevSettings(db: Db, scope: PracticeActor): Promise<DatevSettings | null> {
  const row = await db.selectFrom("datev_settings").selectAll().where("practice_id", "=", scope.practiceId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    consultantNumber: row.consultant_number,
    clientNumber: row.client_number,
    fiscalYearStart: row.fiscal_year_start,
    accountLength: row.account_length,
    chart: row.chart,
    receivableAccount: row.receivable_account,
    bankAccount: row.bank_account,
    cashAccount: row.cash_account,
    revenueAccounts: {
      exempt: row.revenue_exempt,
      standard: row.revenue_standard,
      reduced: row.revenue_reduced,
      small_business: row.revenue_small_business,
    },
  };
}

/** The settings form starts from the usual SKR03 accounts until the practice has saved its own. */
export function datevSettingsProposal(): DatevSettings {
  return {
    consultantNumber: 0,
    clientNumber: 0,
    fiscalYearStart: "01-01",
    accountLength: 4,
    chart: "SKR03",
    ...suggestedAccounts("SKR03"),
  };
}

export async function saveDatevSettings(
  db: Db,
  scope: PracticeActor,
  settings: DatevSettings,
  facts: RequestFacts,
): Promise<void> {
  const row = {
    consultant_number: settings.consultantNumber,
    client_number: settings.clientNumber,
    fiscal_year_start: settings.fiscalYearStart,
    account_length: settings.accountLength,
    chart: settings.chart,
    receivable_account: settings.receivableAccount,
    bank_account: settings.bankAccount,
    cash_account: settings.cashAccount,
    revenue_exempt: settings.revenueAccounts.exempt,
    revenue_standard: settings.revenueAccounts.standard,
    revenue_reduced: settings.revenueAccounts.reduced,
    revenue_small_business: settings.revenueAccounts.small_business,
    updated_at: facts.now,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("datev_settings").values({ practice_id: scope.practiceId, ...row })
      .onConflict((oc) => oc.column("practice_id").doUpdateSet(row)).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "billing.datev_settings_saved",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      details: { chart: settings.chart },
      occurredAt: facts.now,
    });
  });
}

export type ExportKind = "archive" | "datev" | "gdpdu";

/** Every export is an audit event, recorded before the first byte leaves. */
export async function auditExport(
  db: Db,
  scope: PracticeActor,
  kind: ExportKind,
  period: Period,
  facts: RequestFacts,
): Promise<void> {
  await appendAuditEvent(db, {
    practiceId: scope.practiceId,
    action: `billing.exported_${kind}`,
    actorAccountId: scope.accountId,
    subjectType: "practice",
    subjectId: scope.practiceId,
    requestId: facts.requestId,
    details: { from: period.from, to: period.to },
    occurredAt: facts.now,
  });
}
