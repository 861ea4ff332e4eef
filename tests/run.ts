// The single test runner: loads every *.test.ts / *.test.tsx under tests/ into uvu's deferred
// queue, runs them against one fresh database (PGlite, or the Postgres server named by
// TEST_DATABASE_URL), and ends with the line "N passed, N failed".
//   deno task test                 all suites
//   deno task test -- signin       only files whose path contains "signin"
// Browser tests need Chromium: tests/support/chromium.ts finds it, installs it (root with
// apt-get) or fails those files with one line saying what to run.
// uvu must see UVU_DEFER before it is imported, hence the dynamic imports below.
(globalThis as Record<string, unknown>).UVU_DEFER = 1;
const queue: unknown[][] = ((globalThis as Record<string, unknown>).UVU_QUEUE ??= []) as unknown[][];

const { closeTestDatabase } = await import("./support/test-database.ts");
const { ensureChromium } = await import("./support/chromium.ts");

const root = new URL(".", import.meta.url);
// `deno task test -- sign-in` hands the runner the "--" too: the filter is what follows it.
const args = Deno.args[0] === "--" ? Deno.args.slice(1) : Deno.args;
const filter = args[0];
const files: string[] = [];
async function collect(dir: URL) {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) await collect(url);
    else if (/\.test\.tsx?$/.test(entry.name)) files.push(url.href);
  }
}
await collect(root);
files.sort();

const selected = files.filter((file) => !filter || file.slice(root.href.length).includes(filter));
const isBrowserTest = (file: string) => file.slice(root.href.length).startsWith("browser/");
const chromium = selected.some(isBrowserTest) ? await ensureChromium() : { ok: true as const };
if (!chromium.ok) console.log(chromium.message);
let failedWithoutChromium = 0;

for (const file of selected) {
  const name = file.slice(root.href.length);
  if (!chromium.ok && isBrowserTest(file)) {
    failedWithoutChromium++;
    continue;
  }
  (globalThis as Record<string, unknown>).UVU_INDEX = queue.length;
  queue.push([name]);
  await import(file);
}

type SuiteRun = () => Promise<[string, number, number, number]>;
let passed = 0, failed = failedWithoutChromium, skipped = 0;
const started = performance.now();
for (const group of queue) {
  const [name, ...suites] = group as [string, ...SuiteRun[]];
  console.log(`\n${name}`);
  for (const runSuite of suites) {
    const [errors, ran, skips, total] = await runSuite();
    passed += ran;
    skipped += skips;
    failed += total - ran - skips;
    if (errors.length) console.log(errors);
  }
}
await closeTestDatabase();
if (!chromium.ok) console.log(`\n${chromium.message} (${failedWithoutChromium} browser test files counted as failed)`);
console.log(
  `\n  database: ${Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite"}, ${
    Math.round(performance.now() - started)
  } ms`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
Deno.exit(failed ? 1 : 0);
