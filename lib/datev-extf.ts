// DATEV-Format (EXTF) "Buchungsstapel": the booking batch a tax advisor imports into DATEV.
// Field list: DATEV Schnittstellen-Entwicklungsleitfaden, Formatbeschreibung Buchungsstapel,
// header version 700, category 21, format version 13 (31 header fields, 125 booking fields).
// DATEV reads ANSI (Windows-1252), ";" between fields, text in double quotes, CRLF line ends,
// amounts always positive with a decimal comma and the direction in Soll/Haben-Kennzeichen.

import type { ItemVatTreatment } from "./billing-kinds.ts";

export type ChartOfAccounts = "SKR03" | "SKR04";

/** How an invoice item is taxed: § 4 Nr. 14 exempt, 19 %, 7 % or § 19 small business. */
export type VatTreatment = ItemVatTreatment;

export const ITEM_VAT_TREATMENTS: readonly VatTreatment[] = ["exempt", "standard", "reduced", "small_business"];

/** A practice's DATEV settings: the advisor's numbers and the accounts per VAT treatment. */
export interface DatevSettings {
  consultantNumber: number;
  clientNumber: number;
  /** Month and day the fiscal year starts, "MM-DD"; "01-01" for the calendar year. */
  fiscalYearStart: string;
  accountLength: number;
  chart: ChartOfAccounts;
  receivableAccount: string;
  bankAccount: string;
  cashAccount: string;
  revenueAccounts: Record<VatTreatment, string>;
}

// The usual SKR accounts; the tax advisor confirms or changes them in the practice's settings.
// SKR03: 8100 steuerfreie Umsätze § 4 Nr. 8 ff. UStG, 8195 Erlöse Kleinunternehmer § 19 UStG,
// 8300 Erlöse 7 % USt, 8400 Erlöse 19 % USt, 1400 Forderungen aus L+L, 1200 Bank, 1000 Kasse.
// SKR04: 4100, 4185, 4300, 4400, 1200 Forderungen, 1800 Bank, 1600 Kasse.
// 8300/8400 and 4300/4400 are automatic accounts: DATEV computes the VAT, so no BU key is sent.
export function suggestedAccounts(
  chart: ChartOfAccounts,
): Pick<DatevSettings, "receivableAccount" | "bankAccount" | "cashAccount" | "revenueAccounts"> {
  return chart === "SKR03"
    ? {
      receivableAccount: "1400",
      bankAccount: "1200",
      cashAccount: "1000",
      revenueAccounts: { exempt: "8100", standard: "8400", reduced: "8300", small_business: "8195" },
    }
    : {
      receivableAccount: "1200",
      bankAccount: "1800",
      cashAccount: "1600",
      revenueAccounts: { exempt: "4100", standard: "4400", reduced: "4300", small_business: "4185" },
    };
}

/** One booking line: a positive amount, the direction seen from `account`, a document number. */
export interface DatevBooking {
  amountCents: number;
  debitCredit: "S" | "H";
  account: string;
  contraAccount: string;
  /** YYYY-MM-DD */
  documentDate: string;
  /** The invoice number: DATEV matches open items by Belegfeld 1. */
  documentNumber: string;
  text: string;
  /** YYYY-MM-DD of the service, when known. */
  serviceDate?: string;
}

export interface DatevBatch {
  settings: DatevSettings;
  /** YYYY-MM-DD, inclusive */
  from: string;
  to: string;
  createdAt: Date;
  label: string;
  exportedBy: string;
  bookings: DatevBooking[];
}

export const BOOKING_COLUMNS: readonly string[] = [
  "Umsatz (ohne Soll/Haben-Kz)",
  "Soll/Haben-Kennzeichen",
  "WKZ Umsatz",
  "Kurs",
  "Basisumsatz",
  "WKZ Basisumsatz",
  "Konto",
  "Gegenkonto (ohne BU-Schlüssel)",
  "BU-Schlüssel",
  "Belegdatum",
  "Belegfeld 1",
  "Belegfeld 2",
  "Skonto",
  "Buchungstext",
  "Postensperre",
  "Diverse Adressnummer",
  "Geschäftspartnerbank",
  "Sachverhalt",
  "Zinssperre",
  "Beleglink",
  ...pairs("Beleginfo", 8),
  "KOST1 – Kostenstelle",
  "KOST2 – Kostenstelle",
  "Kost Menge",
  "EU-Land u. USt-IdNr.",
  "EU-Steuersatz",
  "Abw. Versteuerungsart",
  "Sachverhalt L+L",
  "Funktionsergänzung L+L",
  "BU 49 Hauptfunktionstyp",
  "BU 49 Hauptfunktionsnummer",
  "BU 49 Funktionsergänzung",
  ...pairs("Zusatzinformation", 20),
  "Stück",
  "Gewicht",
  "Zahlweise",
  "Forderungsart",
  "Veranlagungsjahr",
  "Zugeordnete Fälligkeit",
  "Skontotyp",
  "Auftragsnummer",
  "Buchungstyp",
  "USt-Schlüssel (Anzahlungen)",
  "EU-Mitgliedstaat (Anzahlungen)",
  "Sachverhalt L+L (Anzahlungen)",
  "EU-Steuersatz (Anzahlungen)",
  "Erlöskonto (Anzahlungen)",
  "Herkunft-Kz",
  "Leerfeld",
  "KOST-Datum",
  "SEPA-Mandatsreferenz",
  "Skontosperre",
  "Gesellschaftername",
  "Beteiligtennummer",
  "Identifikationsnummer",
  "Zeichnernummer",
  "Postensperre bis",
  "Bezeichnung",
  "Kennzeichen",
  "Festschreibung",
  "Leistungsdatum",
  "Datum Zuord.",
  "Fälligkeit",
  "Generalumkehr",
  "Steuersatz",
  "Land",
  "Abrechnungsreferent",
  "BVV-Position",
  "EU-Mitgliedstaat u. UStID (Ursprung)",
  "EU-Steuersatz (Ursprung)",
  "Abw. Skontokonto",
];

function pairs(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => [`${name} – Art ${i + 1}`, `${name} – Inhalt ${i + 1}`]).flat();
}

/** A text field: quoted, inner quotes doubled, line breaks and ";" made harmless, cut to the field's length. */
export function textField(value: string, maxLength: number): string {
  const clean = value.replace(/[\r\n\t]+/g, " ").trim().slice(0, maxLength);
  return `"${clean.replaceAll('"', '""')}"`;
}

/** 1234,56 from 123456 cents; DATEV amounts carry no sign. */
export function amountField(cents: number): string {
  if (!Number.isInteger(cents) || cents <= 0) throw new RangeError("a DATEV amount is a positive number of cents");
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
}

function compactDate(isoDate: string): string {
  return isoDate.replaceAll("-", "");
}

/** Belegdatum is day and month only (TTMM); the year comes from the batch's fiscal year. */
function dayMonth(isoDate: string): string {
  return isoDate.slice(8, 10) + isoDate.slice(5, 7);
}

function dayMonthYear(isoDate: string): string {
  return isoDate.slice(8, 10) + isoDate.slice(5, 7) + isoDate.slice(0, 4);
}

function timestamp(at: Date): string {
  return at.toISOString().replace(/[-:TZ.]/g, "").slice(0, 17);
}

/** The year-month-day the fiscal year containing `from` began. */
export function fiscalYearBegin(from: string, fiscalYearStart: string): string {
  const year = Number(from.slice(0, 4));
  const startThisYear = `${year}-${fiscalYearStart}`;
  return from >= startThisYear ? startThisYear : `${year - 1}-${fiscalYearStart}`;
}

function accountField(account: string, settings: DatevSettings): string {
  if (!/^\d{1,9}$/.test(account)) throw new RangeError("a DATEV account is a number of up to 9 digits");
  return account.padStart(settings.accountLength, "0");
}

export function headerFields(batch: DatevBatch): string[] {
  const { settings } = batch;
  return [
    textField("EXTF", 4),
    "700",
    "21",
    textField("Buchungsstapel", 14),
    "13",
    timestamp(batch.createdAt),
    "", // Importiert: set by DATEV
    textField("KA", 2), // Herkunft
    textField(batch.exportedBy, 25),
    "", // Importiert von: set by DATEV
    String(settings.consultantNumber),
    String(settings.clientNumber),
    compactDate(fiscalYearBegin(batch.from, settings.fiscalYearStart)),
    String(settings.accountLength),
    compactDate(batch.from),
    compactDate(batch.to),
    textField(batch.label, 30),
    "", // Diktatkürzel
    "1", // Buchungstyp: Finanzbuchführung
    "0", // Rechnungslegungszweck: unabhängig
    "0", // Festschreibung: the advisor decides when to lock the batch
    textField("EUR", 3),
    "", // reserviert
    "", // Derivatskennzeichen
    "", // reserviert
    "", // reserviert
    textField(settings.chart.slice(3), 2), // Sachkontenrahmen: 03 or 04
    "", // Branchenlösungs-ID
    "", // reserviert
    "", // reserviert
    "", // Anwendungsinformation
  ];
}

export function bookingFields(booking: DatevBooking, settings: DatevSettings): string[] {
  const fields = new Array<string>(BOOKING_COLUMNS.length).fill("");
  const at = (column: string, value: string) => {
    const index = BOOKING_COLUMNS.indexOf(column);
    if (index < 0) throw new Error(`no DATEV column ${column}`);
    fields[index] = value;
  };
  at("Umsatz (ohne Soll/Haben-Kz)", amountField(booking.amountCents));
  at("Soll/Haben-Kennzeichen", textField(booking.debitCredit, 1));
  at("WKZ Umsatz", textField("EUR", 3));
  at("Konto", accountField(booking.account, settings));
  at("Gegenkonto (ohne BU-Schlüssel)", accountField(booking.contraAccount, settings));
  at("Belegdatum", dayMonth(booking.documentDate));
  at("Belegfeld 1", textField(booking.documentNumber, 36));
  at("Buchungstext", textField(booking.text, 60));
  if (booking.serviceDate) at("Leistungsdatum", dayMonthYear(booking.serviceDate));
  return fields;
}

const CP1252_EXTRA: Record<string, number> = {
  "€": 0x80,
  "‚": 0x82,
  "„": 0x84,
  "…": 0x85,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
};

/** Windows-1252 bytes; a character it cannot hold becomes "?". */
export function encodeWindows1252(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else bytes.push(CP1252_EXTRA[character] ?? 0x3f);
  }
  return new Uint8Array(bytes);
}

/** The batch as DATEV reads it: header line, column line, one line a booking. */
export function renderBatch(batch: DatevBatch): string {
  const lines = [
    headerFields(batch).join(";"),
    BOOKING_COLUMNS.join(";"),
    ...batch.bookings.map((booking) => bookingFields(booking, batch.settings).join(";")),
  ];
  return lines.join("\r\n") + "\r\n";
}

export function batchFileName(batch: Pick<DatevBatch, "from" | "to">): string {
  return `EXTF_Buchungsstapel_${compactDate(batch.from)}_${compactDate(batch.to)}.csv`;
}

/** An issued invoice or cancellation as the batch needs it: its gross amount per VAT treatment. */
export interface InvoiceForBooking {
  number: string;
  /** YYYY-MM-DD */
  date: string;
  /** A cancellation negates its original: the same accounts, the other direction. */
  cancellation: boolean;
  amounts: { treatment: VatTreatment; grossCents: number }[];
  serviceDate?: string;
}

export interface PaymentForBooking {
  invoiceNumber: string;
  /** YYYY-MM-DD */
  date: string;
  /** Negative for a reversed payment. */
  amountCents: number;
  method: "transfer" | "cash" | "card";
}

// Booking texts carry the document number, never a patient's name: that a person is a
// patient of a health practice is itself health data.
export function invoiceBookings(invoice: InvoiceForBooking, settings: DatevSettings): DatevBooking[] {
  return invoice.amounts.filter((amount) => amount.grossCents !== 0).map((amount) => ({
    amountCents: Math.abs(amount.grossCents),
    // A cancellation's amounts may be stored negated or not: it always credits the receivable.
    debitCredit: invoice.cancellation || amount.grossCents < 0 ? "H" : "S",
    account: settings.receivableAccount,
    contraAccount: settings.revenueAccounts[amount.treatment],
    documentDate: invoice.date,
    documentNumber: invoice.number,
    text: `${invoice.cancellation ? "Stornorechnung" : "Rechnung"} ${invoice.number}`,
    serviceDate: invoice.serviceDate,
  }));
}

export function paymentBooking(payment: PaymentForBooking, settings: DatevSettings): DatevBooking {
  return {
    amountCents: Math.abs(payment.amountCents),
    debitCredit: payment.amountCents > 0 ? "S" : "H",
    account: payment.method === "cash" ? settings.cashAccount : settings.bankAccount,
    contraAccount: settings.receivableAccount,
    documentDate: payment.date,
    documentNumber: payment.invoiceNumber,
    text: `${payment.amountCents > 0 ? "Zahlung" : "Rückbuchung"} ${payment.invoiceNumber}`,
  };
}
