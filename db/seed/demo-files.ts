// Small but valid files for the demo patients' documents: one-page PDF letters (pdf-lib with
// the standard fonts, nothing fetched) and PNG images made from scratch (zlib via
// CompressionStream), so uploads, previews and downloads have something real to show.

export interface DemoLetter {
  title: string;
  sender: string;
  patientLine: string;
  date: string;
  paragraphs: string[];
}

/** An A4 letter as PDF bytes. */
export async function letterPdf(letter: DemoLetter, createdAt: Date): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await import("pdf-lib");
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(letter.title));
  pdf.setProducer("Kartei (Demodaten)");
  pdf.setCreationDate(createdAt);
  pdf.setModificationDate(createdAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([595.28, 841.89]);
  const ink = rgb(0.1, 0.1, 0.12);
  let y = 841.89 - 64;
  const line = (text: string, size: number, font = regular, gap = 4) => {
    for (const part of wrap(winAnsi(text), 90)) {
      y -= size * 1.3;
      page.drawText(part, { x: 64, y, size, font, color: ink });
    }
    y -= gap;
  };
  line(letter.sender, 10, bold, 24);
  line(letter.patientLine, 10, regular, 2);
  line(letter.date, 10, regular, 28);
  line(letter.title, 16, bold, 14);
  for (const paragraph of letter.paragraphs) line(paragraph, 11, regular, 10);
  line("Mit freundlichen Grüßen", 11, regular, 2);
  line(letter.sender.split(",")[0], 11, regular);
  return await pdf.save();
}

/** The standard PDF fonts encode WinAnsi: keep Latin-1 (umlauts, ß), strip accents elsewhere (ş → s). */
function winAnsi(text: string): string {
  return [...text].map((char) =>
    char.charCodeAt(0) <= 0xff || "–„“”’€".includes(char)
      ? char
      : char.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^\x20-\xff]/g, "")
  ).join("");
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current && current.length + word.length + 1 > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

/** A PNG of width × height: a soft gradient with a darker ellipse, like a cropped photo of a finding. */
export async function findingPng(width: number, height: number, seed: number): Promise<Uint8Array> {
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const dx = (x - width / 2) / (width / 3), dy = (y - height / 2) / (height / 4);
      const spot = dx * dx + dy * dy < 1 ? 0.75 : 1;
      const offset = y * (width * 3 + 1) + 1 + x * 3;
      raw[offset] = Math.round((214 - (y * 30) / height) * spot);
      raw[offset + 1] = Math.round((180 - ((x + seed) % 40)) * spot);
      raw[offset + 2] = Math.round((160 - (x * 20) / width) * spot);
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per sample, RGB, deflate, no filter method, no interlace
  const compressed = new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer(),
  );
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", compressed),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
