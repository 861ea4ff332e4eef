// What the metrics endpoint reads from the database at scrape time: the mail backlog, mails
// given up on, the age of the last good backup, and whether the database answers at all.
import { sql } from "kysely";
import type { Metrics } from "../lib/metrics.ts";
import type { Clock } from "../lib/clock.ts";
import type { Db } from "./database.ts";
import { lastGoodBackupAt } from "./backup-runs.ts";
import { MAX_ATTEMPTS } from "./outgoing-mails.ts";

export function registerDatabaseGauges(metrics: Metrics, db: Db, clock: Clock): void {
  metrics.gauge("kartei_database_up", "1 when the database answered the scrape's probe, 0 otherwise", async () => {
    try {
      await sql`select 1`.execute(db);
      return 1;
    } catch {
      return 0;
    }
  });
  metrics.gauge("kartei_mail_outbox_pending", "Mails waiting to be delivered", async () => {
    const row = await db.selectFrom("outgoing_mails").select((eb) => eb.fn.countAll<string>().as("n"))
      .where("sent_at", "is", null).where("attempts", "<", MAX_ATTEMPTS).executeTakeFirstOrThrow();
    return Number(row.n);
  });
  metrics.gauge("kartei_mail_outbox_failed", "Mails given up on after every retry", async () => {
    const row = await db.selectFrom("outgoing_mails").select((eb) => eb.fn.countAll<string>().as("n"))
      .where("sent_at", "is", null).where("attempts", ">=", MAX_ATTEMPTS).executeTakeFirstOrThrow();
    return Number(row.n);
  });
  metrics.gauge(
    "kartei_backup_last_success_age_seconds",
    "Seconds since the last good backup finished (no value: none yet)",
    async () => {
      const at = await lastGoodBackupAt(db);
      return at ? Math.round((clock.now().getTime() - at.getTime()) / 1000) : null;
    },
  );
}
