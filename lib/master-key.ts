// The master key wraps every practice's data key. Production takes it from the environment;
// development generates one into the data folder on first start, with a loud warning, but
// never when the database already holds data sealed with a key: a new key would not open it.
import type { Logger } from "./log.ts";
import { decryptBytes, encryptBytes } from "./envelope-encryption.ts";

export class MasterKeyError extends Error {
  override name = "MasterKeyError";
}

export async function resolveMasterKey(
  configured: Uint8Array | undefined,
  dataDir: string,
  log: Logger,
  options: { mayGenerate: boolean } = { mayGenerate: true },
): Promise<Uint8Array> {
  if (configured) return configured;
  const path = `${dataDir}/master.key`;
  try {
    const stored = (await Deno.readTextFile(path)).trim();
    return Uint8Array.from(atob(stored), (ch) => ch.charCodeAt(0));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (!options.mayGenerate) {
    throw new MasterKeyError(
      `Kartei cannot start: KARTEI_MASTER_KEY is not set and ${path} is missing, but the database holds ` +
        `data sealed with a master key; a new key would not open it. Restore the key this database was created with.`,
    );
  }
  const key = crypto.getRandomValues(new Uint8Array(32));
  await Deno.mkdir(dataDir, { recursive: true });
  await Deno.writeTextFile(path, btoa(String.fromCharCode(...key)) + "\n", { mode: 0o600, createNew: true });
  log.warn(
    "master key generated into the data folder; losing that file makes all encrypted data unreadable. " +
      "Set KARTEI_MASTER_KEY for production and keep a copy apart from the backups.",
    { path },
  );
  return key;
}

/** The refusal when the master key does not open what the database holds. */
export const WRONG_MASTER_KEY =
  "Kartei cannot start: the master key does not open this database's encrypted data (practice keys, " +
  "second-factor secrets). Set KARTEI_MASTER_KEY (or restore DATA_DIR/master.key) to the key it was created with.";

const CHECK_PLAINTEXT = new TextEncoder().encode("kartei master key check v1");
const CHECK_ASSOCIATED_DATA = "master-key-check";

/** A check value: a constant sealed with the master key (AES-256-GCM), safe to store. */
export async function sealMasterKeyCheck(masterKey: Uint8Array): Promise<Uint8Array> {
  return await encryptBytes(masterKey, CHECK_PLAINTEXT, CHECK_ASSOCIATED_DATA);
}

/** Whether the master key opens a stored check value. */
export async function opensMasterKeyCheck(masterKey: Uint8Array, sealed: Uint8Array): Promise<boolean> {
  try {
    const opened = await decryptBytes(masterKey, sealed, CHECK_ASSOCIATED_DATA);
    return opened.length === CHECK_PLAINTEXT.length && opened.every((byte, i) => byte === CHECK_PLAINTEXT[i]);
  } catch {
    return false;
  }
}
