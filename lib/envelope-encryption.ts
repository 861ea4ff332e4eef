// Envelope encryption: each practice has its own AES-256-GCM data key, stored only wrapped
// (encrypted) by the installation's master key. Ciphertexts carry their 12-byte IV in front.
const IV_BYTES = 12;

async function importAesKey(raw: Uint8Array): Promise<CryptoKey> {
  return await crypto.subtle.importKey("raw", raw as BufferSource, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function encryptBytes(
  keyBytes: Uint8Array,
  plaintext: Uint8Array,
  associatedData: string,
): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await importAesKey(keyBytes);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(associatedData) },
      key,
      plaintext as BufferSource,
    ),
  );
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return out;
}

export async function decryptBytes(
  keyBytes: Uint8Array,
  ciphertext: Uint8Array,
  associatedData: string,
): Promise<Uint8Array> {
  const key = await importAesKey(keyBytes);
  return new Uint8Array(
    await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: ciphertext.slice(0, IV_BYTES),
        additionalData: new TextEncoder().encode(associatedData),
      },
      key,
      ciphertext.slice(IV_BYTES),
    ),
  );
}

/** A fresh data key and its wrapped form for storage; the associated data binds it to its owner. */
export async function createWrappedDataKey(masterKey: Uint8Array, owner: string): Promise<Uint8Array> {
  return await encryptBytes(masterKey, crypto.getRandomValues(new Uint8Array(32)), `data-key:${owner}`);
}

export async function unwrapDataKey(masterKey: Uint8Array, wrapped: Uint8Array, owner: string): Promise<Uint8Array> {
  return await decryptBytes(masterKey, wrapped, `data-key:${owner}`);
}
