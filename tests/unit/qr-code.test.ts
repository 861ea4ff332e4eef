import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeBase64 } from "@oslojs/encoding";
import { decodeQR } from "qr/decode.js";
import { qrCodeDataUrl, qrCodeSvg } from "../../lib/qr-code.ts";
import { totpUri } from "../../lib/totp.ts";

const test = suite("QR code");

// Typical enrolments: a 20-byte secret (32 base32 characters) with a short issuer and email, and
// with a long issuer whose umlaut and dash are percent-encoded twice (label and issuer).
const SECRET = new TextEncoder().encode("12345678901234567890");
const URI = totpUri(SECRET, "Kartei", "anna@praxis.example");
const LONG_URI = totpUri(SECRET, "Kartei – Praxis Müller", "anna.schmidt@praxis-mueller.example");

/** The dark runs [x, y, length] the path draws: "M4 4.5h7" starts a row, "m2 0h3" moves on in it. */
function darkRuns(svg: string): [number, number, number][] {
  const runs: [number, number, number][] = [];
  let penX = 0, penY = 0;
  for (const [, command, dx, y, length] of svg.matchAll(/([Mm])(\d+) (\d+)(?:\.5)?h(\d+)/g)) {
    if (command === "M") [penX, penY] = [Number(dx), Number(y)];
    else penX += Number(dx);
    runs.push([penX, penY, Number(length)]);
    penX += Number(length);
  }
  return runs;
}

/** Reads the drawing back into pixels (white background, black runs), as a camera would see it. */
function rasterize(svg: string, pixelsPerModule: number) {
  const size = Number(svg.match(/viewBox="0 0 (\d+) \1"/)![1]);
  const width = size * pixelsPerModule;
  const data = new Uint8Array(width * width * 3).fill(255);
  for (const [x, y, length] of darkRuns(svg)) {
    for (let row = y * pixelsPerModule; row < (y + 1) * pixelsPerModule; row++) {
      const from = (row * width + x * pixelsPerModule) * 3;
      data.fill(0, from, from + length * pixelsPerModule * 3);
    }
  }
  return { size, image: { width, height: width, data } };
}

test("the SVG decodes back to the otpauth URI", () => {
  for (const uri of [URI, LONG_URI]) assert.is(decodeQR(rasterize(qrCodeSvg(uri), 4).image, { format: "RGB" }), uri);
});

test("the symbol is the smallest version that holds the URI at medium error correction", () => {
  // ISO/IEC 18004 byte-mode capacity at level M: version 7 holds 122 bytes, 8 152, 10 213, 11 251.
  const version = (uri: string) => (rasterize(qrCodeSvg(uri), 1).size - 2 * 4 - 17) / 4;
  assert.is(URI.length, 131);
  assert.is(version(URI), 8);
  assert.is(LONG_URI.length, 217);
  assert.is(version(LONG_URI), 11);
});

test("it is a data: URL of a standalone SVG, a few kilobytes, drawn with a quiet zone", () => {
  const url = qrCodeDataUrl(URI);
  assert.ok(url.startsWith("data:image/svg+xml;base64,"));
  assert.ok(url.length < 6_000, `${url.length} characters`);
  assert.ok(qrCodeDataUrl(LONG_URI).length < 9_000);
  const svg = new TextDecoder().decode(decodeBase64(url.slice("data:image/svg+xml;base64,".length)));
  assert.is(svg, qrCodeSvg(URI));
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1" width="(\d+)" height="\2"/);
  const size = Number(svg.match(/viewBox="0 0 (\d+)/)![1]);
  assert.ok(svg.includes(`width="${size * 4}" height="${size * 4}"`), "4 px per module by default");
  assert.not.match(svg, /<script|on\w+=|href/i);
  const runs = darkRuns(svg);
  assert.ok(runs.length > 100);
  assert.ok(runs.every(([x, y, length]) => x >= 4 && y >= 4 && x + length <= size - 4 && y < size - 4));
});

test("a different URI draws a different code", () => {
  assert.is.not(qrCodeSvg(URI), qrCodeSvg(URI.replace("GEZDGNBV", "GEZDGNBW")));
  assert.ok(qrCodeSvg(URI, 2).includes(`width="`), "scale is a parameter");
});

test.run();
