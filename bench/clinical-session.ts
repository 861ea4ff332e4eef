// A practitioner of the scale set's large practice, signed in as a complete sign-in leaves them
// (password and second factor confirmed, browser approved), written straight into the database:
// the clinical benchmark measures reading patients and the calendar, not Argon2id or TOTP
// (sign-in.ts measures those). The session and the browser are removed again at the end.
import type { Db } from "../db/database.ts";
import type { PracticeScope } from "../db/practice-scope.ts";
import { createSession } from "../db/sessions.ts";
import { generateSecretToken, hashSecret } from "../lib/secret-token.ts";
import { BIG_PRACTICE_NAME } from "../db/seed/scale.ts";

export interface BenchPractitioner {
  scope: PracticeScope;
  /** Cookie header of the signed-in browser. */
  cookie: string;
  /** The practice's practitioners (membership ids), for varied week views. */
  practitionerIds: string[];
  end(): Promise<void>;
}

/** Undefined when the database holds no scale data set (no practice of that name). */
export async function signInBenchPractitioner(
  db: Db,
  practiceName = BIG_PRACTICE_NAME,
): Promise<BenchPractitioner | undefined> {
  const practice = await db.selectFrom("practices").select("id").where("name", "=", practiceName)
    .executeTakeFirst();
  if (!practice) return undefined;
  const practitioners = await db.selectFrom("memberships").select(["id", "account_id"])
    .where("practice_id", "=", practice.id).where("role", "=", "practitioner").orderBy("id").execute();
  const me = practitioners[0];
  const { token, browserToken } = await approvedBrowserSession(db, me.account_id, practice.id);
  return {
    scope: { practiceId: practice.id, accountId: me.account_id, membershipId: me.id, role: "practitioner", areas: [] },
    cookie: `kartei_session=${token}; kartei_browser=${browserToken}`,
    practitionerIds: practitioners.map((p) => p.id),
    async end() {
      await db.deleteFrom("sessions").where("token_hash", "=", hashSecret(token)).execute();
      await db.deleteFrom("known_browsers").where("browser_hash", "=", hashSecret(browserToken)).execute();
    },
  };
}

/**
 * A complete sign-in written straight into the database: an approved browser and a session
 * whose second factor is confirmed. The tokens are what the cookies carry.
 */
export async function approvedBrowserSession(db: Db, accountId: string, practiceId: string) {
  const now = new Date();
  const browserToken = generateSecretToken();
  const token = await db.transaction().execute(async (trx) => {
    await trx.insertInto("known_browsers").values({
      account_id: accountId,
      practice_id: practiceId,
      browser_hash: hashSecret(browserToken),
      description: "Benchmark",
      status: "approved",
      first_seen_at: now,
      last_seen_at: now,
      decided_at: now,
    }).execute();
    return await createSession(trx, {
      accountId,
      practiceId,
      purpose: "sign_in",
      secondFactorAt: now,
      userAgent: "kartei-bench",
      ip: "127.0.0.1",
      now,
    }, { idleMinutes: 60, absoluteHours: 12 });
  });
  return { token, browserToken };
}
