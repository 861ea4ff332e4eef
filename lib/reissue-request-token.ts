// After a loss report the person is signed out, yet may ask for new credentials within the
// hour: the answer page carries this token, an HMAC over the account id and the report's
// time, under a key derived from the master key. It grants nothing but that one request.
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { constantTimeEqual } from "@oslojs/crypto/subtle";

export const REISSUE_REQUEST_WINDOW_MS = 60 * 60_000;

async function hmac(key: Uint8Array<ArrayBuffer>, data: string): Promise<Uint8Array<ArrayBuffer>> {
  const imported = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", imported, new TextEncoder().encode(data)));
}

async function tokenKey(masterKey: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return await hmac(new Uint8Array(masterKey), "kartei:reissue-request-token");
}

export async function issueReissueToken(masterKey: Uint8Array, accountId: string, reportedAt: Date): Promise<string> {
  const payload = `${accountId}.${reportedAt.getTime()}`;
  return `${payload}.${encodeBase64urlNoPadding(await hmac(await tokenKey(masterKey), payload))}`;
}

/** The account and report time a token stands for, or null when forged, malformed or stale. */
export async function readReissueToken(
  masterKey: Uint8Array,
  token: string,
  now: Date,
): Promise<{ accountId: string; reportedAt: Date } | null> {
  const match = /^([0-9a-f-]{36})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, accountId, millis, mac] = match;
  const expected = await hmac(await tokenKey(masterKey), `${accountId}.${millis}`);
  if (!constantTimeEqual(decodeBase64urlIgnorePadding(mac), expected)) return null;
  const reportedAt = new Date(Number(millis));
  const age = now.getTime() - reportedAt.getTime();
  return age >= 0 && age <= REISSUE_REQUEST_WINDOW_MS ? { accountId, reportedAt } : null;
}
