import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeBase32 } from "@oslojs/encoding";
import { generateTotpSecret, matchTotpStep, TOTP_SECRET_BYTES, totpCode, totpStep, totpUri } from "../../lib/totp.ts";

const test = suite("TOTP (RFC 6238)");

// RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII string "12345678901234567890",
// 30-second steps, T0 = 0, 8-digit codes.
const RFC_SECRET = new TextEncoder().encode("12345678901234567890");
const RFC_VECTORS: [seconds: number, stepHex: string, totp: string][] = [
  [59, "0000000000000001", "94287082"],
  [1111111109, "00000000023523EC", "07081804"],
  [1111111111, "00000000023523ED", "14050471"],
  [1234567890, "000000000273EF07", "89005924"],
  [2000000000, "0000000003F940AA", "69279037"],
  [20000000000, "0000000027BC86AA", "65353130"],
];
const at = (seconds: number) => new Date(seconds * 1000);

test("the RFC 6238 Appendix B SHA-1 vectors come out right, 8 digits", () => {
  for (const [seconds, stepHex, expected] of RFC_VECTORS) {
    const step = totpStep(at(seconds));
    assert.is(step, parseInt(stepHex, 16), `T at ${seconds}`);
    assert.is(totpCode(RFC_SECRET, step, 8), expected, `TOTP at ${seconds}`);
    assert.is(matchTotpStep(RFC_SECRET, expected, at(seconds), { digits: 8 }), step);
  }
});

test("the 6-digit code is the last six digits of the RFC's 8-digit value", () => {
  for (const [seconds, , expected] of RFC_VECTORS) {
    const step = totpStep(at(seconds));
    assert.is(totpCode(RFC_SECRET, step), expected.slice(-6), `at ${seconds}`);
    assert.is(matchTotpStep(RFC_SECRET, expected.slice(-6), at(seconds)), step);
  }
});

test("a code from the previous step is accepted, one from two steps back or the next step is not", () => {
  const now = at(1111111111); // step 0x23523ED, 1 s into it
  const step = totpStep(now);
  assert.is(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, step - 1), now), step - 1);
  assert.is(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, step - 2), now), null);
  assert.is(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, step + 1), now), null);
  assert.is(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, step - 2), now, { allowedPastSteps: 2 }), step - 2);
  assert.is(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, step - 1), now, { allowedPastSteps: 0 }), null);
});

test("a code is never accepted again for its step or an earlier one (replay)", () => {
  const now = at(1234567890);
  const step = totpStep(now);
  const code = totpCode(RFC_SECRET, step);
  assert.is(matchTotpStep(RFC_SECRET, code, now, { lastUsedStep: step - 1 }), step);
  assert.is(matchTotpStep(RFC_SECRET, code, now, { lastUsedStep: step }), null, "same step replayed");
  assert.is(matchTotpStep(RFC_SECRET, code, now, { lastUsedStep: step + 3 }), null, "later step used already");
  const previous = totpCode(RFC_SECRET, step - 1);
  assert.is(matchTotpStep(RFC_SECRET, previous, now, { lastUsedStep: step - 1 }), null, "older code after use");
  assert.is(matchTotpStep(RFC_SECRET, previous, now, { lastUsedStep: null }), step - 1);
});

test("what a person types: spaces are ignored, anything else is refused", () => {
  const now = at(59);
  assert.is(matchTotpStep(RFC_SECRET, " 287 082 ", now), 1);
  assert.is(matchTotpStep(RFC_SECRET, "287O82", now), null);
  assert.is(matchTotpStep(RFC_SECRET, "2870821", now), null);
  assert.is(matchTotpStep(RFC_SECRET, "", now), null);
  assert.is(matchTotpStep(RFC_SECRET, "94287082", now), null, "8 digits where 6 are expected");
});

test("a new secret is 20 random bytes", () => {
  const a = generateTotpSecret();
  const b = generateTotpSecret();
  assert.is(a.length, TOTP_SECRET_BYTES);
  assert.is(TOTP_SECRET_BYTES, 20);
  assert.not.equal(a, b);
});

test("the otpauth URI carries issuer, label, base32 secret and the parameters", () => {
  const uri = totpUri(RFC_SECRET, "Praxis Müller", "anna@praxis.example");
  assert.is(
    uri,
    "otpauth://totp/Praxis%20M%C3%BCller:anna%40praxis.example" +
      "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Praxis%20M%C3%BCller&algorithm=SHA1&digits=6&period=30",
  );
  const parsed = new URL(uri);
  assert.is(parsed.protocol, "otpauth:");
  assert.equal(decodeBase32(parsed.searchParams.get("secret")!), RFC_SECRET);
  assert.is(parsed.searchParams.get("issuer"), "Praxis Müller");
});

test.run();
