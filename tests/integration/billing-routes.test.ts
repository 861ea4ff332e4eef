import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { billingReady, draftWith, facts, issuedInvoice } from "../support/billing-fixtures.ts";
import { billingUrlOf, type BillingWalkObjects, createBillingObjects } from "../support/billing-walk.ts";
import { ROUTE_CASES } from "../support/route-walk.ts";
import { startSmtpServer } from "../support/smtp-server.ts";
import { createSmtpTransport } from "../../lib/mail.ts";
import { deliverDueMails } from "../../db/outgoing-mails.ts";
import { createMemoryLogger } from "../../lib/log.ts";
import { berlinDate } from "../../lib/clock.ts";
import { createService, planAppointmentService } from "../../db/services.ts";
import { bookAppointment, recordAttendance } from "../../db/appointments.ts";
import { findBillingSettings, saveBillingSettings } from "../../db/billing-settings.ts";

const test = suite("billing over HTTP: another practice's ids, hostile input, roles, delivery");

async function world() {
  const { app, db, clock, masterKey } = await createTestApp();
  const ownerClient = new TestClient(app);
  const owner = await signedInOwner(ownerClient, db, clock, { owner_name: "Dr. Eva Abrechnung" });
  const scope = await ownerScopeOf(db, owner);
  const objects = await createBillingObjects(db, owner, clock.now());
  const strangerClient = new TestClient(app);
  const stranger = await signedInOwner(strangerClient, db, clock, { owner_name: "Fremde Praxis" });
  await billingReady(db, await ownerScopeOf(db, stranger), clock.now());
  return { app, db, clock, masterKey, owner, scope, ownerClient, objects, strangerClient };
}

let shared: Awaited<ReturnType<typeof world>> | undefined;
const w = async () => (shared ??= await world());

/** Every billing route with an id, as Hono lists them. */
function billingRoutes(app: Awaited<ReturnType<typeof world>>["app"]) {
  return [
    ...new Set(
      app.routes.filter((r) => r.path.startsWith("/billing/") && r.path.includes(":") && r.method !== "ALL")
        .map((r) => `${r.method} ${r.path}`),
    ),
  ];
}

test("another practice's invoices, items, payments and services answer 404 on every billing route, and nothing changes", async () => {
  const { app, db, objects, strangerClient } = await w();
  const before = await db.selectFrom("invoices").select([
    "id",
    "status",
    "updated_at",
    "cancelled_at",
    "written_off_at",
  ])
    .where("practice_id", "=", (await w()).owner.practiceId).orderBy("id").execute();
  const routes = billingRoutes(app);
  assert.ok(routes.length >= 15, `${routes.length} routes`);
  for (const route of routes) {
    const [method, path] = route.split(" ");
    const url = billingUrlOf(path, objects);
    const fields = ROUTE_CASES[route]?.form?.({ billing: objects } as never) ?? {};
    const page = method === "GET" ? await strangerClient.get(url) : await strangerClient.post(url, fields);
    assert.is(page.status, 404, `${route} → ${page.status}`);
  }
  const after = await db.selectFrom("invoices").select(["id", "status", "updated_at", "cancelled_at", "written_off_at"])
    .where("practice_id", "=", (await w()).owner.practiceId).orderBy("id").execute();
  assert.equal(after, before);
});

test("a draft for another practice's patient or lines is refused and nothing is made", async () => {
  const { db, objects, strangerClient, ownerClient, owner } = await w();
  const count = async () =>
    Number(
      (await db.selectFrom("invoices").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n,
    );
  const before = await count();
  const line = await db.selectFrom("appointment_services").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const attempts: Record<string, string>[] = [
    { patient_id: objects.patientId },
    { patient_id: objects.patientId, line: line.id },
    { patient_id: "'; drop table invoices; --" },
    { patient_id: "\u0000" },
    {},
  ];
  for (const fields of attempts) {
    const page = await strangerClient.post("/billing/invoices", fields);
    assert.ok(page.status >= 400 && page.status < 500, `${JSON.stringify(fields)} → ${page.status}`);
  }
  const ownLineForeignPatient = await ownerClient.post("/billing/invoices", {
    patient_id: objects.patientId,
    line: "nope",
  });
  assert.is(ownLineForeignPatient.status, 422);
  assert.is(await count(), before);
});

const HOSTILE = [
  "",
  " ",
  "0000-01-01",
  "1999-12-31",
  "\u0000",
  "abc",
  "-5",
  "1e9",
  "<script>alert(1)</script>",
  "9".repeat(600),
  "2,345",
  "'; drop table invoices; --",
];

test("hostile input on every billing form: 4xx, a message beside the field, nothing written", async () => {
  const { db, ownerClient, objects, owner } = await w();
  const counts = async () => {
    const [invoices, items, payments, services, versions, payers, agreements, planned] = await Promise.all(
      [
        "invoices",
        "invoice_items",
        "payments",
        "services",
        "service_versions",
        "patient_payers",
        "fee_agreements",
        "appointment_services",
      ].map(async (table) =>
        Number(
          (await db.selectFrom(table as "invoices").select((eb) => eb.fn.countAll<number>().as("n"))
            .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow()).n,
        )
      ),
    );
    const settings = await findBillingSettings(db, owner.practiceId);
    return { invoices, items, payments, services, versions, payers, agreements, planned, settings };
  };
  const before = await counts();
  const forms: [string, Record<string, string>, string[]][] = [
    [`/billing/invoices/${objects.draftId}/items`, {
      service_date: "2026-12-01",
      description: "Sitzung",
      price: "80",
      quantity: "1",
      vat: "exempt",
    }, ["service_date", "price", "quantity", "vat", "factor", "service_id", "description"]],
    [`/billing/invoices/${objects.draftId}/items/${objects.goaeItemId}/factor`, { factor: "2,3" }, [
      "factor",
      "justification",
    ]],
    [`/billing/invoices/${objects.draftId}/recipient`, { payer_id: "", language: "de" }, ["payer_id", "language"]],
    [`/billing/invoices/${objects.issuedId}/payments`, { amount: "10", method: "cash", paid_on: "2026-12-02" }, [
      "amount",
      "method",
      "paid_on",
    ]],
    ["/billing/services", { catalogue: "own", name: "Sitzung", price: "50", vat: "exempt" }, [
      "catalogue",
      "name",
      "price",
      "vat",
      "points",
      "duration",
      "range_min",
    ]],
    [`/billing/patients/${objects.patientId}/payers`, {
      kind: "parent",
      name: "Maria Schäfer",
      address: "",
      email: "",
      language: "de",
    }, ["kind", "name", "email", "language"]],
    [`/billing/patients/${objects.patientId}/fee-agreements`, {
      agreed_on: "2026-11-01",
      goae_code: "1",
      factor: "4,0",
      subject: "Schriftlich vereinbart",
    }, ["agreed_on", "goae_code", "factor", "subject"]],
    [`/billing/appointments/${objects.appointmentId}/services`, { service_id: objects.serviceId }, ["service_id"]],
    [`/billing/services/${objects.serviceId}`, {
      code: "W1",
      name: "Beratung",
      price: "",
      vat: "exempt",
      points: "80",
      section: "personal",
    }, ["name", "price", "vat", "points", "section", "duration"]],
    [`/billing/invoices/${objects.issuedId}/write-off`, { written_off: "yes" }, ["written_off"]],
    [`/billing/types/${objects.typeId}`, { service_id: objects.serviceId }, ["service_id"]],
    ["/billing/services/import", {
      csv: "katalog;nummer;bezeichnung;preis;punkte;abschnitt;ust\nown;;X;1;;;",
      step: "preview",
    }, ["step", "csv"]],
    ["/billing/settings", {
      legal_name: "Praxis",
      address: "Weg 1",
      tax_number: "1",
      number_pattern: "{YYYY}-{NNNN}",
      number_restart: "yearly",
      payment_days: "14",
    }, ["legal_name", "iban", "bic", "number_pattern", "payment_days", "number_restart"]],
  ];
  // Texts may hold any printable characters (escaped when shown); no NUL, no overlong text.
  const TEXT_FIELDS = new Set(["description", "justification", "name", "legal_name", "code", "goae_code", "subject"]);
  const TEXT_HOSTILE = ["\u0000", "x\u0007y", "9".repeat(600)];
  for (const [url, good, fields] of forms) {
    for (const field of fields) {
      for (const value of TEXT_FIELDS.has(field) ? TEXT_HOSTILE : HOSTILE) {
        const was = await counts();
        const page = await ownerClient.post(url, { ...good, [field]: value });
        if (page.status === 303) {
          // Only leaving an optional field empty is accepted.
          assert.is(value.trim(), "", `${url} ${field}=${JSON.stringify(value)} accepted`);
          continue;
        }
        assert.ok(page.status >= 400 && page.status < 500, `${url} ${field}=${JSON.stringify(value)} → ${page.status}`);
        assert.not.match(page.html, "<script>alert(1)</script>");
        if (page.status === 422) {
          assert.ok(fieldError(page.html, field) || page.html.includes("error-summary"), `${url} ${field}: a message`);
        }
        assert.equal(await counts(), was, `${url} ${field}=${JSON.stringify(value)}: nothing written`);
      }
    }
  }
  assert.is((await counts()).payments, before.payments);
});

test("an invoice past 1,000,000 € is refused with a message, not a database error", async () => {
  const { db, ownerClient, objects } = await w();
  const before = await db.selectFrom("invoice_items").select("id").where("invoice_id", "=", objects.draftId).execute();
  const page = await ownerClient.post(`/billing/invoices/${objects.draftId}/items`, {
    service_date: "2026-12-01",
    description: "Sehr teuer",
    price: "999.999,99",
    quantity: "99",
    vat: "exempt",
  });
  assert.is(page.status, 409);
  assert.match(page.html, "höchstens 200 Positionen und 1.000.000 €");
  const after = await db.selectFrom("invoice_items").select("id").where("invoice_id", "=", objects.draftId).execute();
  assert.is(after.length, before.length);
});

test("the invoice list shows a period of invoice dates; a day that is no day shows all", async () => {
  const { ownerClient, objects, db } = await w();
  const issued = await db.selectFrom("invoices").select(["number", "invoice_date"]).where("id", "=", objects.issuedId)
    .executeTakeFirstOrThrow();
  const day = issued.invoice_date!.toISOString().slice(0, 10);
  assert.match((await ownerClient.get(`/billing?from=${day}&to=${day}`)).html, issued.number!);
  assert.not.match((await ownerClient.get("/billing?from=2099-01-01")).html, issued.number!);
  const hostile = await ownerClient.get("/billing?from=2026-02-31&to=%00");
  assert.is(hostile.status, 200);
  assert.match(hostile.html, issued.number!);
});

test("a factor above the threshold without a justification is refused at issue, with the message, and no number is used", async () => {
  const { db, ownerClient, objects, owner } = await w();
  const counter = async () =>
    (await db.selectFrom("invoice_counters").select("last_number").where("practice_id", "=", owner.practiceId)
      .executeTakeFirst())?.last_number ?? 0;
  const before = await counter();
  assert.is(
    (await ownerClient.post(`/billing/invoices/${objects.draftId}/items/${objects.goaeItemId}/factor`, {
      factor: "3,0",
    })).status,
    303,
  );
  const refused = await ownerClient.post(`/billing/invoices/${objects.draftId}/issue`, {});
  assert.is(refused.status, 422);
  assert.match(refused.html, "Faktor über dem Schwellenwert braucht eine Begründung");
  assert.is(await counter(), before);
  assert.is(fieldError(refused.html, "factor"), "");
});

test("a practitioner sees the to-bill list of their own appointments only, and no invoices", async () => {
  const { app, db, clock, masterKey, owner, scope } = await w();
  const anna = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Anna Eigene" });
  const ben = await addMember(db, masterKey, owner.practiceId, "practitioner", { name: "Ben Andere" });
  const service = await createService(db, scope, {
    catalogue: "own",
    code: "",
    name: "Sitzung 60 Minuten",
    priceCents: 9000,
    durationMinutes: 60,
    vatTreatment: "exempt",
    goaePoints: null,
    goaeSection: null,
    rangeMinCents: null,
    rangeMaxCents: null,
  }, facts(clock.now()));
  assert.ok(service.ok);
  const { patientId } = await billingReady(db, scope, clock.now());
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  for (const [member, title] of [[anna, "Annas Termin"], [ben, "Bens Termin"]] as const) {
    const start = new Date(clock.now().getTime() - 5 * 3_600_000);
    const appointment = await db.insertInto("appointments").values({
      practice_id: owner.practiceId,
      location_id: location.id,
      practitioner_id: member.membershipId,
      patient_id: patientId,
      title,
      starts_at: start,
      ends_at: new Date(start.getTime() + 3_600_000),
      updated_at: start,
    }).returning(["id", "version"]).executeTakeFirstOrThrow();
    await planAppointmentService(db, scope, appointment.id, service.ok ? service.id : "", facts(clock.now()));
    await recordAttendance(
      db,
      scope,
      appointment.id,
      { version: appointment.version, status: "attended" },
      facts(clock.now()),
    );
  }
  const annaClient = await signedInMember(app, clock, anna);
  const page = await annaClient.get("/billing");
  assert.is(page.status, 200);
  assert.match(page.html, "Nur Ihre eigenen Termine");
  assert.is([...page.html.matchAll(/Sitzung 60 Minuten/g)].length, 1);
  assert.not.match(page.html, "Rechnung aus Auswahl erstellen");
  assert.not.match(page.html, 'id="invoices"');
  const ownerPage = await (await w()).ownerClient.get("/billing");
  assert.is([...ownerPage.html.matchAll(/Sitzung 60 Minuten/g)].length, 2);
});

test("the front desk records payments only where the owner allows it", async () => {
  const { app, db, clock, masterKey, owner, scope } = await w();
  const desk = await addMember(db, masterKey, owner.practiceId, "front_desk", { name: "Paula Empfang" });
  const deskClient = await signedInMember(app, clock, desk);
  const { patientId } = await billingReady(db, scope, clock.now());
  const { id } = await issuedInvoice(db, scope, patientId, clock.now());
  const pay = { amount: "20,00", method: "cash", paid_on: "2026-12-02" };
  assert.is((await deskClient.post(`/billing/invoices/${id}/payments`, pay)).status, 403);
  await saveBillingSettings(db, scope, {
    ...(await findBillingSettings(db, owner.practiceId)),
    frontDeskPayments: true,
  }, facts(clock.now()));
  assert.is((await deskClient.post(`/billing/invoices/${id}/payments`, pay)).status, 303);
  const payments = await db.selectFrom("payments").select(["amount_cents", "method"]).where("invoice_id", "=", id)
    .execute();
  assert.equal(payments, [{ amount_cents: 2000, method: "cash" }]);
  assert.is((await deskClient.get(`/billing/invoices/${id}`)).status, 403, "recording is not reading");
  await saveBillingSettings(db, scope, {
    ...(await findBillingSettings(db, owner.practiceId)),
    frontDeskPayments: false,
  }, facts(clock.now()));
});

test("a third party sees invoices only when granted billing.read, and changes them only with billing.write", async () => {
  const { app, db, clock, masterKey, owner, objects } = await w();
  const none = await signedInMember(app, clock, await addMember(db, masterKey, owner.practiceId, "third_party"));
  const reader = await signedInMember(
    app,
    clock,
    await addMember(db, masterKey, owner.practiceId, "third_party", { areas: ["billing.read"] }),
  );
  const writer = await signedInMember(
    app,
    clock,
    await addMember(db, masterKey, owner.practiceId, "third_party", { areas: ["billing.read", "billing.write"] }),
  );
  const invoicePage = `/billing/invoices/${objects.issuedId}`;
  const pay = { amount: "1,00", method: "transfer", paid_on: "2026-12-03" };
  assert.is((await none.get(invoicePage)).status, 403);
  assert.is((await reader.get(invoicePage)).status, 200);
  assert.is((await reader.get(`${invoicePage}/pdf`)).status, 200);
  assert.is((await reader.post(`${invoicePage}/payments`, pay)).status, 403);
  assert.is((await reader.post(`/billing/invoices/${objects.issueDraftId}/issue`, {})).status, 403);
  assert.is((await writer.post(`${invoicePage}/payments`, pay)).status, 303);
});

test("email goes only to the address on file, with the stored PDF attached; download and email are recorded and audited", async () => {
  const { db, clock, ownerClient, objects, owner } = await w();
  const smtp = await startSmtpServer();
  try {
    const download = await ownerClient.get(`/billing/invoices/${objects.issuedId}/pdf`);
    assert.is(download.status, 200);
    assert.is(download.headers.get("Content-Type"), "application/pdf");
    const sent = await ownerClient.post(`/billing/invoices/${objects.issuedId}/email`, { to: "someone@else.example" });
    assert.is(sent.status, 303);
    // The suite shares one database: other files' mails may be due too, and one run sends 20.
    const transport = createSmtpTransport(smtp.url, "kartei@praxis.example");
    while (!smtp.received.some((m) => m.raw.includes("application/pdf"))) {
      if (await deliverDueMails(db, transport, clock, createMemoryLogger()) === 0) break;
    }
    const mail = smtp.received.find((m) => m.raw.includes("application/pdf"));
    assert.ok(mail, "a mail with the PDF");
    assert.equal(mail!.to, ["juergen.schaefer@patient.example"]);
    const stored = await db.selectFrom("invoices").select(["pdf", "number"]).where("id", "=", objects.issuedId)
      .executeTakeFirstOrThrow();
    const base64 = btoa(String.fromCharCode(...stored.pdf!.slice(0, 300))).slice(0, 40);
    assert.match(mail!.raw.replace(/\r?\n/g, ""), base64);
    const deliveries = await db.selectFrom("invoice_deliveries").select(["channel", "recipient"])
      .where("invoice_id", "=", objects.issuedId).orderBy("delivered_at").execute();
    assert.equal(deliveries.map((d) => d.channel).slice(-2), ["download", "email"]);
    const audited = await db.selectFrom("audit_events").select("details").where("practice_id", "=", owner.practiceId)
      .where("action", "=", "invoice.delivered").where("subject_id", "=", objects.issuedId).execute();
    assert.is(audited.length, deliveries.length);
    assert.not.match(JSON.stringify(audited), "juergen");
  } finally {
    await smtp.close();
  }
});

test("a draft issued over HTTP shows its number, the cancellation invoice links back", async () => {
  const { db, clock, ownerClient, scope } = await w();
  const { patientId } = await billingReady(db, scope, clock.now());
  const draftId = await draftWith(db, scope, patientId, clock.now());
  const issued = await ownerClient.post(`/billing/invoices/${draftId}/issue`, {});
  assert.is(issued.status, 303);
  const page = await ownerClient.get(issued.location!);
  const number = (await db.selectFrom("invoices").select("number").where("id", "=", draftId).executeTakeFirstOrThrow())
    .number!;
  assert.match(page.html, `Rechnung ${number} ausgestellt`);
  const cancelled = await ownerClient.post(`/billing/invoices/${draftId}/cancel`, {});
  assert.is(cancelled.status, 303);
  const after = await ownerClient.get(`/billing/invoices/${draftId}`);
  assert.match(after.html, "Storniert durch");
});

test("a catalogue import shows its preview and errors and writes nothing until confirmed", async () => {
  const { db, ownerClient, owner } = await w();
  const services = async () =>
    Number(
      (await db.selectFrom("services").select((eb) => eb.fn.countAll<number>().as("n"))
        .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow()).n,
    );
  const before = await services();
  const csv =
    "katalog;nummer;bezeichnung;preis;punkte;abschnitt;ust\nown;IMP1;Import-Sitzung;75,00;;;\ngoae;IMP2;Import-Beratung;;80;personal;exempt\n";
  const preview = await ownerClient.post("/billing/services/import", { csv, step: "preview" });
  assert.is(preview.status, 200);
  assert.match(preview.html, "Import-Beratung");
  assert.match(preview.html, "2 Leistungen übernehmen");
  assert.is(await services(), before);
  const broken = await ownerClient.post("/billing/services/import", {
    csv: `${csv}own;IMP3;;zwölf;;;\n`,
    step: "confirm",
  });
  assert.is(broken.status, 422);
  assert.match(broken.html, "Zeile 4");
  assert.is(await services(), before);
  const confirmed = await ownerClient.post("/billing/services/import", { csv, step: "confirm" });
  assert.is(confirmed.status, 303);
  assert.is(await services(), before + 2);
});

test("a catalogue comes as a CSV file too: previewed from the file, refused when it is no UTF-8 text", async () => {
  const { db, ownerClient, owner } = await w();
  const services = async () =>
    (await db.selectFrom("services").select("code").where("practice_id", "=", owner.practiceId).execute()).length;
  const upload = async (bytes: Uint8Array, step: string) => {
    const form = new FormData();
    form.set("_csrf", ownerClient.csrfToken() ?? "");
    form.set("file", new File([bytes as BlobPart], "katalog.csv", { type: "text/csv" }));
    form.set("csv", "");
    form.set("step", step);
    return await ownerClient.send("/billing/services/import", {
      method: "POST",
      headers: { Origin: TEST_BASE_URL },
      body: form,
    });
  };
  const before = await services();
  const file = new TextEncoder().encode(
    "\uFEFFkatalog;nummer;bezeichnung;preis;punkte;abschnitt;ust\nown;UP1;Datei-Sitzung;60,00;;;\n",
  );
  const preview = await upload(file, "preview");
  assert.is(preview.status, 200);
  assert.match(preview.html, "Datei-Sitzung");
  assert.match(preview.html, "1 Leistungen übernehmen");
  assert.is(await services(), before, "a preview writes nothing");
  const latin1 = new Uint8Array([...new TextEncoder().encode("katalog;nummer;bezeichnung\nown;X;Gespr"), 0xe4, 0x63]);
  const refused = await upload(latin1, "confirm");
  assert.is(refused.status, 422);
  assert.match(refused.html, "kein UTF-8-Text");
  assert.is(await services(), before);
  assert.is((await upload(file, "confirm")).status, 303);
  assert.is(await services(), before + 1);
});

test("a type's default services are planned when booked, confirmed by attendance, and billed from the list", async () => {
  const { db, clock, ownerClient, owner, scope } = await w();
  const service = await createService(db, scope, {
    catalogue: "own",
    code: "",
    name: "Erstanamnese 90 Minuten",
    priceCents: 12000,
    durationMinutes: 90,
    vatTreatment: "exempt",
    goaePoints: null,
    goaeSection: null,
    rangeMinCents: null,
    rangeMaxCents: null,
  }, facts(clock.now()));
  assert.ok(service.ok);
  const type = await db.insertInto("appointment_types").values({
    practice_id: owner.practiceId,
    name: "Erstanamnese",
    duration_minutes: 90,
    colour: "blue",
    updated_at: clock.now(),
  }).returning("id").executeTakeFirstOrThrow();
  assert.is(
    (await ownerClient.post(`/billing/types/${type.id}`, { service_id: service.ok ? service.id : "" })).status,
    303,
  );
  const { patientId } = await billingReady(db, scope, clock.now());
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow();
  const start = new Date(clock.now().getTime() - 4 * 3_600_000);
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
  assert.ok(booked.ok, JSON.stringify(booked));
  const id = booked.ok ? booked.id : "";
  const planned = await ownerClient.get(`/billing/appointments/${id}`);
  assert.match(planned.html, "Erstanamnese 90 Minuten");
  assert.match(planned.html, "geplant");
  const version =
    (await db.selectFrom("appointments").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;
  const attended = await ownerClient.post(`/calendar/appointments/${id}/attendance`, {
    version: String(version),
    status: "attended",
  });
  assert.is(attended.status, 303);
  const overview = await ownerClient.get("/billing");
  const confirmed = await db.selectFrom("appointment_services").select(["id", "status"]).where(
    "appointment_id",
    "=",
    id,
  )
    .executeTakeFirstOrThrow();
  assert.is(confirmed.status, "done");
  const line = confirmed.id;
  assert.match(overview.html, `name="line" value="${line}"`);
  const created = await ownerClient.post("/billing/invoices", { patient_id: patientId, line: line! });
  assert.is(created.status, 303);
  const draft = await ownerClient.get(created.location!);
  assert.match(draft.html, "Erstanamnese 90 Minuten");
  assert.match(draft.html, "120,00");
});

test("a payment is reversed on the day the person picks; a day that is no day or before the payment is refused beside it", async () => {
  const { db, ownerClient, objects } = await w();
  const paid = await ownerClient.post(`/billing/invoices/${objects.issuedId}/payments`, {
    amount: "5,00",
    method: "cash",
    paid_on: "2026-12-02",
  });
  assert.is(paid.status, 303);
  const payment = await db.selectFrom("payments").select("id").where("invoice_id", "=", objects.issuedId)
    .where("amount_cents", "=", 500).orderBy("created_at", "desc").executeTakeFirstOrThrow();
  const url = `/billing/invoices/${objects.issuedId}/payments/${payment.id}/reverse`;
  const reversals = async () =>
    (await db.selectFrom("payments").select("paid_on").where("reverses_payment_id", "=", payment.id).execute())
      .map((row) => row.paid_on.toISOString().slice(0, 10));
  const field = `reversed_on-${payment.id}`;
  for (const [value, message] of [["2026-12-01", "vor dem Zahlungstag"], ["2026-02-31", ""], ["", ""]]) {
    const page = await ownerClient.post(url, { reversed_on: value });
    assert.is(page.status, 422, value);
    assert.ok(fieldError(page.html, field), `${value}: a message beside the date`);
    if (message) assert.match(fieldError(page.html, field), message);
    assert.match(page.html, `id="${field}" name="reversed_on" type="date" value="${value}"`);
    assert.equal(await reversals(), [], `${value}: nothing written`);
  }
  const reversed = await ownerClient.post(url, { reversed_on: "2026-12-05" });
  assert.is(reversed.status, 303);
  assert.equal(await reversals(), ["2026-12-05"]);
});

test.run();

export type { BillingWalkObjects };
