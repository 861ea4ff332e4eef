// Single-use recovery codes for when the second factor is lost. Each is 16 characters from
// Crockford's base32 alphabet (no I, L, O, U), shown as XXXX-XXXX-XXXX-XXXX: 80 random bits.
// With that much entropy a plain SHA-256 is a sound storage form (no salt or slow hash needed:
// nothing to guess), and looking a code up by its hash is how it is compared.
//
// Single use is finished by the caller, atomically:
//   UPDATE recovery_codes SET used_at = now()
//   WHERE account_id = $account AND code_hash = $hash AND used_at IS NULL
// and the code counts only if that updated one row.
import { hashSecret } from "./secret-token.ts";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 16;
const GROUP_LENGTH = 4;

/** Fresh codes in the form shown to the person (once); store only their hashes. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, generateRecoveryCode);
}

function generateRecoveryCode(): string {
  // 32 divides 256, so taking the low five bits of each byte is uniform.
  const characters = [...crypto.getRandomValues(new Uint8Array(CODE_LENGTH))].map((byte) => ALPHABET[byte & 31]);
  const groups: string[] = [];
  for (let i = 0; i < CODE_LENGTH; i += GROUP_LENGTH) groups.push(characters.slice(i, i + GROUP_LENGTH).join(""));
  return groups.join("-");
}

/**
 * What a person typed, reduced to the 16 characters of a code, or null if it cannot be one.
 * Case, spaces and dashes do not matter; O reads as 0 and I, L as 1, as Crockford intends.
 */
export function normalizeRecoveryCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-‐‑–—_.]+/gu, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (code.length !== CODE_LENGTH || [...code].some((character) => !ALPHABET.includes(character))) return null;
  return code;
}

/** The storage (and lookup) form of a code as shown or as typed; null if it cannot be a code. */
export function hashRecoveryCode(typed: string): string | null {
  const code = normalizeRecoveryCode(typed);
  return code === null ? null : hashSecret(code);
}
