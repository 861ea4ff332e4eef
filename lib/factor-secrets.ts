// Second-factor secrets (TOTP keys, YubiKey AES keys) are sealed with AES-256-GCM under a key
// derived from the master key. They belong to a person, not a practice (a person can work for
// several), so the per-practice data keys do not fit; the factor's id is the associated data,
// so a sealed secret copied to another factor row does not open.
import { decryptBytes, encryptBytes } from "./envelope-encryption.ts";

export interface FactorKeyring {
  seal(factorId: string, secret: Uint8Array): Promise<Uint8Array>;
  open(factorId: string, sealed: Uint8Array): Promise<Uint8Array>;
}

export function createFactorKeyring(masterKey: Uint8Array): FactorKeyring {
  let derived: Promise<Uint8Array> | undefined;
  const key = () =>
    derived ??= (async () => {
      const base = await crypto.subtle.importKey("raw", masterKey as BufferSource, "HKDF", false, ["deriveBits"]);
      const bits = await crypto.subtle.deriveBits(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(32),
          info: new TextEncoder().encode("kartei second-factor secrets v1"),
        },
        base,
        256,
      );
      return new Uint8Array(bits);
    })();
  return {
    seal: async (factorId, secret) => await encryptBytes(await key(), secret, `second-factor:${factorId}`),
    open: async (factorId, sealed) => await decryptBytes(await key(), sealed, `second-factor:${factorId}`),
  };
}
