// A practice registers, confirms its email, sets up an authenticator app and signs in, in a
// real Chromium against the real server: first with htmx doing boosted navigation, then with
// JavaScript off (plain form POST and redirect). Set SCREENSHOT_DIR to keep a screenshot of
// the registration page.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { translator } from "../../lib/i18n/mod.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { TOTP_PERIOD_SECONDS, totpCode, totpStep } from "../../lib/totp.ts";
import { fixedClock } from "../../lib/clock.ts";
import { TestClient } from "../support/http-client.ts";
import { uniqueEmail } from "../support/test-app.ts";
import { GOOD_PASSWORD, nextTotpCode, signedInOwner } from "../support/practice-fixtures.ts";
import { openPersonMenu, pathOf, startBrowserApp, watchForProblems } from "./browser-app.ts";

const de = translator("de");
const en = translator("en");
const OWNER = "Dr. Maria Beispiel";
const VERIFY_PATH = /^\/verify\/[a-z2-7]{26}$/;

/**
 * The code an authenticator app shows now, by real time. A step whose code was accepted is
 * never accepted again, so after `usedStep` this waits for the next step to begin.
 */
async function authenticatorCode(secret: Uint8Array, usedStep = -Infinity): Promise<{ code: string; step: number }> {
  const wait = (usedStep + 1) * TOTP_PERIOD_SECONDS * 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
  const step = totpStep(new Date());
  return { code: totpCode(secret, step), step };
}

const test = suite("registering a practice in Chromium");

test("a person registers, reads the code from the outbox, confirms, signs in and out", async () => {
  const served = await startBrowserApp();
  try {
    const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    const boosted: string[] = [];
    page.on("request", (request) => {
      if (request.headers()["hx-boosted"] === "true") {
        boosted.push(`${request.method()} ${new URL(request.url()).pathname}`);
      }
    });
    const email = uniqueEmail("browser");

    await page.goto("/register");
    await page.getByRole("heading", { name: de("register.title") }).waitFor();
    assert.is(await page.evaluate("typeof htmx"), "object", "htmx loaded");
    assert.is(await page.getAttribute("html", "lang"), "de");
    const screenshots = Deno.env.get("SCREENSHOT_DIR");
    if (screenshots) await page.screenshot({ path: `${screenshots}/kartei-register.png`, fullPage: true });
    // Survives only if every later page arrives by htmx swap, not a full page load.
    await page.evaluate("globalThis.karteiNoReload = true");

    await page.getByLabel(de("register.practiceName")).fill("Praxis am Markt");
    await page.getByLabel(de("register.ownerName")).fill(OWNER);
    await page.getByLabel(de("register.email")).fill(email);
    await page.getByLabel(de("register.password"), { exact: true }).fill(GOOD_PASSWORD);
    await page.getByText(de("password.ok")).waitFor(); // the inline check htmx asks the server for
    await page.getByLabel(de("register.passwordConfirmation")).fill(GOOD_PASSWORD);
    await page.getByLabel(de("register.acceptTerms", { version: CURRENT_TERMS.version })).check();
    await page.getByRole("button", { name: de("register.submit") }).click();

    await page.waitForURL((url) => VERIFY_PATH.test(url.pathname));
    await page.getByRole("heading", { name: de("verify.title") }).waitFor();
    const codePage = pathOf(page);
    assert.not.ok((await page.textContent("main"))?.includes(email), "address shown masked only");

    await page.getByRole("link", { name: de("outbox.title") }).click();
    await page.waitForURL("**/dev/outbox");
    const mail = page.locator("article.mail", { has: page.locator(".mail-to", { hasText: email }) }).first();
    const code = (await mail.locator(".mail-body").textContent())?.match(/\b(\d{8})\b/)?.[1];
    assert.ok(code, "the newest mail to the address carries an 8-digit code");

    await page.goBack();
    await page.waitForURL((url) => url.pathname === codePage);
    await page.getByLabel(de("verify.code")).fill(code!);
    await page.getByRole("button", { name: de("verify.submit") }).click();
    await page.waitForURL("**/sign-in?notice=verified");
    await page.getByText(de("verify.done")).waitFor();

    // The switch is a full page load (not a boosted swap), so <html lang> changes too.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: en("signIn.title") }).waitFor();
    await page.getByText(en("verify.done")).waitFor();
    assert.is(pathOf(page), "/sign-in?notice=verified", "the switch returns to the same page");
    assert.is(await page.evaluate("document.documentElement.lang"), "en");
    await page.evaluate("globalThis.karteiNoReload = true");

    await page.getByLabel(en("signIn.email")).fill(email);
    await page.getByLabel(en("signIn.password")).fill(GOOD_PASSWORD);
    await page.getByRole("button", { name: en("signIn.submit"), exact: true }).click();
    await page.waitForURL("**/security/enrol");
    await page.getByRole("heading", { name: en("enrol.title") }).waitFor();
    assert.is((await page.textContent("main"))?.includes(OWNER), false, "no personal data before the second factor");

    // Setting up an authenticator app by hand: the secret is read off the page, as a person
    // would type it into their app, and the app's code is computed here.
    const totpSection = page.locator("section", {
      has: page.getByRole("heading", { name: en("enrol.totpTitle"), exact: true }),
    });
    await totpSection.getByRole("link", { name: en("enrol.start") }).click();
    await page.getByRole("heading", { name: en("totp.title") }).waitFor();
    const qrWidth = await page.locator("img.qr-code").evaluate((img: { naturalWidth: number }) => img.naturalWidth);
    assert.ok(qrWidth > 0, "the QR code is drawn");
    const shownSecret = await page.locator("code.totp-secret").textContent();
    const secret = decodeBase32IgnorePadding(shownSecret!.replaceAll(" ", ""));
    const enrolment = await authenticatorCode(secret);
    await page.getByLabel(en("totp.name")).fill("Telefon");
    await page.getByLabel(en("totp.code")).fill(enrolment.code);
    await page.getByRole("button", { name: en("totp.submit") }).click();

    await page.waitForURL("**/security/recovery-codes?first=1");
    await page.getByRole("heading", { name: en("recovery.title") }).waitFor();
    await page.getByText(en("security.factorAddedNotice")).waitFor();
    await page.getByRole("button", { name: en("recovery.generate") }).click();
    await page.getByText(en("recovery.shownOnce")).waitFor();
    const recoveryCodes = await page.locator("ol.recovery-codes li").allTextContents();
    assert.is(recoveryCodes.length, 10);
    for (const code of recoveryCodes) assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

    await page.getByRole("link", { name: en("recovery.continue") }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: en("home.welcome", { name: OWNER }) }).waitFor();
    assert.is(await page.title(), `${en("home.title")} · ${en("app.name")}`, "htmx carried the title over");
    assert.ok((await context.cookies()).some((cookie) => cookie.name === "kartei_session"));

    await openPersonMenu(page);

    await page.getByRole("button", { name: en("nav.signOut") }).click();
    await page.waitForURL("**/sign-in?notice=signedOut");
    await page.getByText(en("signIn.signedOut")).waitFor();
    assert.not.ok((await context.cookies()).some((cookie) => cookie.name === "kartei_session"), "session cookie gone");

    // Signing in again: the password, then a fresh code from the app.
    await page.getByLabel(en("signIn.email")).fill(email);
    await page.getByLabel(en("signIn.password")).fill(GOOD_PASSWORD);
    await page.getByRole("button", { name: en("signIn.submit"), exact: true }).click();
    await page.waitForURL("**/sign-in/second-factor");
    await page.getByRole("heading", { name: en("secondFactor.title") }).waitFor();
    const fresh = await authenticatorCode(secret, enrolment.step);
    await page.getByLabel(en("secondFactor.code")).fill(fresh.code);
    await page.getByRole("button", { name: en("secondFactor.submit") }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: en("home.welcome", { name: OWNER }) }).waitFor();

    await openPersonMenu(page);

    await page.getByRole("button", { name: en("nav.signOut") }).click();
    await page.waitForURL("**/sign-in?notice=signedOut");
    assert.not.ok((await context.cookies()).some((cookie) => cookie.name === "kartei_session"), "session cookie gone");

    assert.is(await page.evaluate("globalThis.karteiNoReload"), true, "no full page load after the language switch");
    const boostedSteps = [
      "POST /register",
      "GET /dev/outbox",
      "POST /verify/",
      "POST /sign-in",
      "GET /security/totp/new",
      "POST /security/totp/",
      "POST /security/recovery-codes",
      "POST /sign-in/second-factor",
      "POST /sign-out",
    ];
    for (const step of boostedSteps) {
      assert.ok(boosted.some((request) => request.startsWith(step)), `${step} went through hx-boost`);
    }
    assert.not.ok(boosted.some((request) => request.startsWith("POST /language")), "the language switch reloads");
    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test("with JavaScript off, signing in is a plain form POST answered by a redirect", async () => {
  // The account and its authenticator app come from the HTTP fixtures, whose codes follow this
  // clock: the served app reads the same one.
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const { email, password, totpSecret } = await signedInOwner(
      new TestClient(served.app, served.baseUrl),
      served.db,
      clock,
      { owner_name: OWNER },
    );
    const context = await served.browser.newContext({
      baseURL: served.baseUrl,
      locale: "de-DE",
      javaScriptEnabled: false,
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    const documents: string[] = [];
    page.on("response", (response) => {
      const request = response.request();
      if (request.headers()["hx-request"]) problems.push(`htmx request with JavaScript off: ${request.url()}`);
      if (request.resourceType() === "document") {
        documents.push(`${request.method()} ${new URL(response.url()).pathname} ${response.status()}`);
      }
    });

    await page.goto("/sign-in");
    await page.getByLabel(de("signIn.email")).fill(email);
    await page.getByLabel(de("signIn.password")).fill(password);
    await page.getByRole("button", { name: de("signIn.submit"), exact: true }).click();
    await page.waitForURL("**/sign-in/second-factor");
    await page.getByLabel(de("secondFactor.code")).fill(nextTotpCode(clock, totpSecret));
    await page.getByRole("button", { name: de("secondFactor.submit") }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: de("home.welcome", { name: OWNER }) }).waitFor();

    await openPersonMenu(page);

    await page.getByRole("button", { name: de("nav.signOut") }).click();
    await page.waitForURL("**/sign-in?notice=signedOut");
    await page.getByText(de("signIn.signedOut")).waitFor();

    assert.equal(documents, [
      "GET /sign-in 200",
      "POST /sign-in 303",
      "GET /sign-in/second-factor 200",
      "POST /sign-in/second-factor 303",
      "GET / 200",
      "POST /sign-out 303",
      "GET /sign-in 200",
    ]);
    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test.run();
