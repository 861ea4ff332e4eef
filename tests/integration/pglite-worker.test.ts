// Embedded PGlite in a Web Worker (PGLITE_WORKER=1) behaves as in-process PGlite does for what
// the app relies on: the data folder's lock, data kept across a restart, interactive
// transactions that commit or roll back as a whole, Postgres's error codes, and column types.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { DataDirInUseError, openEmbedded, openInMemory } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";

const test = suite("PGlite in a worker");

test("keeps the data folder locked while it runs, and its data across a restart", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "kartei-pglite-worker-" });
  try {
    const first = await openEmbedded(dataDir, { worker: true });
    let refused: unknown;
    try {
      await migrateToLatest(first.db);
      await first.db.insertInto("practices").values({ name: "Praxis im Worker" }).execute();
      await openEmbedded(dataDir, { worker: true }).catch((error) => refused = error);
    } finally {
      await first.close();
    }
    assert.instance(refused, DataDirInUseError, "a second opening of the folder is refused");

    // The same folder opens in-process: the worker writes the ordinary PGlite format.
    const second = await openEmbedded(dataDir);
    try {
      const practices = await second.db.selectFrom("practices").select("name").execute();
      assert.equal(practices.map((p) => p.name), ["Praxis im Worker"]);
      assert.equal(await migrateToLatest(second.db), [], "nothing left to migrate");
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

test("a transaction is all or nothing, and others wait for it", async () => {
  const { db, close } = await openInMemory({ worker: true });
  try {
    await sql`create table visits (id int primary key, who text not null)`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`insert into visits values (1, 'erste')`.execute(trx);
      const inside = await sql<{ n: number }>`select count(*)::int as n from visits`.execute(trx);
      assert.is(inside.rows[0].n, 1, "the transaction reads its own write");
    });
    let outside: Promise<number> | undefined;
    const failed = await db.transaction().execute(async (trx) => {
      await sql`insert into visits values (2, 'zweite')`.execute(trx);
      // A statement outside the transaction waits until it ends (PGlite is one connection).
      outside = sql<{ n: number }>`select count(*)::int as n from visits`.execute(db).then((r) => r.rows[0].n);
      await sql`insert into visits values (1, 'doppelt')`.execute(trx);
    }).catch((error) => error);
    assert.is((failed as { code?: string }).code, "23505", "Postgres's unique-violation code reaches the caller");
    assert.is(await outside, 1, "the outside statement ran after the rollback, not inside the transaction");
    const rows = await db.selectFrom("visits" as never).select(sql<string>`who`.as("who")).execute();
    assert.equal(rows.map((row) => row.who), ["erste"], "the failed transaction left nothing behind");
  } finally {
    await close();
  }
});

test("dates, bytes, json, arrays and nulls come back as in-process PGlite returns them", async () => {
  const worker = await openInMemory({ worker: true });
  const inProcess = await openInMemory();
  try {
    const read = async (db: typeof worker.db) =>
      (await sql<Record<string, unknown>>`select ${new Date("2027-01-02T03:04:05.678Z")}::timestamptz as at,
        ${new Uint8Array([0, 1, 254, 255])}::bytea as bytes, ${'{"a":[1,"ü"]}'}::jsonb as json,
        ${["x", "y"]}::text[] as list, null::text as nothing, 9007199254740993::int8 as big,
        date '2027-02-03' as day`.execute(db)).rows[0];
    const fromWorker = await read(worker.db);
    assert.equal(fromWorker, await read(inProcess.db));
    assert.instance(fromWorker.at, Date);
    assert.instance(fromWorker.bytes, Uint8Array);
    assert.equal(fromWorker.json, { a: [1, "ü"] });
  } finally {
    await worker.close();
    await inProcess.close();
  }
});

test.run();
