// Team members for scenarios that need roles other than the owner: stored as the onboarding
// would leave them (verified, an authenticator app set up), then signed in over HTTP.
import type { Db } from "../../db/database.ts";
import type { Role } from "../../lib/permissions.ts";
import { createFactorKeyring } from "../../lib/factor-secrets.ts";
import { generateTotpSecret } from "../../lib/totp.ts";
import { hashPassword } from "../../lib/password.ts";
import { generateSecretToken, hashSecret } from "../../lib/secret-token.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { currentTerms } from "../../db/terms.ts";
import { TestClient } from "./http-client.ts";
import { uniqueEmail } from "./test-app.ts";
import { GOOD_PASSWORD, signInWithTotp } from "./practice-fixtures.ts";
import { testNow } from "./test-clock.ts";

let passwordHash: Promise<string> | undefined;

export async function addMember(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  role: Role,
  options: { areas?: string[]; endsOn?: string; name?: string } = {},
) {
  passwordHash ??= hashPassword(GOOD_PASSWORD);
  const email = uniqueEmail(role);
  const account = await db.insertInto("accounts").values({
    email,
    name: options.name ?? `Mitglied ${role}`,
    password_hash: await passwordHash,
    status: "active",
    language: "de",
    verified_at: testNow(),
  }).returning("id").executeTakeFirstOrThrow();
  const membership = await db.insertInto("memberships").values({
    practice_id: practiceId,
    account_id: account.id,
    role,
    areas: options.areas ?? [],
    ends_on: options.endsOn ?? (role === "third_party" ? "2099-12-31" : null),
  }).returning("id").executeTakeFirstOrThrow();
  // Onboarding accepts the terms in force; so does the stand-in.
  await db.insertInto("terms_acceptances").values({
    account_id: account.id,
    terms_version: (await currentTerms(db))?.version ?? CURRENT_TERMS.version,
    accepted_at: testNow(),
  }).execute();
  // The member's browser, as if an owner had approved it (browser approval is on by default).
  const browserToken = generateSecretToken();
  await db.insertInto("known_browsers").values({
    account_id: account.id,
    practice_id: practiceId,
    browser_hash: hashSecret(browserToken),
    description: "Test",
    status: "approved",
    first_seen_at: testNow(),
    last_seen_at: testNow(),
    decided_at: testNow(),
  }).execute();
  const factorId = crypto.randomUUID();
  const totpSecret = generateTotpSecret();
  await db.insertInto("second_factors").values({
    id: factorId,
    account_id: account.id,
    kind: "totp",
    name: "App",
    status: "active",
    created_at: testNow(),
    confirmed_at: testNow(),
    secret: await createFactorKeyring(masterKey).seal(factorId, totpSecret),
  }).execute();
  return {
    email,
    password: GOOD_PASSWORD,
    accountId: account.id,
    membershipId: membership.id,
    totpSecret,
    browserToken,
  };
}

/** A member signed in completely in a browser stand-in of their own. */
export async function signedInMember(
  app: ConstructorParameters<typeof TestClient>[0],
  clock: { now(): Date; advance(ms: number): void },
  member: { email: string; password: string; totpSecret: Uint8Array; browserToken?: string },
) {
  const client = new TestClient(app);
  if (member.browserToken) client.cookies.set("kartei_browser", member.browserToken);
  const done = await signInWithTotp(client, clock, member.email, member.password, member.totpSecret);
  if (done.status !== 303) throw new Error(`member sign-in answered ${done.status}`);
  return client;
}
