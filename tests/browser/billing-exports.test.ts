// Exports, reports and dunning in a real Chromium: the server-drawn chart shows under the strict
// CSP, the month's ZIP downloads from a plain form, the DATEV settings save, and a dunning run
// produces its letter. No page reports a CSP violation or a script error.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { billingReady, issuedInvoice } from "../support/invoice-fixtures.ts";
import { startBrowserApp, watchForProblems } from "./browser-app.ts";
import { signInInBrowser } from "./clinical-steps.ts";

const de = translator("de");
const test = suite("billing exports, reports and dunning in Chromium");

test("the chart shows, the month's ZIP downloads, DATEV settings save and a dunning run makes its letter", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const { db } = served;
    const owner = await signedInOwner(new TestClient(served.app, served.baseUrl), db, clock);
    await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
    const scope = await ownerScopeOf(db, owner);
    // Issued six weeks ago and unpaid: in last month's export (or this month's) and overdue.
    const issuedAt = new Date(clock.now().getTime() - 42 * 86_400_000);
    await billingReady(db, scope, issuedAt);
    const invoice = await issuedInvoice(db, scope, issuedAt, [{ description: "Gesprächstherapie", unitCents: 10000 }]);
    const month = berlinDate(issuedAt).slice(0, 7);

    const context = await served.browser.newContext({
      baseURL: served.baseUrl,
      locale: "de-DE",
      acceptDownloads: true,
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await signInInBrowser(page, owner, clock);

    await page.goto("/billing/reports");
    const chart = page.getByRole("img", { name: /Rechnungsbeträge je Monat/ });
    await chart.waitFor();
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 60, "the chart is drawn at size");
    await page.getByRole("cell", { name: "Gesprächstherapie" }).waitFor();

    await page.goto("/billing/exports");
    const archive = page.getByRole("region", { name: de("billingExports.archive") });
    await archive.getByLabel(de("billingExports.period")).fill(month);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      archive.getByRole("button", { name: de("billingExports.archiveDownload") }).click(),
    ]);
    assert.is(download.suggestedFilename(), `kartei-rechnungen-${month}.zip`);
    const files = unzipSync(await Deno.readFile((await download.path())!));
    assert.ok(`rechnungen/${invoice.number}.pdf` in files, Object.keys(files).join(", "));

    await page.getByLabel(de("billingExports.consultantNumber")).fill("1234567");
    await page.getByLabel(de("billingExports.clientNumber")).fill("10042");
    await page.getByRole("button", { name: de("billingExports.save") }).click();
    await page.getByRole("status").filter({ hasText: de("billingExports.settingsSaved") }).waitFor();

    await page.goto("/billing/dunning");
    await page.getByRole("cell", { name: invoice.number, exact: true }).waitFor();
    await page.getByRole("button", { name: de("dunning.run") }).click();
    await page.getByRole("status").filter({ hasText: de("dunning.runDone") }).waitFor();
    const [letter] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: new RegExp(`Zahlungserinnerung ${invoice.number}`) }).click(),
    ]);
    assert.match(letter.suggestedFilename(), /^mahnung-1-/);
    // A navigation that turns into a download is reported as an aborted document request: not a fault.
    const downloads = [/\/billing\/exports\/archive\?/, /\/billing\/dunning\/letters\//];
    assert.equal(problems.filter((p) => !(p.endsWith("net::ERR_ABORTED") && downloads.some((d) => d.test(p)))), []);
  } finally {
    await served.close();
  }
});

test.run();
