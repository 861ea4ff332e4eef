// Billing in a real Chromium: an appointment booked with a type whose default service is
// planned, marked attended, invoiced from the to-bill list, issued, paid; another invoice
// cancelled. Without JavaScript tricks: plain forms, htmx boosting the navigation.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { translator } from "../../lib/i18n/mod.ts";
import { berlinDate, fixedClock } from "../../lib/clock.ts";
import { TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { billingReady, facts, issuedInvoice, pdfText } from "../support/billing-fixtures.ts";
import { startBrowserApp, watchForProblems } from "./browser-app.ts";
import { signInInBrowser } from "./clinical-steps.ts";
import { createService, setTypeServices } from "../../db/services.ts";
import { bookAppointment } from "../../db/appointments.ts";

const de = translator("de");
const test = suite("billing in Chromium");

test("book with a service, mark attended, invoice, issue, record a payment; cancel another invoice", async () => {
  const clock = fixedClock(new Date());
  const served = await startBrowserApp({ clock });
  try {
    const { db } = served;
    const ownerClient = new TestClient(served.app, served.baseUrl);
    const owner = await signedInOwner(ownerClient, db, clock);
    await db.updateTable("practices").set({ browser_approval: false }).where("id", "=", owner.practiceId).execute();
    const scope = await ownerScopeOf(db, owner);
    const { patientId } = await billingReady(db, scope, clock.now());
    const service = await createService(db, scope, {
      catalogue: "own",
      code: "EA",
      name: "Erstanamnese 90 Minuten",
      priceCents: 12000,
      durationMinutes: 90,
      vatTreatment: "exempt",
      goaePoints: null,
      goaeSection: null,
      rangeMinCents: null,
      rangeMaxCents: null,
    }, facts(clock.now()));
    if (!service.ok) throw new Error("service");
    const type = await db.insertInto("appointment_types").values({
      practice_id: owner.practiceId,
      name: "Erstanamnese",
      duration_minutes: 90,
      colour: "orange",
      updated_at: clock.now(),
    }).returning("id").executeTakeFirstOrThrow();
    await setTypeServices(db, scope, type.id, [service.id], facts(clock.now()));
    const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
      .executeTakeFirstOrThrow();
    const start = new Date(clock.now().getTime() - 3 * 3_600_000);
    const booked = await bookAppointment(
      db,
      scope,
      {
        locationId: location.id,
        practitionerId: scope.membershipId,
        roomId: null,
        patientId,
        appointmentTypeId: type.id,
        title: "",
        allowConflict: true,
      },
      { date: berlinDate(start), startsAt: start, endsAt: new Date(start.getTime() + 90 * 60_000) },
      facts(clock.now()),
    );
    if (!booked.ok) throw new Error("booking");
    const other = await issuedInvoice(db, scope, patientId, clock.now());

    const context = await served.browser.newContext({ baseURL: served.baseUrl, locale: "de-DE" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems = await watchForProblems(page);
    await signInInBrowser(page, owner, clock);

    await page.goto(`/calendar/appointments/${booked.id}`);
    await page.getByRole("link", { name: de("appointmentServices.link"), exact: true }).click();
    await page.getByRole("heading", { name: de("appointmentServices.title"), level: 1 }).waitFor();
    await page.getByRole("listitem").filter({ hasText: "Erstanamnese 90 Minuten" })
      .filter({ hasText: de("appointmentServices.planned") }).waitFor();
    await page.getByRole("link", { name: de("appointmentServices.back") }).click();
    await page.getByRole("button", { name: de("calendar.markAttended") }).click();
    await page.getByRole("status").filter({ hasText: de("calendar.attendanceNotice") }).waitFor();

    await page.goto("/billing");
    await page.getByRole("button", { name: de("billing.createFromSelection") }).click();
    await page.getByRole("heading", { name: de("billing.draftTitle"), level: 1 }).waitFor();
    await page.getByRole("cell", { name: "Erstanamnese 90 Minuten" }).waitFor();
    await page.getByRole("button", { name: de("billing.issue") }).click();
    const issuedNotice = page.getByRole("status").filter({ hasText: "ausgestellt" });
    await issuedNotice.waitFor();
    const invoice = await db.selectFrom("invoices").select(["id", "number", "pdf"]).where(
      "practice_id",
      "=",
      owner.practiceId,
    )
      .where("kind", "=", "invoice").where("id", "<>", other.id).executeTakeFirstOrThrow();
    assert.match(await issuedNotice.innerText(), invoice.number!);
    assert.match(await pdfText(invoice.pdf!), "Erstanamnese 90 Minuten");

    // The amount field is filled with what is still open.
    assert.is(await page.getByLabel(de("billing.amount")).inputValue(), "120,00");
    await page.getByRole("button", { name: de("billing.recordPayment") }).click();
    await page.getByRole("status").filter({ hasText: de("billing.paymentRecorded") }).waitFor();
    await page.getByText(de("billing.status.paid"), { exact: true }).first().waitFor();

    await page.goto(`/billing/invoices/${other.id}`);
    await page.getByRole("button", { name: de("billing.cancel"), exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Stornorechnung" }).waitFor();
    const cancellation = await db.selectFrom("invoices").select(["number", "total_cents"])
      .where("cancels_invoice_id", "=", other.id).executeTakeFirstOrThrow();
    assert.is(cancellation.total_cents, -12000);
    assert.equal(problems, []);
  } finally {
    await served.close();
  }
});

test.run();
