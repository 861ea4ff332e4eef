import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { DataDirInUseError, openEmbedded, openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { createScratchDatabase, testDatabase } from "../support/test-database.ts";

const test = suite("the database");

test("migrations are idempotent", async () => {
  const { db } = await testDatabase();
  assert.equal(await migrateToLatest(db), [], "a second run applies nothing");
});

test("a second process on the same data folder fails fast with a clear message", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "kartei-lock-" });
  const holder = await Deno.open(`${dataDir}/kartei.lock`, { create: true, write: true });
  await holder.lock(true);
  try {
    const started = performance.now();
    let refused: unknown;
    try {
      await openEmbedded(dataDir);
    } catch (error) {
      refused = error;
    }
    assert.instance(refused, DataDirInUseError);
    assert.match(String((refused as Error).message), /in use by another Kartei process/);
    assert.ok(performance.now() - started < 10_000, "refused without waiting for the other process");
  } finally {
    holder.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

test("embedded PGlite keeps its data across a restart", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "kartei-pglite-" });
  try {
    const first = await openEmbedded(dataDir);
    await migrateToLatest(first.db);
    await first.db.insertInto("practices").values({ name: "Bleibt" }).execute();
    await first.close();

    const second = await openEmbedded(dataDir);
    const practices = await second.db.selectFrom("practices").select("name").execute();
    assert.equal(practices.map((p) => p.name), ["Bleibt"]);
    assert.equal(await migrateToLatest(second.db), []);
    await second.close();
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

test("app processes starting together on Postgres migrate exactly once", async () => {
  const scratch = await createScratchDatabase();
  if (!scratch) return; // PGlite is one process by construction; this is the Postgres case.
  const processes = [openPostgres(scratch.url, 2), openPostgres(scratch.url, 2), openPostgres(scratch.url, 2)];
  try {
    const applied = await Promise.all(processes.map((p) => migrateToLatest(p.db)));
    assert.is(applied.flat().length, 1, "one of them applied the migration, the others found it done");
    const tables = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(processes[0].db);
    assert.is(tables.rows[0].n, 1);
  } finally {
    await Promise.all(processes.map((p) => p.close()));
    await scratch.drop();
  }
});

test.run();
