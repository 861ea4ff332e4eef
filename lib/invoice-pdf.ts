// The invoice as a PDF (pdf-lib), rendered once when it is issued and stored with its SHA-256.
// It carries what § 14 Abs. 4 UStG asks for (the practice's name, address and tax number or VAT
// id, the recipient, date and number, the date of each service, amounts, VAT per rate or the
// exemption note) and, for GOÄ items, what § 12 Abs. 2 to 4 GOÄ asks for (number and
// description, points, factor, a justification above the threshold, "entsprechend" for an
// analogous item). The GiroCode is drawn as vector squares, no image.
import {
  fill,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
  StandardFonts,
} from "pdf-lib";
import { encodeQR } from "qr";
import { type Language, translator } from "./i18n/mod.ts";
import type { Catalogue, ItemVatTreatment } from "./billing-kinds.ts";
import { formatEuro, VAT_PERCENT, type VatLine } from "./money.ts";
import { formatFactor } from "./goae.ts";
import { girocodePayload } from "./girocode.ts";

export interface InvoiceDocumentItem {
  serviceDate: string;
  catalogue: Catalogue | "free";
  code: string;
  description: string;
  analogousTo: string;
  goaePoints: number | null;
  factorHundredths: number | null;
  quantity: number;
  amountCents: number;
  justification: string;
  vatTreatment: ItemVatTreatment;
}

export interface InvoiceDocument {
  language: Language;
  kind: "invoice" | "cancellation";
  number: string;
  invoiceDate: string;
  dueDate: string;
  periodFrom: string | null;
  periodTo: string | null;
  practice: {
    name: string;
    address: string;
    taxNumber: string;
    vatId: string;
    iban: string;
    bic: string;
    bankName: string;
  };
  recipient: { name: string; address: string };
  patientName: string;
  cancels: { number: string; date: string } | null;
  items: InvoiceDocumentItem[];
  vatLines: VatLine[];
  netCents: number;
  vatCents: number;
  totalCents: number;
  issuedAt: Date;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const SIZE = 10;
const LINE = 13;

/** A calendar day as the invoice's language writes it. */
export function formatDay(day: string, language: Language): string {
  const [y, m, d] = day.split("-");
  return language === "de" ? `${d}.${m}.${y}` : `${y}-${m}-${d}`;
}

class Writer {
  page!: PDFPage;
  y = 0;
  pages: PDFPage[] = [];
  constructor(readonly pdf: PDFDocument, readonly font: PDFFont, readonly bold: PDFFont) {
    this.newPage();
  }
  newPage() {
    this.page = this.pdf.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
  }
  /** Room for this many lines, or a new page. */
  room(lines: number) {
    if (this.y - lines * LINE < MARGIN + 30) this.newPage();
  }
  text(text: string, x: number, options: { bold?: boolean; size?: number; right?: boolean } = {}) {
    const font = options.bold ? this.bold : this.font;
    const size = options.size ?? SIZE;
    const safe = printable(font, text);
    const at = options.right ? x - font.widthOfTextAtSize(safe, size) : x;
    this.page.drawText(safe, { x: at, y: this.y, size, font });
  }
  /** Words wrapped to the width: the lines it takes. */
  wrap(text: string, width: number, size = SIZE): string[] {
    const lines: string[] = [];
    for (const paragraph of printable(this.font, text).split("\n")) {
      let line = "";
      for (const word of paragraph.split(/\s+/)) {
        const next = line ? `${line} ${word}` : word;
        if (this.font.widthOfTextAtSize(next, size) > width && line) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      lines.push(line);
    }
    return lines;
  }
  down(lines = 1) {
    this.y -= lines * LINE;
  }
}

/** The text with every character the standard font cannot encode (WinAnsi) shown as "?". */
// By font name: every document embeds its own instance of the same standard font.
const characterSets = new Map<string, Set<number>>();

function printable(font: PDFFont, text: string): string {
  let supported = characterSets.get(font.name);
  if (!supported) characterSets.set(font.name, supported = new Set(font.getCharacterSet()));
  return [...text.replace(/\t/g, " ")].map((ch) => ch === "\n" || supported.has(ch.codePointAt(0)!) ? ch : "?")
    .join("");
}

export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const t = translator(doc.language);
  const pdf = await PDFDocument.create();
  const title = t(doc.kind === "invoice" ? "invoicePdf.invoice" : "invoicePdf.cancellation");
  pdf.setTitle(`${title} ${doc.number}`);
  pdf.setAuthor(doc.practice.name);
  pdf.setProducer("Kartei");
  pdf.setCreator("Kartei");
  pdf.setCreationDate(doc.issuedAt);
  pdf.setModificationDate(doc.issuedAt);
  const w = new Writer(
    pdf,
    await pdf.embedFont(StandardFonts.Helvetica),
    await pdf.embedFont(StandardFonts.HelveticaBold),
  );
  const right = A4.width - MARGIN;
  const money = (cents: number) => formatEuro(cents, doc.language);
  const day = (value: string) => formatDay(value, doc.language);

  // The sender: name, address, tax number or VAT id (§ 14 Abs. 4 Nr. 1 and 2 UStG).
  w.text(doc.practice.name, MARGIN, { bold: true, size: 12 });
  w.down();
  for (const line of doc.practice.address.split("\n")) (w.text(line, MARGIN), w.down());
  if (doc.practice.taxNumber) (w.text(t("invoicePdf.taxNumber", { number: doc.practice.taxNumber }), MARGIN), w.down());
  if (doc.practice.vatId) (w.text(t("invoicePdf.vatId", { id: doc.practice.vatId }), MARGIN), w.down());
  w.down(2);
  // The recipient.
  w.text(doc.recipient.name, MARGIN);
  w.down();
  for (const line of doc.recipient.address.split("\n")) (w.text(line, MARGIN), w.down());
  w.down(2);

  w.text(title, MARGIN, { bold: true, size: 14 });
  w.down(1.5);
  w.text(t("invoicePdf.number", { number: doc.number }), MARGIN);
  w.down();
  w.text(t("invoicePdf.date", { date: day(doc.invoiceDate) }), MARGIN);
  w.down();
  w.text(t("invoicePdf.patient", { name: doc.patientName }), MARGIN);
  w.down();
  if (doc.periodFrom && doc.periodTo) {
    w.text(t("invoicePdf.period", { from: day(doc.periodFrom), to: day(doc.periodTo) }), MARGIN);
    w.down();
  }
  if (doc.cancels) {
    w.text(t("invoicePdf.cancels", { number: doc.cancels.number, date: day(doc.cancels.date) }), MARGIN);
    w.down();
  }
  w.down();

  const columns = { date: MARGIN, code: MARGIN + 62, service: MARGIN + 130, factor: right - 120, quantity: right - 80 };
  const header = () => {
    w.text(t("invoicePdf.column.date"), columns.date, { bold: true });
    w.text(t("invoicePdf.column.code"), columns.code, { bold: true });
    w.text(t("invoicePdf.column.service"), columns.service, { bold: true });
    w.text(t("invoicePdf.column.factor"), columns.factor, { bold: true, right: true });
    w.text(t("invoicePdf.column.quantity"), columns.quantity, { bold: true, right: true });
    w.text(t("invoicePdf.column.amount"), right, { bold: true, right: true });
    w.down();
  };
  header();
  const serviceWidth = columns.factor - 40 - columns.service;
  for (const item of doc.items) {
    const code = item.catalogue === "goae"
      ? t("invoicePdf.goaeCode", { code: item.code })
      : item.catalogue === "gebueh"
      ? t("invoicePdf.gebuehCode", { code: item.code })
      : item.code;
    const details = [item.description];
    if (item.analogousTo) details.push(t("invoicePdf.analogous", { code: item.analogousTo }));
    if (item.goaePoints) details.push(t("invoicePdf.points", { points: item.goaePoints }));
    const lines = details.flatMap((text) => w.wrap(text, serviceWidth));
    const justification = item.justification
      ? w.wrap(t("invoicePdf.justification", { text: item.justification }), serviceWidth)
      : [];
    w.room(lines.length + justification.length + 1);
    if (w.y === A4.height - MARGIN) header();
    w.text(day(item.serviceDate), columns.date);
    w.text(code, columns.code);
    if (item.factorHundredths) {
      w.text(formatFactor(item.factorHundredths, doc.language), columns.factor, { right: true });
    }
    w.text(String(item.quantity), columns.quantity, { right: true });
    w.text(money(item.amountCents), right, { right: true });
    for (const line of [...lines, ...justification]) (w.text(line, columns.service), w.down());
  }
  w.down();
  w.room(4 + doc.vatLines.length);
  const taxed = doc.vatLines.filter((line) => VAT_PERCENT[line.treatment] > 0);
  w.text(t("invoicePdf.net"), columns.service);
  w.text(money(doc.netCents), right, { right: true });
  w.down();
  for (const line of taxed) {
    w.text(
      t("invoicePdf.vatLine", { percent: VAT_PERCENT[line.treatment], net: money(line.netCents) }),
      columns.service,
    );
    w.text(money(line.vatCents), right, { right: true });
    w.down();
  }
  w.text(t("invoicePdf.total"), columns.service, { bold: true });
  w.text(money(doc.totalCents), right, { bold: true, right: true });
  w.down(2);

  const notes: string[] = [];
  if (doc.vatLines.some((line) => line.treatment === "exempt")) notes.push(t("invoicePdf.exempt"));
  if (doc.vatLines.some((line) => line.treatment === "small_business")) notes.push(t("invoicePdf.smallBusiness"));
  notes.push(
    doc.kind === "invoice" ? t("invoicePdf.due", { date: day(doc.dueDate) }) : t("invoicePdf.cancellationDue"),
  );
  if (doc.practice.iban) {
    notes.push(t("invoicePdf.bank", { bank: doc.practice.bankName, iban: doc.practice.iban }));
    if (doc.practice.bic) notes.push(t("invoicePdf.bic", { bic: doc.practice.bic }));
  }
  for (const note of notes) {
    const lines = w.wrap(note, right - MARGIN);
    w.room(lines.length);
    for (const line of lines) (w.text(line, MARGIN), w.down());
  }

  const payload = doc.kind === "invoice" && doc.totalCents > 0
    ? girocodePayload({
      name: doc.practice.name,
      iban: doc.practice.iban,
      bic: doc.practice.bic,
      amountCents: doc.totalCents,
      reference: doc.number,
    })
    : null;
  if (payload) drawGirocode(w, payload, t("invoicePdf.girocode"));

  w.pages.forEach((page, index) => {
    const label = t("invoicePdf.page", { page: index + 1, pages: w.pages.length });
    page.drawText(label, { x: MARGIN, y: MARGIN - 20, size: 8, font: w.font, color: rgb(0.3, 0.3, 0.3) });
  });
  return await pdf.save({ useObjectStreams: false });
}

function drawGirocode(w: Writer, payload: string, caption: string) {
  const modules = encodeQR(payload, "raw", { ecc: "medium", border: 4 });
  const size = 96;
  const module = size / modules.length;
  if (w.y - size - LINE < MARGIN + 20) w.newPage();
  w.down();
  const top = w.y;
  // One filled path of a rectangle per horizontal run of dark modules: a few operators, where
  // drawRectangle per module made the GiroCode most of the PDF's rendering time.
  const runs = [];
  for (const [y, row] of modules.entries()) {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      runs.push(rectangle(MARGIN + start * module, top - (y + 1) * module, (x - start + 1) * module, module));
    }
  }
  w.page.pushOperators(pushGraphicsState(), setFillingRgbColor(0, 0, 0), ...runs, fill(), popGraphicsState());
  w.y = top - size - LINE;
  w.text(caption, MARGIN, { size: 8 });
  w.down();
}
