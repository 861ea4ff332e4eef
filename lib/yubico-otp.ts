// Yubico OTP validated locally against the key's own AES secret, so sign-in depends on no
// outside service. An OTP is 12 modhex characters of public id (which key) and 32 of token: one
// AES-128 block holding the private id, counters, a timestamp and a CRC.
//
// Replay protection is finished by the caller, atomically: after isNewerThan, store the pair with
//   UPDATE yubikeys SET usage_counter = $u, session_counter = $s
//   WHERE id = $id AND (usage_counter < $u OR (usage_counter = $u AND session_counter < $s))
// and the OTP counts only if that updated one row.
//
// AES-ECB on one block comes from node:crypto: WebCrypto has no ECB, and decrypting one block
// with its AES-CBC needs a forged PKCS#7 padding block, which hides what is going on.
import { createDecipheriv } from "node:crypto";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeHex } from "@oslojs/encoding";

export const MODHEX_ALPHABET = "cbdefghijklnrtuv";
const PUBLIC_ID_LENGTH = 12;
const TOKEN_LENGTH = 32;
const CRC_OK_RESIDUE = 0xf0b8;

export function encodeModhex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => MODHEX_ALPHABET[byte >> 4] + MODHEX_ALPHABET[byte & 0x0f]).join("");
}

export function decodeModhex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const high = MODHEX_ALPHABET.indexOf(text[2 * i]);
    const low = MODHEX_ALPHABET.indexOf(text[2 * i + 1]);
    if (high < 0 || low < 0) return null;
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

export type YubicoOtpProblem = "length" | "modhex";

/** Splits what the key typed into public id (modhex) and the encrypted 16-byte token. */
export function parseYubicoOtp(otp: string): { publicId: string; token: Uint8Array } | { error: YubicoOtpProblem } {
  // Caps Lock makes the key's characters arrive in upper case; modhex has no case.
  const typed = otp.trim().toLowerCase();
  if (typed.length !== PUBLIC_ID_LENGTH + TOKEN_LENGTH) return { error: "length" };
  const publicId = typed.slice(0, PUBLIC_ID_LENGTH);
  const token = decodeModhex(typed.slice(PUBLIC_ID_LENGTH));
  if (!token || !decodeModhex(publicId)) return { error: "modhex" };
  return { publicId, token };
}

export interface YubicoOtpFields {
  privateId: Uint8Array;
  /** Power-ups of the key (15 bits; the top bit of the field is a Caps Lock flag). */
  usageCounter: number;
  /** Presses since power-up, 0..255. */
  sessionCounter: number;
  /** 24-bit, 8 Hz since power-up; not trustworthy as a clock. */
  timestamp: number;
  random: number;
}

/** Decrypts the token with the key's AES secret; a wrong key or a mangled token fails the CRC. */
export function decryptYubicoOtp(token: Uint8Array, aesKey: Uint8Array): YubicoOtpFields | { error: "crc" } {
  if (token.length !== 16 || aesKey.length !== 16) throw new TypeError("token and AES key must be 16 bytes");
  const decipher = createDecipheriv("aes-128-ecb", aesKey, null).setAutoPadding(false);
  const plain = new Uint8Array([...decipher.update(token), ...decipher.final()]);
  if (yubikeyCrc16(plain) !== CRC_OK_RESIDUE) return { error: "crc" };
  const view = new DataView(plain.buffer);
  return {
    privateId: plain.slice(0, 6),
    usageCounter: view.getUint16(6, true) & 0x7fff,
    timestamp: view.getUint16(8, true) | (plain[10] << 16),
    sessionCounter: plain[11],
    random: view.getUint16(12, true),
  };
}

export function privateIdMatches(fields: YubicoOtpFields, privateId: Uint8Array): boolean {
  return fields.privateId.length === privateId.length && constantTimeEqual(fields.privateId, privateId);
}

/** True when the OTP was generated after the last accepted one: (usage, session) strictly grows. */
export function isNewerThan(
  fields: YubicoOtpFields,
  last: { usageCounter: number; sessionCounter: number },
): boolean {
  if (fields.usageCounter !== last.usageCounter) return fields.usageCounter > last.usageCounter;
  return fields.sessionCounter > last.sessionCounter;
}

/** CRC-16 (ISO 13239, reflected 0x8408, initial 0xffff, no final inversion) as the key computes it. */
export function yubikeyCrc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >> 1) ^ 0x8408 : crc >> 1;
  }
  return crc;
}

export interface YubikeyPersonalization {
  /** Only in the "Yubico format" log; the traditional log has none. */
  serial: string | null;
  publicId: string;
  privateId: Uint8Array;
  aesKey: Uint8Array;
}

export type PersonalizationProblem =
  | "notYubicoOtp"
  | "columns"
  | "publicId"
  | "privateId"
  | "aesKey";

/**
 * One line of the YubiKey Personalization Tool's log (configuration_log.csv) for a key set up
 * for Yubico OTP, in either of the two layouts its YubiKeyLogger writes:
 *   traditional: Yubico OTP,<local time>,<slot>,<public id>,<private id>,<aes key>,<2 access codes>,<10 flags>
 *   Yubico:      <serial>,<public id>,<private id>,<aes key>,<access code>,<yyyy-MM-ddThh:mm:ss>,
 * Public id in modhex (12 characters), private id (12) and AES key (32) in hex.
 */
export function parsePersonalizationCsvLine(line: string): YubikeyPersonalization | { error: PersonalizationProblem } {
  const cells = line.replace(/^\uFEFF/, "").trim().split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
  const located = cells[0].toLowerCase() === "yubico otp" ? traditionalColumns(cells) : yubicoLayoutColumns(cells);
  if ("error" in located) return located;
  const [publicId, privateId, aesKey] = located.columns.map((cell) => cell.replace(/\s+/g, "").toLowerCase());
  if (publicId.length !== PUBLIC_ID_LENGTH || !decodeModhex(publicId)) return { error: "publicId" };
  if (!/^[0-9a-f]{12}$/.test(privateId)) return { error: "privateId" };
  if (!/^[0-9a-f]{32}$/.test(aesKey)) return { error: "aesKey" };
  return { serial: located.serial, publicId, privateId: decodeHex(privateId), aesKey: decodeHex(aesKey) };
}

type LocatedColumns = { serial: string | null; columns: string[] } | { error: PersonalizationProblem };

function traditionalColumns(cells: string[]): LocatedColumns {
  // The local time is written in the desktop's locale and may itself contain commas,
  // so the 16 columns after it are counted from the end.
  if (cells.length < 18) return { error: "columns" };
  const [slot, ...columns] = cells.slice(-16);
  if (slot !== "1" && slot !== "2") return { error: "columns" };
  return { serial: null, columns };
}

function yubicoLayoutColumns(cells: string[]): LocatedColumns {
  // OATH-HOTP, static password and challenge-response lines of the traditional layout, and its
  // "LOGGING START" line, begin with a word.
  if (!/^\d*$/.test(cells[0])) return { error: "notYubicoOtp" };
  const trailingEmpty = cells.length === 7 && cells[6] === "";
  if (cells.length !== 6 && !trailingEmpty) return { error: "columns" };
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(cells[5])) return { error: "columns" };
  // In this layout an OATH-HOTP or challenge-response line has "0" as private id, a static one "".
  if (cells[2] === "0" || cells[2] === "") return { error: "notYubicoOtp" };
  return { serial: cells[0] || null, columns: cells.slice(1, 4) };
}
