// The files of the billing exports, from the rows db/billing-exports.ts reads: the CSV journal
// of the monthly/yearly archive and the three GoBD (Z3) tables with their GDPdU description.
import type { ItemVatTreatment, PaymentMethod } from "./billing-kinds.ts";
import { type CellValue, centsCell, dateCell, type GdpduIndex, type GdpduTable } from "./gdpdu-index.ts";

/** What the exports need of an issued invoice or cancellation. */
export interface JournalInvoice {
  number: string;
  kind: "invoice" | "cancellation";
  invoiceDate: string;
  dueDate: string;
  periodFrom: string;
  periodTo: string;
  recipientName: string;
  recipientAddress: string;
  netCents: number;
  vatCents: number;
  totalCents: number;
  smallBusiness: boolean;
  cancelsNumber: string;
  cancelledByNumber: string;
  pdfSha256: string;
}

export interface JournalPayment {
  invoiceNumber: string;
  paidOn: string;
  amountCents: number;
  method: PaymentMethod;
  reversal: boolean;
}

export interface JournalItem {
  invoiceNumber: string;
  position: number;
  serviceDate: string;
  catalogue: string;
  code: string;
  description: string;
  quantity: number;
  factorHundredths: number | null;
  analogousTo: string;
  justification: string;
  unitCents: number;
  amountCents: number;
  vatTreatment: ItemVatTreatment;
  vatCents: number;
}

const KIND_LABEL = { invoice: "Rechnung", cancellation: "Stornorechnung" } as const;
const METHOD_LABEL: Record<PaymentMethod, string> = { transfer: "Überweisung", cash: "Bar", card: "Kartenzahlung" };
const VAT_LABEL: Record<ItemVatTreatment, string> = {
  exempt: "steuerfrei § 4 Nr. 14 UStG",
  standard: "19 %",
  reduced: "7 %",
  small_business: "Kleinunternehmer § 19 UStG",
};

export const JOURNAL_TABLE: GdpduTable = {
  url: "journal.csv",
  name: "Journal",
  description: "Rechnungen, Stornorechnungen und Zahlungen des Zeitraums in zeitlicher Folge",
  columns: [
    { name: "Datum", description: "Rechnungs- oder Zahlungsdatum", type: "date" },
    { name: "Vorgang", description: "Rechnung, Stornorechnung, Zahlung oder Rückbuchung", type: "alphanumeric" },
    { name: "Belegnummer", description: "Rechnungsnummer", type: "alphanumeric" },
    { name: "Bezug", description: "Stornierte Rechnung bzw. Stornorechnung", type: "alphanumeric" },
    { name: "Empfaenger", description: "Rechnungsempfänger", type: "alphanumeric" },
    { name: "Netto", description: "Nettobetrag in EUR", type: "numeric", accuracy: 2 },
    { name: "USt", description: "Umsatzsteuer in EUR", type: "numeric", accuracy: 2 },
    { name: "Brutto", description: "Rechnungs- bzw. Zahlungsbetrag in EUR", type: "numeric", accuracy: 2 },
    { name: "Zahlart", description: "Überweisung, Bar oder Kartenzahlung", type: "alphanumeric" },
  ],
};

/**
 * The journal is a file people open in a spreadsheet: a name that starts like a formula is kept
 * from running as one by a leading apostrophe. The GoBD tables keep every value as stored.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function journalInvoiceRows(invoices: readonly JournalInvoice[]): CellValue[][] {
  return invoices.map((invoice) => [
    dateCell(invoice.invoiceDate),
    KIND_LABEL[invoice.kind],
    invoice.number,
    invoice.cancelsNumber || invoice.cancelledByNumber,
    spreadsheetSafe(invoice.recipientName),
    centsCell(invoice.netCents),
    centsCell(invoice.vatCents),
    centsCell(invoice.totalCents),
    "",
  ]);
}

export function journalPaymentRows(payments: readonly JournalPayment[]): CellValue[][] {
  return payments.map((payment) => [
    dateCell(payment.paidOn),
    payment.reversal ? "Rückbuchung" : "Zahlung",
    payment.invoiceNumber,
    "",
    "",
    "",
    "",
    centsCell(payment.amountCents),
    METHOD_LABEL[payment.method],
  ]);
}

export const INVOICE_TABLE: GdpduTable = {
  url: "rechnungen.csv",
  name: "Rechnungen",
  description: "Ausgestellte Rechnungen und Stornorechnungen (GoBD: unveränderbar gespeichert)",
  columns: [
    { name: "Rechnungsnummer", description: "Fortlaufende, lückenlose Nummer", type: "alphanumeric", primaryKey: true },
    { name: "Art", description: "Rechnung oder Stornorechnung", type: "alphanumeric" },
    { name: "Rechnungsdatum", description: "Ausstellungsdatum", type: "date" },
    { name: "Faelligkeit", description: "Zahlungsziel", type: "date" },
    { name: "Leistung_von", description: "Beginn des Leistungszeitraums", type: "date" },
    { name: "Leistung_bis", description: "Ende des Leistungszeitraums", type: "date" },
    { name: "Empfaenger", description: "Name des Rechnungsempfängers", type: "alphanumeric" },
    { name: "Anschrift", description: "Anschrift des Rechnungsempfängers", type: "alphanumeric" },
    { name: "Netto", description: "Summe netto in EUR", type: "numeric", accuracy: 2 },
    { name: "USt", description: "Umsatzsteuer in EUR", type: "numeric", accuracy: 2 },
    { name: "Brutto", description: "Rechnungsbetrag in EUR", type: "numeric", accuracy: 2 },
    { name: "Kleinunternehmer", description: "J: § 19 UStG, keine USt ausgewiesen", type: "alphanumeric" },
    { name: "Storno_zu", description: "Bei Stornorechnungen: die stornierte Rechnung", type: "alphanumeric" },
    { name: "Storniert_durch", description: "Bei stornierten Rechnungen: die Stornorechnung", type: "alphanumeric" },
    { name: "PDF_SHA256", description: "SHA-256 der beim Ausstellen gespeicherten PDF-Datei", type: "alphanumeric" },
  ],
};

export function invoiceTableRows(invoices: readonly JournalInvoice[]): CellValue[][] {
  return invoices.map((invoice) => [
    invoice.number,
    KIND_LABEL[invoice.kind],
    dateCell(invoice.invoiceDate),
    dateCell(invoice.dueDate),
    dateCell(invoice.periodFrom),
    dateCell(invoice.periodTo),
    invoice.recipientName,
    invoice.recipientAddress,
    centsCell(invoice.netCents),
    centsCell(invoice.vatCents),
    centsCell(invoice.totalCents),
    invoice.smallBusiness ? "J" : "N",
    invoice.cancelsNumber,
    invoice.cancelledByNumber,
    invoice.pdfSha256,
  ]);
}

export const ITEM_TABLE: GdpduTable = {
  url: "rechnungspositionen.csv",
  name: "Rechnungspositionen",
  description: "Positionen der ausgestellten Rechnungen und Stornorechnungen",
  columns: [
    { name: "Rechnungsnummer", description: "Rechnung, zu der die Position gehört", type: "alphanumeric" },
    { name: "Position", description: "Laufende Nummer auf der Rechnung", type: "numeric" },
    { name: "Leistungsdatum", description: "Tag der Leistung", type: "date" },
    { name: "Katalog", description: "own (eigene Leistung), goae, gebueh, free", type: "alphanumeric" },
    { name: "Ziffer", description: "GOÄ- oder GebüH-Ziffer", type: "alphanumeric" },
    { name: "Beschreibung", description: "Leistungsbeschreibung", type: "alphanumeric" },
    { name: "Menge", description: "Anzahl", type: "numeric" },
    { name: "Faktor", description: "GOÄ-Steigerungsfaktor", type: "numeric", accuracy: 2 },
    { name: "Analog_zu", description: "§ 6 Abs. 2 GOÄ: entsprechend Nr.", type: "alphanumeric" },
    { name: "Begruendung", description: "Begründung bei Überschreiten des Schwellenwerts", type: "alphanumeric" },
    { name: "Einzelpreis", description: "Preis je Einheit in EUR", type: "numeric", accuracy: 2 },
    { name: "Betrag", description: "Betrag netto in EUR", type: "numeric", accuracy: 2 },
    { name: "USt_Behandlung", description: "Steuerfrei, 19 %, 7 % oder Kleinunternehmer", type: "alphanumeric" },
    { name: "USt", description: "Umsatzsteuer der Position in EUR", type: "numeric", accuracy: 2 },
  ],
  foreignKeys: [{ column: "Rechnungsnummer", references: "Rechnungen", referencedColumn: "Rechnungsnummer" }],
};

export function itemTableRows(items: readonly JournalItem[]): CellValue[][] {
  return items.map((item) => [
    item.invoiceNumber,
    item.position,
    dateCell(item.serviceDate),
    item.catalogue,
    item.code,
    item.description,
    item.quantity,
    item.factorHundredths === null ? "" : centsCell(item.factorHundredths),
    item.analogousTo,
    item.justification,
    centsCell(item.unitCents),
    centsCell(item.amountCents),
    VAT_LABEL[item.vatTreatment],
    centsCell(item.vatCents),
  ]);
}

export const PAYMENT_TABLE: GdpduTable = {
  url: "zahlungen.csv",
  name: "Zahlungen",
  description: "Zahlungen und Rückbuchungen (negativ) zu den Rechnungen",
  columns: [
    { name: "Rechnungsnummer", description: "Bezahlte Rechnung", type: "alphanumeric" },
    { name: "Zahlungsdatum", description: "Tag des Zahlungseingangs", type: "date" },
    { name: "Betrag", description: "Betrag in EUR, negativ bei Rückbuchung", type: "numeric", accuracy: 2 },
    { name: "Zahlart", description: "Überweisung, Bar oder Kartenzahlung", type: "alphanumeric" },
  ],
  foreignKeys: [{ column: "Rechnungsnummer", references: "Rechnungen", referencedColumn: "Rechnungsnummer" }],
};

export function paymentTableRows(payments: readonly JournalPayment[]): CellValue[][] {
  return payments.map((payment) => [
    payment.invoiceNumber,
    dateCell(payment.paidOn),
    centsCell(payment.amountCents),
    METHOD_LABEL[payment.method],
  ]);
}

export function gdpduIndexFor(
  supplier: GdpduIndex["supplier"],
  periodLabel: string,
): GdpduIndex {
  return {
    supplier,
    mediaName: `Kartei Rechnungsdaten ${periodLabel}`,
    tables: [INVOICE_TABLE, ITEM_TABLE, PAYMENT_TABLE],
  };
}
