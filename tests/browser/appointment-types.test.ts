// Appointment types in a real Chromium with htmx at work: the owner's usual type is preselected
// on the booking form, choosing another type swaps in the form filled from it (no page load),
// a duration typed by hand stays when the type changes again, and the booked appointment shows
// the type's name in the week grid.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { addDays, formatDay, mondayOf } from "../../lib/berlin-time.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { pathOf, startBrowserApp, watchForProblems } from "./browser-app.ts";
import { gridCell, signInInBrowser } from "./clinical-steps.ts";

const de = translator("de");
const test = suite("appointment types in Chromium");

test("choosing a type fills duration and room without a page load; a typed duration stays", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const ownerClient = new TestClient(served.app, served.baseUrl);
    const owner = await signedInOwner(ownerClient, served.db, clock);
    const { db } = served;
    await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
    const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
      .executeTakeFirstOrThrow();
    const room = await db.insertInto("rooms").values({
      practice_id: owner.practiceId,
      location_id: location.id,
      name: "Raum 1",
    }).returning("id").executeTakeFirstOrThrow();
    const types = await db.insertInto("appointment_types").values([
      {
        practice_id: owner.practiceId,
        name: "Behandlung",
        duration_minutes: 45,
        colour: "blue",
        default_room_id: room.id,
      },
      { practice_id: owner.practiceId, name: "Kontrolle", duration_minutes: 20, colour: "green" },
      { practice_id: owner.practiceId, name: "Erstanamnese", duration_minutes: 90, colour: "orange" },
    ]).returning(["id", "name"]).execute();
    const typeId = (name: string) => types.find((type) => type.name === name)!.id;
    const membership = await db.selectFrom("memberships").select("id").where("practice_id", "=", owner.practiceId)
      .where("role", "=", "owner").executeTakeFirstOrThrow();
    await db.updateTable("memberships").set({ usual_appointment_type_id: typeId("Behandlung") })
      .where("id", "=", membership.id).execute();

    const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await signInInBrowser(page, owner, clock);

    const wednesday = addDays(mondayOf(berlinDate(clock.now())), 9);
    await page.goto(`/calendar/new?practitioner=${membership.id}&start=${wednesday}T10:00`);
    await page.getByRole("heading", { name: de("calendar.newAppointment"), level: 1 }).waitFor();
    const type = page.getByLabel(de("appointmentTypes.type"), { exact: true });
    const duration = page.getByLabel(de("calendar.duration"), { exact: true });
    const roomField = page.getByLabel(de("calendar.room"), { exact: true });
    assert.is(await type.inputValue(), typeId("Behandlung"), "the usual type is preselected");
    assert.is(await duration.inputValue(), "45");
    assert.is(await roomField.inputValue(), room.id);

    // The form follows the choice through htmx: the form alone is swapped in.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/calendar/new") && r.request().method() === "POST"),
      type.selectOption(typeId("Kontrolle")),
    ]);
    // The swapped-in form carries the type's duration as its value.
    await page.locator('#booking-form input[name="duration"][value="20"]').waitFor();
    assert.is(await roomField.inputValue(), "", "Kontrolle has no room");
    assert.ok(pathOf(page).startsWith("/calendar/new?"), "no page was loaded");

    await duration.fill("60");
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/calendar/new") && r.request().method() === "POST"),
      type.selectOption(typeId("Erstanamnese")),
    ]);
    await page.getByLabel(de("appointmentTypes.type"), { exact: true }).waitFor();
    assert.is(await type.inputValue(), typeId("Erstanamnese"));
    assert.is(await duration.inputValue(), "60", "the typed duration wins over the type's 90 minutes");

    await page.getByLabel(de("calendar.appointmentTitle"), { exact: true }).fill("Neuaufnahme");
    await page.getByRole("button", { name: de("calendar.book"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: de("calendar.createdNotice") }).waitFor();
    const cell = await gridCell(page, formatDay(wednesday, "de"), "10:00");
    await cell.locator(".appointment-type", { hasText: "Erstanamnese" }).waitFor();
    const stored = await db.selectFrom("appointments").select(["appointment_type_id", "starts_at", "ends_at"])
      .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow();
    assert.is(stored.appointment_type_id, typeId("Erstanamnese"));
    assert.is(stored.ends_at.getTime() - stored.starts_at.getTime(), 60 * 60_000);
    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test.run();
