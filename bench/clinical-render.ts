// The app's own time per clinical page, without HTTP or other clients: the whole app built in
// this process on a scale database, asked for week views and patient searches one after the
// other (app.request), as the clinical benchmark's clients ask. What is left after the database
// (bench/clinical-db.ts) is the app's CPU per request, which bounds throughput under load.
//   deno run -A bench/clinical-render.ts [count]
//   DATABASE_URL   default postgres://postgres@127.0.0.1:5432/kartei_bench_full
import { cpuUsage } from "node:process";
import { createApp } from "../app.ts";
import { loadConfig } from "../lib/config.ts";
import { systemClock } from "../lib/clock.ts";
import { createLogger } from "../lib/log.ts";
import { resolveMasterKey } from "../lib/master-key.ts";
import { loadStaticAssets } from "../lib/static-assets.ts";
import { openPostgres } from "../db/database.ts";
import { signInBenchPractitioner } from "./clinical-session.ts";
import { searchTerms, weekViews } from "./clinical-queries.ts";
import { summarizeLatencies } from "./load.ts";
import { formatTable } from "./table.ts";

const url = Deno.env.get("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/kartei_bench_full";
const count = Number(Deno.args[0] ?? 300) || 300;

const loaded = loadConfig({ DATABASE_URL: url, LOG_LEVEL: "warn" });
if (!loaded.ok) throw new Error(loaded.errors.join("; "));
const config = loaded.config;
const log = createLogger(config.logLevel);
const database = openPostgres(url, 2);
const practitioner = await signInBenchPractitioner(database.db);
if (!practitioner) throw new Error(`no scale data set in ${url}`);

try {
  const app = createApp({
    config,
    db: database.db,
    log,
    clock: systemClock,
    masterKey: await resolveMasterKey(config.masterKey, config.dataDir, log),
    assets: await loadStaticAssets(new URL("../static", import.meta.url).pathname),
    kickMailDelivery: () => {},
  });
  // As the benchmark's clients (Deno's fetch) ask: compressed answers.
  const headers = { Cookie: practitioner.cookie, "Accept-Encoding": "gzip, br" };
  const weeks = weekViews(practitioner.practitionerIds);
  const terms = searchTerms();
  const time = async (path: (i: number) => string, extra: Record<string, string> = {}, expect?: number) => {
    const latencies: number[] = [];
    let bytes = 0;
    let cpu = cpuUsage();
    for (let i = -20; i < count; i++) {
      if (i === 0) cpu = cpuUsage();
      const started = performance.now();
      const response = await app.request(path(Math.max(i, 0)), { headers: { ...headers, ...extra } });
      const body = await response.arrayBuffer();
      if (response.status !== (expect ?? 200)) throw new Error(`${path(Math.max(i, 0))} answered ${response.status}`);
      if (i >= 0) {
        latencies.push(performance.now() - started);
        bytes += body.byteLength;
      }
    }
    const used = cpuUsage(cpu);
    return {
      ...summarizeLatencies(latencies),
      cpuMs: (used.user + used.system) / 1000 / latencies.length,
      bytes: bytes / latencies.length,
    };
  };
  const results = [
    // Every practice page pays this: session, terms, network and browser admission.
    ["shared (GET /calendar, 303)", await time(() => "/calendar", {}, 303)],
    [
      "week view",
      await time((i) =>
        `/calendar/week?date=${weeks[i % weeks.length].date}&practitioner=${weeks[i % weeks.length].practitionerId}`
      ),
    ],
    [
      "search (htmx)",
      await time((i) => `/patients/search?q=${encodeURIComponent(terms[i % terms.length].q)}`, {
        "HX-Request": "true",
      }),
    ],
  ] as const;
  console.log(formatTable(
    ["page", "mean ms", "p50 ms", "p95 ms", "app CPU ms", "bytes sent"],
    results.map(([page, r]) => [
      page,
      r.meanMs.toFixed(2),
      r.p50Ms.toFixed(2),
      r.p95Ms.toFixed(2),
      r.cpuMs.toFixed(2),
      String(Math.round(r.bytes)),
    ]),
  ));
} finally {
  await practitioner.end();
  await database.close();
}
