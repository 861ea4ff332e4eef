// The activation letter: a printable A4 page (PDF, German) with the one-time activation code
// that the owner hands to a new member apart from the emailed link. Made on the server with
// pdf-lib and the standard PDF fonts, so nothing is fetched and no font file is shipped.
import type { PDFFont } from "pdf-lib";
import type { Language, Translate } from "./i18n/mod.ts";

export interface ActivationLetter {
  practiceName: string;
  memberName: string;
  email: string;
  /** As printed, XXXX-XXXX-XXXX. */
  code: string;
  /** Days as they should read, e.g. "3. Dezember 2026". */
  issuedOn: string;
  validUntil: string;
  issuedAt: Date;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const TEXT_WIDTH = PAGE.width - 2 * MARGIN;

export async function activationLetterPdf(t: Translate, letter: ActivationLetter): Promise<Uint8Array<ArrayBuffer>> {
  // pdf-lib takes a sixth of a second to load: it is loaded with the first letter, not at start.
  const { PDFDocument, rgb, StandardFonts } = await import("pdf-lib");
  const INK = rgb(0.1, 0.1, 0.12);
  const pdf = await PDFDocument.create();
  pdf.setTitle(t("letter.title"));
  pdf.setProducer("Kartei");
  pdf.setCreator("Kartei");
  pdf.setCreationDate(letter.issuedAt);
  pdf.setModificationDate(letter.issuedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.CourierBold);
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;

  const write = (text: string, font: PDFFont, size: number, gapAfter = 6) => {
    for (const line of wrap(printable(font, text), font, size, TEXT_WIDTH)) {
      y -= size * 1.3;
      page.drawText(line, { x: MARGIN, y, size, font, color: INK });
    }
    y -= gapAfter;
  };

  write(letter.practiceName, bold, 13, 2);
  write(t("letter.issued", { date: letter.issuedOn }), regular, 10, 36);
  write(t("letter.title"), bold, 22, 8);
  write(t("letter.recipient", { name: letter.memberName }), regular, 12, 20);
  write(t("letter.intro", { practice: letter.practiceName, email: letter.email }), regular, 11, 24);

  write(t("letter.codeLabel"), bold, 12, 10);
  const boxHeight = 56;
  page.drawRectangle({
    x: MARGIN,
    y: y - boxHeight,
    width: TEXT_WIDTH,
    height: boxHeight,
    borderColor: INK,
    borderWidth: 1.2,
  });
  const codeSize = 28;
  const codeWidth = mono.widthOfTextAtSize(letter.code, codeSize);
  page.drawText(letter.code, {
    x: MARGIN + (TEXT_WIDTH - codeWidth) / 2,
    y: y - boxHeight / 2 - codeSize * 0.35,
    size: codeSize,
    font: mono,
    color: INK,
  });
  y -= boxHeight + 6;
  write(t("letter.validUntil", { date: letter.validUntil }), regular, 10, 24);

  write(t("letter.stepsTitle"), bold, 12, 4);
  for (const step of [t("letter.step1"), t("letter.step2"), t("letter.step3")]) write(step, regular, 11, 4);
  y -= 16;
  write(t("letter.warning"), regular, 10, 0);

  page.drawText(printable(regular, t("letter.footer")), {
    x: MARGIN,
    y: MARGIN / 2,
    size: 8,
    font: regular,
    color: INK,
  });
  return new Uint8Array(await pdf.save());
}

const DAY_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", dateStyle: "long" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", dateStyle: "long" }),
};

/** A day as a letter or mail writes it, in German time: "3. Dezember 2026", "3 December 2026". */
export function dayAsWritten(at: Date, language: Language): string {
  return DAY_FORMATS[language].format(at);
}

/** The standard fonts know only WinAnsi (German included): anything else prints as "?". */
function printable(font: PDFFont, text: string): string {
  return [...text].map((character) => {
    try {
      font.encodeText(character);
      return character;
    } catch {
      return "?";
    }
  }).join("");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
