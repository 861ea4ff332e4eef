// The key backups are encrypted to. Production names an age recipient (BACKUP_RECIPIENT); the
// private key stays with whoever may restore, never on the server. Development generates a
// pair into the data folder once, with a warning, so backups work from the first start.
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import type { Logger } from "./log.ts";

export const DEVELOPMENT_IDENTITY_FILE = "backup-identity.txt";

export async function resolveBackupRecipient(
  configured: string | undefined,
  dataDir: string,
  log: Logger,
): Promise<string> {
  if (configured) return configured;
  const path = `${dataDir}/${DEVELOPMENT_IDENTITY_FILE}`;
  try {
    return await identityToRecipient(await readIdentity(path));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const identity = await generateX25519Identity();
  await Deno.mkdir(dataDir, { recursive: true });
  await Deno.writeTextFile(
    path,
    `# Kartei backup key (development). Restore with it; keep a copy elsewhere.\n${identity}\n`,
    {
      mode: 0o600,
      createNew: true,
    },
  );
  log.warn("backup key generated into the data folder; set BACKUP_RECIPIENT and keep the private key elsewhere", {
    path,
  });
  return await identityToRecipient(identity);
}

/** Reads an age identity file (comment lines start with #), as age-keygen writes it. */
export async function readIdentity(path: string): Promise<string> {
  const text = await Deno.readTextFile(path);
  const line = text.split("\n").map((l) => l.trim()).find((l) => l.startsWith("AGE-SECRET-KEY-"));
  if (!line) throw new Error(`${path} holds no age identity (AGE-SECRET-KEY-…)`);
  return line;
}
