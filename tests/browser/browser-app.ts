// The real app on a loopback port, driven by Debian's Chromium (never a downloaded browser),
// plus a watch on each page for what a person would not see but must not happen: console
// errors, uncaught exceptions, Content-Security-Policy violations and failed responses.
import { type Browser, chromium, type Page } from "playwright-core";
import { createApp } from "../../app.ts";
import { loadConfig } from "../../lib/config.ts";
import { type Clock, systemClock } from "../../lib/clock.ts";
import { createMemoryLogger } from "../../lib/log.ts";
import { loadStaticAssets } from "../../lib/static-assets.ts";
import type { Db } from "../../db/database.ts";
import { testDatabase } from "../support/test-database.ts";
import { chromiumPath } from "../support/chromium.ts";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface BrowserApp {
  baseUrl: string;
  db: Db;
  /** The same app, for setting up state without the browser (app.request, no network). */
  app: ReturnType<typeof createApp>;
  /** The app's master key, for fixtures that seal second-factor secrets (addMember). */
  masterKey: Uint8Array;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Serves the app on 127.0.0.1 at a free port and opens Chromium; close() ends both. WebAuthn
 * refuses an IP address as relying party, so its tests address the server as "localhost".
 * `clock` (real time unless given) lets a test prepare TOTP codes with the HTTP fixtures.
 */
export async function startBrowserApp(
  options: { host?: "127.0.0.1" | "localhost"; clock?: Clock } = {},
): Promise<BrowserApp> {
  const { db } = await testDatabase();
  // The port is known only once the server listens, and the config (BASE_URL, hence the CSRF
  // origin check) needs it: the handler looks the app up at request time.
  let app: ReturnType<typeof createApp> | undefined;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    // The connection info goes along as in main.ts, so the app sees the browser's address.
    (request, info) => app ? app.fetch(request, info) : new Response("starting", { status: 503 }),
  );
  let browser: Browser | undefined;
  const masterKey = crypto.getRandomValues(new Uint8Array(32));
  try {
    const baseUrl = `http://${options.host ?? "127.0.0.1"}:${server.addr.port}`;
    const loaded = loadConfig({ BASE_URL: baseUrl, KARTEI_MODE: "development" });
    if (!loaded.ok) throw new Error(loaded.errors.join("; "));
    app = createApp({
      config: loaded.config,
      db,
      log: createMemoryLogger(),
      clock: options.clock ?? systemClock,
      masterKey,
      assets: await loadStaticAssets(new URL("../../static", import.meta.url).pathname),
      kickMailDelivery: () => {},
    });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const opened = browser;
    return {
      baseUrl,
      db,
      app,
      masterKey,
      browser,
      async close() {
        try {
          await opened.close();
        } finally {
          await server.shutdown();
        }
      },
    };
  } catch (error) {
    await browser?.close();
    await server.shutdown();
    throw error;
  }
}

/**
 * Collects every problem on the page as a line of text; the test asserts the list stays empty.
 * CSP violations are caught twice: as Chromium's console error and through the DOM event.
 */
export async function watchForProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    // A navigation cancels what the previous page was still fetching (its icon, say): not a fault.
    if (request.failure()?.errorText === "net::ERR_ABORTED" && request.resourceType() !== "document") return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  await page.exposeBinding("reportCspViolation", (_source, line: string) => problems.push(`CSP: ${line}`));
  // Init scripts come through the DevTools protocol, so the page's own CSP does not block them.
  await page.addInitScript(`document.addEventListener("securitypolicyviolation", (event) => {
    reportCspViolation(event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
      " at " + event.sourceFile + ":" + event.lineNumber);
  });`);
  return problems;
}

/** The path and query of the page's current URL, e.g. "/sign-in?notice=verified". */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** Opens the header's person menu (name, practice, security, sign out): a <details> that needs no JavaScript. */
export async function openPersonMenu(page: Page) {
  const menu = page.locator("details.person-menu");
  if ((await menu.getAttribute("open")) === null) await menu.locator("> summary").click();
}
