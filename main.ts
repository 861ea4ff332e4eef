// Composition root: config → database → migrations → app → Deno.serve → background jobs.
import { loadConfig } from "./lib/config.ts";
import { createLogger } from "./lib/log.ts";
import { systemClock } from "./lib/clock.ts";
import { resolveMasterKey } from "./lib/master-key.ts";
import { loadStaticAssets } from "./lib/static-assets.ts";
import { createSmtpTransport } from "./lib/mail.ts";
import { type DatabaseHandle, DataDirInUseError, openEmbedded, openPostgres } from "./db/database.ts";
import { migrateToLatest } from "./db/migrator.ts";
import { type MailDelivery, startMailDelivery } from "./db/outgoing-mails.ts";
import { DEMO_EMAIL, DEMO_PASSWORD, ensureDemoPractice } from "./db/demo-practice.ts";
import { hashPassword } from "./lib/password.ts";
import { createWrappedDataKey } from "./lib/envelope-encryption.ts";
import { CURRENT_TERMS } from "./lib/terms.ts";
import { ensureShippedTerms } from "./db/terms.ts";
import { clearExpired } from "./db/housekeeping.ts";
import { startAutoLock } from "./db/auto-lock.ts";
import { startNoteFinalizing } from "./db/note-finalizing.ts";
import { startKeyRotationJob } from "./db/key-rotation-job.ts";
import { startBackupJob } from "./db/backup-job.ts";
import { resolveBackupRecipient } from "./lib/backup-key.ts";
import { createMetrics } from "./lib/metrics.ts";
import { createApp } from "./app.ts";

const started = performance.now();
const loaded = loadConfig(Deno.env.toObject());
if (!loaded.ok) {
  console.error("Kartei cannot start, the configuration has problems:\n  " + loaded.errors.join("\n  "));
  Deno.exit(1);
}
const config = loaded.config;
const log = createLogger(config.logLevel);

let database: DatabaseHandle;
try {
  database = config.databaseUrl
    ? openPostgres(config.databaseUrl, 10, { prepare: config.databasePreparedStatements })
    : await openEmbedded(config.dataDir);
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(error.message);
    Deno.exit(1);
  }
  throw error;
}
const applied = await migrateDirectly();
if (applied.length) log.info("migrations applied", { count: applied.length, latest: applied.at(-1) });
if (await ensureShippedTerms(database.db, CURRENT_TERMS, systemClock.now())) log.info("terms of use published");

/** Migrations go to the server itself when DATABASE_URL names a pooler and DATABASE_DIRECT_URL is set. */
async function migrateDirectly(): Promise<string[]> {
  if (!config.databaseDirectUrl) return await migrateToLatest(database.db);
  const direct = openPostgres(config.databaseDirectUrl, 1);
  try {
    return await migrateToLatest(direct.db);
  } finally {
    await direct.close();
  }
}

const masterKey = await resolveMasterKey(config.masterKey, config.dataDir, log);
if (config.demo) {
  const practiceId = crypto.randomUUID();
  const created = await ensureDemoPractice(database.db, {
    practiceId,
    passwordHash: await hashPassword(DEMO_PASSWORD),
    wrappedDataKey: await createWrappedDataKey(masterKey, `practice:${practiceId}`),
    termsVersion: CURRENT_TERMS.version,
    now: systemClock.now(),
  });
  // The demo address is no person's; its password is published in the README, not logged.
  log.info(created ? "demo practice created" : "demo practice present", { account: DEMO_EMAIL });
  if (created) {
    // A new demo practice gets its made-up team, patients, year of appointments, notes and
    // documents once (about ten seconds on PGlite); `deno task seed` does the same on demand.
    const { DEMO_DEFAULTS, seedDemo } = await import("./db/seed/demo.ts");
    await seedDemo(database.db, masterKey, {
      ...DEMO_DEFAULTS,
      now: systemClock.now(),
      termsVersion: CURRENT_TERMS.version,
      log: (line) => log.debug("demo data", { step: line }),
    });
    log.info("demo practice filled with made-up clinical data");
  }
}
const assets = await loadStaticAssets(new URL("./static", import.meta.url).pathname);

let mailDelivery: MailDelivery | undefined;
if (config.smtpUrl) {
  mailDelivery = startMailDelivery(database.db, createSmtpTransport(config.smtpUrl, config.smtpFrom), systemClock, log);
} else {
  log.warn("SMTP_URL is not set: mails stay in the development outbox at /dev/outbox");
}

const metrics = createMetrics({ processMetrics: true });
const keyRotation = startKeyRotationJob(database.db, masterKey, systemClock, log);
// pg_dump takes its snapshot over one session: past a pooler, it talks to the server itself.
const backups = startBackupJob(
  { ...database, url: config.databaseDirectUrl ?? database.url },
  {
    dir: config.backupDir,
    keepDays: config.backupKeepDays,
    recipient: await resolveBackupRecipient(config.backupRecipient, config.dataDir, log),
    consoleUrl: new URL("/operator/backups", config.baseUrl).href,
  },
  systemClock,
  log,
);
const app = createApp({
  config,
  db: database.db,
  log,
  clock: systemClock,
  masterKey,
  assets,
  kickMailDelivery: () => mailDelivery?.kick(),
  kickKeyRotation: () => keyRotation.kick(),
  startBackup: () => backups.runNow(),
  metrics,
});

const housekeeping = setInterval(async () => {
  try {
    const cleared = await clearExpired(database.db, systemClock.now(), {
      idleMinutes: config.sessionIdleMinutes,
      absoluteHours: config.sessionAbsoluteHours,
    });
    if (cleared) log.info("expired rows cleared", { count: cleared });
  } catch (error) {
    log.error("housekeeping failed", { error: error instanceof Error ? error.name : "unknown" });
  }
}, 10 * 60_000);

startAutoLock(database.db, systemClock, log);
startNoteFinalizing(database.db, systemClock, log);

const server = Deno.serve({
  port: config.port,
  // Development (with its outbox of codes) listens on this machine only unless HOST says otherwise.
  hostname: Deno.env.get("HOST") ?? (config.mode === "development" ? "127.0.0.1" : "0.0.0.0"),
  onListen: ({ port }) => {
    log.info("Kartei is listening", {
      port,
      url: config.baseUrl.href,
      database: database.kind,
      mode: config.mode,
      startupMs: Math.round(performance.now() - started),
    });
    if (Deno.stdout.isTerminal()) console.log(`\n  Kartei: ${config.baseUrl.href}\n`);
  },
}, app.fetch);

async function shutdown() {
  log.info("shutting down");
  clearInterval(housekeeping);
  await keyRotation.stop();
  await backups.stop();
  await server.shutdown();
  await mailDelivery?.stop();
  await database.close();
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
