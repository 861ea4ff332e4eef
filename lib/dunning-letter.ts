// A dunning letter as PDF (pdf-lib, standard fonts): a letter about an invoice, not an invoice.
// It names the invoice by its number and date and takes no number of its own; it shows what is
// open, the fees so far, the total to pay, the new pay-by day and the practice's bank details.
import { PDFDocument, type PDFFont, StandardFonts } from "pdf-lib";
import { type Language, type MessageKey, translator } from "./i18n/mod.ts";
import { formatEuro } from "./money.ts";
import { fillLetterText } from "./dunning.ts";

export interface DunningLetter {
  language: Language;
  level: 1 | 2 | 3;
  letterDate: string;
  payBy: string;
  practice: { name: string; address: string; iban: string; bic: string; bankName: string };
  recipient: { name: string; address: string };
  invoice: { number: string; date: string; totalCents: number; paidCents: number };
  /** This letter's fee and the fees of the earlier letters. */
  feeCents: number;
  earlierFeesCents: number;
  text: string;
  createdAt: Date;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const SIZE = 10.5;
const LINE = 14;

function day(isoDay: string, language: Language): string {
  const [y, m, d] = isoDay.split("-");
  return language === "de" ? `${d}.${m}.${y}` : `${y}-${m}-${d}`;
}

/** Characters the standard font cannot encode (WinAnsi) print as "?". */
function printable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/\t/g, " ")].map((ch) => ch === "\n" || supported.has(ch.codePointAt(0)!) ? ch : "?")
    .join("");
}

function wrap(font: PDFFont, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of printable(font, text).split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(next, SIZE) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

export const LEVEL_TITLES: Record<1 | 2 | 3, MessageKey> = {
  1: "dunning.level1",
  2: "dunning.level2",
  3: "dunning.level3",
};

/** The values a practice's text may name, as the letter prints them. */
export function letterValues(letter: DunningLetter): Record<string, string> {
  const money = (cents: number) => formatEuro(cents, letter.language);
  const open = letter.invoice.totalCents - letter.invoice.paidCents;
  return {
    number: letter.invoice.number,
    invoiceDate: day(letter.invoice.date, letter.language),
    openAmount: money(open),
    feeAmount: money(letter.feeCents + letter.earlierFeesCents),
    totalAmount: money(open + letter.feeCents + letter.earlierFeesCents),
    payBy: day(letter.payBy, letter.language),
  };
}

export async function renderDunningLetter(letter: DunningLetter): Promise<Uint8Array> {
  const t = translator(letter.language);
  const pdf = await PDFDocument.create();
  const title = t(LEVEL_TITLES[letter.level]);
  pdf.setTitle(`${title} ${letter.invoice.number}`);
  pdf.setAuthor(letter.practice.name);
  pdf.setProducer("Kartei");
  pdf.setCreator("Kartei");
  pdf.setCreationDate(letter.createdAt);
  pdf.setModificationDate(letter.createdAt);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([A4.width, A4.height]);
  const right = A4.width - MARGIN;
  let y = A4.height - MARGIN;
  const text = (value: string, x: number, options: { bold?: boolean; size?: number; right?: boolean } = {}) => {
    const f = options.bold ? bold : font;
    const size = options.size ?? SIZE;
    const safe = printable(f, value);
    page.drawText(safe, { x: options.right ? x - f.widthOfTextAtSize(safe, size) : x, y, size, font: f });
  };
  const down = (lines = 1) => void (y -= lines * LINE);
  const money = (cents: number) => formatEuro(cents, letter.language);
  const values = letterValues(letter);

  text(letter.practice.name, MARGIN, { bold: true, size: 12 });
  down();
  for (const line of letter.practice.address.split("\n")) (text(line, MARGIN), down());
  down(2);
  text(letter.recipient.name, MARGIN);
  down();
  for (const line of letter.recipient.address.split("\n")) (text(line, MARGIN), down());
  down(2);
  text(t("dunning.letterDate", { date: day(letter.letterDate, letter.language) }), right, { right: true });
  down(2);
  text(title, MARGIN, { bold: true, size: 14 });
  down(1.5);
  text(t("dunning.letterReference", { number: values.number, date: values.invoiceDate }), MARGIN);
  down(2);
  text(t("dunning.letterGreeting", { name: letter.recipient.name }), MARGIN);
  down(1.5);
  for (const line of wrap(font, fillLetterText(letter.text, values), right - MARGIN)) (text(line, MARGIN), down());
  down();

  const rows: [string, number, boolean][] = [
    [t("dunning.letterInvoiceTotal"), letter.invoice.totalCents, false],
    [t("dunning.letterPaid"), -letter.invoice.paidCents, false],
  ];
  if (letter.earlierFeesCents) rows.push([t("dunning.letterEarlierFees"), letter.earlierFeesCents, false]);
  if (letter.feeCents) rows.push([t("dunning.letterFee"), letter.feeCents, false]);
  const total = letter.invoice.totalCents - letter.invoice.paidCents + letter.feeCents + letter.earlierFeesCents;
  rows.push([t("dunning.letterTotal"), total, true]);
  for (const [label, cents, strong] of rows) {
    text(label, MARGIN, { bold: strong });
    text(money(cents), right, { bold: strong, right: true });
    down();
  }
  down();
  for (const line of wrap(font, t("dunning.letterPayBy", { date: values.payBy }), right - MARGIN)) {
    text(line, MARGIN);
    down();
  }
  if (letter.practice.iban) {
    text(t("dunning.letterBank", { bank: letter.practice.bankName, iban: letter.practice.iban }), MARGIN);
    down();
    if (letter.practice.bic) (text(`BIC ${letter.practice.bic}`, MARGIN), down());
    text(t("dunning.letterReferenceLine", { number: letter.invoice.number }), MARGIN);
    down();
  }
  page.drawText(printable(font, t("dunning.letterNotInvoice")), { x: MARGIN, y: MARGIN - 20, size: 8, font });
  return await pdf.save({ useObjectStreams: false });
}
