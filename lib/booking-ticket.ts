// The public booking forms carry a ticket instead of the cookie-bound CSRF token (a framed page
// on the practice's website gets no first-party cookie): an HMAC over the booking page and the
// moment the form was shown, under a key derived from the master key. It also paces repeated
// bookings without JavaScript: the n-th booking from one address within the hour is accepted
// only from a form shown long enough ago (bookingPause), so a script cannot fire them off.
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { constantTimeEqual } from "@oslojs/crypto/subtle";

/** A form older than this is stale: shown again with a fresh ticket. */
export const TICKET_LIFETIME_MS = 2 * 60 * 60_000;

async function hmac(key: Uint8Array<ArrayBuffer>, data: string): Promise<Uint8Array<ArrayBuffer>> {
  const imported = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", imported, new TextEncoder().encode(data)));
}

async function ticketKey(masterKey: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return await hmac(new Uint8Array(masterKey), "kartei:booking-ticket");
}

export async function issueBookingTicket(masterKey: Uint8Array, pageId: string, shownAt: Date): Promise<string> {
  const payload = `${shownAt.getTime()}`;
  return `${payload}.${encodeBase64urlNoPadding(await hmac(await ticketKey(masterKey), `${pageId}.${payload}`))}`;
}

/** When the form was shown, or null for a forged, malformed, future or stale ticket. */
export async function readBookingTicket(
  masterKey: Uint8Array,
  pageId: string,
  ticket: string,
  now: Date,
): Promise<Date | null> {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return null;
  const [, millis, mac] = match;
  const expected = await hmac(await ticketKey(masterKey), `${pageId}.${millis}`);
  if (!constantTimeEqual(decodeBase64urlIgnorePadding(mac), expected)) return null;
  const shownAt = new Date(Number(millis));
  const age = now.getTime() - shownAt.getTime();
  return age >= 0 && age <= TICKET_LIFETIME_MS ? shownAt : null;
}

/**
 * How long a form must have been open before the n-th request (1-based) of an address within
 * the hour is taken: nothing for the first two, then 10 s doubling up to 10 minutes.
 */
export function bookingPause(requestNumber: number): number {
  if (requestNumber <= 2) return 0;
  return Math.min(10_000 * 2 ** (requestNumber - 3), 10 * 60_000);
}
