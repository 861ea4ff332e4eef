// TOTP (RFC 6238) with the parameters every authenticator app understands: HMAC-SHA-1, 6 digits,
// 30-second steps. @oslojs/otp's verifiers only answer true/false for "now", so codes are
// generated per time step here: the caller needs the matched step to stop replays.
//
// Replay protection is finished by the caller, atomically, with the step returned here:
//   UPDATE totp_credentials SET last_used_step = $step
//   WHERE id = $id AND (last_used_step IS NULL OR last_used_step < $step)
// and the code counts only if that updated one row (two racing requests cannot both win).
import { generateHOTP } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { constantTimeEqual } from "@oslojs/crypto/subtle";

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** 160 bits, the secret length RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20;

export function generateTotpSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(TOTP_SECRET_BYTES));
}

/** The Key URI (otpauth://) an authenticator app reads from the QR code. */
export function totpUri(secret: Uint8Array, issuer: string, accountLabel: string): string {
  // encodeURIComponent, not URLSearchParams: apps show a "+" literally where a space was meant.
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountLabel)}`;
  const params = [
    `secret=${encodeBase32UpperCaseNoPadding(secret)}`,
    `issuer=${encodeURIComponent(issuer)}`,
    "algorithm=SHA1",
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_SECONDS}`,
  ];
  return `otpauth://totp/${label}?${params.join("&")}`;
}

/** The time step (RFC 6238's T) that contains the given moment. */
export function totpStep(at: Date, periodSeconds = TOTP_PERIOD_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / periodSeconds);
}

export function totpCode(secret: Uint8Array, step: number, digits = TOTP_DIGITS): string {
  return generateHOTP(secret, BigInt(step), digits);
}

export interface TotpMatchOptions {
  /** Earlier steps still accepted, for codes typed just before the step changed. */
  allowedPastSteps?: number;
  /** The step of the last accepted code: it and every earlier step are refused. */
  lastUsedStep?: number | null;
  digits?: number;
  periodSeconds?: number;
}

/**
 * The time step whose code matches, or null. Checks the current step and the previous
 * `allowedPastSteps`, never a step at or before `lastUsedStep`. Spaces in the code are ignored
 * (apps show "123 456").
 */
export function matchTotpStep(
  secret: Uint8Array,
  code: string,
  now: Date,
  { allowedPastSteps = 1, lastUsedStep = null, digits = TOTP_DIGITS, periodSeconds = TOTP_PERIOD_SECONDS }:
    TotpMatchOptions = {},
): number | null {
  const typed = code.replace(/\s+/g, "");
  if (!new RegExp(`^\\d{${digits}}$`).test(typed)) return null;
  const typedBytes = new TextEncoder().encode(typed);
  const current = totpStep(now, periodSeconds);
  let matched: number | null = null;
  // Every candidate is computed and compared, so timing does not tell which step matched.
  for (let step = current - allowedPastSteps; step <= current; step++) {
    if (step < 0 || (lastUsedStep !== null && step <= lastUsedStep)) continue;
    const expected = new TextEncoder().encode(totpCode(secret, step, digits));
    if (constantTimeEqual(typedBytes, expected)) matched = step;
  }
  return matched;
}
