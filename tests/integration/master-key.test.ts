// The master key against the database at start: a lost or wrong key refuses the start with one
// clear line (instead of a 500 on every document and second-factor step), and no key is ever
// generated where sealed data exists.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { openEmbedded, openInMemory } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { ensureShippedTerms } from "../../db/terms.ts";
import { checkMasterKey, holdsSealedData } from "../../db/master-key-check.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { WRONG_MASTER_KEY } from "../../lib/master-key.ts";
import { runEntryPoint, signedInBrowsers } from "../support/app-process.ts";

const newKey = () => crypto.getRandomValues(new Uint8Array(32));
const base64 = (key: Uint8Array) => btoa(String.fromCharCode(...key));

async function freshDatabase() {
  const handle = await openInMemory();
  await migrateToLatest(handle.db);
  await ensureShippedTerms(handle.db, CURRENT_TERMS, new Date());
  return handle;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

const test = suite("the master key at start");

test("the first start stores a check value; the same key opens it later, another key does not", async () => {
  const { db, close } = await freshDatabase();
  try {
    const key = newKey();
    assert.not.ok(await holdsSealedData(db), "an empty database: a key may be generated");
    assert.is(await checkMasterKey(db, key), "opens");
    assert.ok(await holdsSealedData(db), "from now on no key may be generated");
    assert.is(await checkMasterKey(db, newKey()), "wrong");
    assert.is(await checkMasterKey(db, key), "opens");
  } finally {
    await close();
  }
});

test("an installation from before the check value is checked against its practice key and factor secret", async () => {
  const { db, close } = await freshDatabase();
  try {
    // A registered owner: a practice key and an authenticator app's secret, both under the key.
    const { masterKey } = await signedInBrowsers(db, 1);
    assert.ok(await holdsSealedData(db));
    assert.is(await checkMasterKey(db, newKey()), "wrong");
    assert.is(await db.selectFrom("master_key_check").select("singleton").executeTakeFirst(), undefined);
    assert.is(await checkMasterKey(db, masterKey), "opens");
    assert.ok(await db.selectFrom("master_key_check").select("singleton").executeTakeFirst(), "stored now");
    assert.is(await checkMasterKey(db, newKey()), "wrong");
  } finally {
    await close();
  }
});

test("a start with a wrong or lost master key against existing data is refused with one line, no key generated", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "kartei-master-key-" });
  try {
    const setup = await openEmbedded(dataDir);
    await migrateToLatest(setup.db);
    await ensureShippedTerms(setup.db, CURRENT_TERMS, new Date());
    await signedInBrowsers(setup.db, 1);
    await setup.close();

    const wrong = await runEntryPoint("main.ts", { DATA_DIR: dataDir, KARTEI_MASTER_KEY: base64(newKey()) });
    assert.is.not(wrong.code, 0);
    assert.is(wrong.stderr.trim(), WRONG_MASTER_KEY, "one clear line, no stack trace");
    assert.not.ok(wrong.stdout.includes("Kartei is listening"));

    const lost = await runEntryPoint("main.ts", { DATA_DIR: dataDir });
    assert.is.not(lost.code, 0);
    assert.is(lost.stderr.trim().split("\n").length, 1, lost.stderr);
    assert.match(lost.stderr, /master\.key is missing, but the database holds data sealed with a master key/);
    assert.not.ok(await exists(`${dataDir}/master.key`), "no new key was generated");
    assert.not.ok(lost.stdout.includes("master key generated"));
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

test("deno task migrate on a data folder a running app holds ends with the same clear line", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "kartei-migrate-held-" });
  const holder = await Deno.open(`${dataDir}/kartei.lock`, { create: true, write: true });
  await holder.lock(true);
  try {
    const migrate = await runEntryPoint("bin/migrate.ts", { DATA_DIR: dataDir });
    assert.is(migrate.code, 1);
    assert.match(migrate.stderr, /is in use by another Kartei process/);
    assert.not.match(migrate.stderr, /^\s+at /m, "no stack trace");
  } finally {
    holder.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

test.run();
