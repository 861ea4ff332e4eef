// The practice's actual settings that the procedure documentation (Verfahrensdokumentation,
// technical part) describes: numbering, VAT, DATEV accounts, dunning levels, who may bill.
import type { Db } from "./database.ts";
import type { PracticeActor } from "./practice-scope.ts";
import { type BillingSettings, findBillingSettings } from "./billing-settings.ts";
import { findDatevSettings } from "./billing-exports.ts";
import { dunningLevels } from "./dunning.ts";
import type { DatevSettings } from "../lib/datev-extf.ts";
import type { LevelSetting } from "../lib/dunning.ts";
import type { Role } from "../lib/permissions.ts";

export interface ProcedureFacts {
  billing: BillingSettings;
  datev: DatevSettings | null;
  dunning: LevelSetting[];
  counters: { year: number; lastNumber: number }[];
  issuedCount: number;
  firstIssuedOn: string | null;
  members: { role: Role; count: number }[];
}

export async function procedureFacts(db: Db, scope: PracticeActor): Promise<ProcedureFacts> {
  const [billing, datev, dunning, counters, issued, members] = await Promise.all([
    findBillingSettings(db, scope.practiceId),
    findDatevSettings(db, scope),
    dunningLevels(db, scope),
    db.selectFrom("invoice_counters").select(["year", "last_number"]).where("practice_id", "=", scope.practiceId)
      .orderBy("year").execute(),
    db.selectFrom("invoices").where("practice_id", "=", scope.practiceId).where("status", "=", "issued")
      .select(({ fn }) => [fn.countAll<string>().as("count"), fn.min("invoice_date").as("first")])
      .executeTakeFirstOrThrow(),
    db.selectFrom("memberships").where("practice_id", "=", scope.practiceId).where("ended_at", "is", null)
      .select(({ fn }) => ["role", fn.countAll<string>().as("count")]).groupBy("role").orderBy("role").execute(),
  ]);
  return {
    billing,
    datev,
    dunning,
    counters: counters.map((c) => ({ year: c.year, lastNumber: c.last_number })),
    issuedCount: Number(issued.count),
    firstIssuedOn: issued.first ? (issued.first as Date).toISOString().slice(0, 10) : null,
    members: members.map((m) => ({ role: m.role, count: Number(m.count) })),
  };
}
