import { suite } from "uvu";
import * as assert from "uvu/assert";
import { contentDisposition, sanitizeFileName, sniffContentType } from "../../lib/file-type.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const sniff = suite("sniffing a file's type from its bytes");

sniff("accepts PDF, PNG, JPEG, WebP and TIFF by their signatures", () => {
  assert.is(sniffContentType(bytes("%PDF-1.7\n%âãÏÓ")), "application/pdf");
  assert.is(sniffContentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), "image/png");
  assert.is(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), "image/jpeg");
  assert.is(sniffContentType(bytes("RIFF\x24\x00\x00\x00WEBPVP8 ")), "image/webp");
  assert.is(sniffContentType(new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])), "image/tiff");
  assert.is(sniffContentType(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])), "image/tiff");
});

sniff("refuses HTML, SVG, scripts, archives and truncated signatures", () => {
  for (
    const refused of [
      "<!DOCTYPE html><html>",
      "<html><body>%PDF-1.7",
      " %PDF-1.7",
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">',
      "<svg onload=alert(1)>",
      "#!/bin/sh\nrm -rf /",
      "PK\x03\x04",
      "RIFF\x24\x00\x00\x00WAVEfmt ",
      "%PD",
      "",
    ]
  ) assert.is(sniffContentType(bytes(refused)), null, JSON.stringify(refused));
  assert.is(sniffContentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47])), null, "a PNG signature cut short");
});

const names = suite("file names for storage and Content-Disposition");

names("keeps a readable name, drops paths and control characters, takes the sniffed type's extension", () => {
  assert.is(sanitizeFileName("Befund Müller.pdf", "application/pdf"), "Befund Müller.pdf");
  assert.is(sanitizeFileName("C:\\Users\\anna\\scan.PDF", "application/pdf"), "scan.pdf");
  assert.is(sanitizeFileName("../../etc/passwd", "image/png"), "passwd.png");
  assert.is(sanitizeFileName("bild.pdf", "image/jpeg"), "bild.jpg");
  assert.is(sanitizeFileName("rechnung\u202eFDP.exe", "application/pdf"), "rechnungFDP.pdf");
  assert.is(sanitizeFileName('a\u0000b\nc"d.pdf', "application/pdf"), "abc_d.pdf");
  assert.is(sanitizeFileName("", "application/pdf"), "dokument.pdf");
  assert.is(sanitizeFileName(".htaccess", "application/pdf"), "htaccess.pdf");
  assert.is([...sanitizeFileName("ä".repeat(500) + ".pdf", "application/pdf")].length, 120);
});

names("Content-Disposition carries an ASCII fallback and the UTF-8 name (RFC 6266)", () => {
  assert.is(
    contentDisposition("attachment", "Röntgen (links).png"),
    `attachment; filename="Rontgen (links).png"; filename*=UTF-8''R%C3%B6ntgen%20%28links%29.png`,
  );
  assert.is(contentDisposition("inline", "a%b.pdf"), `inline; filename="a_b.pdf"; filename*=UTF-8''a%25b.pdf`);
});

sniff.run();
names.run();
