// The master key wraps every practice's data key. Production takes it from the environment;
// development generates one into the data folder on first start, with a loud warning.
import type { Logger } from "./log.ts";

export async function resolveMasterKey(
  configured: Uint8Array | undefined,
  dataDir: string,
  log: Logger,
): Promise<Uint8Array> {
  if (configured) return configured;
  const path = `${dataDir}/master.key`;
  try {
    const stored = (await Deno.readTextFile(path)).trim();
    return Uint8Array.from(atob(stored), (ch) => ch.charCodeAt(0));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
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
