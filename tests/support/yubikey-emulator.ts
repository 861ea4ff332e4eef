// A YubiKey in software, programmed for Yubico OTP: it builds the 16-byte block (private id,
// counters, timestamp, random, CRC), encrypts it with AES-128-ECB and types it in modhex after
// its public id, as the key does, so tests can sign in with "a key" and replay its OTPs.
import { createCipheriv } from "node:crypto";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { encodeModhex, yubikeyCrc16 } from "../../lib/yubico-otp.ts";

export interface YubikeyIdentity {
  /** 12 modhex characters. */
  publicId: string;
  /** 6 bytes. */
  privateId: Uint8Array;
  /** 16 bytes. */
  aesKey: Uint8Array;
}

export interface YubicoOtpCounters {
  usageCounter: number;
  sessionCounter: number;
  timestamp?: number;
  random?: number;
  /** The key sets the counter's top bit when Caps Lock was on. */
  capsLock?: boolean;
}

/** The encrypted 16-byte token for the given fields. */
export function generateYubicoOtpToken(aesKey: Uint8Array, privateId: Uint8Array, counters: YubicoOtpCounters) {
  const plain = new Uint8Array(16);
  const view = new DataView(plain.buffer);
  plain.set(privateId, 0);
  view.setUint16(6, (counters.usageCounter & 0x7fff) | (counters.capsLock ? 0x8000 : 0), true);
  const timestamp = counters.timestamp ?? 0;
  view.setUint16(8, timestamp & 0xffff, true);
  plain[10] = (timestamp >> 16) & 0xff;
  plain[11] = counters.sessionCounter;
  view.setUint16(12, counters.random ?? 0, true);
  // The stored CRC is the complement, so the CRC over all 16 bytes leaves the fixed residue.
  view.setUint16(14, ~yubikeyCrc16(plain.subarray(0, 14)) & 0xffff, true);
  const cipher = createCipheriv("aes-128-ecb", aesKey, null).setAutoPadding(false);
  return new Uint8Array([...cipher.update(plain), ...cipher.final()]);
}

/** The 44 characters a key with this identity types for these counters. */
export function generateYubicoOtp(key: YubikeyIdentity, counters: YubicoOtpCounters): string {
  return key.publicId + encodeModhex(generateYubicoOtpToken(key.aesKey, key.privateId, counters));
}

export interface EmulatedYubikey extends YubikeyIdentity {
  readonly usageCounter: number;
  readonly sessionCounter: number;
  /** A touch: the next OTP, then the session counter moves on. */
  press(): string;
  /** Unplug and plug in again: a new session. */
  replug(): void;
  /** The line the YubiKey Personalization Tool logs when it programs this key. */
  personalizationCsvLine(layout?: "traditional" | "yubico"): string;
}

export function createYubikeyEmulator(
  options: Partial<YubikeyIdentity> & { usageCounter?: number; sessionCounter?: number } = {},
): EmulatedYubikey {
  const identity: YubikeyIdentity = {
    publicId: options.publicId ?? "vv" + encodeModhex(randomBytes(5)),
    privateId: options.privateId ?? randomBytes(6),
    aesKey: options.aesKey ?? randomBytes(16),
  };
  let usageCounter = options.usageCounter ?? 1;
  let sessionCounter = options.sessionCounter ?? 0;
  let timestamp = randomUint16() << 7;
  return {
    ...identity,
    get usageCounter() {
      return usageCounter;
    },
    get sessionCounter() {
      return sessionCounter;
    },
    press() {
      const otp = generateYubicoOtp(identity, { usageCounter, sessionCounter, timestamp, random: randomUint16() });
      timestamp = (timestamp + 8) & 0xffffff; // about one second at 8 Hz
      if (sessionCounter === 0xff) {
        usageCounter++;
        sessionCounter = 0;
      } else {
        sessionCounter++;
      }
      return otp;
    },
    replug() {
      usageCounter++;
      sessionCounter = 0;
      timestamp = randomUint16() << 7;
    },
    personalizationCsvLine(layout = "traditional") {
      const privateId = encodeHexLowerCase(identity.privateId);
      const aesKey = encodeHexLowerCase(identity.aesKey);
      return layout === "traditional"
        ? `Yubico OTP,11.12.13 18:55,1,${identity.publicId},${privateId},${aesKey},,,0,0,0,0,0,0,0,0,0,0`
        : `1234567,${identity.publicId},${privateId},${aesKey},,2013-12-11T18:55:00,`;
    },
  };
}

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

function randomUint16(): number {
  return crypto.getRandomValues(new Uint16Array(1))[0];
}
