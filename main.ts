// Composition root: config → database → migrations → master key check → app → Deno.serve →
// background jobs; and the way down again on SIGTERM/SIGINT, within a bound.
import { loadConfig } from "./lib/config.ts";
import { createLogger } from "./lib/log.ts";
import { systemClock } from "./lib/clock.ts";
import { MasterKeyError, resolveMasterKey, WRONG_MASTER_KEY } from "./lib/master-key.ts";
import { loadStaticAssets } from "./lib/static-assets.ts";
import { createSmtpTransport } from "./lib/mail.ts";
import { everyInterval, Jobs } from "./lib/jobs.ts";
import { type DatabaseHandle, DataDirInUseError, openEmbedded, openPostgres } from "./db/database.ts";
import { migrateToLatest } from "./db/migrator.ts";
import { checkMasterKey, holdsSealedData } from "./db/master-key-check.ts";
import { developmentOutbox, type MailDelivery, startMailDelivery } from "./db/outgoing-mails.ts";
import { deliverDuePatientMessages } from "./db/patient-message-job.ts";
import { configuredChannels } from "./lib/patient-channels/configured.ts";
import { DEMO_EMAIL, DEMO_PASSWORD, ensureDemoPractice } from "./db/demo-practice.ts";
import { hashPassword } from "./lib/password.ts";
import { createWrappedDataKey } from "./lib/envelope-encryption.ts";
import { CURRENT_TERMS } from "./lib/terms.ts";
import { ensureShippedTerms } from "./db/terms.ts";
import { clearExpired } from "./db/housekeeping.ts";
import { startAutoLock } from "./db/auto-lock.ts";
import { startNoteFinalizing } from "./db/note-finalizing.ts";
import { startKeyRotationJob } from "./db/key-rotation-job.ts";
import { startAuditSealing } from "./db/audit-sealer.ts";
import { startDailyAuditVerification } from "./db/audit-verification.ts";
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

function stop(message: string): never {
  console.error(message);
  Deno.exit(1);
}

let database: DatabaseHandle;
// On Postgres, start-up work (migrations, demo data) runs without the statement timeout that
// guards requests: an index build on a large table may rightly take longer. Past a pooler
// (DATABASE_DIRECT_URL set), it talks to the server itself.
let startup: DatabaseHandle;
try {
  startup = config.databaseUrl
    ? openPostgres(config.databaseDirectUrl ?? config.databaseUrl, {
      maxConnections: 2,
      connectTimeoutSeconds: config.databaseConnectTimeoutSeconds,
      prepare: config.databaseDirectUrl ? true : config.databasePreparedStatements,
    })
    : await openEmbedded(config.dataDir, { worker: config.pgliteWorker });
} catch (error) {
  if (error instanceof DataDirInUseError) stop(error.message);
  throw error;
}
const applied = await migrateToLatest(startup.db);
if (applied.length) log.info("migrations applied", { count: applied.length, latest: applied.at(-1) });
if (await ensureShippedTerms(startup.db, CURRENT_TERMS, systemClock.now())) log.info("terms of use published");

let masterKey: Uint8Array;
try {
  masterKey = await resolveMasterKey(config.masterKey, config.dataDir, log, {
    mayGenerate: !(await holdsSealedData(startup.db)),
  });
} catch (error) {
  if (error instanceof MasterKeyError) stop(error.message);
  throw error;
}
if (await checkMasterKey(startup.db, masterKey) === "wrong") stop(WRONG_MASTER_KEY);

if (config.demo) {
  const practiceId = crypto.randomUUID();
  const created = await ensureDemoPractice(startup.db, {
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
    await seedDemo(startup.db, masterKey, {
      ...DEMO_DEFAULTS,
      now: systemClock.now(),
      termsVersion: CURRENT_TERMS.version,
      log: (line) => log.debug("demo data", { step: line }),
    });
    log.info("demo practice filled with made-up clinical data");
  }
}
if (config.databaseUrl) {
  await startup.close();
  database = openPostgres(config.databaseUrl, {
    connectTimeoutSeconds: config.databaseConnectTimeoutSeconds,
    statementTimeoutSeconds: config.databaseStatementTimeoutSeconds,
    prepare: config.databasePreparedStatements,
  });
} else {
  database = startup;
}
const assets = await loadStaticAssets(new URL("./static", import.meta.url).pathname);

const metrics = createMetrics({ processMetrics: true });
const backupRecipient = await resolveBackupRecipient(config.backupRecipient, config.dataDir, log);

// Background jobs, one line each; shutdown stops them all (lib/jobs.ts).
const jobs = new Jobs();
let mailDelivery: MailDelivery | undefined;
if (config.smtpUrl) {
  mailDelivery = jobs.add(
    "mail delivery",
    startMailDelivery(database.db, createSmtpTransport(config.smtpUrl, config.smtpFrom), systemClock, log),
  );
} else {
  log.warn("SMTP_URL is not set: mails stay in the development outbox at /dev/outbox");
}
// Messages to patients: email through SMTP (or the development outbox), SMS and Threema when set up.
const patientChannels = configuredChannels(
  config,
  config.smtpUrl ? createSmtpTransport(config.smtpUrl, config.smtpFrom) : developmentOutbox(database.db, systemClock),
);
jobs.add(
  "patient messages",
  everyInterval(
    async () => {
      try {
        // Rounds of 50 until the due ones are done (bounded, so shutdown is never kept waiting long).
        for (let round = 0; round < 40; round++) {
          const report = await deliverDuePatientMessages(database.db, patientChannels, systemClock, log, {
            leaseMs: config.patientMessageLeaseSeconds * 1000,
            baseUrl: config.baseUrl,
            batch: 50,
          });
          if (report.claimed || report.interrupted) log.info("patient messages sent", { ...report });
          if (report.claimed < 50) break;
        }
      } catch (error) {
        log.error("patient messages round failed", { error: error instanceof Error ? error.name : "unknown" });
      }
    },
    config.patientMessageIntervalSeconds * 1000,
    1000,
  ),
);
const keyRotation = jobs.add("key rotation", startKeyRotationJob(database.db, masterKey, systemClock, log));
jobs.add("auto-lock", startAutoLock(database.db, systemClock, log));
jobs.add("note finalizing", startNoteFinalizing(database.db, systemClock, log));
jobs.add("audit sealing", startAuditSealing(database.db, log));
jobs.add(
  "audit verification",
  startDailyAuditVerification(database.db, systemClock, log, () => mailDelivery?.kick(), config.anchorDir),
);
// pg_dump takes its snapshot over one session: past a pooler, it talks to the server itself.
const backups = jobs.add(
  "backup",
  startBackupJob(
    { ...database, url: config.databaseDirectUrl ?? database.url },
    {
      dir: config.backupDir,
      keepDays: config.backupKeepDays,
      recipient: backupRecipient,
      consoleUrl: new URL("/operator/backups", config.baseUrl).href,
    },
    systemClock,
    log,
    metrics,
  ),
);
jobs.add(
  "housekeeping",
  everyInterval(async () => {
    try {
      const cleared = await clearExpired(database.db, systemClock.now(), {
        idleMinutes: config.sessionIdleMinutes,
        absoluteHours: config.sessionAbsoluteHours,
      });
      if (cleared) log.info("expired rows cleared", { count: cleared });
    } catch (error) {
      log.error("housekeeping failed", { error: error instanceof Error ? error.name : "unknown" });
    }
  }, 10 * 60_000),
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
  shuttingDown: () => shuttingDown,
  startBackup: () => backups.runNow(),
  metrics,
});

// Last resort, once start-up is done (a failing start must still fail): an error that escapes
// every request and job (a driver's timer callback, say) is logged and the process keeps
// serving. Only its name and place are logged, as in app.ts's onError: messages can carry data.
globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  log.error("uncaught error contained", describeError(event.error));
});
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  log.error("unhandled rejection contained", describeError(event.reason));
});

const server = Deno.serve({
  port: config.port,
  // Development (with its outbox of codes) listens on this machine only unless HOST says otherwise.
  hostname: Deno.env.get("HOST") ?? (config.mode === "development" ? "127.0.0.1" : "0.0.0.0"),
  onListen: ({ port }) => {
    log.info("Kartei is listening", {
      port,
      url: config.baseUrl.href,
      database: database.kind,
      pgliteWorker: database.kind === "pglite" && config.pgliteWorker,
      mode: config.mode,
      startupMs: Math.round(performance.now() - started),
    });
    if (Deno.stdout.isTerminal()) console.log(`\n  Kartei: ${config.baseUrl.href}\n`);
  },
}, app.fetch);

// Stop accepting, let the requests in flight finish, stop the jobs (each finishes the step it
// is running), close the database, exit; and exit anyway once the bound has passed, whatever
// still hangs (a request waiting on a database that is away, a job's step).
const SHUTDOWN_INTAKE_MS = 500;
let shuttingDown = false;
async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  const began = performance.now();
  log.info("shutting down", { signal });
  setTimeout(() => {
    log.error("shutdown did not finish in time, exiting", { seconds: config.shutdownTimeoutSeconds });
    Deno.exit(1);
  }, config.shutdownTimeoutSeconds * 1000);
  try {
    // SIGTERM (from a supervisor or load balancer) first gets a moment in which requests already
    // on their way are still taken in, while /readyz answers 503; Ctrl-C (SIGINT) does not wait.
    if (signal === "SIGTERM") await new Promise((resolve) => setTimeout(resolve, SHUTDOWN_INTAKE_MS));
    await server.shutdown();
    const failed = await jobs.stopAll();
    if (failed.length) log.warn("jobs did not stop cleanly", { jobs: failed.join(", ") });
    await database.close();
    log.info("shut down", { ms: Math.round(performance.now() - began) });
  } catch (error) {
    log.error("shutdown failed", describeError(error));
    Deno.exit(1);
  }
  Deno.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, () => shutdown(signal));

function describeError(error: unknown) {
  if (!(error instanceof Error)) return { error: typeof error };
  // Where it happened, not what it said: messages can carry submitted values.
  return { error: error.name, at: error.stack?.split("\n").slice(1, 4).map((line) => line.trim()).join(" | ") };
}
