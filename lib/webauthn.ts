// WebAuthn security keys (YubiKey 5 and the like) and passkeys as the possession factor: thin
// glue over @simplewebauthn/server. The caller keeps the challenge (single use, on the session)
// and the credential's signature counter; this module only builds options and checks responses.
//
// User verification (PIN, fingerprint) is "discouraged" and not required when checking: the
// password already is the knowledge factor, and the key proves possession by its signature with
// user presence (a touch). Demanding UV would shut out keys that have no PIN set.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { z } from "zod";

// The library takes a fifth of a second to load: it is loaded at the first ceremony, not at start.
let library: Promise<typeof import("@simplewebauthn/server")> | undefined;
const simpleWebAuthn = () => library ??= import("@simplewebauthn/server");

function decodeClientDataJSON(clientDataJSON: string): { type?: unknown; challenge?: unknown; origin?: unknown } {
  return JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(clientDataJSON)));
}
import type { Config } from "./config.ts";

/** Who the browser talks to: our origin and the RP ID the credentials are bound to. */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingParty(config: Config): RelyingParty {
  return { id: config.webauthnRpId, name: "Kartei", origin: config.baseUrl.origin };
}

/** A stored credential, as the options and the signature check need it. */
export interface KnownCredential {
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
}

export const CEREMONY_TIMEOUT_MS = 120_000;
/** The stored challenge outlives the browser's timeout a little, for slow networks. */
export const CHALLENGE_LIFETIME_MS = CEREMONY_TIMEOUT_MS + 60_000;
// COSE identifiers of EdDSA (-8) and ES256 (-7), for security keys and passkeys, and RS256
// (-257) for Windows Hello.
const ALGORITHMS = [-8, -7, -257];
const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"];

const base64url = z.string().min(1).max(4096).regex(/^[A-Za-z0-9_-]+$/);
const credentialBase = {
  id: base64url,
  rawId: base64url,
  type: z.literal("public-key"),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

export const registrationResponse = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: z.string().min(1).max(65_536).regex(/^[A-Za-z0-9_-]+$/),
    transports: z.array(z.string().max(20)).max(10).optional(),
  }),
});

export const authenticationResponse = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.nullish(),
  }),
});

/**
 * What the browser says it signed: type, challenge and origin; null when it does not decode. The
 * challenge must look like one we issue (base64url): it is looked up in the database, which
 * refuses a NUL, and anything else cannot be ours anyway.
 */
export function readClientData(clientDataJSON: string): { type: string; challenge: string; origin: string } | null {
  try {
    const data = decodeClientDataJSON(clientDataJSON);
    return typeof data.challenge === "string" && base64url.safeParse(data.challenge).success &&
        typeof data.origin === "string" && typeof data.type === "string"
      ? { type: data.type, challenge: data.challenge, origin: data.origin }
      : null;
  } catch {
    return null;
  }
}

/** Options for adding a key; the person's keys are excluded so one key is not added twice. */
export async function registrationOptions(
  rp: RelyingParty,
  person: { accountId: string; email: string; name: string },
  existing: KnownCredential[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { generateRegistrationOptions } = await simpleWebAuthn();
  return await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: person.email,
    userDisplayName: person.name,
    // The account's id, not its address: a passkey for the same person replaces the old one.
    userID: uuidBytes(person.accountId),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: knownTransports(c.transports) })),
    // Preferred, not required: a passkey stays discoverable, a security key may still decline.
    authenticatorSelection: { residentKey: "preferred", userVerification: "discouraged" },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

export async function authenticationOptions(
  rp: RelyingParty,
  credentials: KnownCredential[],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { generateAuthenticationOptions } = await simpleWebAuthn();
  return await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: credentials.map((c) => ({ id: c.credentialId, transports: knownTransports(c.transports) })),
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: "discouraged",
  });
}

export type CeremonyFailure = "wrong_origin" | "invalid";

export type RegistrationCheck =
  | { ok: true; credential: KnownCredential & { backedUp: boolean } }
  | { ok: false; reason: CeremonyFailure };

/** Checks a new key's attestation against the challenge the caller has already consumed. */
export async function verifyRegistration(
  rp: RelyingParty,
  response: z.infer<typeof registrationResponse>,
  expectedChallenge: string,
): Promise<RegistrationCheck> {
  if (readClientData(response.response.clientDataJSON)?.origin !== rp.origin) {
    return { ok: false, reason: "wrong_origin" };
  }
  try {
    const { verifyRegistrationResponse } = await simpleWebAuthn();
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserPresence: true,
      requireUserVerification: false, // see the header: the password is the other factor
      supportedAlgorithmIDs: ALGORITHMS,
    });
    if (!result.verified) return { ok: false, reason: "invalid" };
    const { credential, credentialBackedUp } = result.registrationInfo;
    return {
      ok: true,
      credential: {
        credentialId: credential.id,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: knownTransports(credential.transports ?? []),
        backedUp: credentialBackedUp,
      },
    };
  } catch {
    // The library throws for every malformed or mismatching part; the reason stays server-side.
    return { ok: false, reason: "invalid" };
  }
}

export type AuthenticationCheck =
  | { ok: true; counter: number; backedUp: boolean }
  | { ok: false; reason: CeremonyFailure };

/**
 * Checks a signature by a stored key. The counter is returned, not judged: only a valid
 * signature with a counter that went backwards is evidence of a cloned key, and the caller
 * compares it atomically with the stored one.
 */
export async function verifyAuthentication(
  rp: RelyingParty,
  response: z.infer<typeof authenticationResponse>,
  expectedChallenge: string,
  credential: KnownCredential,
): Promise<AuthenticationCheck> {
  if (readClientData(response.response.clientDataJSON)?.origin !== rp.origin) {
    return { ok: false, reason: "wrong_origin" };
  }
  try {
    const { verifyAuthenticationResponse } = await simpleWebAuthn();
    const result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // Counter 0 turns the library's own counter check off (it runs before the signature check).
      credential: { id: credential.credentialId, publicKey: new Uint8Array(credential.publicKey), counter: 0 },
      requireUserVerification: false, // see the header: the password is the other factor
    });
    if (!result.verified) return { ok: false, reason: "invalid" };
    const info = result.authenticationInfo;
    return { ok: true, counter: info.newCounter, backedUp: info.credentialBackedUp };
  } catch {
    return { ok: false, reason: "invalid" };
  }
}

/** Only transports the browser knows: stored from what a browser sent, handed to another one. */
export function knownTransports(transports: string[]): string[] {
  return transports.filter((t) => TRANSPORTS.includes(t));
}

function uuidBytes(uuid: string): Uint8Array<ArrayBuffer> {
  const hex = uuid.replaceAll("-", "");
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}
