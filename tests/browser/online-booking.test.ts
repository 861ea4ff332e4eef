// Online booking in a real Chromium with JavaScript switched off: a patient books on the public
// page, reads the code in the development outbox, confirms with it; the practice confirms the
// booking and sees it in the week view.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { pathOf, startBrowserApp, watchForProblems } from "./browser-app.ts";
import { signInInBrowser } from "./clinical-steps.ts";

const de = translator("de");
const test = suite("online booking in Chromium");

test("a patient books with JavaScript off and confirms by the mailed code; the practice sees it in the week view", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const { db } = served;
    const ownerClient = new TestClient(served.app, served.baseUrl);
    const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
    await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
    const membership = await db.selectFrom("memberships").select("id").where("practice_id", "=", owner.practiceId)
      .executeTakeFirstOrThrow();
    for (const weekday of ["1", "2", "3", "4", "5"]) {
      const hours = await ownerClient.post(`/calendar/settings/practitioners/${membership.id}/working-hours`, {
        weekday,
        starts: "08:00",
        ends: "12:00",
        valid_from: "2026-01-01",
      });
      assert.is(hours.status, 303);
    }
    const type = await ownerClient.post("/calendar/settings/types", {
      name: "Erstgespräch",
      duration: "30",
      colour: "blue",
      bookable_online: "yes",
    });
    assert.is(type.status, 303);

    // The owner switches online booking on in the browser.
    const ownerContext = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    ownerContext.setDefaultTimeout(10_000);
    const ownerPage = await ownerContext.newPage();
    const ownerProblems = await watchForProblems(ownerPage);
    await signInInBrowser(ownerPage, owner, clock);
    await ownerPage.goto("/calendar/settings/online-booking");
    await ownerPage.getByLabel(de("onlineBookings.enabled")).check();
    await ownerPage.getByRole("button", { name: de("onlineBookings.save") }).click();
    await ownerPage.getByRole("status").filter({ hasText: de("onlineBookings.savedNotice") }).waitFor();
    const address = await ownerPage.getByRole("link", { name: /\/buchen\// }).getAttribute("href");
    const bookingPath = new URL(address!).pathname;

    const patientContext = await served.browser.newContext({
      baseURL: served.baseUrl,
      locale: "de-DE",
      javaScriptEnabled: false,
    });
    patientContext.setDefaultTimeout(10_000);
    const patient = await patientContext.newPage();
    const patientProblems = await watchForProblems(patient);
    await patient.goto(bookingPath);
    await patient.getByRole("heading", { name: de("booking.title"), level: 1 }).waitFor();
    await patient.getByRole("button", { name: de("booking.showSlots") }).click();
    const slot = patient.getByRole("radio").first();
    const slotValue = await slot.getAttribute("value");
    await slot.check();
    await patient.getByLabel(de("booking.givenNames")).fill("Lena");
    await patient.getByLabel(de("booking.familyName")).fill("Online");
    await patient.getByLabel(de("booking.email")).fill("lena.online@example.org");
    await patient.getByRole("button", { name: de("booking.request") }).click();
    await patient.getByRole("heading", { name: de("booking.codeTitle"), level: 1 }).waitFor();
    const codePage = pathOf(patient);

    await patient.goto("/dev/outbox");
    const mail = patient.locator("article.mail").filter({ hasText: "lena.online@example.org" }).first();
    const code = (await mail.locator(".mail-body").textContent())!.match(/\b(\d{8})\b/)![1];
    await patient.goto(codePage);
    await patient.getByLabel(de("booking.code")).fill(code);
    await patient.getByRole("button", { name: de("booking.confirm") }).click();
    await patient.getByRole("status").filter({ hasText: de("booking.heldNotice") }).waitFor();

    await ownerPage.goto("/calendar/online-bookings");
    await ownerPage.getByRole("cell", { name: "Online, Lena" }).or(ownerPage.getByRole("cell", { name: "Lena Online" }))
      .waitFor();
    await ownerPage.getByRole("button", { name: de("onlineBookings.confirm") }).click();
    await ownerPage.getByRole("status").filter({ hasText: de("onlineBookings.confirmedNotice") }).waitFor();
    const startsAt = new Date(Number(slotValue!.split(".")[1]));
    await ownerPage.goto(`/calendar/week?date=${berlinDate(startsAt)}`);
    await ownerPage.locator("table.calendar-grid").getByText("Online", { exact: false }).first().waitFor();
    const stored = await db.selectFrom("appointments").select(["starts_at", "patient_id"])
      .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow();
    assert.is(stored.starts_at.getTime(), startsAt.getTime());
    assert.equal(patientProblems, []);
    assert.equal(ownerProblems, []);
  } finally {
    await served.close();
  }
});

test.run();
