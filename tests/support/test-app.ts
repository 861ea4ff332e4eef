// Builds the real app on the test database with a movable clock and a log kept in memory.
import { createApp } from "../../app.ts";
import { loadConfig } from "../../lib/config.ts";
import type { Config } from "../../lib/config.ts";
import { fixedClock } from "../../lib/clock.ts";
import { createMemoryLogger } from "../../lib/log.ts";
import { loadStaticAssets } from "../../lib/static-assets.ts";
import type { Db } from "../../db/database.ts";
import { testDatabase } from "./test-database.ts";
import { testNow } from "./test-clock.ts";

export const TEST_BASE_URL = "http://kartei.test";

/**
 * `options.db` puts the app on another database, e.g. one that does not answer; `options.masterKey`
 * opens data sealed by another app (a restored backup).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  overrides: Partial<Config> = {},
  options: { db?: Db; masterKey?: Uint8Array } = {},
) {
  const loaded = loadConfig({ BASE_URL: TEST_BASE_URL, ...env });
  if (!loaded.ok) throw new Error(loaded.errors.join("; "));
  const config = { ...loaded.config, ...overrides };
  const db = options.db ?? (await testDatabase()).db;
  const clock = fixedClock(testNow());
  const log = createMemoryLogger();
  let mailKicks = 0;
  const masterKey = options.masterKey ?? crypto.getRandomValues(new Uint8Array(32));
  const app = createApp({
    config,
    db,
    log,
    clock,
    masterKey,
    assets: await loadStaticAssets(new URL("../../static", import.meta.url).pathname),
    kickMailDelivery: () => void mailKicks++,
  });
  return { app, db, clock, log, config, masterKey, mailKicks: () => mailKicks };
}

let counter = 0;
/** A unique address per call, so tests sharing one database never collide. */
export function uniqueEmail(prefix = "person"): string {
  return `${prefix}.${Date.now().toString(36)}${(counter++).toString(36)}@praxis.example`;
}
