// The one-time activation code of an invitation: printed in the activation letter that the
// owner hands over, never sent by email. 12 characters from an alphabet without the look-alikes
// 0/O and 1/I (60 random bits), shown as XXXX-XXXX-XXXX. Only a hash bound to its invitation
// is stored, so a code is worthless for any other invitation.
import { hashSecret } from "./secret-token.ts";

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_LENGTH = 12;
const GROUP_LENGTH = 4;

/** A fresh code in the form printed in the letter. */
export function generateActivationCode(): string {
  // 32 divides 256, so the low five bits of each byte are uniform.
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  return grouped([...bytes].map((byte) => ALPHABET[byte & 31]).join(""));
}

/** A typed code in its printed form, or null if it cannot be a code. */
export function printedActivationCode(typed: string): string | null {
  const code = normalizeActivationCode(typed);
  return code === null ? null : grouped(code);
}

function grouped(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += GROUP_LENGTH) groups.push(code.slice(i, i + GROUP_LENGTH));
  return groups.join("-");
}

/** What a person typed, reduced to the 12 characters of a code, or null if it cannot be one. */
export function normalizeActivationCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-‐‑–—_.]+/gu, "");
  if (code.length !== CODE_LENGTH || [...code].some((character) => !ALPHABET.includes(character))) return null;
  return code;
}

/** The stored form of a code for one invitation; null when the typed text cannot be a code. */
export function hashActivationCode(invitationId: string, typed: string): string | null {
  const code = normalizeActivationCode(typed);
  return code === null ? null : hashSecret(`invitation:${invitationId}:${code}`);
}
