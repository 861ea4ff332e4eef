// The front desk's morning in a real Chromium: today's list, a check-in that swaps just its row
// (no page load) and its undo, the header's notices badge filled by htmx; and the same check-in
// with JavaScript off, as a form post and a redirect.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { addDays, startOfBerlinDay } from "../../lib/berlin-time.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { storedAppointment, storedPatient } from "../integration/notes-fixtures.ts";
import { ownerMembershipId, pendingBrowser } from "../integration/today-fixtures.ts";
import { startBrowserApp, watchForProblems } from "./browser-app.ts";
import { signInInBrowser } from "./clinical-steps.ts";

const de = translator("de");
const test = suite("today in Chromium");
const HOUR = 3_600_000;

test("check-in swaps the row with JavaScript and posts the form without; the badge counts what waits", async () => {
  // 11:00 in Berlin on the next day that has it ahead, so the day has a morning behind and an afternoon ahead.
  const real = new Date();
  let eleven = new Date(startOfBerlinDay(berlinDate(real)).getTime() + 11 * HOUR);
  if (eleven <= real) eleven = new Date(startOfBerlinDay(addDays(berlinDate(real), 1)).getTime() + 11 * HOUR);
  const clock = fixedClock(eleven);
  const served = await startBrowserApp({ clock });
  try {
    const { db } = served;
    const ownerClient = new TestClient(served.app, served.baseUrl);
    const owner = await signedInOwner(ownerClient, db, clock);
    await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
    const desk = await addMember(db, crypto.getRandomValues(new Uint8Array(32)), owner.practiceId, "front_desk");
    await pendingBrowser(db, owner.practiceId, desk.accountId, "Firefox am Empfang", clock.now());
    const owners = await ownerMembershipId(db, owner.practiceId);
    const day = startOfBerlinDay(berlinDate(clock.now())).getTime();
    const albers = await storedPatient(db, owner.practiceId, "Albers", "Eva");
    const brandt = await storedPatient(db, owner.practiceId, "Brandt", "Jan");
    const coming = await storedAppointment(db, owner.practiceId, owners, albers, new Date(day + 14 * HOUR));
    const later = await storedAppointment(db, owner.practiceId, owners, brandt, new Date(day + 15 * HOUR));

    for (const javaScriptEnabled of [true, false]) {
      const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE", javaScriptEnabled });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const problems = await watchForProblems(page);
      await signInInBrowser(page, owner, clock);
      const id = javaScriptEnabled ? coming : later;
      const row = page.locator(`#today-${id}`);
      await row.waitFor();
      if (javaScriptEnabled) {
        await page.locator(".notices-link .badge", { hasText: "1" }).waitFor();
        await page.evaluate(() => Object.assign(globalThis, { samePage: true }));
        await row.getByRole("button", { name: de("today.checkInFor", { patient: "Albers, Eva" }) }).click();
        await row.getByText(/angekommen um \d\d:\d\d/).waitFor();
        assert.ok(await page.evaluate(() => "samePage" in globalThis), "the row was swapped, no page was loaded");
        await row.getByRole("button", { name: de("today.undoCheckIn") }).click();
        await row.getByRole("button", { name: de("today.checkInFor", { patient: "Albers, Eva" }) }).waitFor();
        assert.ok(await page.evaluate(() => "samePage" in globalThis));
        assert.is(
          (await db.selectFrom("appointments").select("arrived_at").where("id", "=", id)
            .executeTakeFirstOrThrow()).arrived_at,
          null,
        );
      } else {
        assert.is(await page.locator(".notices-link").textContent(), de("notices.link"), "the link alone, no count");
        await row.getByRole("button", { name: de("today.checkInFor", { patient: "Brandt, Jan" }) }).click();
        await page.waitForURL((url) => url.search === "?notice=arrived");
        await page.getByRole("status").filter({ hasText: de("today.arrivedNotice") }).waitFor();
        await page.locator(`#today-${id}`).getByText(/angekommen um \d\d:\d\d/).waitFor();
      }
      assert.equal(problems, []);
      await context.close();
    }
  } finally {
    await served.close();
  }
});

test("the owner approves a waiting browser from the notice: badge, list, decision, and the badge is empty", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const { db } = served;
    const owner = await signedInOwner(new TestClient(served.app, served.baseUrl), db, clock);
    await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
    const desk = await addMember(db, crypto.getRandomValues(new Uint8Array(32)), owner.practiceId, "front_desk", {
      name: "Bernd Empfang",
    });
    await pendingBrowser(db, owner.practiceId, desk.accountId, "Firefox am Empfang", clock.now());
    const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await signInInBrowser(page, owner, clock);
    const link = page.locator("a.notices-link");
    await link.locator(".badge", { hasText: "1" }).waitFor();
    await link.click();
    await page.getByRole("heading", { name: de("notices.title"), level: 1 }).waitFor();
    await page.getByRole("link", { name: /Bernd Empfang: Firefox am Empfang/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/practice/browsers/"));
    await page.locator("li[aria-current=true]").getByRole("button", { name: de("browsers.approve") }).click();
    await page.getByText(de("browsers.done.approve")).waitFor();
    const stored = await db.selectFrom("known_browsers").select("status").where("account_id", "=", desk.accountId)
      .where("description", "=", "Firefox am Empfang").executeTakeFirstOrThrow();
    assert.is(stored.status, "approved");
    const [badge] = await Promise.all([
      // The badge of the list page, not the one the page before was still loading.
      page.waitForResponse((response) =>
        response.url().endsWith("/notices/badge") && !!response.request().headers().referer?.endsWith("/notices")
      ),
      page.goto("/notices"),
    ]);
    await page.getByText(de("notices.none")).waitFor();
    assert.is(await badge.text(), "", "nothing waits: the badge is empty");
    assert.equal(problems, []);
    await context.close();
  } finally {
    await served.close();
  }
});

test.run();
