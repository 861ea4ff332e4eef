// The start-up check of the master key against what the database holds (migration 0016): the
// check value when there is one, otherwise one practice data key and one second-factor secret
// (an installation from before the check value), after which the check value is stored.
import { createFactorKeyring } from "../lib/factor-secrets.ts";
import { unwrapDataKey } from "../lib/envelope-encryption.ts";
import { opensMasterKeyCheck, sealMasterKeyCheck } from "../lib/master-key.ts";
import type { Db } from "./database.ts";
import { dataKeyOwner } from "./practice-keys.ts";

/** Whether anything in the database is sealed with a master key (so none may be generated). */
export async function holdsSealedData(db: Db): Promise<boolean> {
  const [check, practiceKey, factor] = await Promise.all([
    db.selectFrom("master_key_check").select("singleton").executeTakeFirst(),
    db.selectFrom("practice_keys").select("practice_id").limit(1).executeTakeFirst(),
    db.selectFrom("second_factors").select("id").where("secret", "is not", null).limit(1).executeTakeFirst(),
  ]);
  return Boolean(check || practiceKey || factor);
}

/** "opens": the key is the database's (and its check value is stored now if it was not). */
export async function checkMasterKey(db: Db, masterKey: Uint8Array): Promise<"opens" | "wrong"> {
  const stored = await db.selectFrom("master_key_check").select("sealed").executeTakeFirst();
  if (stored) return await opensMasterKeyCheck(masterKey, stored.sealed) ? "opens" : "wrong";

  const practiceKey = await db.selectFrom("practice_keys").select(["practice_id", "version", "wrapped_key"])
    .orderBy("created_at").limit(1).executeTakeFirst();
  if (practiceKey) {
    try {
      await unwrapDataKey(
        masterKey,
        practiceKey.wrapped_key,
        dataKeyOwner(practiceKey.practice_id, practiceKey.version),
      );
    } catch {
      return "wrong";
    }
  }
  const factor = await db.selectFrom("second_factors").select(["id", "secret"]).where("secret", "is not", null)
    .orderBy("created_at").limit(1).executeTakeFirst();
  if (factor?.secret) {
    try {
      await createFactorKeyring(masterKey).open(factor.id, factor.secret);
    } catch {
      return "wrong";
    }
  }
  await db.insertInto("master_key_check").values({ sealed: await sealMasterKeyCheck(masterKey) })
    .onConflict((conflict) => conflict.column("singleton").doNothing()).execute();
  // Another process starting at the same moment may have stored its own: read what is stored.
  const now = await db.selectFrom("master_key_check").select("sealed").executeTakeFirstOrThrow();
  return await opensMasterKeyCheck(masterKey, now.sealed) ? "opens" : "wrong";
}
