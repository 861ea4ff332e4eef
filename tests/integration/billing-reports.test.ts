import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { billingReady, cancelled, issuedInvoice, paid } from "../support/invoice-fixtures.ts";
import { monthAtAGlance, openItems, revenueByMonth } from "../../db/billing-reports.ts";
import { readBillingPeriod } from "../../lib/billing-period.ts";

const test = suite("billing reports: open items, revenue by month and service, the month at a glance");

async function practice() {
  const { app, db, clock } = await createTestApp();
  clock.set(new Date("2026-04-10T09:00:00Z"));
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock);
  const scope = await ownerScopeOf(db, owner);
  const march = new Date("2026-03-05T09:00:00Z");
  await billingReady(db, scope, march);
  const a = await issuedInvoice(db, scope, march, [{ description: "Erstanamnese", unitCents: 15000 }]);
  const b = await issuedInvoice(db, scope, march, [{ description: "Folgetermin", unitCents: 8000, quantity: 2 }]);
  const c = await issuedInvoice(db, scope, march, [{
    description: "Coaching",
    unitCents: 10000,
    vatTreatment: "standard",
  }]);
  await paid(db, scope, a.id, 15000, "2026-03-20", march);
  await paid(db, scope, b.id, 6000, "2026-04-02", march);
  await cancelled(db, scope, c.id, new Date("2026-03-25T09:00:00Z"));
  const april = await issuedInvoice(db, scope, new Date("2026-04-03T09:00:00Z"), [{
    description: "Folgetermin",
    unitCents: 8000,
  }]);
  const stranger = new TestClient(app);
  await signedInOwner(stranger, db, clock);
  return { app, db, owner, scope, ownerClient, a, b, c, april, stranger };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());

test("open items are the issued, uncancelled invoices not paid in full, with what is still open", async () => {
  const w = await world();
  const items = await openItems(w.db, w.scope, "2026-04-10");
  assert.equal(items.map((i) => [i.number, i.openCents, i.paidCents]), [[w.b.number, 10000, 6000], [
    w.april.number,
    8000,
    0,
  ]]);
  const onMarch31 = await openItems(w.db, w.scope, "2026-03-31");
  assert.equal(
    onMarch31.map((i) => [i.number, i.openCents]),
    [[w.b.number, 16000]],
    "April's payment and invoice not yet",
  );
});

test("revenue by month counts invoices by their date and the cancellation negatively in its month", async () => {
  const w = await world();
  const months = await revenueByMonth(w.db, w.scope, 2026);
  assert.is(months.length, 12);
  assert.equal(months[2], {
    month: "2026-03",
    invoicedCents: 15000 + 16000 + 11900,
    cancelledCents: -11900,
    receivedCents: 15000,
  });
  assert.equal(months[3], { month: "2026-04", invoicedCents: 8000, cancelledCents: 0, receivedCents: 6000 });
});

test("the reports page draws the chart as an accessible SVG with the same figures in a table", async () => {
  const w = await world();
  const page = await w.ownerClient.get("/billing/reports?year=2026");
  assert.is(page.status, 200);
  assert.match(page.html, /<svg[^>]*class="revenue-chart"[^>]*role="img"/);
  assert.match(page.html, /<title id="revenue-by-month-title">Rechnungsbeträge je Monat 2026/);
  assert.is((page.html.match(/<rect /g) ?? []).length, 12, "a bar per month");
  assert.not.match(page.html, /\sstyle="/);
  assert.match(page.html, /310,00\s€/, "March after the cancellation: 150 + 160");
  assert.match(page.html, w.b.number);
  assert.match(page.html, "Folgetermin");
  assert.match(page.html, /240,00\s€/, "Folgetermin: 2 × 80 in March and 80 in April");
});

test("the month at a glance: documents and number range, sums by VAT treatment, payments, open at the end", async () => {
  const w = await world();
  const glance = await monthAtAGlance(w.db, w.scope, readBillingPeriod("2026-03")!);
  assert.is(glance.invoiceCount, 3);
  assert.is(glance.cancellationCount, 1);
  assert.is(glance.firstNumber, w.a.number);
  assert.equal(glance.byTreatment.sort((x, y) => x.treatment.localeCompare(y.treatment)), [
    { treatment: "exempt", netCents: 31000 },
    { treatment: "standard", netCents: 0 },
  ]);
  assert.is(glance.totalCents, 31000);
  assert.equal(glance.payments, [{ method: "transfer", cents: 15000, count: 1 }]);
  assert.equal([glance.openAtEndCents, glance.openAtEndCount], [16000, 1]);
  const page = await w.ownerClient.get("/billing/reports/month?month=2026-03");
  assert.is(page.status, 200);
  assert.match(page.html, "3 Rechnungen");
  assert.match(page.html, "1 Stornorechnung");
  assert.match(page.html, "Steuerfrei nach § 4 Nr. 14 UStG");
});

test("a year or month that is none is refused beside the field; another practice sees none of these figures", async () => {
  const w = await world();
  const year = await w.ownerClient.get("/billing/reports?year=20x6");
  assert.is(year.status, 422);
  assert.match(fieldError(year.html, "year"), /JJJJ/);
  const month = await w.ownerClient.get(`/billing/reports/month?month=${encodeURIComponent("<b>2026-13</b>")}`);
  assert.is(month.status, 422);
  assert.match(fieldError(month.html, "month"), /JJJJ-MM/);
  assert.not.match(month.html, "<b>2026");
  const foreign = await w.stranger.get("/billing/reports?year=2026");
  assert.is(foreign.status, 200);
  assert.not.match(foreign.html, w.b.number);
  assert.match(foreign.html, "Keine offenen Posten");
});

test("the procedure documentation states the practice's actual numbering, dunning and export settings", async () => {
  const w = await world();
  const page = await w.ownerClient.get("/billing/procedure");
  assert.is(page.status, 200);
  assert.match(page.html, "Verfahrensdokumentation");
  assert.match(page.html, "{YYYY}-{NNNN}");
  assert.match(page.html, "beginnt jedes Jahr neu");
  assert.match(page.html, "2026: 5", "four invoices and one cancellation were numbered");
  assert.match(page.html, "27/123/45678");
  assert.match(page.html, "Zahlungserinnerung: 14 Tage nach Fälligkeit");
  assert.match(page.html, "DATEV-Einstellungen");
  assert.match(page.html, "noch nicht gespeichert");
  assert.match(page.html, "KassenSichV");
  // The page names the database the configuration names (the test app is configured without DATABASE_URL).
  assert.match(page.html, "eingebettetes PostgreSQL (PGlite)");
  assert.not.match(page.html, /\sstyle="/);
});

test.run();
