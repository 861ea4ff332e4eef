// Operators for scenarios in the console: created as `deno task operator:create` creates them,
// then signed in over HTTP, with the second factor they are forced to set up.
import type { Db } from "../../db/database.ts";
import { createOperatorAccount } from "../../bin/operator-create.ts";
import { TestClient } from "./http-client.ts";
import { uniqueEmail } from "./test-app.ts";
import { enrolTotp, GOOD_PASSWORD, nextTotpCode, signInAs } from "./practice-fixtures.ts";

type Clock = { now(): Date; advance(ms: number): void };

export async function signedInOperator(app: ConstructorParameters<typeof TestClient>[0], db: Db, clock: Clock) {
  const email = uniqueEmail("operator");
  const created = await createOperatorAccount(db, { email, name: "Eva Betrieb", password: GOOD_PASSWORD }, clock.now());
  if (!created.ok) throw new Error(created.problem);
  const client = new TestClient(app);
  const first = await signInAs(client, email, GOOD_PASSWORD);
  if (first.location !== "/sign-in/second-factor") throw new Error(`operator sign-in answered ${first.status}`);
  const totp = await enrolTotp(client, clock);
  return { client, email, accountId: created.accountId, totpSecret: totp.secret };
}

/** Confirms the second factor again, as the console asks before a change after 10 minutes. */
export async function stepUp(client: TestClient, clock: Clock, totpSecret: Uint8Array, returnTo = "/operator") {
  const page = await client.post("/step-up", { code: nextTotpCode(clock, totpSecret), return_to: returnTo });
  if (page.status !== 303) throw new Error(`step-up answered ${page.status}`);
}
