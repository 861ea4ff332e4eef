// The single test runner: loads every *.test.ts / *.test.tsx under tests/ into uvu's deferred
// queue, runs them against one fresh database (PGlite, or the Postgres server named by
// TEST_DATABASE_URL), and ends with the line "N passed, N failed".
//   deno task test                 all suites
//   deno task test -- signin       only files whose path contains "signin"
// uvu must see UVU_DEFER before it is imported, hence the dynamic imports below.
(globalThis as Record<string, unknown>).UVU_DEFER = 1;
const queue: unknown[][] = ((globalThis as Record<string, unknown>).UVU_QUEUE ??= []) as unknown[][];

const { closeTestDatabase } = await import("./support/test-database.ts");

const root = new URL(".", import.meta.url);
const filter = Deno.args[0];
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

for (const file of files) {
  const name = file.slice(root.href.length);
  if (filter && !name.includes(filter)) continue;
  (globalThis as Record<string, unknown>).UVU_INDEX = queue.length;
  queue.push([name]);
  await import(file);
}

type SuiteRun = () => Promise<[string, number, number, number]>;
let passed = 0, failed = 0, skipped = 0;
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
console.log(
  `\n  database: ${Deno.env.get("TEST_DATABASE_URL") ? "postgres" : "pglite"}, ${
    Math.round(performance.now() - started)
  } ms`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
Deno.exit(failed ? 1 : 0);
