// The practice's data keys (envelope encryption): stored wrapped by the master key, unwrapped
// on use and kept unwrapped in memory for the life of the process. The newest key that is not
// retired encrypts new data; every ciphertext row records the key version it was sealed with.
import { unwrapDataKey } from "../lib/envelope-encryption.ts";
import type { Db } from "./database.ts";

export interface DataKey {
  version: number;
  key: Uint8Array;
}

const unwrapped = new Map<string, Promise<Uint8Array>>();

/** What a wrapped key is bound to (associated data); version 1 keeps the original binding. */
export function dataKeyOwner(practiceId: string, version: number): string {
  return version === 1 ? `practice:${practiceId}` : `practice:${practiceId}:v${version}`;
}

/** The key new data of the practice is encrypted with. */
export async function currentDataKey(db: Db, masterKey: Uint8Array, practiceId: string): Promise<DataKey> {
  const row = await db.selectFrom("practice_keys").select(["version", "wrapped_key"])
    .where("practice_id", "=", practiceId).where("retired_at", "is", null)
    .orderBy("version", "desc").limit(1).executeTakeFirstOrThrow();
  return { version: row.version, key: await unwrapOnce(masterKey, practiceId, row.version, row.wrapped_key) };
}

/** The database refused a row sealed with a retired key version (migration 0013). */
export function isRetiredKeyError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "KR001";
}

/**
 * Runs a write that seals with the practice's current key (looking the key up itself), once
 * more when a rotation retired that key between sealing and writing: the second run finds the
 * new key. Rotations are rare and finish long before a second one could retire a key again.
 */
export async function retryOnRetiredKey<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isRetiredKeyError(error)) throw error;
  }
  return await write();
}

/** The key of one version, retired or not, to decrypt what it sealed. */
export async function dataKeyVersion(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  version: number,
): Promise<Uint8Array> {
  const cached = unwrapped.get(`${practiceId}:${version}`);
  if (cached) return await cached;
  const row = await db.selectFrom("practice_keys").select("wrapped_key")
    .where("practice_id", "=", practiceId).where("version", "=", version).executeTakeFirstOrThrow();
  return await unwrapOnce(masterKey, practiceId, version, row.wrapped_key);
}

function unwrapOnce(masterKey: Uint8Array, practiceId: string, version: number, wrapped: Uint8Array) {
  const id = `${practiceId}:${version}`;
  let key = unwrapped.get(id);
  if (!key) {
    key = unwrapDataKey(masterKey, wrapped, dataKeyOwner(practiceId, version));
    key.catch(() => unwrapped.delete(id));
    unwrapped.set(id, key);
  }
  return key;
}
