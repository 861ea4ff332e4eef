// deno task migrate: applies pending migrations to the configured database and exits.
import { loadConfig } from "../lib/config.ts";
import { DataDirInUseError, openEmbedded, openPostgres } from "../db/database.ts";
import { migrateToLatest } from "../db/migrator.ts";

const loaded = loadConfig(Deno.env.toObject());
if (!loaded.ok) {
  console.error("configuration problems:\n  " + loaded.errors.join("\n  "));
  Deno.exit(1);
}
const { config } = loaded;
const serverUrl = config.databaseDirectUrl ?? config.databaseUrl;
let database;
try {
  database = serverUrl
    ? openPostgres(serverUrl, {
      maxConnections: 1,
      prepare: config.databaseDirectUrl ? true : config.databasePreparedStatements,
    })
    : await openEmbedded(config.dataDir);
} catch (error) {
  if (!(error instanceof DataDirInUseError)) throw error;
  // The running app holds the data folder; it applies pending migrations itself at its start.
  console.error(`${error.message}\nStop the running app before migrating its data folder.`);
  Deno.exit(1);
}
try {
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "the database is up to date");
} finally {
  await database.close();
}
