// deno task seed: fills the configured database with made-up data.
//   deno task seed                    the demo practice (sign in as demo@kartei.example), on
//                                     PGlite in the data folder or the DATABASE_URL server
//   deno task seed -- --scale         the scale data set (Postgres server only): ten practices,
//                                     one with 100,000 patients and 1,000,000 appointments
//   deno task seed -- --scale=0.1     the same at a tenth of every count
// Encrypted data is sealed with the data keys under this installation's master key
// (KARTEI_MASTER_KEY, or the one in the data folder), so the app started the same way reads it.
import { loadConfig } from "../lib/config.ts";
import { createLogger } from "../lib/log.ts";
import { MasterKeyError, resolveMasterKey, WRONG_MASTER_KEY } from "../lib/master-key.ts";
import { CURRENT_TERMS } from "../lib/terms.ts";
import { DataDirInUseError, openEmbedded, openPostgres } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { checkMasterKey, holdsSealedData } from "../db/master-key-check.ts";
import { ensureShippedTerms } from "../db/terms.ts";
import { DEMO_DEFAULTS, seedDemo } from "../db/seed/demo.ts";
import { seedScale } from "../db/seed/scale.ts";

const loaded = loadConfig(Deno.env.toObject());
if (!loaded.ok) {
  console.error("configuration problems:\n  " + loaded.errors.join("\n  "));
  Deno.exit(1);
}
const { config } = loaded;

// `deno task seed -- --scale` passes the "--" on.
const args = Deno.args.filter((arg) => arg !== "--");
const scaleArgument = args.find((arg) => arg === "--scale" || arg.startsWith("--scale="));
const unknown = args.filter((arg) => arg !== scaleArgument);
const scale = scaleArgument === undefined ? null : scaleArgument === "--scale" ? 1 : Number(scaleArgument.slice(8));
if (unknown.length || (scale !== null && !(scale > 0 && scale <= 10))) {
  console.error("usage: deno task seed [-- --scale[=factor]]   (factor above 0, at most 10; default 1)");
  Deno.exit(2);
}
if (scale !== null && !config.databaseUrl) {
  console.error(
    "the scale data set needs a Postgres server: set DATABASE_URL (e.g. after `createdb kartei_scale`).\n" +
      "Embedded PGlite is one connection in one process and is not what the scale measurements are about.",
  );
  Deno.exit(2);
}

let database;
try {
  database = config.databaseUrl ? openPostgres(config.databaseUrl, 4) : await openEmbedded(config.dataDir);
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(`${error.message}\nStop the running app before seeding its data folder.`);
    Deno.exit(1);
  }
  throw error;
}
const started = performance.now();
try {
  const applied = await migrateToLatest(database.db);
  if (applied.length) console.log(`migrations applied: ${applied.length}`);
  await ensureShippedTerms(database.db, CURRENT_TERMS, new Date());
  // The same master key check as the app's start: seeding must never seal with a key that is
  // not the database's own, nor generate one when sealed data exists.
  let masterKey: Uint8Array;
  try {
    masterKey = await resolveMasterKey(config.masterKey, config.dataDir, createLogger(config.logLevel), {
      mayGenerate: !(await holdsSealedData(database.db)),
    });
  } catch (error) {
    if (!(error instanceof MasterKeyError)) throw error;
    console.error(error.message);
    Deno.exit(1);
  }
  if (await checkMasterKey(database.db, masterKey) === "wrong") {
    console.error(WRONG_MASTER_KEY);
    Deno.exit(1);
  }
  console.log(`database: ${database.kind}`);
  if (scale !== null) {
    await seedScale(database.db, masterKey, { scale, log: (line) => console.log(line) });
  } else {
    await seedDemo(database.db, masterKey, {
      ...DEMO_DEFAULTS,
      now: new Date(),
      termsVersion: CURRENT_TERMS.version,
      log: (line) => console.log(line),
    });
    console.log("sign in as demo@kartei.example, or as a team member (README, Demo and scale data)");
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  const keyMismatch = error instanceof Error && error.name === "OperationError";
  console.error(
    keyMismatch
      ? "seeding failed: the practice's data key does not open with this master key; seed with the same " +
        "KARTEI_MASTER_KEY (or DATA_DIR with its master.key) as the app uses"
      : `seeding failed: ${error instanceof Error ? error.message : error}`,
  );
  Deno.exitCode = 1;
} finally {
  await database.close();
}
