// Configuration from environment variables, validated once at start.
import { z } from "zod";

export type Mode = "development" | "production";

export interface Config {
  mode: Mode;
  port: number;
  baseUrl: URL;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Embedded PGlite runs in a Web Worker, on another core than request handling (no effect with DATABASE_URL). */
  pgliteWorker: boolean;
  /** The Postgres server itself when DATABASE_URL goes through a pooler: for migrations and pg_dump. */
  databaseDirectUrl: string | undefined;
  /** Off behind PgBouncer in transaction pooling mode (before 1.21 it cannot keep them). */
  databasePreparedStatements: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** 32 bytes, base64 in the environment; undefined means "generate into the data folder". */
  masterKey: Uint8Array | undefined;
  logLevel: "debug" | "info" | "warn" | "error";
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Days until a password must be changed (0: never), unless a practice sets its own. */
  passwordMaxAgeDays: number;
  /** TOTP codes of this many earlier 30-second steps are still accepted. */
  totpAllowedPastSteps: number;
  /** The WebAuthn relying party ID; the host of BASE_URL unless set. */
  webauthnRpId: string;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  /** Development only: create a demo practice with known credentials at start. */
  demo: boolean;
  /** The largest document (upload) accepted, in bytes. */
  documentMaxBytes: number;
  /** Postgres: how long opening a connection or waiting for a free one may take. */
  databaseConnectTimeoutSeconds: number;
  /** Postgres: the server cancels a statement after this long (0: never). */
  databaseStatementTimeoutSeconds: number;
  /** SIGTERM/SIGINT: the process ends after at most this long, finished or not. */
  shutdownTimeoutSeconds: number;
  /** Where the daily backups are written. */
  backupDir: string;
  /** Where the daily heads of the audit chains are kept, outside the database. */
  anchorDir: string;
  /** Backups older than this many days are removed. */
  backupKeepDays: number;
  /** The age recipient (public key) backups are encrypted to; development generates one. */
  backupRecipient: string | undefined;
  /** Bearer token for GET /metrics; without it only clients on this machine may read it. */
  metricsToken: string | undefined;
  /** SMS to patients through seven.io; off without an API key. */
  sevenSms: { apiKey: string; from: string; baseUrl: string } | undefined;
  /** Threema messages to patients through the Threema Gateway (basic mode); off without ID and secret. */
  threema: { gatewayId: string; secret: string; baseUrl: string } | undefined;
  /** Messages to patients: how long a claimed message stays with one process, how often each process looks. */
  patientMessageLeaseSeconds: number;
  patientMessageIntervalSeconds: number;
}

const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(
    z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`),
  );

const masterKey = z.string().transform((value, ctx) => {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(value.trim()), (ch) => ch.charCodeAt(0));
  } catch {
    ctx.addIssue({ code: "custom", message: "must be base64" });
    return z.NEVER;
  }
  if (bytes.length !== 32) {
    ctx.addIssue({ code: "custom", message: "must decode to exactly 32 bytes (openssl rand -base64 32)" });
    return z.NEVER;
  }
  return bytes;
});

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.join(" or ")}//`);

const environment = z.object({
  KARTEI_MODE: z.enum(["development", "production"]).default("development"),
  PORT: integer(1, 65535).default(8000),
  BASE_URL: url(["http:", "https:"]).optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  PGLITE_WORKER: z.enum(["0", "1", "true", "false"]).default("0"),
  DATABASE_DIRECT_URL: url(["postgres:", "postgresql:"]).optional(),
  DATABASE_PREPARED_STATEMENTS: z.enum(["on", "off"]).default("on"),
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  SMTP_FROM: z.string().email("must be an email address").default("kartei@localhost"),
  KARTEI_MASTER_KEY: masterKey.optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  SESSION_IDLE_MINUTES: integer(1, 24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: integer(1, 24 * 30).default(12),
  PASSWORD_MAX_AGE_DAYS: integer(0, 3650).default(0),
  TOTP_ALLOWED_PAST_STEPS: integer(0, 10).default(1),
  WEBAUTHN_RP_ID: z.string().regex(/^[a-z0-9.-]+$/i, "must be a host name").optional(),
  TRUSTED_PROXIES: z.string().regex(/^[0-9a-f.:, ]+$/i, "must be a comma-separated list of IP addresses")
    .optional(),
  KARTEI_DEMO: z.enum(["0", "1", "true", "false"]).default("0"),
  // 1 KiB .. 512 MiB; documents are stored in Postgres, so very large files belong elsewhere.
  DOCUMENT_MAX_BYTES: integer(1024, 512 * 1024 * 1024).default(20 * 1024 * 1024),
  DB_CONNECT_SECONDS: integer(1, 120).default(5),
  DB_STATEMENT_SECONDS: integer(0, 3600).default(30),
  SHUTDOWN_SECONDS: integer(1, 600).default(10),
  BACKUP_DIR: z.string().min(1).optional(),
  ANCHOR_DIR: z.string().min(1).optional(),
  BACKUP_KEEP_DAYS: integer(1, 3650).default(35),
  BACKUP_RECIPIENT: z.string().trim().regex(/^age1[02-9ac-hj-np-z]{20,}$/, "must be an age recipient (age1…)")
    .optional(),
  METRICS_TOKEN: z.string().min(32, "must be at least 32 characters (openssl rand -hex 32)").optional(),
  SEVEN_API_KEY: z.string().regex(/^[\x21-\x7e]{8,200}$/, "must be the API key from seven.io").optional(),
  SEVEN_SMS_FROM: z.string().regex(/^([A-Za-z0-9 .-]{1,11}|\+?\d{1,16})$/, "up to 11 letters or 16 digits")
    .default("Praxis"),
  SEVEN_BASE_URL: url(["http:", "https:"]).default("https://gateway.seven.io"),
  THREEMA_GATEWAY_ID: z.string().regex(/^\*[0-9A-Z]{7}$/, "must be a gateway ID like *ABCDEFG").optional(),
  THREEMA_SECRET: z.string().regex(/^[\x21-\x7e]{8,200}$/, "must be the gateway's API secret").optional(),
  THREEMA_BASE_URL: url(["http:", "https:"]).default("https://msgapi.threema.ch"),
  MESSAGE_LEASE_SECONDS: integer(2, 3600).default(300),
  MESSAGE_INTERVAL_SECONDS: integer(1, 3600).default(30),
});

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Reads the configuration; production refuses settings that would be unsafe there. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = environment.safeParse(cleaned);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  const config: Config = {
    mode: e.KARTEI_MODE,
    port: e.PORT,
    baseUrl: new URL(e.BASE_URL ?? `http://localhost:${e.PORT}`),
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    pgliteWorker: e.PGLITE_WORKER === "1" || e.PGLITE_WORKER === "true",
    databaseDirectUrl: e.DATABASE_DIRECT_URL,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS === "on",
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    masterKey: e.KARTEI_MASTER_KEY,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    passwordMaxAgeDays: e.PASSWORD_MAX_AGE_DAYS,
    totpAllowedPastSteps: e.TOTP_ALLOWED_PAST_STEPS,
    webauthnRpId: e.WEBAUTHN_RP_ID ?? "",
    trustedProxies: (e.TRUSTED_PROXIES ?? "").split(",").map((a) => a.trim().toLowerCase()).filter(Boolean),
    demo: e.KARTEI_DEMO === "1" || e.KARTEI_DEMO === "true",
    documentMaxBytes: e.DOCUMENT_MAX_BYTES,
    databaseConnectTimeoutSeconds: e.DB_CONNECT_SECONDS,
    databaseStatementTimeoutSeconds: e.DB_STATEMENT_SECONDS,
    shutdownTimeoutSeconds: e.SHUTDOWN_SECONDS,
    backupDir: e.BACKUP_DIR ?? `${e.DATA_DIR}/backups`,
    anchorDir: e.ANCHOR_DIR ?? `${e.DATA_DIR}/anchors`,
    backupKeepDays: e.BACKUP_KEEP_DAYS,
    backupRecipient: e.BACKUP_RECIPIENT,
    metricsToken: e.METRICS_TOKEN,
    sevenSms: e.SEVEN_API_KEY
      ? { apiKey: e.SEVEN_API_KEY, from: e.SEVEN_SMS_FROM, baseUrl: e.SEVEN_BASE_URL }
      : undefined,
    threema: e.THREEMA_GATEWAY_ID && e.THREEMA_SECRET
      ? { gatewayId: e.THREEMA_GATEWAY_ID, secret: e.THREEMA_SECRET, baseUrl: e.THREEMA_BASE_URL }
      : undefined,
    patientMessageLeaseSeconds: e.MESSAGE_LEASE_SECONDS,
    patientMessageIntervalSeconds: e.MESSAGE_INTERVAL_SECONDS,
  };
  config.webauthnRpId ||= config.baseUrl.hostname;
  const errors = config.mode === "production" ? productionProblems(config) : [];
  return errors.length ? { ok: false, errors } : { ok: true, config };
}

function productionProblems(config: Config): string[] {
  const problems: string[] = [];
  if (!config.masterKey) {
    problems.push("KARTEI_MASTER_KEY: required in production (openssl rand -base64 32)");
  }
  if (config.baseUrl.protocol !== "https:") {
    problems.push("BASE_URL: must be an https:// origin in production");
  }
  if (!config.smtpUrl) {
    problems.push("SMTP_URL: required in production (the development outbox is not available there)");
  }
  if (config.demo) {
    problems.push("KARTEI_DEMO: the demo practice has a published password and is for development only");
  }
  if (!config.backupRecipient) {
    problems.push("BACKUP_RECIPIENT: required in production (age-keygen; keep the private key off this server)");
  }
  if (config.smtpFrom.endsWith("@localhost")) {
    problems.push("SMTP_FROM: set the sender address your mail server accepts");
  }
  return problems;
}

/** True when cookies must carry Secure and the __Host- prefix. */
export function isHttps(config: Config): boolean {
  return config.baseUrl.protocol === "https:";
}
