// The clinical core in a real Chromium with htmx at work: the owner adds a patient, finds them
// again by typing an umlaut-free spelling, books them into a free half hour of the week view,
// writes a documentation entry from the record, finalizes it and amends it with a reason.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { addDays, formatDay, mondayOf } from "../../lib/berlin-time.ts";
import { patientDisplayName } from "../../lib/patient-name.ts";
import { TestClient } from "../support/http-client.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import { createTemplate } from "../../db/note-templates.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { pathOf, startBrowserApp, watchForProblems } from "./browser-app.ts";
import { auditActions, berlinWallClock, gridCell, signInInBrowser } from "./clinical-steps.ts";

const de = translator("de");
const PATIENT = { family_name: "Müller", given_names: "Jürgen", title: "" };
const NAME = patientDisplayName(PATIENT);
const ORIGINAL = "Schulterschmerz rechts seit drei Wochen, Abduktion bis 90° schmerzfrei.";
const AMENDED = "Schulterschmerz links seit drei Wochen, Abduktion bis 90° schmerzfrei.";
const REASON = "Seite verwechselt";

const test = suite("the clinical core in Chromium");

test("a patient is added, found, booked in the week view and documented with an amendment", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const owner = await signedInOwner(new TestClient(served.app, served.baseUrl), served.db, clock);
    await served.db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId)
      .execute();
    const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await signInInBrowser(page, owner, clock);

    // A new patient: master data with statutory insurance.
    await page.getByRole("navigation").getByRole("link", { name: de("nav.patients"), exact: true }).click();
    await page.getByRole("heading", { name: de("patients.title"), level: 1 }).waitFor();
    await page.getByRole("link", { name: de("patients.new"), exact: true }).click();
    await page.getByRole("heading", { name: de("patient.newTitle"), level: 1 }).waitFor();
    await page.getByLabel(de("patient.familyName"), { exact: true }).fill(PATIENT.family_name);
    await page.getByLabel(de("patient.givenNames"), { exact: true }).fill(PATIENT.given_names);
    await page.getByLabel(de("patient.dateOfBirth"), { exact: true }).fill("14.02.1961");
    await page.getByLabel(de("patient.sex.male"), { exact: true }).check();
    await page.getByLabel(de("patient.city"), { exact: true }).fill("Görlitz");
    await page.getByLabel(de("patient.insurance.statutory"), { exact: true }).check();
    await page.getByLabel(de("patient.insurerName"), { exact: true }).fill("AOK Plus");
    await page.getByLabel(de("patient.insuranceNumber"), { exact: true }).fill("a123456780");
    await page.getByRole("button", { name: de("patient.create"), exact: true }).click();
    await page.waitForURL(/\/patients\/[0-9a-f-]{36}\?notice=created$/);
    const patientId = new URL(page.url()).pathname.split("/")[2];
    await page.getByRole("heading", { name: NAME, level: 1 }).waitFor();
    await page.getByRole("status").filter({ hasText: de("patient.createdNotice") }).waitFor();
    assert.ok((await page.locator("main").textContent())?.includes("AOK Plus · A123456780"), "insurance as entered");

    // The list's search answers while typing: first nobody, then the patient spelled without umlaut.
    await page.getByRole("link", { name: de("patient.backToList"), exact: true }).click();
    await page.getByRole("heading", { name: de("patients.title"), level: 1 }).waitFor();
    const search = page.getByRole("searchbox", { name: de("patients.searchLabel") });
    const rows = page.locator("#patient-rows");
    await search.pressSequentially("Schmidt");
    await rows.getByText(de("patients.noResults")).waitFor();
    await search.fill("");
    await Promise.all([
      page.waitForResponse((response) => response.url().includes("/patients/search?q=Muell")),
      search.pressSequentially("Muell"),
    ]);
    await rows.getByRole("link", { name: NAME, exact: true }).waitFor();
    assert.is(await rows.getByRole("row").count(), 1, "only the one patient matches");
    // The rows were swapped in (no page load); the search is kept in the address (hx-push-url).
    assert.is(pathOf(page), "/patients?q=Muell");

    // The week view of next week: the free 10:00 cell on Wednesday opens the quick-booking dialog.
    const wednesday = addDays(mondayOf(berlinDate(clock.now())), 9);
    await page.getByRole("navigation").getByRole("link", { name: de("nav.calendar"), exact: true }).click();
    await page.waitForURL("**/calendar/week?**");
    await page.getByRole("link", { name: de("calendar.nextWeek"), exact: true }).click();
    await page.waitForURL(`**/calendar/week?date=${mondayOf(wednesday)}**`);
    const slotName = de("calendar.bookSlot", { time: "10:00", date: formatDay(wednesday, "de") });
    await (await gridCell(page, formatDay(wednesday, "de"), "10:00")).getByRole("link", { name: slotName }).click();
    const dialog = page.getByRole("dialog", { name: de("quickBooking.title") });
    assert.is(await dialog.getByLabel(de("calendar.date"), { exact: true }).inputValue(), wednesday);
    assert.is(await dialog.getByLabel(de("calendar.time"), { exact: true }).inputValue(), "10:00");

    // The patient picker searches while typing; its results are radio buttons.
    await dialog.getByLabel(de("calendar.patientSearch"), { exact: true }).pressSequentially("Muell");
    const choice = dialog.getByRole("radio", { name: new RegExp(`^${NAME}`) });
    await choice.check();
    await dialog.getByLabel(de("calendar.duration"), { exact: true }).fill("45");
    await dialog.getByRole("button", { name: de("calendar.book"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Termin gebucht" }).waitFor();

    // In the grid: Wednesday, 10:00 row, 10:00–10:45 Berlin time, with the patient's name.
    const booked = (await gridCell(page, formatDay(wednesday, "de"), "10:00")).getByRole("link", {
      // Between time and name the style sheet puts a separator of its own.
      name: new RegExp(`^10:00–10:45\\W*${NAME}$`),
    });
    await booked.waitFor();
    const appointment = await served.db.selectFrom("appointments").select(["starts_at", "ends_at", "patient_id"])
      .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow();
    assert.is(appointment.patient_id, patientId);
    assert.is(berlinWallClock(appointment.starts_at), `${wednesday} 10:00`);
    assert.is(appointment.ends_at.getTime() - appointment.starts_at.getTime(), 45 * 60_000);

    // The appointment leads to the record, whose sections arrive after the page: the appointment
    // among the coming ones, and the documentation, where a free-text draft is written.
    await booked.click();
    await page.getByRole("heading", { name: `${de("calendar.appointment")}: ${NAME}`, level: 1 }).waitFor();
    await page.getByRole("link", { name: NAME, exact: true }).click();
    await page.getByRole("heading", { name: NAME, level: 1 }).waitFor();
    const upcoming = page.locator("#patient-appointments");
    await upcoming.getByRole("link", { name: `${formatDay(wednesday, "de")} 10:00–10:45`, exact: true }).waitFor();
    await page.getByRole("link", { name: de("notes.new"), exact: true }).click();
    await page.getByRole("heading", { name: de("notes.newTitle", { patient: NAME }), level: 1 }).waitFor();
    await page.getByLabel(de("notes.freeTextHeading"), { exact: true }).fill(ORIGINAL);
    await page.getByRole("button", { name: de("notes.saveDraft"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: de("notes.saved") }).waitFor();
    const noteId = new URL(page.url()).pathname.split("/")[2];
    assert.is(await page.getByLabel(de("notes.freeTextHeading"), { exact: true }).inputValue(), ORIGINAL);

    await page.getByRole("button", { name: de("notes.finalize"), exact: true }).click();
    await page.getByRole("button", { name: de("notes.finalizeConfirm"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: de("notes.finalized") }).waitFor();
    assert.is(await page.getByRole("button", { name: de("notes.saveDraft") }).count(), 0, "no more editing");

    // The amendment: a reason and the corrected text; the original stays beside it. The form
    // opens on demand.
    await page.getByText(de("notes.amend"), { exact: true }).click();
    await page.getByLabel(de("notes.reason"), { exact: true }).fill(REASON);
    await page.getByLabel(de("notes.freeTextHeading"), { exact: true }).fill(AMENDED);
    await page.getByRole("button", { name: de("notes.saveAmendment"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: de("notes.amended") }).waitFor();
    const original = page.getByRole("region", { name: de("notes.original"), exact: true });
    const amendment = page.locator(".note-compare .note-amendment");
    assert.ok((await original.textContent())?.includes(ORIGINAL), "the original text is unchanged");
    assert.not.ok((await original.textContent())?.includes(AMENDED));
    const amendmentText = (await amendment.textContent()) ?? "";
    assert.ok(amendmentText.includes(AMENDED), "the amendment shows the corrected text");
    assert.ok(amendmentText.includes(de("notes.amendmentReason", { reason: REASON })), "and its reason");
    const [left, right] = [await original.boundingBox(), await amendment.boundingBox()];
    assert.ok(left && right && left.x + left.width <= right.x && Math.abs(left.y - right.y) < 2, "side by side");

    const patientEvents = await auditActions(served.db, owner.practiceId, patientId);
    assert.ok(patientEvents.includes("patient.created"));
    assert.ok(patientEvents.includes("patient.viewed"));
    const noteEvents = await auditActions(served.db, owner.practiceId, noteId);
    for (const action of ["note.created", "note.viewed", "note.finalized", "note.amended"]) {
      assert.ok(noteEvents.includes(action), `${action} in ${noteEvents.join(", ")}`);
    }
    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test("an entry from a practice template is written from the record, finalized and amended", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const owner = await signedInOwner(new TestClient(served.app, served.baseUrl), served.db, clock);
    await served.db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId)
      .execute();
    const headings = ["Anamnese", "Befund", "Therapie", "Plan"];
    await createTemplate(
      served.db,
      await ownerScopeOf(served.db, owner),
      { name: "Befund Physiotherapie", headings },
      { requestId: null, now: clock.now() },
    );
    const patientId = await insertPatient(served.db, owner.practiceId, { family_name: "Vorlage", given_names: "Vera" });
    const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await signInInBrowser(page, owner, clock);

    await page.goto(`/patients/${patientId}`);
    await page.getByRole("link", { name: de("notes.new"), exact: true }).click();
    await page.getByLabel(headings[0], { exact: true }).waitFor();
    for (const heading of headings) await page.getByLabel(heading, { exact: true }).fill(`${heading}: unauffällig`);
    await page.getByRole("button", { name: de("notes.saveDraft"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: de("notes.saved") }).waitFor();
    await page.getByLabel("Befund", { exact: true }).fill("Befund: Druckschmerz");
    await page.getByRole("button", { name: de("notes.saveDraft"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: de("notes.saved") }).waitFor();
    await page.getByRole("button", { name: de("notes.finalize"), exact: true }).click();
    await page.getByRole("button", { name: de("notes.finalizeConfirm"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: de("notes.finalized") }).waitFor();
    await page.getByText(de("notes.amend"), { exact: true }).click();
    await page.getByLabel(de("notes.reason"), { exact: true }).fill("Plan ergänzt");
    await page.getByLabel("Plan", { exact: true }).fill("Plan: sechs Termine");
    await page.getByRole("button", { name: de("notes.saveAmendment"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: de("notes.amended") }).waitFor();
    assert.ok((await page.locator("main").textContent())?.includes("Befund: Druckschmerz"), "the saved draft text");
    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test.run();
