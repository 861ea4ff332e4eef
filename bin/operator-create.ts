// deno task operator:create: creates an operator account (the first one, typically) from the
// command line. Email and name come from --email/--name, OPERATOR_EMAIL/OPERATOR_NAME, or are
// asked for. The password is generated and printed once, or read from stdin with
// --password-stdin. The operator enrols a second factor at their first sign-in, like anyone.
//   deno task operator:create --email betrieb@example.de --name "Eva Betrieb" [--language en]
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "../lib/config.ts";
import { checkPasswordPolicy, hashPassword } from "../lib/password.ts";
import { systemClock } from "../lib/clock.ts";
import { normalisePersonName } from "../lib/person-name.ts";
import type { Db } from "../db/database.ts";
import { DataDirInUseError, openEmbedded, openPostgres } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { createOperator } from "../db/operators.ts";

// No 0/O, 1/l/I: the password may be read off a screen and typed once.
const ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXYZ2346789";

/** A one-time password of 24 random characters (about 137 bits), in groups of four. */
export function generateOperatorPassword(): string {
  const chars: string[] = [];
  while (chars.length < 24) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % ALPHABET.length) && chars.length < 24) chars.push(ALPHABET[byte % ALPHABET.length]);
    }
  }
  return chars.join("").match(/.{4}/g)!.join("-");
}

const operatorInput = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  name: z.string().transform(normalisePersonName).pipe(z.string().min(1).max(200)),
  language: z.enum(["de", "en"]),
});

export type OperatorCreation =
  | { ok: true; accountId: string; password: string; generated: boolean }
  | { ok: false; problem: string };

/** Validates the input, settles the password and creates the verified operator account. */
export async function createOperatorAccount(
  db: Db,
  input: { email: string; name: string; language?: string; password?: string },
  now: Date,
): Promise<OperatorCreation> {
  const parsed = operatorInput.safeParse({ ...input, language: input.language ?? "de" });
  if (!parsed.success) {
    return { ok: false, problem: `invalid ${parsed.error.issues.map((issue) => issue.path.join(".")).join(", ")}` };
  }
  const generated = input.password === undefined;
  const password = input.password ?? generateOperatorPassword();
  const weakness = checkPasswordPolicy(password, { email: parsed.data.email, name: parsed.data.name });
  if (weakness) return { ok: false, problem: `the password is not acceptable (${weakness})` };
  const accountId = await createOperator(db, {
    email: parsed.data.email,
    name: parsed.data.name,
    language: parsed.data.language,
    passwordHash: await hashPassword(password),
  }, { requestId: null, now });
  if (!accountId) return { ok: false, problem: "an account with this email address exists already" };
  return { ok: true, accountId, password, generated };
}

async function readStdin(): Promise<string> {
  const text = await new Response(Deno.stdin.readable).text();
  return text.replace(/\r?\n$/, "");
}

async function main() {
  const { values: args } = parseArgs({
    args: Deno.args,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      language: { type: "string" },
      "password-stdin": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (args.help) {
    console.log("deno task operator:create --email ADDRESS --name NAME [--language de|en] [--password-stdin]");
    return 0;
  }
  const loaded = loadConfig(Deno.env.toObject());
  if (!loaded.ok) {
    console.error("configuration problems:\n  " + loaded.errors.join("\n  "));
    return 1;
  }
  const interactive = Deno.stdin.isTerminal();
  const email = args.email ?? Deno.env.get("OPERATOR_EMAIL") ?? (interactive ? prompt("Email:") : null) ?? "";
  const name = args.name ?? Deno.env.get("OPERATOR_NAME") ?? (interactive ? prompt("Name:") : null) ?? "";
  const password = args["password-stdin"] ? await readStdin() : undefined;

  const { config } = loaded;
  let database;
  try {
    database = config.databaseUrl ? openPostgres(config.databaseUrl, 1) : await openEmbedded(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  try {
    await migrateToLatest(database.db);
    const outcome = await createOperatorAccount(database.db, {
      email,
      name,
      language: args.language ?? Deno.env.get("OPERATOR_LANGUAGE"),
      password,
    }, systemClock.now());
    if (!outcome.ok) {
      console.error(`No operator was created: ${outcome.problem}.`);
      return 1;
    }
    console.log("The operator account has been created. Sign in at /sign-in and set up a second factor.");
    if (outcome.generated) {
      // Printed once, never stored or logged: the operator should change it after signing in.
      console.log(`One-time password (shown only now): ${outcome.password}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

if (import.meta.main) Deno.exit(await main());
