// The clinical benchmark (deno task bench -- clinical): patient search and the week view at
// scale, on a Postgres server seeded with `deno task seed -- --scale` (full size) and
// `-- --scale=0.1` (a tenth), each in its own database. With a practitioner of the large practice:
//   1. the database's share: the app's db functions one after the other, varied input;
//   2. 20 clients working as people do (a pause of 0.5–1.5 s after each answer), and in a hurry
//      (0.1–0.3 s: five times the requests), over HTTP against the app running as
//      `deno task start` would on that database;
//   3. 20 clients asking again the moment they are answered (saturation: throughput);
//   4. the query plans (EXPLAIN ANALYZE, BUFFERS).
// Both data sets are measured alternately (query by query; load by load, in two rounds, keeping
// the round with the lower p95), so other work on the machine disturbs both alike. Then the
// ratio between them: how times grow with ten times the data.
//   BENCH_CLINICAL_FULL_URL   default postgres://postgres@127.0.0.1:5432/kartei_bench_full
//   BENCH_CLINICAL_TENTH_URL  default postgres://postgres@127.0.0.1:5432/kartei_bench_tenth
//   BENCH_CLINICAL_SECONDS    measured seconds per HTTP load (default 10, at most 60)
import { sql } from "kysely";
import { type DatabaseHandle, openPostgres } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { startApp, type StartedApp } from "./processes.ts";
import { type Exchange, generateLoad, type Latencies, type LoadResult } from "./load.ts";
import { formatTable, note, section } from "./table.ts";
import { type BenchPractitioner, signInBenchPractitioner } from "./clinical-session.ts";
import { searchTerms, weekViews } from "./clinical-queries.ts";
import { printPlans } from "./clinical-plans.ts";
import { pacedLoad } from "./clinical-load.ts";
import { type QueryTimes, timeQueries } from "./clinical-db.ts";

const CLIENTS = 20;
const ROUNDS = 2;
/** Pauses after each answer: people reading and typing, and people in a hurry (5× the requests). */
const PAUSE_MS: [number, number] = [500, 1500];
const HURRIED_PAUSE_MS: [number, number] = [100, 300];

interface DataSet {
  label: string;
  url: string;
  scaleArgument: string;
}

interface Prepared {
  set: DataSet;
  database: DatabaseHandle;
  practitioner: BenchPractitioner;
  app: StartedApp;
  patients: number;
  appointments: number;
}

type LoadKind =
  | "search, people working"
  | "week view, people working"
  | "search, people hurrying"
  | "week view, people hurrying"
  | "search, full speed"
  | "week view, full speed";

interface Measured {
  queries: QueryTimes;
  loads: Map<LoadKind, LoadResult>;
}

const terms = searchTerms();

export async function benchmarkClinical() {
  const seconds = Math.min(60, Number(Deno.env.get("BENCH_CLINICAL_SECONDS") ?? 10) || 10);
  const sets: DataSet[] = [
    {
      label: "full (scale 1)",
      url: Deno.env.get("BENCH_CLINICAL_FULL_URL") ?? "postgres://postgres@127.0.0.1:5432/kartei_bench_full",
      scaleArgument: "--scale",
    },
    {
      label: "tenth (scale 0.1)",
      url: Deno.env.get("BENCH_CLINICAL_TENTH_URL") ?? "postgres://postgres@127.0.0.1:5432/kartei_bench_tenth",
      scaleArgument: "--scale=0.1",
    },
  ];
  section("Clinical pages at scale: patient search and the week view of a practitioner of the large practice");
  const prepared: Prepared[] = [];
  try {
    for (const set of sets) {
      const ready = await prepare(set);
      if (ready) prepared.push(ready);
    }
    if (prepared.length === 0) return;
    const measured = await measure(prepared, seconds);
    for (const [i, ready] of prepared.entries()) {
      printDataSet(ready, measured[i], seconds);
      section(`Query plans at ${ready.set.label} (EXPLAIN ANALYZE, BUFFERS; after the load, caches warm)`);
      const { scope, practitionerIds } = ready.practitioner;
      const slowest = [...measured[i].queries.slowestByKind.values()];
      await printPlans(ready.set.url, scope, terms, slowest, practitionerIds[1] ?? scope.membershipId);
    }
    if (prepared.length === 2) printComparison(prepared, measured);
  } finally {
    for (const ready of prepared) {
      await ready.app.served.stop();
      await ready.practitioner.end();
      await ready.database.close();
    }
  }
}

/** The database brought up to date and analysed, a signed-in practitioner, the app running on it. */
async function prepare(set: DataSet): Promise<Prepared | undefined> {
  const database = openPostgres(set.url, 2);
  const practitioner = await signInBenchPractitioner(database.db).catch((error) => {
    note(`${set.label}: cannot read the database: ${error instanceof Error ? error.message : error}`);
    return undefined;
  });
  if (!practitioner) {
    note(`${set.label}: no scale data set; createdb …; DATABASE_URL=${set.url} deno task seed -- ${set.scaleArgument}`);
    await database.close();
    return undefined;
  }
  // What the app would apply at start, and fresh statistics for the indexes it may have added.
  await migrateToLatest(database.db);
  await sql`analyze patients`.execute(database.db);
  await sql`analyze appointments`.execute(database.db);
  const count = async (table: "patients" | "appointments") =>
    Number(
      (await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"))
        .where("practice_id", "=", practitioner.scope.practiceId).executeTakeFirstOrThrow()).n,
    );
  // The app on this database, with the default data folder for the master key the seed used.
  const app = await startApp("./data", { DATABASE_URL: set.url });
  return {
    set,
    database,
    practitioner,
    app,
    patients: await count("patients"),
    appointments: await count("appointments"),
  };
}

async function measure(prepared: Prepared[], seconds: number): Promise<Measured[]> {
  const queries = await timeQueries(
    prepared.map((p) => ({
      db: p.database.db,
      scope: p.practitioner.scope,
      weeks: weekViews(p.practitioner.practitionerIds),
    })),
    terms,
  );
  const loads = prepared.map(() => new Map<LoadKind, LoadResult>());
  const closed = { connections: CLIENTS, seconds, warmupSeconds: 2 };
  for (let round = 0; round < ROUNDS; round++) {
    for (
      const kind of [
        "search, people working",
        "week view, people working",
        "search, people hurrying",
        "week view, people hurrying",
        "search, full speed",
        "week view, full speed",
      ] as LoadKind[]
    ) {
      for (const [i, ready] of prepared.entries()) {
        const exchange = kind.startsWith("search") ? searchExchange(ready) : weekExchange(ready);
        const result = kind.endsWith("people working")
          ? await pacedLoad(exchange, { clients: CLIENTS, seconds, pauseMs: PAUSE_MS })
          : kind.endsWith("people hurrying")
          ? await pacedLoad(exchange, { clients: CLIENTS, seconds, pauseMs: HURRIED_PAUSE_MS })
          : await generateLoad(ready.app.served.url, { ...closed, exchange });
        const kept = loads[i].get(kind);
        if (!kept || result.p95Ms < kept.p95Ms) loads[i].set(kind, result);
      }
    }
  }
  return prepared.map((_, i) => ({ queries: queries[i], loads: loads[i] }));
}

/** GET /patients/search?q=… as htmx asks while typing (the rows only). */
function searchExchange(ready: Prepared): Exchange {
  return pageLoad(
    (i) => `${ready.app.served.url}/patients/search?q=${encodeURIComponent(terms[i % terms.length].q)}`,
    { Cookie: ready.practitioner.cookie, "HX-Request": "true" },
  );
}

/** GET /calendar/week?date=…&practitioner=… (the whole page). */
function weekExchange(ready: Prepared): Exchange {
  const weeks = weekViews(ready.practitioner.practitionerIds);
  return pageLoad((i) => {
    const view = weeks[i % weeks.length];
    return `${ready.app.served.url}/calendar/week?date=${view.date}&practitioner=${view.practitionerId}`;
  }, { Cookie: ready.practitioner.cookie });
}

/** A GET per request, the URL varied by a counter shared by all clients; a 200 counts. */
function pageLoad(url: (i: number) => string, headers: Record<string, string>): Exchange {
  let next = 0;
  return async (_worker, { client, signal }) => {
    const response = await fetch(url(next++), { client, signal, headers, redirect: "manual" });
    await response.arrayBuffer();
    return response.status === 200;
  };
}

function printDataSet(ready: Prepared, measured: Measured, seconds: number) {
  section(`${ready.set.label}: database ${new URL(ready.set.url).pathname.slice(1)}`);
  note(
    `large practice: ${ready.patients.toLocaleString("en-US")} patients, ` +
      `${ready.appointments.toLocaleString("en-US")} appointments, ` +
      `${ready.practitioner.practitionerIds.length} practitioners`,
  );
  const { queries } = measured;
  console.log();
  console.log(formatTable(
    ["database share (one at a time)", "count", "mean (ms)", "p50 (ms)", "p95 (ms)", "p99 (ms)", "max (ms)"],
    [
      ["searchPatients (25 rows)", queries.search.count, ...latencyCells(queries.search)],
      ...[...queries.searchByKind].map(([kind, times]) => [`  ${kind}`, times.count, ...latencyCells(times)]),
      ["listAppointments (a practitioner's week)", queries.week.count, ...latencyCells(queries.week)],
    ],
  ));
  console.log();
  console.log(formatTable(
    ["over HTTP, 20 clients", "requests", "errors", "req/s", "p50 (ms)", "p95 (ms)", "p99 (ms)", "max (ms)"],
    [...measured.loads].map(([kind, result]) => [kind, ...loadCells(result)]),
  ));
  note("search: GET /patients/search?q=… as htmx asks while typing (the rows only); week: GET /calendar/week");
  note(
    `people working: each client pauses ${PAUSE_MS[0]}–${PAUSE_MS[1]} ms after an answer; hurrying: ` +
      `${HURRIED_PAUSE_MS[0]}–${HURRIED_PAUSE_MS[1]} ms; full speed: at once (saturation, the machine's capacity)`,
  );
  note(`${seconds} s per load (full speed after 2 s warm-up), the better of ${ROUNDS} rounds by p95`);
  note(`the app, Postgres and the clients share the CPUs (load average now ${Deno.loadavg()[0].toFixed(1)})`);
  note("search terms: name beginnings, given + family name, misspelt names, birth dates, phone beginnings");
  note("weeks: ten back to ten ahead of this week, each with one of the practitioners");
}

function latencyCells(l: Latencies): number[] {
  return [l.meanMs, l.p50Ms, l.p95Ms, l.p99Ms, l.maxMs];
}

function loadCells(r: LoadResult): number[] {
  return [r.requests, r.errors, Math.round(r.requestsPerSecond), r.p50Ms, r.p95Ms, r.p99Ms, r.maxMs];
}

function printComparison(prepared: Prepared[], measured: Measured[]) {
  const [full, tenth] = measured;
  section("Growth: the full data set against a tenth of it (goal: p95 under 50 ms, at most 2× for 10× the data)");
  const row = (label: string, a: Latencies, b: Latencies) => [
    label,
    b.p95Ms,
    a.p95Ms,
    a.p50Ms / b.p50Ms,
    a.p95Ms / b.p95Ms,
    a.p95Ms < 50 ? "yes" : "no",
  ];
  console.log(formatTable(
    ["measured", "p95 tenth (ms)", "p95 full (ms)", "p50 ratio", "p95 ratio", "p95 < 50 ms"],
    [
      row("search, database share", full.queries.search, tenth.queries.search),
      ...[...full.queries.searchByKind].map(([kind, times]) =>
        row(`  ${kind}`, times, tenth.queries.searchByKind.get(kind)!)
      ),
      row("week, database share", full.queries.week, tenth.queries.week),
      ...[...full.loads].map(([kind, result]) => row(`${kind} (HTTP)`, result, tenth.loads.get(kind)!)),
    ],
  ));
  note(
    `large practice: ${prepared[1].patients.toLocaleString("en-US")} → ${
      prepared[0].patients.toLocaleString("en-US")
    } ` +
      `patients, ${prepared[1].appointments.toLocaleString("en-US")} → ` +
      `${prepared[0].appointments.toLocaleString("en-US")} appointments`,
  );
}
