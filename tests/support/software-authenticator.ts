// A security key in software, for tests: an ES256 key pair (WebCrypto) that answers WebAuthn
// registration and authentication options the way a real key does, with "none" attestation.
// What it signs can be bent per call (origin, challenge, counter) to play an attacker.
import { isoBase64URL, isoCBOR, isoUint8Array } from "@simplewebauthn/server/helpers";

type Cbor = Parameters<typeof isoCBOR.encode>[0];

const FLAG_USER_PRESENT = 0x01;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

export interface CeremonyOverrides {
  origin?: string;
  challenge?: string;
  /** The signature counter to report (the authenticator's own counter is not advanced). */
  counter?: number;
  rpId?: string;
}

export class SoftwareAuthenticator {
  /** The next signature counter; a YubiKey starts at a small number and counts every use. */
  counter = 0;

  private constructor(
    readonly credentialId: Uint8Array<ArrayBuffer>,
    private readonly keys: CryptoKeyPair,
    readonly origin: string,
  ) {}

  static async create(origin: string): Promise<SoftwareAuthenticator> {
    const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
    return new SoftwareAuthenticator(crypto.getRandomValues(new Uint8Array(32)), keys, origin);
  }

  get id(): string {
    return isoBase64URL.fromBuffer(this.credentialId);
  }

  /** Answers registration options (navigator.credentials.create) as RegistrationResponseJSON. */
  async register(options: { challenge: string; rp: { id?: string } }, overrides: CeremonyOverrides = {}) {
    const rpId = overrides.rpId ?? options.rp.id!;
    const clientDataJSON = this.clientData("webauthn.create", overrides.challenge ?? options.challenge, overrides);
    const authData = isoUint8Array.concat([
      await this.authDataHead(rpId, FLAG_USER_PRESENT | FLAG_ATTESTED_CREDENTIAL, overrides.counter ?? this.counter),
      new Uint8Array(16), // AAGUID: none given, as with attestation "none"
      new Uint8Array([this.credentialId.length >> 8, this.credentialId.length & 0xff]),
      this.credentialId,
      await this.cosePublicKey(),
    ]);
    const attestation: Cbor = new Map<string, Cbor>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]);
    const attestationObject = isoCBOR.encode(attestation);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
        attestationObject: isoBase64URL.fromBuffer(attestationObject),
        transports: ["usb", "nfc"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "cross-platform" as const,
    };
  }

  /** Answers authentication options (navigator.credentials.get); each answer counts one use. */
  async authenticate(options: { challenge: string; rpId?: string }, overrides: CeremonyOverrides = {}) {
    const counter = overrides.counter ?? ++this.counter;
    const clientDataJSON = this.clientData("webauthn.get", overrides.challenge ?? options.challenge, overrides);
    const authData = await this.authDataHead(overrides.rpId ?? options.rpId!, FLAG_USER_PRESENT, counter);
    const signed = isoUint8Array.concat([authData, await sha256(clientDataJSON)]);
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, this.keys.privateKey, signed),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
        authenticatorData: isoBase64URL.fromBuffer(authData),
        signature: isoBase64URL.fromBuffer(derSignature(raw)),
        userHandle: null,
      },
      clientExtensionResults: {},
      authenticatorAttachment: "cross-platform" as const,
    };
  }

  private clientData(type: string, challenge: string, overrides: CeremonyOverrides) {
    const data = { type, challenge, origin: overrides.origin ?? this.origin, crossOrigin: false };
    return new TextEncoder().encode(JSON.stringify(data));
  }

  /** rpIdHash (32) | flags (1) | signCount (4, big-endian) */
  private async authDataHead(rpId: string, flags: number, counter: number) {
    const head = new Uint8Array(37);
    head.set(await sha256(new TextEncoder().encode(rpId)), 0);
    head[32] = flags;
    new DataView(head.buffer).setUint32(33, counter);
    return head;
  }

  /** The public key as a COSE_Key map: EC2, ES256, P-256, x, y. */
  private async cosePublicKey() {
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", this.keys.publicKey)); // 0x04 | x | y
    const coseKey: Cbor = new Map<number, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, raw.slice(1, 33)], [
      -3,
      raw.slice(33),
    ]]);
    return isoCBOR.encode(coseKey);
  }
}

async function sha256(data: Uint8Array<ArrayBuffer>) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

/** WebCrypto signs ECDSA as r | s; WebAuthn wants the ASN.1 DER form SEQUENCE { INTEGER r, INTEGER s }. */
function derSignature(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.slice(start);
    const body = trimmed[0] & 0x80 ? new Uint8Array([0, ...trimmed]) : trimmed;
    return new Uint8Array([0x02, body.length, ...body]);
  };
  const r = integer(raw.slice(0, 32));
  const s = integer(raw.slice(32, 64));
  return new Uint8Array([0x30, r.length + s.length, ...r, ...s]);
}
