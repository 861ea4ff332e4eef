// The data of the anchor benchmark: a database brought up to date, a small scale data set (the
// large practice and nine small ones at BENCH_ANCHOR_SCALE, default 0.05), a signed-in
// practitioner in the large practice and in a small one, and a practice of its own for the
// anchor's audit rows. The master key goes into the bench's data folder, where the app finds it.
import { sql } from "kysely";
import type { Db } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { ensureShippedTerms } from "../db/terms.ts";
import { SCALE_MARK, seedScale } from "../db/seed/scale.ts";
import { CURRENT_TERMS } from "../lib/terms.ts";
import { resolveMasterKey } from "../lib/master-key.ts";
import { createLogger } from "../lib/log.ts";
import { type BenchPractitioner, signInBenchPractitioner } from "./clinical-session.ts";

/** The first of the scale set's small practices. */
export const SMALL_PRACTICE_NAME = `Physiotherapie am Markt ${SCALE_MARK}`;

export interface BenchPractice {
  practitioner: BenchPractitioner;
  /** Patients of the practice the record pages cycle through. */
  patientIds: string[];
}

export interface SeededBench {
  /** The large practice, then the small one. */
  practices: [BenchPractice, BenchPractice];
  auditPracticeId: string;
  summary: string;
}

export async function seedBenchData(db: Db, dataDir: string, log: (line: string) => void): Promise<SeededBench> {
  const scale = Number(Deno.env.get("BENCH_ANCHOR_SCALE") ?? 0.05) || 0.05;
  const started = performance.now();
  await migrateToLatest(db);
  await ensureShippedTerms(db, CURRENT_TERMS, new Date());
  const masterKey = await resolveMasterKey(undefined, dataDir, createLogger("error"));
  await seedScale(db, masterKey, { scale, log: () => {} });
  await sql`analyze`.execute(db);
  const practices = [] as unknown as [BenchPractice, BenchPractice];
  for (const name of [undefined, SMALL_PRACTICE_NAME]) {
    const practitioner = await signInBenchPractitioner(db, name);
    if (!practitioner) throw new Error(`the scale seed made no practice ${name ?? "(the large one)"}`);
    const patientIds = (await db.selectFrom("patients").select("id")
      .where("practice_id", "=", practitioner.scope.practiceId).orderBy("id").limit(400).execute())
      .map((row) => row.id);
    practices.push({ practitioner, patientIds });
  }
  const auditPractice = await db.insertInto("practices").values({ name: "Anker des Benchmarks" })
    .returning("id").executeTakeFirstOrThrow();
  const count = async (table: "patients" | "appointments") =>
    Number(
      (await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"))
        .where("practice_id", "=", practices[0].practitioner.scope.practiceId).executeTakeFirstOrThrow()).n,
    );
  const summary = `scale ${scale}, large practice ${(await count("patients")).toLocaleString("en-US")} patients, ` +
    `${(await count("appointments")).toLocaleString("en-US")} appointments`;
  log(`${summary}; created, migrated and seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { practices, auditPracticeId: auditPractice.id, summary };
}
