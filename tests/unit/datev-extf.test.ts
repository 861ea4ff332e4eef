import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  amountField,
  BOOKING_COLUMNS,
  bookingFields,
  type DatevBatch,
  type DatevSettings,
  encodeWindows1252,
  fiscalYearBegin,
  headerFields,
  invoiceBookings,
  paymentBooking,
  renderBatch,
  suggestedAccounts,
} from "../../lib/datev-extf.ts";

const datev = suite("DATEV EXTF Buchungsstapel");

const settings: DatevSettings = {
  consultantNumber: 1234567,
  clientNumber: 10042,
  fiscalYearStart: "01-01",
  accountLength: 4,
  chart: "SKR03",
  ...suggestedAccounts("SKR03"),
};

const batch: DatevBatch = {
  settings,
  from: "2026-03-01",
  to: "2026-03-31",
  createdAt: new Date("2026-04-02T08:15:30.123Z"),
  label: "Kartei Rechnungen 03/2026",
  exportedBy: "Kartei",
  bookings: [],
};

datev("the header carries the 31 fields of version 700, category 21, format version 13", () => {
  const fields = headerFields(batch);
  assert.is(fields.length, 31);
  const expected: [number, string, string][] = [
    [1, "DATEV-Format-KZ", '"EXTF"'],
    [2, "Versionsnummer", "700"],
    [3, "Formatkategorie", "21"],
    [4, "Formatname", '"Buchungsstapel"'],
    [5, "Formatversion", "13"],
    [6, "erzeugt am", "20260402081530123"],
    [7, "Importiert", ""],
    [8, "Herkunft", '"KA"'],
    [9, "Exportiert von", '"Kartei"'],
    [10, "Importiert von", ""],
    [11, "Beraternummer", "1234567"],
    [12, "Mandantennummer", "10042"],
    [13, "WJ-Beginn", "20260101"],
    [14, "Sachkontenlänge", "4"],
    [15, "Datum vom", "20260301"],
    [16, "Datum bis", "20260331"],
    [17, "Bezeichnung", '"Kartei Rechnungen 03/2026"'],
    [18, "Diktatkürzel", ""],
    [19, "Buchungstyp", "1"],
    [20, "Rechnungslegungszweck", "0"],
    [21, "Festschreibung", "0"],
    [22, "WKZ", '"EUR"'],
    [23, "reserviert", ""],
    [24, "Derivatskennzeichen", ""],
    [25, "reserviert", ""],
    [26, "reserviert", ""],
    [27, "Sachkontenrahmen", '"03"'],
    [28, "ID der Branchenlösung", ""],
    [29, "reserviert", ""],
    [30, "reserviert", ""],
    [31, "Anwendungsinformation", ""],
  ];
  for (const [position, name, value] of expected) assert.is(fields[position - 1], value, `${position} ${name}`);
});

datev("the fiscal year begins in the previous year when the period lies before its start month", () => {
  assert.is(fiscalYearBegin("2026-03-01", "07-01"), "2025-07-01");
  assert.is(fiscalYearBegin("2026-07-01", "07-01"), "2026-07-01");
  assert.is(headerFields({ ...batch, settings: { ...settings, fiscalYearStart: "07-01" } })[12], "20250701");
});

datev("the column line names the 125 fields of format version 13 in their order", () => {
  assert.is(BOOKING_COLUMNS.length, 125);
  assert.is(BOOKING_COLUMNS[0], "Umsatz (ohne Soll/Haben-Kz)");
  assert.is(BOOKING_COLUMNS[6], "Konto");
  assert.is(BOOKING_COLUMNS[9], "Belegdatum");
  assert.is(BOOKING_COLUMNS[20], "Beleginfo – Art 1");
  assert.is(BOOKING_COLUMNS[35], "Beleginfo – Inhalt 8");
  assert.is(BOOKING_COLUMNS[47], "Zusatzinformation – Art 1");
  assert.is(BOOKING_COLUMNS[86], "Zusatzinformation – Inhalt 20");
  assert.is(BOOKING_COLUMNS[87], "Stück");
  assert.is(BOOKING_COLUMNS[113], "Festschreibung");
  assert.is(BOOKING_COLUMNS[114], "Leistungsdatum");
  assert.is(BOOKING_COLUMNS[124], "Abw. Skontokonto");
  assert.is(new Set(BOOKING_COLUMNS).size, 125, "no column twice");
});

datev("an exempt invoice books the receivable against the exempt revenue account, field by field", () => {
  const [booking] = invoiceBookings({
    number: "2026-0007",
    date: "2026-03-05",
    cancellation: false,
    amounts: [{ treatment: "exempt", grossCents: 12050 }],
    serviceDate: "2026-03-02",
  }, settings);
  const fields = bookingFields(booking, settings);
  assert.is(fields.length, 125);
  const filled: Record<string, string> = {
    "Umsatz (ohne Soll/Haben-Kz)": "120,50",
    "Soll/Haben-Kennzeichen": '"S"',
    "WKZ Umsatz": '"EUR"',
    "Konto": "1400",
    "Gegenkonto (ohne BU-Schlüssel)": "8100",
    "Belegdatum": "0503",
    "Belegfeld 1": '"2026-0007"',
    "Buchungstext": '"Rechnung 2026-0007"',
    "Leistungsdatum": "02032026",
  };
  BOOKING_COLUMNS.forEach((column, index) => assert.is(fields[index], filled[column] ?? "", column));
});

datev("a cancellation credits the receivable; VAT treatments go to their own revenue accounts", () => {
  const bookings = invoiceBookings({
    number: "2026-0008",
    date: "2026-03-20",
    cancellation: true,
    amounts: [{ treatment: "standard", grossCents: -11900 }, { treatment: "reduced", grossCents: -1070 }],
  }, settings);
  assert.equal(bookings.map((b) => [b.debitCredit, b.account, b.contraAccount, b.amountCents]), [
    ["H", "1400", "8400", 11900],
    ["H", "1400", "8300", 1070],
  ]);
  assert.is(bookings[0].text, "Stornorechnung 2026-0008");
  const skr04 = { ...settings, chart: "SKR04" as const, ...suggestedAccounts("SKR04") };
  assert.is(invoiceBookings({ ...bookingsInvoice(), cancellation: false }, skr04)[0].contraAccount, "4185");
  assert.is(headerFields({ ...batch, settings: skr04 })[26], '"04"');
});

function bookingsInvoice() {
  return { number: "1", date: "2026-03-01", amounts: [{ treatment: "small_business" as const, grossCents: 100 }] };
}

datev("a payment books bank or cash against the receivable with the invoice number as Belegfeld 1", () => {
  const transfer = paymentBooking({
    invoiceNumber: "2026-0007",
    date: "2026-03-12",
    amountCents: 5000,
    method: "transfer",
  }, settings);
  assert.equal([transfer.debitCredit, transfer.account, transfer.contraAccount], ["S", "1200", "1400"]);
  const cash = paymentBooking(
    { invoiceNumber: "2026-0007", date: "2026-03-12", amountCents: 7050, method: "cash" },
    settings,
  );
  assert.is(cash.account, "1000");
  const reversal = paymentBooking({
    invoiceNumber: "2026-0007",
    date: "2026-03-13",
    amountCents: -5000,
    method: "transfer",
  }, settings);
  assert.equal([reversal.debitCredit, reversal.amountCents, reversal.text], ["H", 5000, "Rückbuchung 2026-0007"]);
});

datev("amounts are positive with a decimal comma; zero and fractions of a cent are refused", () => {
  assert.is(amountField(1), "0,01");
  assert.is(amountField(123456789), "1234567,89");
  assert.throws(() => amountField(0));
  assert.throws(() => amountField(-5));
  assert.throws(() => amountField(1.5));
});

datev("hostile text cannot break a field: quotes doubled, line breaks and semicolons stay inside", () => {
  const [booking] = invoiceBookings({ ...bookingsInvoice(), cancellation: false }, settings);
  const fields = bookingFields({ ...booking, text: 'a";\r\nb' + "x".repeat(100) }, settings);
  const text = fields[BOOKING_COLUMNS.indexOf("Buchungstext")];
  assert.ok(text.startsWith('"a""; b'));
  assert.is(text.slice(1, -1).replaceAll('""', '"').length, 60, "cut to 60 characters");
  assert.throws(() => bookingFields({ ...booking, account: "14;00" }, settings));
});

datev("the file is Windows-1252 with CRLF, the en dash of the column names as 0x96", () => {
  const [booking] = invoiceBookings({ ...bookingsInvoice(), cancellation: false }, settings);
  const text = renderBatch({ ...batch, bookings: [booking] });
  const lines = text.split("\r\n");
  assert.is(lines.length, 4, "header, columns, one booking, final line end");
  assert.is(lines[1].split(";").length, 125);
  assert.is(lines[2].split(";").length, 125);
  const bytes = encodeWindows1252("Beleginfo – Art 1 Größe €");
  assert.equal([...bytes.slice(10, 11)], [0x96]);
  assert.ok(bytes.includes(0xf6) && bytes.includes(0xdf) && bytes.includes(0x80));
  assert.is(encodeWindows1252("😀").length, 1);
});

datev.run();
