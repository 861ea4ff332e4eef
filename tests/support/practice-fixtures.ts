// Scenario steps shared by tests: register a practice through the real forms and read the
// verification code from the real mail queue.
import type { Db } from "../../db/database.ts";
import { type TestClient } from "./http-client.ts";
import { uniqueEmail } from "./test-app.ts";

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

export async function signInAs(client: TestClient, email: string, password: string) {
  return await client.post("/sign-in", { email, password });
}
