// A security key in a real Chromium: the DevTools virtual authenticator plays a USB key (CTAP2,
// with resident keys and user verification, like a YubiKey 5). A new owner is sent to set up
// a second factor, adds the key, signs out, and signs in again with password and key.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Page } from "playwright-core";
import { translator } from "../../lib/i18n/mod.ts";
import { TestClient } from "../support/http-client.ts";
import { GOOD_PASSWORD, registerVerifiedPractice } from "../support/practice-fixtures.ts";
import { openPersonMenu, startBrowserApp, watchForProblems } from "./browser-app.ts";

const de = translator("de");
const OWNER = "Dr. Maria Beispiel";

const test = suite("security keys in Chromium");

async function addVirtualSecurityKey(page: Page) {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send("WebAuthn.enable");
  const { authenticatorId } = await devtools.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "usb",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return async () => (await devtools.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
}

/** On the sign-in page: email and password. */
async function signInWithPassword(page: Page, email: string) {
  await page.getByLabel(de("signIn.email")).fill(email);
  await page.getByLabel(de("signIn.password")).fill(GOOD_PASSWORD);
  await page.getByRole("button", { name: de("signIn.submit"), exact: true }).click();
}

/**
 * The buttons work once static/webauthn.js and the library have run (htmx inserts their script
 * tags on a boosted page). Waits on the attribute with a selector: a waitForFunction predicate is
 * evaluated with eval while polling, which the page's CSP rightly forbids.
 */
async function webauthnReady(page: Page) {
  await page.locator("html[data-webauthn='ready']").waitFor({ state: "attached" });
}

test("an owner adds a security key as the first factor and signs in with it", async () => {
  // WebAuthn refuses an IP address as relying party: the app is addressed as localhost.
  const served = await startBrowserApp({ host: "localhost" });
  try {
    const { email } = await registerVerifiedPractice(new TestClient(served.app, served.baseUrl), served.db, {
      owner_name: OWNER,
    });
    const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    const keyCredentials = await addVirtualSecurityKey(page);

    await page.goto("/sign-in");
    await signInWithPassword(page, email);
    await page.waitForURL("**/security/enrol");
    await webauthnReady(page);
    await page.getByLabel(de("webauthn.name")).fill("YubiKey 5 NFC");
    await page.getByRole("button", { name: de("webauthn.register") }).click();
    await page.waitForURL("**/security/recovery-codes?first=1");

    const stored = await served.db.selectFrom("second_factors").innerJoin("accounts", "accounts.id", "account_id")
      .select(["second_factors.kind", "second_factors.name", "second_factors.status", "webauthn_credential_id"])
      .where("accounts.email", "=", email).execute();
    assert.is(stored.length, 1);
    assert.is(stored[0].kind, "webauthn");
    assert.is(stored[0].name, "YubiKey 5 NFC");
    assert.is(stored[0].status, "active");
    const [credential] = await keyCredentials();
    const onKey = credential.credentialId.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    assert.is(stored[0].webauthn_credential_id, onKey, "the key holds the credential the server stored");

    await openPersonMenu(page);

    await page.getByRole("button", { name: de("nav.signOut") }).click();
    // No page.goto from here on: a new navigation would abort the favicon the page may still load.
    await page.waitForURL("**/sign-in?notice=signedOut");
    await signInWithPassword(page, email);
    await page.waitForURL("**/sign-in/second-factor");
    await webauthnReady(page);
    await page.getByRole("button", { name: de("webauthn.signIn") }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: de("home.welcome", { name: OWNER }) }).waitFor();
    assert.is((await keyCredentials())[0].signCount, 2, "the key was used twice: added, then signed in");

    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test.run();
