// Onboarding over two channels in a real Chromium: the owner invites a member and downloads
// the activation letter; the member opens the link from the outbox, enters the code the owner's
// page showed, chooses a password, accepts the terms and sets up an authenticator app.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { translator } from "../../lib/i18n/mod.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { fixedClock } from "../../lib/clock.ts";
import { TestClient } from "../support/http-client.ts";
import { uniqueEmail } from "../support/test-app.ts";
import { nextTotpCode, signedInOwner } from "../support/practice-fixtures.ts";
import { pathOf, startBrowserApp, watchForProblems } from "./browser-app.ts";

const de = translator("de");
const MEMBER = "Lea Neumann";
const MEMBER_PASSWORD = "Tulpen im Regen 48 mal";

const test = suite("onboarding a member in Chromium");

test("the owner invites a member, who joins with link and code and sets up a second factor", async () => {
  // The HTTP fixtures and the served app read one clock, so the TOTP codes computed here fit.
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const owner = await signedInOwner(new TestClient(served.app, served.baseUrl), served.db, clock, {
      practice_name: "Praxis am See",
    });
    // Browser approval has its own tests; here each person's first browser is simply let in.
    await served.db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId)
      .execute();

    // The owner, in a browser of their own.
    const ownerContext = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    ownerContext.setDefaultTimeout(10_000);
    const ownerPage = await ownerContext.newPage();
    const ownerProblems = await watchForProblems(ownerPage);
    await ownerPage.goto("/sign-in");
    await ownerPage.getByLabel(de("signIn.email")).fill(owner.email);
    await ownerPage.getByLabel(de("signIn.password")).fill(owner.password);
    await ownerPage.getByRole("button", { name: de("signIn.submit"), exact: true }).click();
    await ownerPage.waitForURL("**/sign-in/second-factor");
    await ownerPage.getByLabel(de("secondFactor.code")).fill(nextTotpCode(clock, owner.totpSecret));
    await ownerPage.getByRole("button", { name: de("secondFactor.submit") }).click();
    await ownerPage.waitForURL((url) => url.pathname === "/");

    await ownerPage.goto("/team");
    await ownerPage.getByRole("link", { name: de("invitations.new") }).click();
    await ownerPage.waitForURL("**/team/invitations");
    await ownerPage.getByRole("link", { name: de("invitations.new") }).click();
    await ownerPage.waitForURL("**/team/invitations/new");
    const email = uniqueEmail("onboarding");
    await ownerPage.getByLabel(de("invitations.form.name")).fill(MEMBER);
    await ownerPage.getByLabel(de("invitations.form.email")).fill(email);
    await ownerPage.getByLabel(de("invitations.form.role")).selectOption("practitioner");
    await ownerPage.getByRole("button", { name: de("invitations.form.submit") }).click();
    await ownerPage.getByRole("heading", { name: de("invitations.letter.title"), exact: true }).waitFor();
    const code = (await ownerPage.locator("code.activation-code").textContent())?.trim() ?? "";
    assert.match(code, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);

    const [download] = await Promise.all([
      ownerPage.waitForEvent("download"),
      ownerPage.getByRole("button", { name: de("invitations.letter.download") }).click(),
    ]);
    assert.is(download.suggestedFilename(), "aktivierungsbrief.pdf");
    const letter = await Deno.readFile((await download.path())!);
    assert.is(new TextDecoder().decode(letter.slice(0, 5)), "%PDF-");

    // The member, in another browser: the link from the outbox, the code from the owner's page.
    const memberContext = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    memberContext.setDefaultTimeout(10_000);
    const page = await memberContext.newPage();
    const problems = await watchForProblems(page);
    await page.goto("/dev/outbox");
    const mail = page.locator("article.mail", { has: page.locator(".mail-to", { hasText: email }) }).first();
    const body = (await mail.locator(".mail-body").textContent()) ?? "";
    assert.not.ok(body.includes(code), "the code never travels with the link");
    const link = body.match(/https?:\/\/\S+\/invitation\/[a-z2-7]{52}/)?.[0];
    assert.ok(link, "the mail carries the invitation link");

    await page.goto(link!);
    await page.getByRole("heading", { name: de("invitation.title", { practice: "Praxis am See" }) }).waitFor();
    await page.getByLabel(de("invitation.code")).fill(code);
    assert.is(await page.getByLabel(de("invitation.name")).inputValue(), MEMBER, "the name the owner gave");
    await page.getByLabel(de("invitation.password"), { exact: true }).fill(MEMBER_PASSWORD);
    await page.getByLabel(de("invitation.passwordConfirmation")).fill(MEMBER_PASSWORD);
    await page.getByLabel(de("invitation.acceptTerms", { version: CURRENT_TERMS.version })).check();
    await page.getByRole("button", { name: de("invitation.submit") }).click();

    // Signed in with the password, and made to set up a second factor before anything else.
    await page.waitForURL("**/security/enrol");
    const totpSection = page.locator("section", {
      has: page.getByRole("heading", { name: de("enrol.totpTitle"), exact: true }),
    });
    await totpSection.getByRole("link", { name: de("enrol.start") }).click();
    await page.getByRole("heading", { name: de("totp.title") }).waitFor();
    const shownSecret = await page.locator("code.totp-secret").textContent();
    const secret = decodeBase32IgnorePadding(shownSecret!.replaceAll(" ", ""));
    await page.getByLabel(de("totp.name")).fill("Telefon");
    await page.getByLabel(de("totp.code")).fill(nextTotpCode(clock, secret));
    await page.getByRole("button", { name: de("totp.submit") }).click();
    await page.waitForURL("**/security/recovery-codes?first=1");

    await page.goto("/");
    await page.getByRole("heading", { name: de("home.welcome", { name: MEMBER }) }).waitFor();
    assert.is(pathOf(page), "/");
    assert.ok((await page.textContent("header"))?.includes("Praxis am See"));

    await ownerPage.goto("/team/invitations");
    await ownerPage.getByText(de("invitations.state.accepted")).waitFor();
    // A download ends its navigation as "aborted" in Chromium: the one expected failure.
    const downloadAborted = /^request failed: POST \S+\/team\/invitations\/[0-9a-f-]{36}\/letter net::ERR_ABORTED$/;
    assert.equal(ownerProblems.filter((problem) => !downloadAborted.test(problem)), []);
    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test.run();
