// The calendar's views in a real Chromium: the patient search keeps its query in the address
// (htmx pushes it), so a reload and the back button keep it; /calendar opens the last view the
// person chose; the day view carries the "now" line (its script runs under the strict CSP);
// at tablet and phone widths the grid scrolls inside its own box with the times in view.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { addDays, berlinInstant } from "../../lib/berlin-time.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import { pathOf, startBrowserApp, watchForProblems } from "./browser-app.ts";
import { signInInBrowser } from "./clinical-steps.ts";

const de = translator("de");
const test = suite("calendar views in Chromium");

test("search survives reload and back; /calendar reopens the last view; the grid scrolls in its box", async () => {
  // Today at 10:42 in Berlin, for the server and (below) the page: the line is inside the grid's hours.
  const pinned = berlinInstant(berlinDate(new Date()), "10:42");
  const clock = fixedClock(pinned.ok ? pinned.at : new Date());
  const served = await startBrowserApp({ clock });
  try {
    const ownerClient = new TestClient(served.app, served.baseUrl);
    const owner = await signedInOwner(ownerClient, served.db, clock);
    const { db } = served;
    await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
    await insertPatient(db, owner.practiceId, { family_name: "Lindqvist", given_names: "Maja" });
    await insertPatient(db, owner.practiceId, { family_name: "Larsen", given_names: "Ole" });

    const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.clock.install({ time: clock.now() });
    const problems = await watchForProblems(page);
    await signInInBrowser(page, owner, clock);

    // Typing searches through htmx and puts the list's own address into the history.
    await page.goto("/patients");
    const search = page.getByRole("searchbox", { name: de("patients.searchLabel") });
    await search.pressSequentially("Lind");
    await page.waitForURL((url) => url.pathname === "/patients" && url.searchParams.get("q") === "Lind");
    await page.locator("#patient-rows", { hasText: "Lindqvist" }).waitFor();
    assert.is(await page.locator("#patient-rows", { hasText: "Larsen" }).count(), 0);

    await page.reload();
    assert.is(await search.inputValue(), "Lind", "the reload keeps the query");
    await page.locator("#patient-rows", { hasText: "Lindqvist" }).waitFor();
    assert.is(await page.locator("#patient-rows", { hasText: "Larsen" }).count(), 0);

    // The calendar: choose everyone's day view of tomorrow, leave, come back through the menu.
    const tomorrow = addDays(berlinDate(clock.now()), 1);
    await page.goto(`/calendar/day?date=${tomorrow}&practitioner=all`);
    await page.goto("/patients?q=Lind");
    await page.goto("/calendar/week");
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get("q") === "Lind");
    assert.is(await search.inputValue(), "Lind", "back keeps the query");
    await page.locator("#patient-rows", { hasText: "Lindqvist" }).waitFor();

    // The last view opened was the week (of the person's own calendar): /calendar opens it again.
    await page.getByRole("link", { name: de("nav.calendar"), exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === "/calendar/week");
    await page.goto(`/calendar/day?date=${tomorrow}&practitioner=all`);
    await page.goto("/patients");
    await page.getByRole("link", { name: de("nav.calendar"), exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === "/calendar/day");
    const opened = new URL(page.url());
    assert.is(opened.searchParams.get("practitioner"), "all");
    assert.is(opened.searchParams.get("date"), berlinDate(clock.now()), "the remembered view, on today");

    // Today's day view has the line, labelled with the time; the script moves it as time passes.
    await page.locator('tr[data-minute="630"] td[aria-current="time"] .now-label', { hasText: /^jetzt 10:4\d$/ })
      .waitFor();
    await page.clock.runFor(25 * 60_000);
    await page.locator('tr[data-minute="660"] td[aria-current="time"] .now-label', { hasText: /^jetzt 11:[01]\d$/ })
      .waitFor();
    assert.is(await page.locator('tr[data-minute="630"] td[aria-current="time"]').count(), 0);

    // A tablet sees the whole week; on a phone the grid scrolls inside its own box, times in view.
    await page.setViewportSize({ width: 768, height: 900 });
    await page.goto("/calendar/week?practitioner=" + ownerMembership(await memberships(db, owner.practiceId)));
    const box = page.locator(".calendar-scroll");
    const boxSizes = () =>
      box.evaluate((element) => ({
        scrollWidth: element.scrollWidth,
        clientWidth: element.clientWidth,
        right: element.getBoundingClientRect().right,
        // Runs in the page, where the window has getComputedStyle and innerWidth.
        viewport: (globalThis as unknown as { innerWidth: number }).innerWidth,
        overflowX: (globalThis as unknown as { getComputedStyle(e: unknown): { overflowX: string } })
          .getComputedStyle(element).overflowX,
      }));
    const tablet = await boxSizes();
    assert.ok(tablet.scrollWidth <= tablet.clientWidth, `the week fits at 768 px: ${JSON.stringify(tablet)}`);
    assert.ok(tablet.right <= tablet.viewport);

    await page.setViewportSize({ width: 390, height: 900 });
    const phone = await boxSizes();
    assert.ok(phone.scrollWidth > phone.clientWidth, "the grid is wider than its box at 390 px");
    assert.is(phone.overflowX, "auto");
    assert.ok(phone.right <= phone.viewport, "the box itself stays inside the screen");
    // Scrolled sideways, the time column stays at the box's left edge.
    await box.evaluate((element) => element.scrollBy(200, 0));
    const time = page.locator("tbody th.calendar-time").first();
    const [boxLeft, timeLeft] = await Promise.all([
      box.evaluate((element) => element.getBoundingClientRect().left),
      time.evaluate((element) => element.getBoundingClientRect().left),
    ]);
    assert.ok(Math.abs(timeLeft - boxLeft) <= 2, "the time column sticks at 390 px");
    assert.ok(pathOf(page).startsWith("/calendar/week"));
    // The fake clock runs 25 minutes in an instant: the notices badge polls each minute, and its
    // requests time out in fake time while their answers take real time. Nothing else may show.
    assert.equal(problems.filter((problem) => !FAKE_TIME_BADGE_TIMEOUT.test(problem)), []);
  } finally {
    await served.close();
  }
});

const FAKE_TIME_BADGE_TIMEOUT = /^console error: htmx: htmx:error: timeout \{elt: span\.notices-badge/;

async function memberships(db: Awaited<ReturnType<typeof startBrowserApp>>["db"], practiceId: string) {
  return await db.selectFrom("memberships").select(["id", "role"]).where("practice_id", "=", practiceId).execute();
}

function ownerMembership(rows: { id: string; role: string }[]) {
  return rows.find((row) => row.role === "owner")!.id;
}

test.run();
