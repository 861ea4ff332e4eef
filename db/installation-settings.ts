// Settings of the whole installation, kept by the operators: a key and a JSON value each.
import { sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import type { Db } from "./database.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";

const REGISTRATION_OPEN = "registration_open";

async function readSetting(db: Db | Transaction<Database>, key: string): Promise<unknown> {
  const row = await db.selectFrom("installation_settings").select("value").where("key", "=", key)
    .executeTakeFirst();
  return row?.value;
}

async function writeSetting(trx: Transaction<Database>, key: string, value: unknown): Promise<void> {
  // Sent as text and cast in SQL: drivers disagree on how to serialise a jsonb parameter.
  const json = sql<string>`cast(${JSON.stringify(value)}::text as jsonb)`;
  await trx.insertInto("installation_settings").values({ key, value: json as unknown as string })
    .onConflict((conflict) => conflict.column("key").doUpdateSet({ value: json as unknown as string }))
    .execute();
}

/** Public registration of new practices: open unless an operator closed it. */
export async function registrationIsOpen(db: Db | Transaction<Database>): Promise<boolean> {
  return (await readSetting(db, REGISTRATION_OPEN)) !== false;
}

/** An operator opens or closes public registration, with a reason, in the installation's chain. */
export async function setRegistrationOpen(
  db: Db,
  change: { operatorId: string; reason: string },
  open: boolean,
  facts: RequestFacts,
): Promise<"changed" | "unchanged"> {
  return await db.transaction().execute(async (trx) => {
    // Serialises concurrent changes of this setting until the transaction ends.
    await sql`select pg_advisory_xact_lock(hashtextextended(${"setting:" + REGISTRATION_OPEN}, 0))`.execute(trx);
    if (await registrationIsOpen(trx) === open) return "unchanged";
    await writeSetting(trx, REGISTRATION_OPEN, open);
    await appendAuditEvent(trx, {
      practiceId: null,
      action: open ? "registration.opened" : "registration.closed",
      actorAccountId: change.operatorId,
      subjectType: "installation_setting",
      subjectId: REGISTRATION_OPEN,
      requestId: facts.requestId,
      details: { reason: change.reason },
      occurredAt: facts.now,
    });
    return "changed";
  });
}
