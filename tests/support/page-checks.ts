// Layout checks for a page in Chromium: the document is no wider than the viewport (nothing but
// a box of its own, like the calendar grid, may scroll sideways), axe-core finds no serious or
// critical violation, and a screenshot goes to .test-data/screenshots/ for a person to look at.
// Used by tests/browser/layout.test.ts; the role walks can call checkPage on every page they visit.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { fileURLToPath } from "node:url";

/** Phone, tablet and laptop: the widths every main page is checked at. */
export const LAYOUT_WIDTHS = [390, 768, 1366] as const;

const SCREENSHOTS = fileURLToPath(new URL("../../.test-data/screenshots/", import.meta.url));
const axeSource = Deno.readTextFile(fileURLToPath(import.meta.resolve("axe-core/axe.min.js")));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** The problems of the page as lines of text: empty when the page passes. */
export async function checkPage(page: Page, name: string, options: { javaScript: boolean }): Promise<string[]> {
  const problems = [
    ...await horizontalOverflow(page),
    ...await wordsBrokenMidWord(page),
    ...await seriousAxeViolations(page, options),
  ];
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: `${SCREENSHOTS}${name.replaceAll(/[^\w.-]+/g, "_")}.png`,
    fullPage: true,
    caret: "initial",
  });
  return problems.map((problem) => `${name}: ${problem}`);
}

/** Document width against viewport width, naming the widest elements that stick out. */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  // A function as a string: it runs in the page even with the page's own JavaScript switched off.
  const found = await page.evaluate(`(() => {
    const viewport = document.documentElement.clientWidth;
    const width = document.documentElement.scrollWidth;
    if (width <= viewport) return null;
    const culprits = [];
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.right > viewport + 1 && element.checkVisibility() && element.closest(".calendar-scroll, .table-scroll") === null) {
        const parent = element.parentElement?.getBoundingClientRect();
        if (!parent || parent.right <= viewport + 1) {
          culprits.push(element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ").join(".") : "") + " (" + Math.round(box.right) + " px)");
        }
      }
    }
    return { viewport, width, culprits: culprits.slice(0, 5) };
  })()`) as { viewport: number; width: number; culprits: string[] } | null;
  if (!found) return [];
  return [`document is ${found.width} px wide in a ${found.viewport} px viewport: ${found.culprits.join(", ")}`];
}

/**
 * Words split across two lines without a hyphen ("gesetzli / ch"): a column squeezed narrower
 * than its words. Addresses and codes that may break anywhere (overflow-wrap: anywhere) and the
 * calendar grid, which scrolls in its own box, are left out.
 */
export async function wordsBrokenMidWord(page: Page): Promise<string[]> {
  const broken = await page.evaluate(`(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node && found.length < 5; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !parent.checkVisibility() || parent.closest(".calendar-scroll, .visually-hidden")) continue;
      if (getComputedStyle(parent).overflowWrap === "anywhere" || getComputedStyle(parent).wordBreak === "break-all") continue;
      for (const match of node.data.matchAll(/[^\\s\\u00ad\\u2013\\u2014/·,-]{4,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) found.push(match[0]);
      }
    }
    return found;
  })()`) as string[];
  return broken.length ? [`words broken mid-word: ${broken.map((word) => `"${word}"`).join(", ")}`] : [];
}

/**
 * axe-core's serious and critical findings, injected through DevTools so the page's CSP stays as
 * served. axe needs timers, which a context without JavaScript never runs: there the page's DOM
 * as rendered without JavaScript is served again, at the same address and size, to a page with
 * JavaScript whose own scripts are blocked, and axe reads that.
 */
export async function seriousAxeViolations(page: Page, options: { javaScript: boolean }): Promise<string[]> {
  const violations = options.javaScript ? await runAxe(page) : await axeOnSnapshot(page);
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) =>
      `axe ${violation.impact} ${violation.id}: ${violation.help} at ${
        violation.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)).join(", ")
      }`
    );
}

async function axeOnSnapshot(page: Page): Promise<AxeViolation[]> {
  const snapshot = await page.content();
  const address = page.url();
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize() });
  try {
    await context.route("**/*", (route) => {
      const request = route.request();
      if (request.url() === address) return route.fulfill({ contentType: "text/html; charset=utf-8", body: snapshot });
      return request.resourceType() === "script" ? route.abort() : route.continue();
    });
    const copy = await context.newPage();
    await copy.goto(address, { waitUntil: "load" });
    return await runAxe(copy);
  } finally {
    await context.close();
  }
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate("typeof window.axe === 'object'");
  if (!loaded) await page.evaluate(await axeSource);
  return await page.evaluate(
    `window.axe.run(document, { resultTypes: ["violations"] }).then((result) => result.violations)`,
  ) as AxeViolation[];
}

/**
 * Two contexts of the same person at a width, one with JavaScript and one without, both carrying
 * the given cookies (a session made over HTTP): the caller visits the same pages in each.
 */
export async function contextsAt(
  browser: Browser,
  baseURL: string,
  width: number,
  cookies: Array<{ name: string; value: string }>,
): Promise<Array<{ javaScript: boolean; context: BrowserContext }>> {
  const viewport = { width, height: width < 600 ? 844 : width < 1000 ? 1024 : 800 };
  const made = [];
  for (const javaScript of [true, false]) {
    const context = await browser.newContext({ baseURL, viewport, locale: "de-DE", javaScriptEnabled: javaScript });
    context.setDefaultTimeout(10_000);
    await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: baseURL })));
    made.push({ javaScript, context });
  }
  return made;
}
