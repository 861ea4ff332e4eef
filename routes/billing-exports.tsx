// Exports for the tax advisor and the tax office: the monthly or yearly ZIP (CSV journal and
// every invoice PDF, streamed), the DATEV booking batch with the practice's accounts, and the
// GoBD data access (Z3) tables with their GDPdU index.xml. Each export is audited before the
// first byte leaves; only the practice's own issued invoices are ever read.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { checkForm, choice, parseForm, readId, typed, wholeNumberBetween } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import {
  auditExport,
  datevSettingsProposal,
  exportedInvoices,
  exportedItems,
  exportedPayments,
  exportedPdfs,
  findDatevSettings,
  saveDatevSettings,
} from "../db/billing-exports.ts";
import { findBillingSupplier } from "../db/billing-reports.ts";
import { eInvoiceInput } from "../db/e-invoices.ts";
import { facturXPdf, xrechnungXml } from "../lib/e-invoice.ts";
import { invoicePdf } from "../db/invoice-records.ts";
import { type BillingPeriod, previousMonth, readBillingPeriod } from "../lib/billing-period.ts";
import { type ZipEntry, zipStream } from "../lib/billing-zip.ts";
import {
  gdpduIndexFor,
  INVOICE_TABLE,
  invoiceTableRows,
  ITEM_TABLE,
  itemTableRows,
  JOURNAL_TABLE,
  journalInvoiceRows,
  journalPaymentRows,
  PAYMENT_TABLE,
  paymentTableRows,
} from "../lib/billing-export-files.ts";
import {
  type CellValue,
  DTD_FILE_NAME,
  type GdpduTable,
  readDtd,
  renderIndexXml,
  tableCsv,
} from "../lib/gdpdu-index.ts";
import {
  batchFileName,
  type DatevBooking,
  type DatevSettings,
  encodeWindows1252,
  fiscalYearBegin,
  invoiceBookings,
  paymentBooking,
  renderBatch,
} from "../lib/datev-extf.ts";
import { berlinDate } from "../lib/clock.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { ExportsPage } from "../views/billing/exports-page.tsx";

const NOTICES: Record<string, MessageKey> = { saved: "billingExports.settingsSaved" };

const periodQuery = z.object({
  period: typed(readBillingPeriod, "billingExports.invalidPeriod", { missing: "billingExports.invalidPeriod" }),
});

const account = z.string().trim().regex(/^\d{1,9}$/, "billingExports.invalidAccount");

const datevForm = z.object({
  consultant_number: z.string().trim().regex(/^\d{4,7}$/, "billingExports.invalidConsultant").transform(Number)
    .refine((n) => n >= 1001, "billingExports.invalidConsultant"),
  client_number: typed(wholeNumberBetween(1, 99999), "billingExports.invalidClient"),
  fiscal_year_start: z.string().trim().regex(
    /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    "billingExports.invalidYearStart",
  ),
  account_length: typed(wholeNumberBetween(4, 8), "billingExports.invalidAccountLength"),
  chart: choice(["SKR03", "SKR04"], "billingExports.invalidChart"),
  receivable_account: account,
  bank_account: account,
  cash_account: account,
  revenue_exempt: account,
  revenue_standard: account,
  revenue_reduced: account,
  revenue_small_business: account,
});

function settingsFrom(data: z.output<typeof datevForm>): DatevSettings {
  return {
    consultantNumber: data.consultant_number,
    clientNumber: data.client_number,
    fiscalYearStart: data.fiscal_year_start,
    accountLength: data.account_length,
    chart: data.chart,
    receivableAccount: data.receivable_account,
    bankAccount: data.bank_account,
    cashAccount: data.cash_account,
    revenueAccounts: {
      exempt: data.revenue_exempt,
      standard: data.revenue_standard,
      reduced: data.revenue_reduced,
      small_business: data.revenue_small_business,
    },
  };
}

function settingsValues(settings: DatevSettings): Record<string, string> {
  return {
    consultant_number: settings.consultantNumber ? String(settings.consultantNumber) : "",
    client_number: settings.clientNumber ? String(settings.clientNumber) : "",
    fiscal_year_start: settings.fiscalYearStart,
    account_length: String(settings.accountLength),
    chart: settings.chart,
    receivable_account: settings.receivableAccount,
    bank_account: settings.bankAccount,
    cash_account: settings.cashAccount,
    revenue_exempt: settings.revenueAccounts.exempt,
    revenue_standard: settings.revenueAccounts.standard,
    revenue_reduced: settings.revenueAccounts.reduced,
    revenue_small_business: settings.revenueAccounts.small_business,
  };
}

async function exportsPage(
  c: Context<AppEnv>,
  options: {
    settingsValues?: Record<string, string>;
    errors?: FieldErrors;
    status?: 200 | 409 | 422;
    period?: string;
  } = {},
) {
  const { db, clock } = c.var.deps;
  const saved = await findDatevSettings(db, practiceScope(c));
  return c.html(
    <ExportsPage
      page={pageContext(c)}
      period={options.period ?? previousMonth(berlinDate(clock.now()))}
      settingsSaved={saved !== null}
      settingsValues={options.settingsValues ?? settingsValues(saved ?? datevSettingsProposal())}
      errors={options.errors ?? {}}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

/** The period of an export request, or the page again with the message beside the field. */
function readPeriod(c: Context<AppEnv>): BillingPeriod | { errors: FieldErrors } {
  const parsed = checkForm(periodQuery, { period: c.req.query("period") ?? "" });
  return parsed.success ? parsed.data.period : { errors: parsed.errors };
}

function download(body: ReadableStream<Uint8Array> | Uint8Array, type: string, fileName: string) {
  return new Response(body as BodyInit, {
    headers: {
      "Content-Type": type,
      // Invoice numbers follow the practice's pattern: only safe characters reach the header.
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

const encoder = new TextEncoder();

export function billingExportRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/billing/exports", authorize("billing.read"), (c) => exportsPage(c));

  app.post("/billing/exports/datev-settings", authorize("billing.write"), async (c) => {
    const parsed = await parseForm(c, datevForm);
    if (!parsed.success) return exportsPage(c, { settingsValues: parsed.values, errors: parsed.errors, status: 422 });
    await saveDatevSettings(c.var.deps.db, practiceScope(c), settingsFrom(parsed.data), requestFacts(c));
    return c.redirect("/billing/exports?notice=saved", 303);
  });

  app.get("/billing/exports/archive", authorize("billing.read"), async (c) => {
    const period = readPeriod(c);
    if ("errors" in period) return exportsPage(c, { errors: period.errors, status: 422 });
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const facts = requestFacts(c);
    await auditExport(db, scope, "archive", period, facts);
    async function* entries(): AsyncIterable<ZipEntry> {
      async function* journalPages() {
        for await (const page of exportedInvoices(db, scope, period as BillingPeriod)) yield journalInvoiceRows(page);
        yield journalPaymentRows(await exportedPayments(db, scope, period as BillingPeriod));
      }
      yield {
        name: "journal.csv",
        content: tablePieces(JOURNAL_TABLE, journalPages()),
        compress: true,
        modified: facts.now,
      };
      for await (const invoice of exportedPdfs(db, scope, period as BillingPeriod)) {
        const folder = invoice.kind === "cancellation" ? "stornorechnungen" : "rechnungen";
        yield {
          name: `${folder}/${invoice.number}.pdf`,
          content: invoice.pdf,
          compress: false,
          modified: invoice.issuedAt,
        };
      }
    }
    return download(zipStream(entries()), "application/zip", `kartei-rechnungen-${period.label}.zip`);
  });

  app.get("/billing/exports/datev", authorize("billing.read"), async (c) => {
    const period = readPeriod(c);
    if ("errors" in period) return exportsPage(c, { errors: period.errors, status: 422 });
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const settings = await findDatevSettings(db, scope);
    if (!settings) {
      return exportsPage(c, {
        errors: { period: { key: "billingExports.settingsMissing" } },
        status: 409,
        period: period.label,
      });
    }
    // A DATEV batch lies within one fiscal year (its booking dates carry day and month only).
    if (
      fiscalYearBegin(period.from, settings.fiscalYearStart) !== fiscalYearBegin(period.to, settings.fiscalYearStart)
    ) {
      return exportsPage(c, {
        errors: { period: { key: "billingExports.periodSpansYears" } },
        status: 422,
        period: period.label,
      });
    }
    const bookings: DatevBooking[] = [];
    for await (const page of exportedInvoices(db, scope, period)) {
      for (const invoice of page) {
        bookings.push(...invoiceBookings({
          number: invoice.number,
          date: invoice.invoiceDate,
          cancellation: invoice.kind === "cancellation",
          amounts: invoice.amounts,
          serviceDate: invoice.firstServiceDate || undefined,
        }, settings));
      }
    }
    for (const payment of await exportedPayments(db, scope, period)) {
      bookings.push(paymentBooking({ ...payment, date: payment.paidOn }, settings));
    }
    const facts = requestFacts(c);
    await auditExport(db, scope, "datev", period, facts);
    const batch = {
      settings,
      from: period.from,
      to: period.to,
      createdAt: facts.now,
      label: `Kartei Rechnungen ${period.label}`,
      exportedBy: "Kartei",
      bookings,
    };
    return download(encodeWindows1252(renderBatch(batch)), "text/csv; charset=windows-1252", batchFileName(batch));
  });

  app.get("/billing/exports/gdpdu", authorize("billing.read"), async (c) => {
    const period = readPeriod(c);
    if ("errors" in period) return exportsPage(c, { errors: period.errors, status: 422 });
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const facts = requestFacts(c);
    const supplier = await findBillingSupplier(db, scope);
    await auditExport(db, scope, "gdpdu", period, facts);
    const index = gdpduIndexFor(supplier, period.label);
    async function* entries(): AsyncIterable<ZipEntry> {
      const p = period as BillingPeriod;
      yield { name: "index.xml", content: encoder.encode(renderIndexXml(index)), compress: true, modified: facts.now };
      yield { name: DTD_FILE_NAME, content: await readDtd(), compress: true, modified: facts.now };
      async function* invoicePages() {
        for await (const page of exportedInvoices(db, scope, p)) yield invoiceTableRows(page);
      }
      async function* itemPages() {
        for await (const page of exportedItems(db, scope, p)) yield itemTableRows(page);
      }
      yield {
        name: INVOICE_TABLE.url,
        content: tablePieces(INVOICE_TABLE, invoicePages()),
        compress: true,
        modified: facts.now,
      };
      yield {
        name: ITEM_TABLE.url,
        content: tablePieces(ITEM_TABLE, itemPages()),
        compress: true,
        modified: facts.now,
      };
      const payments = paymentTableRows(await exportedPayments(db, scope, p));
      yield {
        name: PAYMENT_TABLE.url,
        content: encoder.encode(tableCsv(PAYMENT_TABLE, payments)),
        compress: true,
        modified: facts.now,
      };
    }
    return download(zipStream(entries()), "application/zip", `kartei-datenueberlassung-${period.label}.zip`);
  });

  // An issued invoice to a business as XRechnung; to a patient or private payer there is none.
  app.get("/billing/invoices/:id/xrechnung", authorize("billing.read"), async (c) => {
    const id = readId(c.req.param("id"));
    const input = id
      ? await eInvoiceInput(c.var.deps.db, practiceScope(c), id, "xrechnung-ubl", requestFacts(c))
      : undefined;
    if (!input || input === "not_business") return c.notFound();
    const xml = await xrechnungXml(input);
    return download(encoder.encode(xml), "application/xml; charset=utf-8", `xrechnung-${input.number}.xml`);
  });

  // The same as ZUGFeRD / Factur-X: the issued PDF with the invoice data embedded.
  app.get("/billing/invoices/:id/zugferd", authorize("billing.read"), async (c) => {
    const id = readId(c.req.param("id"));
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const stored = id ? await invoicePdf(db, scope, id) : undefined;
    const input = stored ? await eInvoiceInput(db, scope, id!, "factur-x", requestFacts(c)) : undefined;
    if (!stored || !input || input === "not_business") return c.notFound();
    return download(await facturXPdf(input, stored.pdf), "application/pdf", `zugferd-${input.number}.pdf`);
  });

  return app;
}

/** A table's CSV a page of rows at a time: the header line first, as the index declares. */
async function* tablePieces(
  table: GdpduTable,
  pages: AsyncIterable<CellValue[][]>,
): AsyncIterable<Uint8Array> {
  yield encoder.encode(tableCsv(table, []));
  for await (const rows of pages) if (rows.length) yield encoder.encode(tableCsv(table, rows, false));
}
