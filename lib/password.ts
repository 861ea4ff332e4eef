// Passwords: the policy a new password must satisfy, and Argon2id hashing with bounded concurrency.
import { hash, verify } from "@node-rs/argon2";
import { COMMON_PASSWORDS } from "./common-passwords.ts";
import { createSemaphore, type Semaphore } from "./semaphore.ts";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = "tooShort" | "tooLong" | "common" | "containsPersonal";

export interface PersonalWords {
  email?: string;
  name?: string;
}

/** The first rule the password breaks, or null when it satisfies the policy. */
export function checkPasswordPolicy(password: string, personal: PersonalWords = {}): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return "tooShort";
  if (length > PASSWORD_MAX_LENGTH) return "tooLong";
  const lowered = password.toLowerCase();
  const base = lowered.replace(/[\d\W_]+$/u, "").replace(/^[\d\W_]+/u, "");
  if (
    COMMON_PASSWORDS.has(lowered) || COMMON_PASSWORDS.has(base) || isOneRepeatedCharacter(lowered) ||
    isRunAlongARow(lowered)
  ) {
    return "common";
  }
  for (const word of personalWords(personal)) {
    if (lowered.includes(word)) return "containsPersonal";
  }
  return null;
}

function isOneRepeatedCharacter(value: string): boolean {
  return new Set(value).size <= 2;
}

// Digit and letter sequences and keyboard rows (German and English layouts), both directions.
const ROWS = [
  "01234567890123456789",
  "abcdefghijklmnopqrstuvwxyz",
  "qwertzuiopü",
  "qwertyuiop",
  "asdfghjklöä",
  "yxcvbnm,.-",
];
const RUNS = [...ROWS, ...ROWS.map((row) => [...row].reverse().join(""))].map((row) => row.repeat(30));

function isRunAlongARow(value: string): boolean {
  return RUNS.some((run) => run.includes(value));
}

function personalWords({ email, name }: PersonalWords): string[] {
  const words: string[] = [];
  const local = email?.split("@")[0]?.toLowerCase();
  if (local) words.push(local, ...local.split(/[._+-]+/));
  if (name) words.push(...name.toLowerCase().split(/[\s,.'-]+/u));
  return [...new Set(words)].filter((word) => [...word].length >= 3);
}

// OWASP's Argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
// algorithm 2 is Argon2id (the package exports it as a const enum, which Deno cannot inline).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// Hashing is expensive by design; a burst of sign-ins must not starve the thread pool.
// Beyond 64 waiting hashes (a second or so of work) new ones are refused at once with "busy".
// A sign-in from a browser already approved for the account takes the reserved share (16 more
// places, served first), so a distributed flood does not shut the practice out of its own PCs.
const hashing = createSemaphore(Math.max(1, navigator.hardwareConcurrency ?? 2), 64, 16);

/** The hashing queue, read by the metrics and by tests that hold it full. */
export const passwordHashing: Semaphore = hashing;

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, ARGON2_OPTIONS));
}

/** `reserved`: the caller has checked that the request comes from an approved browser. */
export function verifyPassword(
  passwordHash: string,
  password: string,
  options: { reserved?: boolean } = {},
): Promise<boolean> {
  return hashing.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }, options);
}

let decoyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so unknown accounts answer like known ones. */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  // A decoy refused while the queue was full is made again next time, not kept as a failure.
  decoyHash ??= hashPassword(crypto.randomUUID()).catch((error) => {
    decoyHash = undefined;
    throw error;
  });
  await verifyPassword(await decoyHash, password);
  return false;
}

const SATURATION_REPORT_MS = 10_000;
let lastReport: { at: number; refused: { public: number; reserved: number } } | undefined;

/**
 * What to log about refusals of a full queue: the counts since the last report, at most once
 * every ten seconds (null in between), so a flood writes a line, not thousands.
 */
export function saturationReport(nowMs: number) {
  if (lastReport && nowMs - lastReport.at < SATURATION_REPORT_MS) return null;
  const refused = hashing.refused;
  const since = lastReport?.refused ?? { public: 0, reserved: 0 };
  lastReport = { at: nowMs, refused };
  return {
    refusedPublic: refused.public - since.public,
    refusedReserved: refused.reserved - since.reserved,
    waiting: hashing.waiting,
    reservedWaiting: hashing.reservedWaiting,
  };
}
