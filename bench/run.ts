// deno task bench: measures and prints, never asserts. Seven questions:
//   1. how many bytes a first visit to /sign-in costs on a slow line (compressed, on the wire);
//   2. how long `deno task start` takes to answer /readyz, on a new and on an existing data folder;
//   3. how many sign-in pages per second the app serves next to a bare Hono hello-world;
//   4. how long the password step of signing in takes with Argon2id (sign-in.ts);
//   5. how an authenticated page holds up while other clients keep signing in (sign-in.ts);
//   6. what a first visit to each main page transfers against issue 10's 30 KB (page-weights.ts;
//      alone: `deno task bench -- page-weights`);
//   7. how the record page, week view and search compare with a bare Hono + postgres.js page
//      doing only a record page's unavoidable work (anchor.ts, on a fresh Postgres database;
//      alone: `deno task bench -- anchor`).
// On request only: `deno task bench -- anchor-pglite`, the same pages on embedded PGlite in the
// app's thread against PGlite in a Web Worker (anchor-pglite.ts).
// The app runs as a child process on embedded PGlite in ./data/bench-<random>, removed at the end.
// Patient search and the week view at scale (bench/clinical.ts) run on seeded Postgres databases,
// only on request: `deno task bench -- clinical`, or BENCH_CLINICAL=1 after these. The memory of
// eight concurrent uploads at the size limit (bench/uploads.ts) runs on the local Postgres server:
// `deno task bench -- uploads`, or BENCH_UPLOADS=1 after these. A reminder run of 10,000 due
// messages on the local Postgres server (bench/reminders.ts): `deno task bench -- reminders`. The online
// booking page's free-slot computation for 8 weeks × 10 practitioners (bench/free-slots.ts):
// `deno task bench -- free-slots`.
// Issue latency of invoices alone and with 20 clients (bench/invoices.ts, local Postgres):
// `deno task bench -- invoices`. The yearly billing export ZIP of 1,000 and 5,000 invoices with PDFs
// (bench/billing-export.ts): `deno task bench -- billing-export`.
import { ROOT, startApp, startHelloWorld } from "./processes.ts";
import { measureFirstVisit } from "./wire-size.ts";
import { generateLoad, type LoadOptions, type LoadResult } from "./load.ts";
import { formatTable, kilobytes, note, section } from "./table.ts";
import { benchmarkSignIn } from "./sign-in.ts";
import { benchmarkClinical } from "./clinical.ts";
import { benchmarkAnchor } from "./anchor.ts";
import { benchmarkPGliteWorker } from "./anchor-pglite.ts";
import { benchmarkUploads } from "./uploads.ts";
import { benchmarkReminders } from "./reminders.ts";
import { benchmarkFreeSlots } from "./free-slots.ts";
import { benchmarkPageWeights } from "./page-weights.ts";
import { benchmarkInvoices } from "./invoices.ts";
import { benchmarkBillingExport } from "./billing-export.ts";

const LOAD: LoadOptions = { connections: 20, seconds: 5, warmupSeconds: 1 };

console.log(`Kartei benchmark, ${new Date().toISOString()}`);
console.log(
  `deno ${Deno.version.deno}, ${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} CPUs, ` +
    `load generator and servers share them`,
);

const cached = performance.now();
const cache = await new Deno.Command(Deno.execPath(), { args: ["cache", "main.ts"], cwd: ROOT, stdout: "null" })
  .output();
if (!cache.success) throw new Error(`deno cache main.ts failed: ${new TextDecoder().decode(cache.stderr)}`);
console.log(`dependencies cached (deno cache main.ts: ${Math.round(performance.now() - cached)} ms)`);

if (Deno.args.includes("clinical")) {
  await benchmarkClinical();
  Deno.exit(0);
}
if (Deno.args.includes("anchor-pglite")) {
  await benchmarkPGliteWorker();
  Deno.exit(0);
}
if (Deno.args.includes("anchor")) {
  await benchmarkAnchor();
  Deno.exit(0);
}
if (Deno.args.includes("free-slots")) {
  await benchmarkFreeSlots();
  Deno.exit(0);
}
if (Deno.args.includes("page-weights")) {
  await benchmarkPageWeights();
  Deno.exit(0);
}
if (Deno.args.includes("uploads")) {
  await benchmarkUploads();
  Deno.exit(0);
}
if (Deno.args.includes("reminders")) {
  await benchmarkReminders();
  Deno.exit(0);
}
if (Deno.args.includes("invoices")) {
  await benchmarkInvoices();
  Deno.exit(0);
}
if (Deno.args.includes("billing-export")) {
  await benchmarkBillingExport();
  Deno.exit(0);
}

const dataDir = `./data/bench-${crypto.randomUUID().slice(0, 8)}`;
try {
  section("Start: spawning `deno task start` until the first 200 on /readyz (embedded PGlite)");
  const fresh = await startApp(dataDir);
  await fresh.served.stop();
  const reopened = await startApp(dataDir);
  console.log(formatTable(["data folder", "spawn → /readyz 200 (ms)", "main.ts reports (ms)"], [
    ["new (database created)", Math.round(fresh.readyMs), fresh.reportedStartupMs ?? NaN],
    ["existing (reopened)", Math.round(reopened.readyMs), reopened.reportedStartupMs ?? NaN],
  ]));
  note("the difference between the columns is deno task, the assets step it depends on, and module loading");

  try {
    section("First visit to /sign-in: response bytes on the wire, Accept-Encoding: br, gzip");
    const resources = await measureFirstVisit(reopened.served.url, "/sign-in");
    const rows = resources.map((r) => [
      r.path.replace(/^\/static\/[0-9a-f]+\//, "/static/…/"),
      r.status,
      r.encoding,
      r.headerBytes,
      r.bodyBytes,
      r.headerBytes + r.bodyBytes,
      r.decodedBytes,
    ]);
    const sum = (pick: (r: (typeof resources)[number]) => number) => resources.reduce((total, r) => total + pick(r), 0);
    const wire = sum((r) => r.headerBytes + r.bodyBytes);
    rows.push(["total", NaN, "", sum((r) => r.headerBytes), sum((r) => r.bodyBytes), wire, sum((r) => r.decodedBytes)]);
    console.log(formatTable(["resource", "status", "encoding", "headers", "body", "on wire", "uncompressed"], rows));
    note(`${kilobytes(wire)} received for the first visit; later pages reuse the cached CSS, JS and icon`);
    note("request bytes are not counted; the body column includes chunked framing where the page is streamed");

    section(
      `Throughput: ${LOAD.connections} connections, ${LOAD.seconds} s each after ${LOAD.warmupSeconds} s warm-up, ` +
        `fetch with Accept-Encoding: gzip, br`,
    );
    const results: [string, LoadResult][] = [];
    results.push(["Kartei GET /sign-in", await generateLoad(`${reopened.served.url}/sign-in`, LOAD)]);
    const hello = await startHelloWorld();
    try {
      results.push(["Hono hello-world GET /", await generateLoad(`${hello.url}/`, LOAD)]);
    } finally {
      await hello.stop();
    }
    console.log(formatTable(
      ["server", "requests", "errors", "req/s", "p50 (ms)", "p95 (ms)", "p99 (ms)", "max (ms)"],
      results.map(([name, r]) => [
        name,
        r.requests,
        r.errors,
        Math.round(r.requestsPerSecond),
        r.p50Ms,
        r.p95Ms,
        r.p99Ms,
        r.maxMs,
      ]),
    ));
    note("each sign-in page is a first visit: a new CSRF token and cookie, gzip by hono/compress, no database query");
    note("both servers are child processes; the generator runs in this process on the same CPUs");

    await benchmarkSignIn(reopened.served.url, LOAD);
  } finally {
    await reopened.served.stop();
  }
} finally {
  await Deno.remove(`${ROOT}/${dataDir}`, { recursive: true }).catch(() => {});
}

await benchmarkPageWeights();
await benchmarkAnchor();

if (Deno.env.get("BENCH_CLINICAL") === "1") await benchmarkClinical();
if (Deno.env.get("BENCH_UPLOADS") === "1") await benchmarkUploads();
