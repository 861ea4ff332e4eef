// The dunning objects each role's turn of the route walk reads: a run over the walk's issued,
// partly paid invoice, made as if on a day two months ahead (when its reminder is due), with its
// letter, so the run page and the letter download reach their real answers.
import type { Db } from "../../db/database.ts";
import { runDunning } from "../../db/dunning.ts";
import { addDays } from "../../lib/dunning.ts";
import { berlinDate } from "../../lib/clock.ts";
import { ownerScopeOf } from "./practice-fixtures.ts";
import { facts } from "./billing-fixtures.ts";

export interface DunningWalkObjects {
  runId: string;
  letterId: string;
}

export async function createDunningObjects(
  db: Db,
  owner: { practiceId: string; accountId: string },
  issuedInvoiceId: string,
  now: Date,
): Promise<DunningWalkObjects> {
  const scope = await ownerScopeOf(db, owner);
  const run = await runDunning(db, scope, [issuedInvoiceId], addDays(berlinDate(now), 60), facts(now));
  if (!run.ok) throw new Error(`walk setup: dunning ${run.problem}`);
  const letter = await db.selectFrom("dunning_letters").select("id").where("run_id", "=", run.runId)
    .executeTakeFirstOrThrow();
  return { runId: run.runId, letterId: letter.id };
}

export function dunningUrlOf(path: string, o: DunningWalkObjects): string {
  return path.replace(/^\/billing\/dunning\/runs\/:id/, `/billing/dunning/runs/${o.runId}`)
    .replace(/^\/billing\/dunning\/letters\/:id/, `/billing/dunning/letters/${o.letterId}`);
}
