// The record page, week view and search on embedded PGlite (deno task bench -- anchor-pglite):
// PGlite in the app's own thread (the way it ran until PGLITE_WORKER) against PGlite in a Web
// Worker (PGLITE_WORKER=1), in the same run, alternating in rounds. One data folder is filled
// with the demo practice (as `KARTEI_DEMO=1 deno task start` does) and a signed-in practitioner,
// then copied, so each app has its own folder with the same data; both are removed at the end.
//   BENCH_ANCHOR_SECONDS, BENCH_ANCHOR_ROUNDS as for the anchor benchmark.
import { cp } from "node:fs/promises";
import { openEmbedded } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { ensureShippedTerms } from "../db/terms.ts";
import { DEMO_DEFAULTS, seedDemo } from "../db/seed/demo.ts";
import { CURRENT_TERMS } from "../lib/terms.ts";
import { resolveMasterKey } from "../lib/master-key.ts";
import { createLogger } from "../lib/log.ts";
import { ROOT, startApp, type StartedApp } from "./processes.ts";
import { formatTable, note, section } from "./table.ts";
import type { Exchange } from "./load.ts";
import {
  type MeasuredLoad,
  measuredLoad,
  pageExchange,
  recordExchange,
  sampleMemory,
  servingPid,
  type ThreadCpu,
} from "./anchor-load.ts";
import { signInBenchPractitioner } from "./clinical-session.ts";
import { searchTerms, weekViews } from "./clinical-queries.ts";

const CONNECTIONS = 20;
const DEMO_PRACTICE_NAME = "Demo-Praxis am Lindenplatz";
const PAGES = ["record page", "week view", "patient search"] as const;
const MODES = ["in the app's thread", "in a worker"] as const;

export async function benchmarkPGliteWorker() {
  const seconds = Math.min(60, Number(Deno.env.get("BENCH_ANCHOR_SECONDS") ?? 5) || 5);
  const rounds = Math.max(1, Math.min(10, Number(Deno.env.get("BENCH_ANCHOR_ROUNDS") ?? 3) || 3));
  section(`PGlite in the app's thread against PGlite in a worker (PGLITE_WORKER=1), ${CONNECTIONS} connections`);
  const id = crypto.randomUUID().slice(0, 8);
  const folders = [`./data/bench-pglite-${id}-thread`, `./data/bench-pglite-${id}-worker`];
  const apps: StartedApp[] = [];
  try {
    const started = performance.now();
    const database = await openEmbedded(folders[0]);
    const masterKey = await resolveMasterKey(undefined, folders[0], createLogger("error"));
    await migrateToLatest(database.db);
    await ensureShippedTerms(database.db, CURRENT_TERMS, new Date());
    await seedDemo(database.db, masterKey, {
      ...DEMO_DEFAULTS,
      now: new Date(),
      termsVersion: CURRENT_TERMS.version,
      log: () => {},
    });
    const practitioner = await signInBenchPractitioner(database.db, DEMO_PRACTICE_NAME);
    if (!practitioner) throw new Error("the demo seed made no demo practice");
    const patientIds = (await database.db.selectFrom("patients").select("id")
      .where("practice_id", "=", practitioner.scope.practiceId).orderBy("id").limit(400).execute()).map((r) => r.id);
    await database.close();
    await cp(`${ROOT}/${folders[0]}`, `${ROOT}/${folders[1]}`, { recursive: true });
    note(
      `demo practice seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${patientIds.length} patients`,
    );

    apps.push(await startApp(folders[0], { PGLITE_WORKER: "0" }));
    apps.push(await startApp(folders[1], { PGLITE_WORKER: "1" }));
    const terms = searchTerms();
    const weeks = weekViews(practitioner.practitionerIds.slice(0, 3), 5);
    const exchanges = apps.map((app): Record<(typeof PAGES)[number], Exchange> => ({
      "record page": recordExchange(app.served.url, [{ practitioner, patientIds }]),
      "week view": pageExchange((i) => {
        const view = weeks[i % weeks.length];
        return `${app.served.url}/calendar/week?date=${view.date}&practitioner=${view.practitionerId}`;
      }, { Cookie: practitioner.cookie }),
      "patient search": pageExchange(
        (i) => `${app.served.url}/patients/search?q=${encodeURIComponent(terms[i % terms.length].q)}`,
        { Cookie: practitioner.cookie, "HX-Request": "true" },
      ),
    }));
    const pids = await Promise.all(apps.map((app) => servingPid(app.served.pid)));
    const memories = await Promise.all(pids.map((pid) => sampleMemory(pid)));
    const results = new Map<string, MeasuredLoad[]>();
    memories.forEach((memory) => memory.start());
    try {
      for (let round = 0; round < rounds; round++) {
        for (const page of PAGES) {
          for (const [m, mode] of MODES.entries()) {
            const result = await measuredLoad(apps[m].served.url, exchanges[m][page], {
              connections: CONNECTIONS,
              seconds,
            }, [pids[m]]);
            const key = `${page}|${mode}`;
            results.set(key, [...results.get(key) ?? [], result]);
          }
        }
      }
    } finally {
      memories.forEach((memory) => memory.stop());
    }
    const rows = PAGES.flatMap((page) =>
      MODES.map((mode) => {
        const runs = results.get(`${page}|${mode}`)!;
        const thread = results.get(`${page}|${MODES[0]}`)!;
        const middle = runs.toSorted((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];
        const cpu = medianCpu(runs);
        return [
          `${page}, PGlite ${mode}`,
          runs.map((run) => Math.round(run.requestsPerSecond)).join(" / "),
          Math.round(middle.requestsPerSecond),
          middle.p50Ms,
          middle.p95Ms,
          runs.reduce((sum, run) => sum + run.errors, 0),
          median(runs.map((run, i) => run.requestsPerSecond / thread[i].requestsPerSecond)),
          cpu.main,
          cpu.workers,
          cpu.rest,
          Math.round(twoCoreBound(cpu)),
        ];
      })
    );
    console.log(formatTable(
      [
        "page",
        "req/s per round",
        "req/s (median)",
        "p50 (ms)",
        "p95 (ms)",
        "errors",
        "÷ in thread",
        "CPU ms/req main thread",
        "worker",
        "other threads",
        "bound on 2 free cores (req/s)",
      ],
      rows,
    ));
    console.log();
    console.log(formatTable(
      ["app process", "peak RSS under load, sampled (MB)"],
      MODES.map((mode, m) => [`PGlite ${mode}`, memories[m].peak()]),
    ));
    note(`${rounds} rounds, each load ${seconds} s after 1 s warm-up; p50/p95 of the median round`);
    note(
      "CPU ms/req: user + system time per answered request by thread of the app process (median of the rounds); " +
        "bound: what the busiest thread, or both cores together, would allow with nothing else on the machine",
    );
    note("target (issue 9): the record page at 2× the req/s of PGlite in the app's thread");
    note(`both apps, the load generator share the CPUs (load average ${Deno.loadavg()[0].toFixed(1)})`);
  } finally {
    for (const app of apps) await app.served.stop();
    for (const folder of folders) await Deno.remove(`${ROOT}/${folder}`, { recursive: true }).catch(() => {});
  }
}

function medianCpu(runs: MeasuredLoad[]): ThreadCpu {
  const of = (pick: (cpu: ThreadCpu) => number) => median(runs.map((run) => pick(run.cpuPerRequest[0])));
  return { main: of((cpu) => cpu.main), workers: of((cpu) => cpu.workers), rest: of((cpu) => cpu.rest) };
}

/** Requests per second one process could answer on two otherwise idle cores: each thread is one core at most. */
function twoCoreBound(cpu: ThreadCpu): number {
  return Math.min(
    1000 / cpu.main,
    cpu.workers > 0 ? 1000 / cpu.workers : Infinity,
    2000 / (cpu.main + cpu.workers + cpu.rest),
  );
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
