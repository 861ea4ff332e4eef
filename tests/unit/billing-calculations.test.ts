import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeQR } from "qr/decode.js";
import { encodeQR } from "qr";
import { factorRule, formatFactor, goaeFeeCents, goaeSimpleFeeCents, readFactor } from "../../lib/goae.ts";
import { formatInvoiceNumber, isNumberPattern } from "../../lib/invoice-number.ts";
import { readEuroAmount, roundHalfUpDivision, vatLines } from "../../lib/money.ts";
import { girocodePayload, readIban } from "../../lib/girocode.ts";

const test = suite("billing calculations: GOÄ fees, VAT, numbers, GiroCode");

test("a GOÄ fee is points × 5.82873 ct × factor, rounded once half up to the cent (§ 5 Abs. 1)", () => {
  // 80 points (Nr. 1, Beratung) × 5.82873 ct = 466.2984 ct → 4.66 €; × 2.3 = 1072.48632 ct → 10.72 €.
  assert.is(goaeSimpleFeeCents(80), 466);
  assert.is(goaeFeeCents(80, 230), 1072);
  assert.is(goaeFeeCents(80, 350), 1632); // 1632.0444
  // 150 points × 2.3 = 2010.91185 ct → 20.11 €; × 1.8 = 1573.7571 → 15.74 €.
  assert.is(goaeFeeCents(150, 230), 2011);
  assert.is(goaeFeeCents(150, 180), 1574);
  // Rounding once at the end, not the simple fee first: 3 points × 1.15 = 20.1091185 ct → 20 ct
  assert.is(goaeFeeCents(3, 115), 20);
  // Exactly half a cent rounds up: 100,000 points × 1.00 = 582873 ct exactly; 1 point × 1.0 = 5.82873 → 6.
  assert.is(goaeFeeCents(1, 100), 6);
  assert.is(goaeFeeCents(100000, 100), 582873);
});

test("a factor above the threshold needs a justification, above the maximum an agreement, by section", () => {
  assert.is(factorRule("personal", 230), "within");
  assert.is(factorRule("personal", 231), "needs_justification");
  assert.is(factorRule("personal", 350), "needs_justification");
  assert.is(factorRule("personal", 351), "needs_agreement");
  assert.is(factorRule("technical", 180), "within");
  assert.is(factorRule("technical", 250), "needs_justification");
  assert.is(factorRule("technical", 260), "needs_agreement");
  assert.is(factorRule("laboratory", 115), "within");
  assert.is(factorRule("laboratory", 130), "needs_justification");
  assert.is(factorRule("laboratory", 131), "needs_agreement");
});

test("factors and euro amounts are read as typed in either language, anything else refused", () => {
  assert.is(readFactor("2,3"), 230);
  assert.is(readFactor("2.30"), 230);
  assert.is(readFactor("3.5"), 350);
  assert.is(readFactor("1"), 100);
  for (const bad of ["", "0,5", "2,345", "abc", "-2", "21", "2,3x"]) assert.is(readFactor(bad), null, bad);
  assert.is(formatFactor(230, "de"), "2,3");
  assert.is(formatFactor(115, "en"), "1.15");
  assert.is(readEuroAmount("12"), 1200);
  assert.is(readEuroAmount("12,5"), 1250);
  assert.is(readEuroAmount("1.234,56 €"), 123456);
  assert.is(readEuroAmount("12.50"), 1250);
  for (const bad of ["", "-1", "1,234", "12,345", "abc", "1e5", "9999999999"]) {
    assert.is(readEuroAmount(bad), null, bad);
  }
});

test("VAT per rate on the rate's sum, exempt and § 19 lines carry none, a negation negates exactly", () => {
  const lines = vatLines([
    { vatTreatment: "standard", amountCents: 1005 },
    { vatTreatment: "standard", amountCents: 1005 },
    { vatTreatment: "reduced", amountCents: 999 },
    { vatTreatment: "exempt", amountCents: 9000 },
  ]);
  assert.equal(lines, [
    { treatment: "standard", netCents: 2010, vatCents: 382 }, // 381.9
    { treatment: "reduced", netCents: 999, vatCents: 70 }, // 69.93
    { treatment: "exempt", netCents: 9000, vatCents: 0 },
  ]);
  assert.is(roundHalfUpDivision(-38190, 100), -382);
  assert.is(roundHalfUpDivision(50, 100), 1);
});

test("invoice numbers follow the practice's pattern; a pattern needs exactly one sequence", () => {
  assert.is(formatInvoiceNumber("{YYYY}-{NNNN}", 2026, 7), "2026-0007");
  assert.is(formatInvoiceNumber("RE{YY}/{NNNNNN}", 2026, 12345), "RE26/012345");
  assert.is(formatInvoiceNumber("{NNN}", 2026, 12345), "12345");
  assert.ok(isNumberPattern("{YYYY}-{NNNN}"));
  assert.ok(isNumberPattern("R-{NNNNN}"));
  for (const bad of ["", "{YYYY}", "{NN}{NN}", "{YYYY}-{YY}-{N}", "<b>{NNN}", "{NNNN} x", "{MM}-{NNN}"]) {
    assert.not.ok(isNumberPattern(bad), bad);
  }
});

test("the GiroCode holds the EPC fields, the amount and the number as reference, and scans back", () => {
  const payload = girocodePayload({
    name: "Praxis Dr. Müller",
    iban: "DE89 3704 0044 0532 0130 00",
    amountCents: 12345,
    reference: "Rechnung 2026-0001",
  })!;
  assert.is(
    payload,
    "BCD\n002\n1\nSCT\n\nPraxis Dr. Müller\nDE89370400440532013000\nEUR123.45\n\n\nRechnung 2026-0001",
  );
  const modules = encodeQR(payload, "raw", { ecc: "medium", border: 4 });
  const size = modules.length;
  const rgba = new Uint8Array(size * size * 4);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => rgba.fill(dark ? 0 : 255, (y * size + x) * 4, (y * size + x) * 4 + 3))
  );
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  assert.is(decodeQR({ width: size, height: size, data: rgba }), payload);
  assert.is(girocodePayload({ name: "X", iban: "DE89370400440532013001", amountCents: 100, reference: "1" }), null);
  assert.is(girocodePayload({ name: "X", iban: "DE89370400440532013000", amountCents: 0, reference: "1" }), null);
  assert.is(readIban("de89 3704 0044 0532 0130 00"), "DE89370400440532013000");
});

test.run();
