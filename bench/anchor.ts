// The anchor benchmark (deno task bench -- anchor; part of `deno task bench`): how close the
// app's pages come to a bare Hono + postgres.js page doing only the unavoidable work of a record
// page (bench/anchor-server.ts). On a fresh Postgres database (created, migrated, seeded with a
// small scale data set, dropped at the end), in the same run and alternating in rounds:
//   the anchor's GET /patients/:id, the app's record page, week view and patient search (one
//   practitioner, 20 connections), and the record page with the 20 connections split over two
//   practices (one practitioner each) against all 20 in one practice;
// then ratios to the anchor, and the app process's resident memory under that load.
// Targets (issue 9, reported, never asserted): record page ≥ 0.35 of the anchor, week view ≥ 0.25,
// one practice within 15 % of two, peak RSS ≤ 200 MB.
//   BENCH_POSTGRES_URL    a database on the server to create the bench database from
//                         (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_ANCHOR_SECONDS  measured seconds per load (default 5, at most 60); BENCH_ANCHOR_ROUNDS (default 3)
import postgres from "postgres";
import { openPostgres } from "../db/database.ts";
import { startAnchorServer, startApp } from "./processes.ts";
import { formatTable, note, section } from "./table.ts";
import type { Exchange } from "./load.ts";
import { seedBenchData, type SeededBench } from "./anchor-data.ts";
import {
  type MeasuredLoad,
  measuredLoad,
  pageExchange,
  peakMemory,
  type PracticeUnderLoad,
  recordExchange,
  sampleMemory,
  servingPid,
} from "./anchor-load.ts";
import { searchTerms, weekViews } from "./clinical-queries.ts";
import { ROOT } from "./processes.ts";

const CONNECTIONS = 20;

type Kind = "anchor: bare record page" | "record page" | "week view" | "patient search" | "record page, 2 practices";
const KINDS: Kind[] = [
  "anchor: bare record page",
  "record page",
  "week view",
  "patient search",
  "record page, 2 practices",
];

export async function benchmarkAnchor() {
  const seconds = Math.min(60, Number(Deno.env.get("BENCH_ANCHOR_SECONDS") ?? 5) || 5);
  const rounds = Math.max(1, Math.min(10, Number(Deno.env.get("BENCH_ANCHOR_ROUNDS") ?? 3) || 3));
  const serverUrl = Deno.env.get("BENCH_POSTGRES_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `kartei_bench_anchor_${crypto.randomUUID().slice(0, 8)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDir = `./data/bench-anchor-${name.slice(-8)}`;
  section(
    `Anchor: the app's pages against a bare Hono + postgres.js record page (Postgres, ${CONNECTIONS} connections)`,
  );
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    note(`no database created on ${url.host} (${error instanceof Error ? error.message : error}): skipped`);
    await admin.end();
    return;
  }
  const database = openPostgres(url.href, 4);
  const stops: (() => Promise<void>)[] = [];
  try {
    const seeded = await seedBenchData(database.db, dataDir, (line) => note(line));
    const app = await startApp(dataDir, { DATABASE_URL: url.href });
    stops.push(() => app.served.stop());
    const anchor = await startAnchorServer(url.href, seeded.auditPracticeId);
    stops.push(() => anchor.stop());
    const pids = { app: await servingPid(app.served.pid), anchor: anchor.pid };
    const results = await measure(seeded, app.served.url, anchor.url, pids, { seconds, rounds });
    print(results, seeded, { seconds, rounds });
  } finally {
    for (const stop of stops.reverse()) await stop();
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    await Deno.remove(`${ROOT}/${dataDir}`, { recursive: true }).catch(() => {});
  }
}

interface Results {
  byKind: Map<Kind, MeasuredLoad[]>;
  memory: { peakRssMb: number; hwmMb: number; idleRssMb: number };
}

async function measure(
  seeded: SeededBench,
  appUrl: string,
  anchorUrl: string,
  pids: { app: number; anchor: number },
  options: { seconds: number; rounds: number },
): Promise<Results> {
  const [big, small] = seeded.practices;
  const terms = searchTerms();
  const weeks = weekViews(big.practitioner.practitionerIds);
  const exchanges: Record<Kind, Exchange> = {
    "anchor: bare record page": recordExchange(anchorUrl, [big]),
    "record page": recordExchange(appUrl, [big]),
    "week view": pageExchange((i) => {
      const view = weeks[i % weeks.length];
      return `${appUrl}/calendar/week?date=${view.date}&practitioner=${view.practitionerId}`;
    }, { Cookie: big.practitioner.cookie }),
    "patient search": pageExchange(
      (i) => `${appUrl}/patients/search?q=${encodeURIComponent(terms[i % terms.length].q)}`,
      { Cookie: big.practitioner.cookie, "HX-Request": "true" },
    ),
    "record page, 2 practices": recordExchange(appUrl, [big, small] as PracticeUnderLoad[]),
  };
  const byKind = new Map<Kind, MeasuredLoad[]>(KINDS.map((kind) => [kind, []]));
  const memory = await sampleMemory(pids.app);
  const idleRssMb = memory.current();
  memory.start();
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const kind of KINDS) {
        const server = kind.startsWith("anchor") ? pids.anchor : pids.app;
        const result = await measuredLoad(appUrl, exchanges[kind], {
          connections: CONNECTIONS,
          seconds: options.seconds,
        }, [server]);
        byKind.get(kind)!.push(result);
      }
    }
  } finally {
    memory.stop();
  }
  return { byKind, memory: { peakRssMb: memory.peak(), hwmMb: await peakMemory(pids.app), idleRssMb } };
}

function totalCpu(run: MeasuredLoad): number {
  const [used] = run.cpuPerRequest;
  return used.main + used.workers + used.rest;
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function print(results: Results, seeded: SeededBench, options: { seconds: number; rounds: number }) {
  const anchor = results.byKind.get("anchor: bare record page")!;
  const target: Partial<Record<Kind, number>> = { "record page": 0.35, "week view": 0.25 };
  const rows = KINDS.map((kind) => {
    const runs = results.byKind.get(kind)!;
    // Each round's ratio to the anchor of the same round, so a slow moment hits both.
    const ratio = median(runs.map((run, i) => run.requestsPerSecond / anchor[i].requestsPerSecond));
    const middle = runs.toSorted((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];
    const cpu = median(runs.map((run) => totalCpu(run)));
    return [
      kind,
      runs.map((run) => Math.round(run.requestsPerSecond)).join(" / "),
      Math.round(median(runs.map((run) => run.requestsPerSecond))),
      middle.p50Ms,
      middle.p95Ms,
      runs.reduce((sum, run) => sum + run.errors, 0),
      ratio,
      target[kind] === undefined ? "" : `≥ ${target[kind]}`,
      cpu,
      median(anchor.map((run) => totalCpu(run))) / cpu,
    ];
  });
  console.log(formatTable(
    [
      "page",
      "req/s per round",
      "req/s (median)",
      "p50 (ms)",
      "p95 (ms)",
      "errors",
      "÷ anchor",
      "target",
      "server CPU ms/req",
      "anchor's CPU ÷ this",
    ],
    rows,
  ));
  const one = results.byKind.get("record page")!;
  const two = results.byKind.get("record page, 2 practices")!;
  const split = median(one.map((run, i) => run.requestsPerSecond / two[i].requestsPerSecond));
  console.log();
  console.log(formatTable(["measured", "value", "target"], [
    ["record page: one practice ÷ two practices (req/s)", split, "≥ 0.85"],
    ["app process peak RSS under load, sampled (MB)", results.memory.peakRssMb, "≤ 200"],
    ["app process VmHWM at the end (MB)", results.memory.hwmMb, ""],
    ["app process RSS before the load (MB)", results.memory.idleRssMb, ""],
  ]));
  note(
    `${options.rounds} rounds, each load ${options.seconds} s after 1 s warm-up, in the order of the table; ` +
      `p50/p95 of the median round; ratios are medians of each round's ratio`,
  );
  note(
    `data: ${seeded.summary}; record pages cycle through ${seeded.practices[0].patientIds.length} patients; ` +
      `the anchor reads the same session and patients, and writes its audit rows into a practice of its own`,
  );
  note(
    "server CPU: user + system time of the serving process (all its threads) per answered request, " +
      "median of the rounds; its ratio does not depend on what else the machine runs (Postgres's share not included)",
  );
  note("2 practices: the 20 connections alternate between a practitioner of the large and one of a small practice");
  note(
    `the app, the anchor, Postgres and the load generator share the CPUs (load average ${
      Deno.loadavg()[0].toFixed(1)
    })`,
  );
}
