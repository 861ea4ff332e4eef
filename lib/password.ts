// Passwords: the policy a new password must satisfy, and Argon2id hashing with bounded concurrency.
import { hash, verify } from "@node-rs/argon2";
import { COMMON_PASSWORDS } from "./common-passwords.ts";
import { createSemaphore } from "./semaphore.ts";

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
const hashing = createSemaphore(Math.max(1, navigator.hardwareConcurrency ?? 2), 64);

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, ARGON2_OPTIONS));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return hashing.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

let decoyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so unknown accounts answer like known ones. */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await decoyHash, password);
  return false;
}
