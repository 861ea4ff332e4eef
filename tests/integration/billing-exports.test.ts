import { suite } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { insertPatient } from "../support/patient-fixtures.ts";
import { billingReady, cancelled, companyPayer, issuedInvoice, paid } from "../support/invoice-fixtures.ts";
import { BOOKING_COLUMNS } from "../../lib/datev-extf.ts";
import { DTD_FILE_NAME } from "../../lib/gdpdu-index.ts";

const test = suite("billing exports: ZIP archive, DATEV batch, GoBD data access");

const DATEV_FORM = {
  consultant_number: "1234567",
  client_number: "10042",
  fiscal_year_start: "01-01",
  account_length: "4",
  chart: "SKR03",
  receivable_account: "1400",
  bank_account: "1200",
  cash_account: "1000",
  revenue_exempt: "8100",
  revenue_standard: "8400",
  revenue_reduced: "8300",
  revenue_small_business: "8195",
};

async function practice() {
  const { app, db, clock, masterKey } = await createTestApp();
  // Everyone signs in "today"; the invoices are issued on the days passed to the fixtures.
  clock.set(new Date("2026-04-02T09:00:00Z"));
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Inhaber" });
  const scope = await ownerScopeOf(db, owner);
  const march = new Date("2026-03-05T09:00:00Z");
  await billingReady(db, scope, march);
  const exempt = await issuedInvoice(db, scope, march, [{ description: "Erstanamnese 90 min", unitCents: 12050 }]);
  const taxed = await issuedInvoice(db, scope, march, [
    { description: "Coaching", unitCents: 10000, vatTreatment: "standard" },
    { description: "Buch", unitCents: 2000, vatTreatment: "reduced" },
  ]);
  await paid(db, scope, exempt.id, 12050, "2026-03-12", march);
  const storno = await cancelled(db, scope, taxed.id, new Date("2026-03-20T09:00:00Z"));
  const april = await issuedInvoice(db, scope, clock.now(), [{ description: "Folgetermin", unitCents: 8000 }]);
  const patientOfCompany = await insertPatient(db, owner.practiceId, { family_name: "Angestellt" });
  const payer = await companyPayer(db, owner.practiceId, patientOfCompany);
  const business = await issuedInvoice(
    db,
    scope,
    clock.now(),
    [
      { description: "Betriebliches Coaching", unitCents: 20000, vatTreatment: "standard" },
    ],
    patientOfCompany,
    payer,
  );
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  const billing = await addMember(db, masterKey, owner.practiceId, "billing", { name: "Bea Abrechnung" });
  const stranger = new TestClient(app);
  const other = await signedInOwner(stranger, db, clock, { owner_name: "Fremde Praxis" });
  return {
    app,
    db,
    clock,
    owner,
    ownerClient,
    exempt,
    taxed,
    storno,
    april,
    business,
    stranger,
    other,
    deskClient: await signedInMember(app, clock, desk),
    billingClient: await signedInMember(app, clock, billing),
  };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice());
type World = Awaited<ReturnType<typeof practice>>;

/** A download's bytes as the browser receives them (the test client reads text). */
async function download(w: World, client: TestClient, path: string) {
  const headers = new Headers({ Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") });
  const response = await w.app.request(new URL(path, TEST_BASE_URL).href, { headers }, {
    remoteAddr: { hostname: client.remoteAddress },
  });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function actions(w: World, practiceId: string) {
  return (await w.db.selectFrom("audit_events").select(["action", "details"]).where("practice_id", "=", practiceId)
    .where("action", "like", "billing.%").orderBy("occurred_at").execute());
}

test("the month's ZIP holds the journal and every PDF of the month, the cancelled one and its cancellation too", async () => {
  const w = await world();
  const result = await download(w, w.ownerClient, "/billing/exports/archive?period=2026-03");
  assert.is(result.status, 200);
  assert.is(result.headers.get("Content-Type"), "application/zip");
  assert.match(result.headers.get("Content-Disposition") ?? "", /kartei-rechnungen-2026-03\.zip/);
  const files = unzipSync(result.bytes);
  assert.equal(
    Object.keys(files).sort(),
    [
      "journal.csv",
      `rechnungen/${w.exempt.number}.pdf`,
      `rechnungen/${w.taxed.number}.pdf`,
      `stornorechnungen/${w.storno.number}.pdf`,
    ].sort(),
  );
  for (const name of Object.keys(files).filter((n) => n.endsWith(".pdf"))) {
    assert.equal([...files[name].slice(0, 5)], [...new TextEncoder().encode("%PDF-")], name);
  }
  const journal = new TextDecoder().decode(files["journal.csv"]).split("\r\n");
  assert.is(journal[0], "Datum;Vorgang;Belegnummer;Bezug;Empfaenger;Netto;USt;Brutto;Zahlart");
  assert.ok(journal.some((line) => line.startsWith(`05.03.2026;Rechnung;${w.exempt.number};;`)));
  assert.ok(journal.some((line) => line.includes(`;Stornorechnung;${w.storno.number};${w.taxed.number};`)));
  assert.ok(journal.includes(`12.03.2026;Zahlung;${w.exempt.number};;;;;120,50;Überweisung`));
  assert.not.ok(journal.some((line) => line.includes(w.april.number)), "April is not in March");
  const audit = await actions(w, w.owner.practiceId);
  assert.ok(audit.some((event) => event.action === "billing.exported_archive"));
});

test("a yearly ZIP takes every month of the year", async () => {
  const w = await world();
  const files = unzipSync((await download(w, w.ownerClient, "/billing/exports/archive?period=2026")).bytes);
  assert.ok(`rechnungen/${w.april.number}.pdf` in files);
  assert.is(Object.keys(files).length, 6, "journal, four invoices, one cancellation");
});

test("the DATEV batch needs the practice's settings; a typo in them is shown beside the field and nothing is saved", async () => {
  const w = await world();
  const before = await download(w, w.ownerClient, "/billing/exports/datev?period=2026-03");
  assert.is(before.status, 409);
  const refused = await w.ownerClient.post("/billing/exports/datev-settings", {
    ...DATEV_FORM,
    consultant_number: "12",
    revenue_exempt: "81;00",
    chart: "SKR99",
  });
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "consultant_number"), /Beraternummer/);
  assert.match(fieldError(refused.html, "revenue_exempt"), /Ziffern/);
  assert.match(fieldError(refused.html, "chart"), /SKR03/);
  const stored = await w.db.selectFrom("datev_settings").select("practice_id")
    .where("practice_id", "=", w.owner.practiceId).execute();
  assert.is(stored.length, 0);
  const saved = await w.ownerClient.post("/billing/exports/datev-settings", DATEV_FORM);
  assert.is(saved.status, 303);
  assert.is(saved.location, "/billing/exports?notice=saved");
});

test("the DATEV batch books March's invoices, the cancellation and the payment against the set accounts", async () => {
  const w = await world();
  const result = await download(w, w.ownerClient, "/billing/exports/datev?period=2026-03");
  assert.is(result.status, 200);
  assert.is(result.headers.get("Content-Type"), "text/csv; charset=windows-1252");
  const text = new TextDecoder("windows-1252").decode(result.bytes);
  const lines = text.split("\r\n").filter(Boolean);
  const header = lines[0].split(";");
  assert.equal(header.slice(0, 5), ['"EXTF"', "700", "21", '"Buchungsstapel"', "13"]);
  assert.equal(header.slice(10, 16), ["1234567", "10042", "20260101", "4", "20260301", "20260331"]);
  assert.is(lines[1], BOOKING_COLUMNS.join(";"));
  const rows = lines.slice(2).map((line) => line.split(";"));
  const summary = rows.map((r) => [r[0], r[1], r[6], r[7], r[10]]);
  assert.equal(summary, [
    ["120,50", '"S"', "1400", "8100", `"${w.exempt.number}"`],
    ["119,00", '"S"', "1400", "8400", `"${w.taxed.number}"`],
    ["21,40", '"S"', "1400", "8300", `"${w.taxed.number}"`],
    ["119,00", '"H"', "1400", "8400", `"${w.storno.number}"`],
    ["21,40", '"H"', "1400", "8300", `"${w.storno.number}"`],
    ["120,50", '"S"', "1200", "1400", `"${w.exempt.number}"`],
  ]);
  assert.ok(rows.every((r) => r.length === 125));
  assert.ok((await actions(w, w.owner.practiceId)).some((event) => event.action === "billing.exported_datev"));
});

test("the GoBD data medium validates against the shipped DTD and its tables hold the period's records", async () => {
  const w = await world();
  const result = await download(w, w.ownerClient, "/billing/exports/gdpdu?period=2026-03");
  assert.is(result.status, 200);
  const files = unzipSync(result.bytes);
  assert.equal(Object.keys(files), [
    "index.xml",
    DTD_FILE_NAME,
    "rechnungen.csv",
    "rechnungspositionen.csv",
    "zahlungen.csv",
  ]);
  const folder = await Deno.makeTempDir();
  try {
    for (const [name, bytes] of Object.entries(files)) await Deno.writeFile(`${folder}/${name}`, bytes);
    const lint = await new Deno.Command("xmllint", {
      args: ["--noout", "--dtdvalid", `${folder}/${DTD_FILE_NAME}`, `${folder}/index.xml`],
      stderr: "piped",
    }).output();
    assert.is(new TextDecoder().decode(lint.stderr), "");
    assert.is(lint.code, 0);
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
  const index = new TextDecoder().decode(files["index.xml"]);
  assert.match(index, /<Name>Praxis Sonnenweg<\/Name>/);
  const invoices = new TextDecoder().decode(files["rechnungen.csv"]).split("\r\n").filter(Boolean);
  assert.is(invoices.length, 1 + 3, "header and three documents");
  assert.ok(invoices.some((line) => line.startsWith(`${w.storno.number};Stornorechnung;20.03.2026;`)));
  const items = new TextDecoder().decode(files["rechnungspositionen.csv"]).split("\r\n").filter(Boolean);
  assert.is(items.length, 1 + 1 + 2 + 2);
  const payments = new TextDecoder().decode(files["zahlungen.csv"]).split("\r\n").filter(Boolean);
  assert.equal(payments, [
    "Rechnungsnummer;Zahlungsdatum;Betrag;Zahlart",
    `${w.exempt.number};12.03.2026;120,50;Überweisung`,
  ]);
});

test("another practice's export holds none of this practice's invoices", async () => {
  const w = await world();
  const files = unzipSync((await download(w, w.stranger, "/billing/exports/archive?period=2026")).bytes);
  assert.equal(Object.keys(files), ["journal.csv"]);
  assert.is(new TextDecoder().decode(files["journal.csv"]).split("\r\n").filter(Boolean).length, 1);
  const medium = unzipSync((await download(w, w.stranger, "/billing/exports/gdpdu?period=2026")).bytes);
  assert.not.match(new TextDecoder().decode(medium["rechnungen.csv"]), w.exempt.number);
});

test("a period that is no month or year is refused beside the field, and nothing is exported or audited", async () => {
  const w = await world();
  const before = (await actions(w, w.owner.practiceId)).length;
  for (const period of ["2026-13", "26", "<script>", "2026-03-01", ""]) {
    const page = await w.ownerClient.get(`/billing/exports/archive?period=${encodeURIComponent(period)}`);
    assert.is(page.status, 422, period);
    assert.match(fieldError(page.html, "archive-period"), /JJJJ-MM/);
    assert.not.match(page.html, "<script>");
  }
  assert.is((await actions(w, w.owner.practiceId)).length, before);
});

test("an invoice to a company comes as XRechnung; to a patient or from another practice there is none", async () => {
  const w = await world();
  const result = await download(w, w.ownerClient, `/billing/invoices/${w.business.id}/xrechnung`);
  assert.is(result.status, 200);
  assert.is(result.headers.get("Content-Type"), "application/xml; charset=utf-8");
  const xml = new TextDecoder().decode(result.bytes);
  assert.match(xml, `<cbc:ID>${w.business.number}</cbc:ID>`);
  assert.match(xml, "Hafen &amp; Söhne GmbH");
  assert.match(xml, '<cbc:PayableAmount currencyID="EUR">238.00</cbc:PayableAmount>');
  assert.is((await download(w, w.ownerClient, `/billing/invoices/${w.exempt.id}/xrechnung`)).status, 404);
  assert.is((await download(w, w.stranger, `/billing/invoices/${w.business.id}/xrechnung`)).status, 404);
  assert.is((await download(w, w.ownerClient, "/billing/invoices/not-an-id/xrechnung")).status, 404);
  const hybrid = await download(w, w.ownerClient, `/billing/invoices/${w.business.id}/zugferd`);
  assert.is(hybrid.status, 200);
  const folder = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${folder}/r.pdf`, hybrid.bytes);
    const listed = await new Deno.Command("pdfdetach", { args: ["-list", `${folder}/r.pdf`], stdout: "piped" })
      .output();
    assert.match(new TextDecoder().decode(listed.stdout), "factur-x.xml");
    await new Deno.Command("pdfdetach", { args: ["-save", "1", "-o", `${folder}/x.xml`, `${folder}/r.pdf`] }).output();
    const cii = await Deno.readTextFile(`${folder}/x.xml`);
    assert.match(cii, "CrossIndustryInvoice");
    assert.match(cii, w.business.number);
    const lint = await new Deno.Command("xmllint", { args: ["--noout", `${folder}/x.xml`] }).output();
    assert.is(lint.code, 0, "the embedded XML is well-formed");
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
  assert.is((await download(w, w.ownerClient, `/billing/invoices/${w.exempt.id}/zugferd`)).status, 404);
  assert.is((await download(w, w.stranger, `/billing/invoices/${w.business.id}/zugferd`)).status, 404);
  const page = await w.ownerClient.get(`/billing/invoices/${w.business.id}`);
  assert.match(page.html, `/billing/invoices/${w.business.id}/xrechnung`);
  const audit = await w.db.selectFrom("audit_events").select("action").where("subject_id", "=", w.business.id)
    .where("action", "=", "invoice.e_invoice_downloaded").execute();
  assert.is(audit.length, 2, "the XRechnung and the ZUGFeRD PDF");
});

test("hostile DATEV settings (markup, SQL, NUL, a megabyte) are refused beside the fields and change nothing", async () => {
  const w = await world();
  const before = await w.db.selectFrom("datev_settings").selectAll().where("practice_id", "=", w.owner.practiceId)
    .executeTakeFirstOrThrow();
  const page = await w.ownerClient.post("/billing/exports/datev-settings", {
    ...DATEV_FORM,
    consultant_number: "<script>alert(1)</script>",
    client_number: "'; drop table invoices; --",
    fiscal_year_start: "01-01\u0000",
    receivable_account: "1".repeat(1024 * 1024),
  });
  assert.is(page.status, 422);
  for (const field of ["consultant_number", "client_number", "fiscal_year_start", "receivable_account"]) {
    assert.ok(fieldError(page.html, field), field);
  }
  assert.not.match(page.html, "<script>alert(1)");
  const after = await w.db.selectFrom("datev_settings").selectAll().where("practice_id", "=", w.owner.practiceId)
    .executeTakeFirstOrThrow();
  assert.equal(after, before);
});

test("the billing role exports; the front desk may not", async () => {
  const w = await world();
  assert.is((await download(w, w.billingClient, "/billing/exports/archive?period=2026-03")).status, 200);
  assert.is((await w.deskClient.get("/billing/exports")).status, 403);
  assert.is((await download(w, w.deskClient, "/billing/exports/archive?period=2026-03")).status, 403);
  assert.is((await w.billingClient.get("/billing/exports")).status, 200);
});

test("with a fiscal year from July, a calendar year's DATEV batch is refused; a month is exported", async () => {
  const w = await world();
  assert.is(
    (await w.ownerClient.post("/billing/exports/datev-settings", { ...DATEV_FORM, fiscal_year_start: "07-01" })).status,
    303,
  );
  const year = await w.ownerClient.get("/billing/exports/datev?period=2026");
  assert.is(year.status, 422);
  assert.match(fieldError(year.html, "datev-period"), /Wirtschaftsjahr/);
  const month = await download(w, w.ownerClient, "/billing/exports/datev?period=2026-03");
  assert.is(month.status, 200);
  assert.match(new TextDecoder("windows-1252").decode(month.bytes).split("\r\n")[0], ";20250701;");
});

test.run();
