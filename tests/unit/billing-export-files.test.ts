import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  INVOICE_TABLE,
  invoiceTableRows,
  JOURNAL_TABLE,
  journalInvoiceRows,
  journalPaymentRows,
  spreadsheetSafe,
} from "../../lib/billing-export-files.ts";
import { tableCsv } from "../../lib/gdpdu-index.ts";

const files = suite("export files: journal and GoBD tables");

const invoice = {
  number: "2026-0007",
  kind: "cancellation" as const,
  invoiceDate: "2026-03-20",
  dueDate: "",
  periodFrom: "2026-03-01",
  periodTo: "2026-03-02",
  recipientName: '=HYPERLINK("http://evil.example","klick")',
  recipientAddress: "Weg 1\n10115 Berlin",
  netCents: -12050,
  vatCents: 0,
  totalCents: -12050,
  smallBusiness: false,
  cancelsNumber: "2026-0003",
  cancelledByNumber: "",
  pdfSha256: "ab".repeat(32),
};

files("the journal row of a cancellation names what it cancels, negative amounts, a formula kept from running", () => {
  const [row] = journalInvoiceRows([invoice]);
  assert.equal(row.slice(0, 4), ["20.03.2026", "Stornorechnung", "2026-0007", "2026-0003"]);
  assert.is(row[4], `'${invoice.recipientName}`);
  assert.equal(row.slice(5, 8), ["-120,50", "0,00", "-120,50"]);
  assert.is(tableCsv(JOURNAL_TABLE, [row]).split("\r\n").length, 3);
  for (const start of ["+1", "-1", "@SUM(A1)", "\t=1"]) assert.ok(spreadsheetSafe(start).startsWith("'"), start);
  assert.is(spreadsheetSafe("Müller"), "Müller");
});

files("the GoBD invoice table keeps the name exactly as stored, one column per declared column", () => {
  const [row] = invoiceTableRows([invoice]);
  assert.is(row.length, INVOICE_TABLE.columns.length);
  assert.is(row[6], invoice.recipientName);
  assert.is(row[7], "Weg 1\n10115 Berlin");
  assert.equal(row.slice(11, 15), ["N", "2026-0003", "", "ab".repeat(32)]);
});

files("payments and reversals in the journal", () => {
  const rows = journalPaymentRows([
    { invoiceNumber: "2026-0001", paidOn: "2026-03-12", amountCents: 5000, method: "card", reversal: false },
    { invoiceNumber: "2026-0001", paidOn: "2026-03-13", amountCents: -5000, method: "card", reversal: true },
  ]);
  assert.equal(rows.map((r) => [r[1], r[7], r[8]]), [["Zahlung", "50,00", "Kartenzahlung"], [
    "Rückbuchung",
    "-50,00",
    "Kartenzahlung",
  ]]);
});

files.run();
