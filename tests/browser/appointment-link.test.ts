// The patient's appointment page in Chromium with JavaScript off: it shows the appointment,
// moves it to an offered free time and cancels it with plain forms, and the page obeys the CSP.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { addDays } from "../../lib/berlin-time.ts";
import { berlinWallClockToUtc } from "../../lib/free-slots.ts";
import { TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { addPatient } from "../support/document-fixtures.ts";
import { storedAppointment } from "../integration/notes-fixtures.ts";
import { createAppointmentLink } from "../../db/appointment-links.ts";
import { startBrowserApp, watchForProblems } from "./browser-app.ts";

const de = translator("de");
const test = suite("the patient's appointment link in Chromium");

test("without JavaScript the patient moves and then cancels the appointment by the link", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const { db } = served;
    const owner = await signedInOwner(new TestClient(served.app, served.baseUrl), db, clock, {
      owner_name: "Dr. Eva Inhaber",
    });
    const scope = await ownerScopeOf(db, owner);
    for (let weekday = 1; weekday <= 7; weekday++) {
      await db.insertInto("working_hours").values({
        practice_id: owner.practiceId,
        practitioner_id: scope.membershipId,
        weekday,
        starts_at_minute: 8 * 60,
        ends_at_minute: 18 * 60,
        location_id: null,
        valid_from: "2026-01-01",
        valid_until: null,
      }).execute();
    }
    const patientId = await addPatient(db, owner.practiceId, "Müller", "Anna");
    const startsAt = berlinWallClockToUtc(addDays(berlinDate(clock.now()), 6), 10 * 60);
    const appointmentId = await storedAppointment(db, owner.practiceId, scope.membershipId, patientId, startsAt, 30);
    const token = await createAppointmentLink(db, owner.practiceId, appointmentId, clock.now());

    const context = await served.browser.newContext({
      baseURL: served.baseUrl,
      locale: "de-DE",
      javaScriptEnabled: false,
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await page.goto(`/termin/${token}`);
    await page.getByRole("heading", { name: de("appointmentLink.title"), level: 1 }).waitFor();
    assert.ok(await page.getByText("Dr. Eva Inhaber", { exact: true }).isVisible());
    assert.not.ok((await page.content()).includes("Müller"), "no patient name");

    const slots = page.getByRole("radio");
    assert.ok(await slots.count() > 1, "free times offered");
    const chosen = slots.nth(2);
    const start = await chosen.getAttribute("value");
    await chosen.check();
    await page.getByRole("button", { name: de("appointmentLink.move") }).click();
    await page.getByText(de("appointmentLink.movedNotice")).waitFor();
    const moved = await db.selectFrom("appointments").select(["starts_at", "status"]).where("id", "=", appointmentId)
      .executeTakeFirstOrThrow();
    assert.is(moved.starts_at.toISOString(), start);

    await page.getByRole("button", { name: de("appointmentLink.cancel") }).click();
    await page.getByText(de("appointmentLink.cancelledNotice")).waitFor();
    assert.ok(await page.getByText(de("appointmentLink.cancelled")).isVisible());
    const cancelled = await db.selectFrom("appointments").select("status").where("id", "=", appointmentId)
      .executeTakeFirstOrThrow();
    assert.is(cancelled.status, "cancelled");
    assert.equal(problems, []);
    await context.close();
  } finally {
    await served.close();
  }
});

test.run();
