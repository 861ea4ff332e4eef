// Quick booking in a real Chromium: the front desk clicks a free cell of the week grid, the
// dialog opens with the practitioner's usual type, its duration and room, a patient is found by
// typing, and the booking appears in the grid without a page load; a conflicting booking shows
// its message in the dialog; Escape closes it; an appointment dragged to another cell is moved;
// without JavaScript the same click leads to the full booking page.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Page } from "playwright-core";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { addDays, formatDay, mondayOf } from "../../lib/berlin-time.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember } from "../support/team-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";
import { addUsualTreatment } from "../support/booking-client.ts";
import { type BrowserApp, pathOf, startBrowserApp, watchForProblems } from "./browser-app.ts";
import { gridCell, signInInBrowser } from "./clinical-steps.ts";

const de = translator("de");
const test = suite("quick booking in Chromium");

async function frontDeskPractice(served: BrowserApp, clock: ReturnType<typeof fixedClock>) {
  const { db } = served;
  const ownerClient = new TestClient(served.app, served.baseUrl);
  const owner = await signedInOwner(ownerClient, db, clock);
  await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
  const practitioner = await db.selectFrom("memberships").select("id").where("practice_id", "=", owner.practiceId)
    .where("role", "=", "owner").executeTakeFirstOrThrow();
  const { locationId, roomId, typeId } = await addUsualTreatment(db, owner.practiceId, practitioner.id);
  const check = await db.insertInto("appointment_types").values({
    practice_id: owner.practiceId,
    name: "Kontrolle",
    duration_minutes: 20,
    colour: "green",
  }).returning("id").executeTakeFirstOrThrow();
  const patientId = await addPatient(db, owner.practiceId, "Müller", "Anna");
  const desk = await addMember(db, served.masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  const wednesday = addDays(mondayOf(berlinDate(clock.now())), 9);
  const week = `/calendar/week?date=${wednesday}&practitioner=${practitioner.id}`;
  return {
    owner,
    ownerClient,
    desk,
    practitionerId: practitioner.id,
    locationId,
    roomId,
    typeId,
    checkTypeId: check.id,
    patientId,
    wednesday,
    week,
  };
}

async function openDialog(page: Page, day: string, time: string) {
  const cell = await gridCell(page, formatDay(day, "de"), time);
  await cell.locator("a.slot-book").click();
  const dialog = page.getByRole("dialog", { name: de("quickBooking.title") });
  await dialog.waitFor();
  return dialog;
}

test("front desk books from a free cell in a dialog; the grid shows it without a page load", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const p = await frontDeskPractice(served, clock);
    // Tall enough that the drag below needs no scrolling (a scroll mid-drag moves what is under the mouse).
    const context = await served.browser.newContext({
      baseURL: served.baseUrl,
      locale: "de-DE",
      viewport: { width: 1280, height: 1600 },
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await signInInBrowser(page, p.desk, clock);
    await page.goto(p.week);
    // A mark on the window: a page load would lose it.
    await page.evaluate(() => Object.assign(globalThis, { stayedOnPage: true }));

    const dialog = await openDialog(page, p.wednesday, "10:00");
    assert.is(await dialog.getByLabel(de("appointmentTypes.type"), { exact: true }).inputValue(), p.typeId);
    assert.is(await dialog.getByLabel(de("calendar.duration"), { exact: true }).inputValue(), "45");
    assert.is(await dialog.getByLabel(de("calendar.room"), { exact: true }).inputValue(), p.roomId);
    assert.is(await dialog.getByLabel(de("calendar.time"), { exact: true }).inputValue(), "10:00");
    const search = dialog.getByLabel(de("calendar.patientSearch"), { exact: true });
    assert.is(await page.evaluate("document.activeElement.id"), "patient_q", "the search has the focus");
    await search.pressSequentially("Mül");
    const patient = dialog.getByRole("radio", { name: /Müller, Anna/ });
    await patient.check();
    await dialog.getByRole("button", { name: de("calendar.book"), exact: true }).click();

    await page.locator("#calendar-announce", { hasText: "Termin gebucht" }).waitFor();
    await dialog.waitFor({ state: "detached" });
    const cell = await gridCell(page, formatDay(p.wednesday, "de"), "10:00");
    const booked = cell.locator("a.appointment", { hasText: "Müller" });
    await booked.waitFor();
    assert.ok(await page.evaluate(() => "stayedOnPage" in globalThis), "no page was loaded");
    assert.is(pathOf(page), p.week);
    const stored = await served.db.selectFrom("appointments").selectAll()
      .where("practitioner_id", "=", p.practitionerId).executeTakeFirstOrThrow();
    assert.is(stored.patient_id, p.patientId);
    assert.is(stored.room_id, p.roomId);
    assert.is(stored.ends_at.getTime() - stored.starts_at.getTime(), 45 * 60_000);
    const focusedHref = String(await page.evaluate("document.activeElement.getAttribute('href')"));
    assert.ok(
      focusedHref.startsWith(`/calendar/appointments/${stored.id}`),
      `the new appointment has the focus: ${focusedHref}`,
    );

    // A conflicting booking: the message stands beside the time, inside the dialog.
    const second = await openDialog(page, p.wednesday, "11:00");
    await second.getByLabel(de("calendar.time"), { exact: true }).fill("10:15");
    await second.getByLabel(de("calendar.appointmentTitle"), { exact: true }).fill("Besprechung");
    await second.getByRole("button", { name: de("calendar.book"), exact: true }).click();
    await second.locator("#time-error", { hasText: "bereits einen Termin" }).waitFor();
    await second.getByRole("alert").filter({ hasText: de("quickBooking.refused") }).waitFor();
    assert.is(await page.evaluate("document.activeElement.id"), "time", "the refused field has the focus");
    assert.ok(await page.evaluate(() => "stayedOnPage" in globalThis), "still no page load");
    // Escape closes the dialog and the focus goes back to the cell it came from.
    await page.keyboard.press("Escape");
    await second.waitFor({ state: "detached" });
    const focused = String(await page.evaluate("document.activeElement.getAttribute('href')"));
    assert.ok(focused.includes(`start=${p.wednesday}T11:00`), focused);
    // Another type swaps in the dialog's form filled from it; the close button closes it.
    const third = await openDialog(page, p.wednesday, "12:00");
    const typeField = third.getByLabel(de("appointmentTypes.type"), { exact: true });
    await typeField.focus();
    await typeField.selectOption(p.checkTypeId);
    await third.locator('input[name="duration"][value="20"]').waitFor();
    assert.is(await third.getByLabel(de("calendar.room"), { exact: true }).inputValue(), "", "Kontrolle has no room");
    assert.is(await page.evaluate("document.activeElement.id"), "appointment_type_id", "the focus stays on the type");
    await third.getByRole("button", { name: de("quickBooking.close"), exact: true }).click();
    await third.waitFor({ state: "detached" });
    const count = await served.db.selectFrom("appointments").select("id")
      .where("practitioner_id", "=", p.practitionerId).execute();
    assert.is(count.length, 1, "the conflict wrote nothing");

    // Dragged onto 15:00, the appointment moves there (its move form, posted by the script).
    const target = await gridCell(page, formatDay(p.wednesday, "de"), "15:00");
    await booked.dragTo(target);
    await page.locator("#calendar-announce", { hasText: de("calendar.changedNotice") }).waitFor();
    const moved = await gridCell(page, formatDay(p.wednesday, "de"), "15:00");
    await moved.locator("a.appointment", { hasText: "Müller" }).waitFor();
    const after = await served.db.selectFrom("appointments").selectAll().where("id", "=", stored.id)
      .executeTakeFirstOrThrow();
    assert.is(after.starts_at.getTime() - stored.starts_at.getTime(), 5 * 60 * 60_000);
    assert.is(after.ends_at.getTime() - after.starts_at.getTime(), 45 * 60_000, "the duration stays");

    // Meanwhile someone else books 16:30: dragged onto 16:00, the appointment would overlap it.
    const other = await p.ownerClient.post("/calendar/appointments", {
      practitioner_id: p.practitionerId,
      location_id: p.locationId,
      room_id: "",
      patient_id: "",
      title: "Pause",
      date: p.wednesday,
      time: "16:30",
      duration: "30",
      repeat: "none",
    });
    assert.is(other.status, 303);
    const movedLink = moved.locator("a.appointment", { hasText: "Müller" });
    await movedLink.dragTo(await gridCell(page, formatDay(p.wednesday, "de"), "16:00"));
    await page.locator("#calendar-announce", { hasText: "bereits einen Termin" }).waitFor();
    await (await gridCell(page, formatDay(p.wednesday, "de"), "16:30")).locator("a.appointment", { hasText: "Pause" })
      .waitFor();
    const unmoved = await served.db.selectFrom("appointments").select("starts_at").where("id", "=", stored.id)
      .executeTakeFirstOrThrow();
    assert.equal(unmoved.starts_at, after.starts_at, "the refused move changed nothing");

    // When the session has ended, a free cell leads to the sign-in page, not into a dialog.
    await served.db.deleteFrom("sessions").execute();
    await (await gridCell(page, formatDay(p.wednesday, "de"), "09:00")).locator("a.slot-book").click();
    await page.waitForURL((url) => url.pathname === "/sign-in");

    // The refused booking's and the refused move's 422 (and Chromium's console line about it) is all that went wrong.
    const expected = (line: string) => line.startsWith("HTTP 422: POST") || line.includes("status of 422");
    assert.equal(problems.filter((line) => !expected(line)), []);
    assert.is(problems.length, 4, problems.join("\n"));
  } finally {
    await served.close();
  }
});

test("without JavaScript the free cell leads to the full booking page", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const p = await frontDeskPractice(served, clock);
    const context = await served.browser.newContext({
      baseURL: served.baseUrl,
      locale: "de-DE",
      javaScriptEnabled: false,
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await signInInBrowser(page, p.desk, clock);
    await page.goto(p.week);
    const cell = await gridCell(page, formatDay(p.wednesday, "de"), "10:00");
    await cell.locator("a.slot-book").click();
    await page.getByRole("heading", { name: de("calendar.newAppointment"), level: 1 }).waitFor();
    assert.ok(pathOf(page).startsWith("/calendar/new?"), pathOf(page));
    assert.is(await page.getByLabel(de("calendar.duration"), { exact: true }).inputValue(), "45");
    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test.run();
