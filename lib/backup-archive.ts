// Backup archives: a database dump, streamed through age encryption to a recipient whose
// private key is kept away from the server, and a manifest beside it that records what the
// operator and a restore check (time, sizes, SHA-256 of both forms, schema version).
import { Decrypter, Encrypter } from "age-encryption";
import { SHA256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { z } from "zod";

export const BACKUP_FORMAT = "kartei-backup/1";
const NAME = /^kartei-backup-(\d{8}T\d{6}Z)\.age$/;

export const backupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime(),
  database: z.enum(["postgres", "pglite"]),
  schemaVersion: z.string().min(1),
  file: z.string().regex(NAME),
  recipient: z.string().startsWith("age1"),
  encryptedBytes: z.number().int().nonnegative(),
  encryptedSha256: z.string().regex(/^[0-9a-f]{64}$/),
  plaintextBytes: z.number().int().nonnegative(),
  plaintextSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupManifest = z.infer<typeof backupManifest>;

export function backupFileName(at: Date): string {
  return `kartei-backup-${at.toISOString().slice(0, 19).replaceAll(/[-:]/g, "")}Z.age`;
}

export function manifestPathOf(archivePath: string): string {
  return archivePath.replace(/\.age$/, ".json");
}

/** The time in a backup file's name, or null for a file that is not one of ours. */
export function backupTimeOf(fileName: string): Date | null {
  const stamp = NAME.exec(fileName)?.[1];
  if (!stamp) return null;
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:` +
    `${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  return new Date(iso);
}

interface Digest {
  bytes: number;
  sha256: string;
}

/** A pass-through stream that counts and hashes what flows through it. */
function measuring(): { stream: TransformStream<Uint8Array, Uint8Array>; result: () => Digest } {
  const hash = new SHA256();
  let bytes = 0;
  let sha256 = "";
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    flush() {
      sha256 = encodeHexLowerCase(hash.digest());
    },
  });
  return { stream, result: () => ({ bytes, sha256 }) };
}

export interface ArchiveFacts {
  createdAt: Date;
  database: "postgres" | "pglite";
  schemaVersion: string;
  recipient: string;
}

/**
 * Encrypts the dump into `dir` under a temporary name, renames it once complete and writes
 * the manifest last: a file with a manifest is a whole backup, anything else is not.
 */
export async function writeArchive(
  dump: ReadableStream<Uint8Array>,
  dir: string,
  facts: ArchiveFacts,
): Promise<BackupManifest> {
  const file = backupFileName(facts.createdAt);
  const partial = `${dir}/${file}.partial`;
  const plain = measuring();
  const encrypted = measuring();
  const encrypter = new Encrypter();
  encrypter.addRecipient(facts.recipient);
  const output = await Deno.open(partial, { write: true, createNew: true, mode: 0o600 });
  try {
    const sealed = await encrypter.encrypt(dump.pipeThrough(plain.stream));
    await sealed.pipeThrough(encrypted.stream).pipeTo(output.writable);
  } catch (error) {
    await Deno.remove(partial).catch(() => {});
    throw error;
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: facts.createdAt.toISOString(),
    database: facts.database,
    schemaVersion: facts.schemaVersion,
    file,
    recipient: facts.recipient,
    encryptedBytes: encrypted.result().bytes,
    encryptedSha256: encrypted.result().sha256,
    plaintextBytes: plain.result().bytes,
    plaintextSha256: plain.result().sha256,
  };
  await Deno.rename(partial, `${dir}/${file}`);
  await Deno.writeTextFile(manifestPathOf(`${dir}/${file}`), JSON.stringify(manifest, null, 2) + "\n", {
    mode: 0o600,
  });
  return manifest;
}

export class BackupCheckError extends Error {}

export async function readManifest(archivePath: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await Deno.readTextFile(manifestPathOf(archivePath));
  } catch {
    throw new BackupCheckError(`no manifest beside the backup (expected ${manifestPathOf(archivePath)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupCheckError("the manifest is not JSON");
  }
  const parsed = backupManifest.safeParse(json);
  if (!parsed.success) throw new BackupCheckError("the manifest is not a Kartei backup manifest");
  if (!archivePath.endsWith(`/${parsed.data.file}`) && archivePath !== parsed.data.file) {
    throw new BackupCheckError(`the manifest describes ${parsed.data.file}, not this file`);
  }
  return parsed.data;
}

/** Checks size and SHA-256 of the encrypted file against its manifest (no key needed). */
export async function checkArchive(archivePath: string, manifest: BackupManifest): Promise<void> {
  const measured = measuring();
  const input = await Deno.open(archivePath, { read: true });
  await input.readable.pipeThrough(measured.stream).pipeTo(new WritableStream());
  const { bytes, sha256 } = measured.result();
  if (bytes !== manifest.encryptedBytes || sha256 !== manifest.encryptedSha256) {
    throw new BackupCheckError("the backup file does not match its manifest (size or SHA-256 differs)");
  }
}

/**
 * The decrypted dump as a stream; it errors at its end when the plaintext does not match the
 * manifest, so a restore that consumed it whole has restored exactly what was backed up.
 */
export async function openArchive(
  archivePath: string,
  manifest: BackupManifest,
  identity: string,
): Promise<ReadableStream<Uint8Array>> {
  const input = await Deno.open(archivePath, { read: true });
  let plain: ReadableStream<Uint8Array>;
  try {
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    plain = await decrypter.decrypt(input.readable);
  } catch {
    input.close();
    throw new BackupCheckError("the backup key does not open this backup");
  }
  const hash = new SHA256();
  let bytes = 0;
  return plain.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hash.update(chunk);
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
      flush(controller) {
        if (bytes !== manifest.plaintextBytes || encodeHexLowerCase(hash.digest()) !== manifest.plaintextSha256) {
          controller.error(new BackupCheckError("the decrypted backup does not match its manifest"));
        }
      },
    }),
  );
}

/** Removes our backups (and their manifests) older than the given number of days. */
export async function pruneArchives(dir: string, keepDays: number, now: Date): Promise<string[]> {
  const cutoff = now.getTime() - keepDays * 24 * 60 * 60_000;
  const removed: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const at = entry.isFile ? backupTimeOf(entry.name) : null;
    if (!at || at.getTime() >= cutoff) continue;
    await Deno.remove(`${dir}/${entry.name}`);
    await Deno.remove(manifestPathOf(`${dir}/${entry.name}`)).catch(() => {});
    removed.push(entry.name);
  }
  return removed.sort();
}
