import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { DataDirInUseError, openEmbedded, openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { createScratchDatabase, testDatabase } from "../support/test-database.ts";
import { clearExpired } from "../../db/housekeeping.ts";
import { onPostgres } from "../support/postgres-race.ts";

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

// PGlite is one process by construction; this is the Postgres case.
if (onPostgres) {
  test("app processes starting together migrate exactly once (on Postgres, concurrent)", async () => {
    const scratch = (await createScratchDatabase())!;
    const processes = [openPostgres(scratch.url, 2), openPostgres(scratch.url, 2), openPostgres(scratch.url, 2)];
    try {
      const applied = await Promise.all(processes.map((p) => migrateToLatest(p.db)));
      const migrations = [...Deno.readDirSync(new URL("../../db/migrations", import.meta.url))].length;
      assert.is(
        applied.filter((names) => names.length > 0).length,
        1,
        "one process migrated, the others found it done",
      );
      assert.is(applied.flat().length, migrations);
      const rows = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(processes[0].db);
      assert.is(rows.rows[0].n, migrations);
    } finally {
      await Promise.all(processes.map((p) => p.close()));
      await scratch.drop();
    }
  });
}

test.run();

const housekeeping = suite("housekeeping");

housekeeping("expired sessions, old codes and stale enrolments are cleared; live ones stay", async () => {
  const { db } = await testDatabase();
  const now = new Date("2027-03-01T12:00:00Z");
  const account = await db.insertInto("accounts").values({
    email: `housekeeping.${crypto.randomUUID()}@praxis.example`,
    name: "H",
    password_hash: "x",
    status: "active",
    language: "de",
  }).returning("id").executeTakeFirstOrThrow();
  const session = (hash: string, lastSeen: Date, expires: Date) => ({
    token_hash: hash,
    account_id: account.id,
    practice_id: null,
    created_at: lastSeen,
    last_seen_at: lastSeen,
    expires_at: expires,
    user_agent: null,
  });
  const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
  await db.insertInto("sessions").values([
    session(`live-${account.id}`, minutes(-5), minutes(600)),
    session(`idle-${account.id}`, minutes(-31), minutes(600)),
    session(`old-${account.id}`, minutes(-1), minutes(-1)),
  ]).execute();
  await db.insertInto("second_factors").values([
    {
      id: crypto.randomUUID(),
      account_id: account.id,
      kind: "totp",
      name: "stale",
      status: "pending",
      created_at: minutes(-61),
    },
    {
      id: crypto.randomUUID(),
      account_id: account.id,
      kind: "totp",
      name: "fresh",
      status: "pending",
      created_at: minutes(-1),
    },
  ]).execute();
  await clearExpired(db, now, { idleMinutes: 30, absoluteHours: 12 });
  const sessions = await db.selectFrom("sessions").select("token_hash").where("account_id", "=", account.id).execute();
  assert.equal(sessions.map((s) => s.token_hash), [`live-${account.id}`]);
  const factors = await db.selectFrom("second_factors").select("name").where("account_id", "=", account.id).execute();
  assert.equal(factors.map((f) => f.name), ["fresh"]);
});

housekeeping.run();
