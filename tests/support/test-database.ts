// One fresh database per test run: an in-memory PGlite by default, or a new database on the
// Postgres server named by TEST_DATABASE_URL, created here and dropped when the run ends.
// TEST_PGLITE_WORKER=1 runs the in-memory PGlite in a Web Worker, as PGLITE_WORKER does for the app.
import postgres from "postgres";
import { type DatabaseHandle, openInMemory, openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { ensureShippedTerms } from "../../db/terms.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { testNow } from "./test-clock.ts";

let current: Promise<DatabaseHandle & { dropDatabase?: () => Promise<void> }> | undefined;

export function testDatabase() {
  current ??= open();
  return current;
}

async function open() {
  const serverUrl = Deno.env.get("TEST_DATABASE_URL");
  if (!serverUrl) {
    const handle = await openInMemory({ worker: Deno.env.get("TEST_PGLITE_WORKER") === "1" });
    await migrateToLatest(handle.db);
    await ensureShippedTerms(handle.db, CURRENT_TERMS, testNow());
    return handle;
  }
  const name = `kartei_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.href);
  await migrateToLatest(handle.db);
  await ensureShippedTerms(handle.db, CURRENT_TERMS, testNow());
  return {
    ...handle,
    async dropDatabase() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function closeTestDatabase() {
  if (!current) return;
  const handle = await current;
  await handle.close();
  await handle.dropDatabase?.();
  current = undefined;
}

/** The URL of a brand-new empty database on the test server, for tests of migrations themselves. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = Deno.env.get("TEST_DATABASE_URL");
  if (!serverUrl) return null;
  const name = `kartei_scratch_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
