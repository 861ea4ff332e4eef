// Each role's morning in a real Chromium, the way issue #10 tells it: the front desk opens today,
// checks a patient in, books from a free cell of the week and finds a patient from the header; the
// practitioner opens today, goes to the record and writes a note; the owner approves a waiting
// browser from the notice. Every page a walk visits must fit its viewport, pass axe-core without
// serious or critical findings and leave a screenshot: once with JavaScript at laptop width, once
// without JavaScript on a phone (where the header folds into its menu).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Page } from "playwright-core";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { addDays, formatDay, startOfBerlinDay } from "../../lib/berlin-time.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { addUsualTreatment } from "../support/booking-client.ts";
import { checkPage } from "../support/page-checks.ts";
import { storedAppointment, storedPatient } from "../integration/notes-fixtures.ts";
import { pendingBrowser } from "../integration/today-fixtures.ts";
import { type BrowserApp, startBrowserApp, watchForProblems } from "./browser-app.ts";
import { gridCell, signInInBrowser } from "./clinical-steps.ts";

const de = translator("de");
const test = suite("each role's morning in Chromium");
const HOUR = 3_600_000;
const RUNS = [{ javaScript: true, width: 1366 }, { javaScript: false, width: 390 }] as const;
type Run = (typeof RUNS)[number];

/** 11:00 in Berlin on the next day that still has it ahead: a morning behind, an afternoon to come. */
function lateMorning(): Date {
  const real = new Date();
  const eleven = new Date(startOfBerlinDay(berlinDate(real)).getTime() + 11 * HOUR);
  return eleven > real ? eleven : new Date(startOfBerlinDay(addDays(berlinDate(real), 1)).getTime() + 11 * HOUR);
}

/** A practice at 11:00: two patients booked this afternoon with Paul, one with a note already. */
async function morningPractice(served: BrowserApp, clock: ReturnType<typeof fixedClock>) {
  const { db } = served;
  const ownerClient = new TestClient(served.app, served.baseUrl);
  const owner = await signedInOwner(ownerClient, db, clock);
  await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
  const paul = await addMember(db, served.masterKey, owner.practiceId, "practitioner", { name: "Paul Behandler" });
  const desk = await addMember(db, served.masterKey, owner.practiceId, "front_desk", { name: "Frieda Empfang" });
  const { roomId } = await addUsualTreatment(db, owner.practiceId, paul.membershipId);
  const day = startOfBerlinDay(berlinDate(clock.now())).getTime();
  const albers = await storedPatient(db, owner.practiceId, "Albers", "Eva");
  const brandt = await storedPatient(db, owner.practiceId, "Brandt", "Jan");
  const albersAt14 = await storedAppointment(
    db,
    owner.practiceId,
    paul.membershipId,
    albers,
    new Date(day + 14 * HOUR),
  );
  await storedAppointment(db, owner.practiceId, paul.membershipId, brandt, new Date(day + 15 * HOUR));
  return { owner, paul, desk, roomId, albers, brandt, albersAt14, today: berlinDate(clock.now()) };
}

async function withRun(
  run: Run,
  walk: (
    page: Page,
    served: BrowserApp,
    clock: ReturnType<typeof fixedClock>,
    check: (name: string) => Promise<void>,
  ) => Promise<void>,
) {
  const clock = fixedClock(lateMorning());
  const served = await startBrowserApp({ clock });
  const found: string[] = [];
  try {
    const context = await served.browser.newContext({
      baseURL: served.baseUrl,
      locale: "de-DE",
      javaScriptEnabled: run.javaScript,
      viewport: { width: run.width, height: run.width < 600 ? 844 : 900 },
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    const mode = `${run.width}-${run.javaScript ? "js" : "nojs"}`;
    const check = async (name: string) => {
      found.push(...await checkPage(page, `walk-${name}-${mode}`, { javaScript: run.javaScript }));
    };
    await walk(page, served, clock, check);
    found.push(...problems);
    await context.close();
  } finally {
    await served.close();
  }
  assert.equal(found, [], found.join("\n"));
}

/** On a phone the header's areas sit in a folded menu: open it (a <details>, no JavaScript needed). */
async function openHeaderMenu(page: Page) {
  const menu = page.locator("details.shell-menu");
  const summary = menu.locator("> summary");
  if ((await menu.getAttribute("open")) === null && await summary.isVisible()) await summary.click();
}

for (const run of RUNS) {
  const how = `${run.width} px, JavaScript ${run.javaScript ? "on" : "off"}`;

  test(`front desk: today → check-in → booking from a free cell → header search (${how})`, async () => {
    await withRun(run, async (page, served, clock, check) => {
      const p = await morningPractice(served, clock);
      await signInInBrowser(page, p.desk, clock);
      await page.getByRole("heading", { name: de("today.practiceDay") }).waitFor();
      await check("desk-today");

      const row = page.locator(`#today-${p.albersAt14}`);
      await row.getByRole("button", { name: de("today.checkInFor", { patient: "Albers, Eva" }) }).click();
      await page.locator(`#today-${p.albersAt14}`).getByText(/angekommen um \d\d:\d\d/).waitFor();
      const arrived = await served.db.selectFrom("appointments").select("arrived_at").where("id", "=", p.albersAt14)
        .executeTakeFirstOrThrow();
      assert.ok(arrived.arrived_at, "the arrival is stored");
      await check("desk-checked-in");

      await page.goto(`/calendar/week?date=${p.today}&practitioner=${p.paul.membershipId}`);
      const cell = await gridCell(page, formatDay(p.today, "de"), "17:00");
      await check("desk-week");
      await cell.locator("a.slot-book").click();
      if (run.javaScript) {
        const dialog = page.getByRole("dialog", { name: de("quickBooking.title") });
        await dialog.waitFor();
        assert.is(await dialog.getByLabel(de("calendar.duration"), { exact: true }).inputValue(), "45");
        assert.is(await dialog.getByLabel(de("calendar.room"), { exact: true }).inputValue(), p.roomId);
        await dialog.getByLabel(de("calendar.patientSearch"), { exact: true }).pressSequentially("Bran");
        await dialog.getByRole("radio", { name: /Brandt, Jan/ }).check();
        await check("desk-quick-booking");
        await dialog.getByRole("button", { name: de("calendar.book"), exact: true }).click();
        await page.locator("#calendar-announce", { hasText: "Termin gebucht" }).waitFor();
        await dialog.waitFor({ state: "detached" });
      } else {
        await page.getByRole("heading", { name: de("calendar.newAppointment"), level: 1 }).waitFor();
        assert.is(await page.getByLabel(de("calendar.duration"), { exact: true }).inputValue(), "45");
        await page.getByLabel(de("calendar.patientSearch"), { exact: true }).fill("Bran");
        await page.getByRole("group", { name: de("calendar.patient") })
          .getByRole("button", { name: de("calendar.searchPatients"), exact: true }).click();
        await page.getByRole("radio", { name: /Brandt, Jan/ }).check();
        await check("desk-booking-page");
        await page.getByRole("button", { name: de("calendar.book"), exact: true }).click();
        await page.waitForURL((url) => url.pathname === "/calendar/week");
      }
      await (await gridCell(page, formatDay(p.today, "de"), "17:00")).locator("a.appointment", { hasText: "Brandt" })
        .waitFor();
      const booked = await served.db.selectFrom("appointments").select(["starts_at", "ends_at", "room_id"])
        .where("patient_id", "=", p.brandt).orderBy("starts_at", "desc").executeTakeFirstOrThrow();
      assert.is(booked.ends_at.getTime() - booked.starts_at.getTime(), 45 * 60_000, "the usual 45 minutes");
      assert.is(booked.room_id, p.roomId, "in the usual room");
      await check("desk-booked");

      const search = page.getByRole("search").getByLabel(de("shell.search"));
      await search.fill("Albers");
      await search.press("Enter");
      await page.waitForURL((url) => url.pathname === "/patients" && url.searchParams.get("q") === "Albers");
      await page.getByRole("link", { name: /Albers, Eva/ }).first().waitFor();
      await check("desk-search");
    });
  });

  test(`practitioner: today → record → a new note, finalized (${how})`, async () => {
    await withRun(run, async (page, served, clock, check) => {
      const p = await morningPractice(served, clock);
      await signInInBrowser(page, p.paul, clock);
      await page.getByRole("heading", { name: de("today.ownDay") }).waitFor();
      await check("practitioner-today");

      await page.locator(`#today-${p.albersAt14}`).getByRole("link", { name: /Albers, Eva/ }).click();
      await page.waitForURL((url) => url.pathname === `/patients/${p.albers}`);
      await page.getByRole("navigation", { name: de("record.index") }).waitFor();
      await check("practitioner-record");

      // Without JavaScript the record's sections are links to their own pages (htmx loads them in place).
      if (!run.javaScript) await page.locator("#record-notes").getByRole("link").first().click();
      await page.getByRole("link", { name: de("notes.new"), exact: true }).click();
      await page.getByLabel(de("notes.freeTextHeading"), { exact: true }).fill(
        "Schulter frei beweglich, Plan: Übungen.",
      );
      await check("practitioner-note-form");
      await page.getByRole("button", { name: de("notes.saveDraft"), exact: true }).click();
      await page.getByRole("status").filter({ hasText: de("notes.saved") }).waitFor();
      await page.getByRole("button", { name: de("notes.finalize"), exact: true }).click();
      await page.getByRole("button", { name: de("notes.finalizeConfirm"), exact: true }).click();
      await page.getByRole("status").filter({ hasText: de("notes.finalized") }).waitFor();
      await check("practitioner-note");
      const note = await served.db.selectFrom("notes").select(["finalized_at", "author_id"])
        .where("patient_id", "=", p.albers).executeTakeFirstOrThrow();
      assert.ok(note.finalized_at, "the entry is finalized");
    });
  });

  test(`owner: the notice of a waiting browser → approved (${how})`, async () => {
    await withRun(run, async (page, served, clock, check) => {
      const p = await morningPractice(served, clock);
      await pendingBrowser(served.db, p.owner.practiceId, p.desk.accountId, "Firefox am Empfang", clock.now());
      await signInInBrowser(page, p.owner, clock);
      await page.getByRole("heading", { name: de("today.practiceDay") }).waitFor();
      const link = page.locator("a.notices-link");
      if (run.javaScript) await link.locator(".badge", { hasText: "1" }).waitFor();
      await check("owner-today");
      await openHeaderMenu(page);
      await link.click();
      await page.getByRole("heading", { name: de("notices.title"), level: 1 }).waitFor();
      await check("owner-notices");
      await page.getByRole("link", { name: /Frieda Empfang: Firefox am Empfang/ }).click();
      await page.waitForURL((url) => url.pathname.startsWith("/practice/browsers/"));
      await page.locator("li[aria-current=true]").getByRole("button", { name: de("browsers.approve") }).click();
      await page.getByText(de("browsers.done.approve")).waitFor();
      await check("owner-approved");
      const stored = await served.db.selectFrom("known_browsers").select("status")
        .where("account_id", "=", p.desk.accountId).where("description", "=", "Firefox am Empfang")
        .executeTakeFirstOrThrow();
      assert.is(stored.status, "approved");
    });
  });
}

test.run();
