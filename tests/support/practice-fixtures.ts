// Scenario steps shared by tests: register a practice through the real forms and read the
// verification code from the real mail queue.
import type { Db } from "../../db/database.ts";
import type { PracticeScope } from "../../db/practice-scope.ts";
import { type TestClient } from "./http-client.ts";
import { uniqueEmail } from "./test-app.ts";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { totpCode, totpStep } from "../../lib/totp.ts";

export const GOOD_PASSWORD = "Morgens Kaffee, abends Tee 7";

export interface Registered {
  email: string;
  password: string;
  flowPath: string;
}

export async function registerPractice(
  client: TestClient,
  fields: Partial<Record<string, string>> = {},
): Promise<Registered> {
  const email = fields.email ?? uniqueEmail("owner");
  const password = fields.password ?? GOOD_PASSWORD;
  const page = await client.post("/register", {
    practice_name: "Praxis am Markt",
    owner_name: "Dr. Maria Beispiel",
    email,
    password,
    password_confirmation: password,
    accept_terms: "yes",
    ...fields,
  } as Record<string, string>);
  if (page.status !== 303 || !page.location?.startsWith("/verify/")) {
    throw new Error(`registration failed with ${page.status}`);
  }
  return { email, password, flowPath: page.location.split("?")[0] };
}

/** The code from the newest verification mail to this address. */
export async function latestCode(db: Db, email: string): Promise<string> {
  const mail = await db.selectFrom("outgoing_mails").select("body")
    .where("recipient", "=", email).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
  const code = mail.body.match(/\b(\d{8})\b/)?.[1];
  if (!code) throw new Error("no code in the mail");
  return code;
}

export async function registerVerifiedPractice(
  client: TestClient,
  db: Db,
  fields: Partial<Record<string, string>> = {},
) {
  const registered = await registerPractice(client, fields);
  const page = await client.post(registered.flowPath, { code: await latestCode(db, registered.email) });
  if (page.status !== 303) throw new Error(`verification failed with ${page.status}`);
  return registered;
}

export async function signInAs(
  client: TestClient,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) {
  return await client.post("/sign-in", { email, password }, headers);
}

/** Signs in with the password and, when a TOTP secret is given, the next code from it. */
export async function signInWithTotp(
  client: TestClient,
  clock: { now(): Date; advance(ms: number): void },
  email: string,
  password: string,
  totpSecret: Uint8Array,
) {
  const first = await signInAs(client, email, password);
  if (first.location !== "/sign-in/second-factor") return first;
  return await client.post("/sign-in/second-factor", { code: nextTotpCode(clock, totpSecret) });
}

/** The code of the next 30-second step: a step whose code was accepted is never accepted again. */
export function nextTotpCode(clock: { now(): Date; advance(ms: number): void }, secret: Uint8Array): string {
  clock.advance(30_000);
  return totpCode(secret, totpStep(clock.now()));
}

/** Sets up an authenticator app through the real pages; returns its secret. */
export async function enrolTotp(
  client: TestClient,
  clock: { now(): Date; advance(ms: number): void },
  name = "Telefon",
) {
  const page = await client.get("/security/totp/new");
  if (page.status !== 200) throw new Error(`TOTP setup page answered ${page.status} (${page.location})`);
  const secretText = page.html.match(/class="totp-secret">([A-Z2-7 ]+)</)![1].replaceAll(" ", "");
  const factorId = page.html.match(/action="\/security\/totp\/([0-9a-f-]{36})"/)![1];
  const secret = decodeBase32IgnorePadding(secretText);
  const confirmed = await client.post(`/security/totp/${factorId}`, { name, code: nextTotpCode(clock, secret) });
  if (confirmed.status !== 303) throw new Error(`TOTP confirmation answered ${confirmed.status}`);
  return { secret, factorId, location: confirmed.location };
}

/**
 * A verified owner of a new practice, signed in completely with an authenticator app as their
 * second factor: the starting point of most scenarios.
 */
export async function signedInOwner(
  client: TestClient,
  db: Db,
  clock: { now(): Date; advance(ms: number): void },
  fields: Partial<Record<string, string>> = {},
) {
  const registered = await registerVerifiedPractice(client, db, fields);
  const first = await signInAs(client, registered.email, registered.password);
  if (first.location !== "/sign-in/second-factor") throw new Error(`sign-in answered ${first.status}`);
  const totp = await enrolTotp(client, clock);
  const account = await db.selectFrom("accounts").select("id").where("email", "=", registered.email)
    .executeTakeFirstOrThrow();
  const membership = await db.selectFrom("memberships").select("practice_id").where("account_id", "=", account.id)
    .executeTakeFirstOrThrow();
  return { ...registered, totpSecret: totp.secret, accountId: account.id, practiceId: membership.practice_id };
}

/** The owner's scope, as a signed-in request of theirs carries it, for calling db functions directly. */
export async function ownerScopeOf(db: Db, owner: { practiceId: string; accountId: string }): Promise<PracticeScope> {
  const membership = await db.selectFrom("memberships").select("id").where("account_id", "=", owner.accountId)
    .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow();
  return {
    practiceId: owner.practiceId,
    accountId: owner.accountId,
    membershipId: membership.id,
    role: "owner",
    areas: [],
  };
}
