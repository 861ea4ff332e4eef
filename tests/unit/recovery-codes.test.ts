import { suite } from "uvu";
import * as assert from "uvu/assert";
import { encodeHexLowerCase } from "@oslojs/encoding";
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
} from "../../lib/recovery-codes.ts";

const test = suite("recovery codes");

test("ten codes, four groups of four from Crockford's base32, all different", () => {
  const codes = generateRecoveryCodes();
  assert.is(codes.length, RECOVERY_CODE_COUNT);
  assert.is(RECOVERY_CODE_COUNT, 10);
  for (const code of codes) assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  assert.is(new Set(codes).size, codes.length);
});

test("every character of the alphabet turns up, none of the ambiguous ones", () => {
  const seen = new Set(generateRecoveryCodes(200).join("").replaceAll("-", ""));
  assert.is(seen.size, 32, "16 × 200 characters cover all 32");
  for (const ambiguous of "ILOU") assert.not.ok(seen.has(ambiguous), ambiguous);
});

test("what a person types is read leniently: case, spaces, dashes, O for 0, I and L for 1", () => {
  assert.is(normalizeRecoveryCode("7K2M-Q9XD-4R1B-ZZ0H"), "7K2MQ9XD4R1BZZ0H");
  assert.is(normalizeRecoveryCode(" 7k2m q9xd 4r1b zz0h "), "7K2MQ9XD4R1BZZ0H");
  assert.is(normalizeRecoveryCode("7k2m–q9xd–4rlb–zzoh"), "7K2MQ9XD4R1BZZ0H", "en dashes, l and o");
  assert.is(normalizeRecoveryCode("7K2MQ9XD4RIBZZ0H"), "7K2MQ9XD4R1BZZ0H");
});

test("anything that cannot be a code is refused", () => {
  assert.is(normalizeRecoveryCode(""), null);
  assert.is(normalizeRecoveryCode("7K2M-Q9XD-4R1B-ZZ0"), null, "too short");
  assert.is(normalizeRecoveryCode("7K2M-Q9XD-4R1B-ZZ0H-A"), null, "too long");
  assert.is(normalizeRecoveryCode("7K2M-Q9XD-4R1B-ZZUH"), null, "U is not in the alphabet");
  assert.is(normalizeRecoveryCode("7K2M-Q9XD-4R1B-ZZ#H"), null);
  assert.is(hashRecoveryCode("123456"), null, "a TOTP code typed into the wrong field");
});

test("the stored form is SHA-256 of the normalised code, the same however it was typed", async () => {
  const normalised = "7K2MQ9XD4R1BZZ0H";
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(normalised)));
  assert.is(hashRecoveryCode("7K2M-Q9XD-4R1B-ZZ0H"), encodeHexLowerCase(digest));
  assert.is(hashRecoveryCode("7k2m q9xd 4rlb zzoh"), encodeHexLowerCase(digest));
  assert.is.not(hashRecoveryCode("7K2M-Q9XD-4R1B-ZZ0J"), encodeHexLowerCase(digest));
  for (const code of generateRecoveryCodes()) assert.match(hashRecoveryCode(code)!, /^[0-9a-f]{64}$/);
});

test.run();
