// A demo practice for trying Kartei out (development mode, KARTEI_DEMO=1): a verified owner
// with known credentials, created once and in the same way a registration would create it.
import type { Db } from "./database.ts";
import { appendAuditEvent } from "./audit.ts";

export const DEMO_EMAIL = "demo@kartei.example";
export const DEMO_PASSWORD = "Demo-Praxis am Lindenplatz 2026";

export async function ensureDemoPractice(
  db: Db,
  input: { practiceId: string; passwordHash: string; wrappedDataKey: Uint8Array; termsVersion: string; now: Date },
): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("accounts").select("id").where("email", "=", DEMO_EMAIL).executeTakeFirst();
    if (existing) return false;
    await trx.insertInto("practices").values({ id: input.practiceId, name: "Demo-Praxis am Lindenplatz" }).execute();
    await trx.insertInto("practice_keys").values({ practice_id: input.practiceId, wrapped_key: input.wrappedDataKey })
      .execute();
    await trx.insertInto("locations").values({ practice_id: input.practiceId, name: "Hauptpraxis" }).execute();
    const account = await trx.insertInto("accounts").values({
      email: DEMO_EMAIL,
      name: "Dr. Demo Beispiel",
      password_hash: input.passwordHash,
      status: "active",
      language: "de",
      verified_at: input.now,
    }).returning("id").executeTakeFirstOrThrow();
    await trx.insertInto("memberships").values({ practice_id: input.practiceId, account_id: account.id, role: "owner" })
      .execute();
    await trx.insertInto("terms_acceptances").values({
      account_id: account.id,
      terms_version: input.termsVersion,
      accepted_at: input.now,
    }).execute();
    await appendAuditEvent(trx, {
      practiceId: input.practiceId,
      action: "practice.demo_created",
      actorAccountId: account.id,
      subjectType: "practice",
      subjectId: input.practiceId,
      occurredAt: input.now,
    });
    return true;
  });
}
