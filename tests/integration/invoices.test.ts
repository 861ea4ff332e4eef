import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import {
  billingReady,
  draftWith,
  facts,
  FREE_ITEM,
  girocodeOf,
  issuedInvoice,
  pdfText,
} from "../support/billing-fixtures.ts";
import { onPostgres, raceBehindLock } from "../support/postgres-race.ts";
import { cancelInvoice, issueInvoice } from "../../db/invoice-issuing.ts";
import { addInvoiceItem, createInvoiceDraft, listToBill, setItemFactor } from "../../db/invoices.ts";
import { createService, planAppointmentService } from "../../db/services.ts";
import { recordPayment, reversePayment, setWrittenOff } from "../../db/payments.ts";
import { addPayer } from "../../db/patient-payers.ts";
import { findInvoice } from "../../db/invoice-records.ts";
import { recordAttendance } from "../../db/appointments.ts";
import { createNote, finalizeNote } from "../../db/notes.ts";
import { findBillingSettings, saveBillingSettings } from "../../db/billing-settings.ts";

const test = suite("invoices: issuing, immutability, GOÄ, cancellation, gapless numbers");

async function practice(name: string) {
  const { app, db, clock, masterKey } = await createTestApp();
  const owner = await signedInOwner(new TestClient(app), db, clock, { owner_name: name });
  const scope = await ownerScopeOf(db, owner);
  const { patientId } = await billingReady(db, scope, clock.now());
  return { app, db, clock, masterKey, scope, patientId };
}

let shared: Awaited<ReturnType<typeof practice>> | undefined;
const world = async () => (shared ??= await practice("Dr. Eva Rechnung"));

const today = (now: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(now);

test("issuing numbers the invoice, stores its PDF with SHA-256, and the PDF says what § 14 UStG asks", async () => {
  const w = await world();
  const { id, number } = await issuedInvoice(w.db, w.scope, w.patientId, w.clock.now());
  const year = today(w.clock.now()).slice(0, 4);
  assert.match(number, new RegExp(`^${year}-\\d{4}$`));
  const row = await w.db.selectFrom("invoices").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  assert.is(row.status, "issued");
  assert.is(row.total_cents, 12000);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", row.pdf! as Uint8Array<ArrayBuffer>));
  assert.equal([...row.pdf_sha256!], [...digest]);
  const text = await pdfText(row.pdf!);
  assert.match(text, `Rechnungsnummer: ${number}`);
  assert.match(text, "Praxis für Naturheilkunde Lindenplatz");
  assert.match(text, "Steuernummer: 018/123/45678");
  assert.match(text, "Jürgen Schäfer");
  assert.match(text, "Bahnhofstraße 12");
  assert.match(text, "01.12.2026");
  assert.match(text, "Erstanamnese 90 Minuten");
  assert.match(text, "120,00 €");
  assert.match(text, "Umsatzsteuerfrei nach § 4 Nr. 14 UStG");
  assert.match(text, "IBAN DE89370400440532013000");
  // The GiroCode a banking app scans: the transfer to the practice of the total, the number as reference.
  assert.is(
    await girocodeOf(row.pdf!),
    `BCD\n002\n1\nSCT\nCOBADEFFXXX\nPraxis für Naturheilkunde Lindenplatz\nDE89370400440532013000\nEUR120.00\n\n\n${number}`,
  );
  const [d, m, y] = [row.invoice_date!.toISOString().slice(8, 10), row.invoice_date!.toISOString().slice(5, 7), year];
  assert.match(text, `Rechnungsdatum: ${d}.${m}.${y}`);
});

test("the database refuses UPDATE and DELETE of an issued invoice, its items and its payments", async () => {
  const w = await world();
  const { id } = await issuedInvoice(w.db, w.scope, w.patientId, w.clock.now());
  const refused = async (statement: Promise<unknown>) => {
    try {
      await statement;
      return false;
    } catch (error) {
      return /never/.test(String(error));
    }
  };
  assert.ok(await refused(w.db.updateTable("invoices").set({ total_cents: 1 }).where("id", "=", id).execute()));
  assert.ok(await refused(w.db.updateTable("invoices").set({ number: "X-1" }).where("id", "=", id).execute()));
  assert.ok(
    await refused(w.db.updateTable("invoices").set({ recipient_name: "Jemand" }).where("id", "=", id).execute()),
  );
  assert.ok(
    await refused(w.db.updateTable("invoices").set({ pdf: new Uint8Array([1]) }).where("id", "=", id).execute()),
  );
  assert.ok(await refused(w.db.deleteFrom("invoices").where("id", "=", id).execute()));
  assert.ok(
    await refused(w.db.updateTable("invoice_items").set({ amount_cents: 1 }).where("invoice_id", "=", id).execute()),
  );
  assert.ok(await refused(w.db.deleteFrom("invoice_items").where("invoice_id", "=", id).execute()));
  assert.ok(
    await refused(
      w.db.insertInto("invoice_items").values({
        practice_id: w.scope.practiceId,
        invoice_id: id,
        position: 2,
        service_date: "2026-12-01",
        catalogue: "free",
        description: "nachgeschoben",
        unit_cents: 100,
        amount_cents: 100,
        vat_treatment: "exempt",
      }).execute(),
    ),
  );
  assert.ok(await refused(sql`truncate invoices cascade`.execute(w.db)));
  const paid = await recordPayment(
    w.db,
    w.scope,
    id,
    { amountCents: 5000, method: "cash", paidOn: "2026-12-02" },
    facts(w.clock.now()),
  );
  assert.ok(paid.ok);
  assert.ok(
    await refused(w.db.updateTable("payments").set({ amount_cents: 1 }).where("invoice_id", "=", id).execute()),
  );
  assert.ok(await refused(w.db.deleteFrom("payments").where("invoice_id", "=", id).execute()));
  const row = await w.db.selectFrom("invoices").select(["total_cents", "number"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
  assert.is(row.total_cents, 12000);
});

test("GOÄ items: the fee is exact, above the threshold needs a justification, above the maximum an agreement", async () => {
  const w = await world();
  const service = await createService(w.db, w.scope, {
    catalogue: "goae",
    code: "1",
    name: "Beratung, auch mittels Fernsprecher",
    priceCents: 0,
    durationMinutes: null,
    vatTreatment: "exempt",
    goaePoints: 80,
    goaeSection: "personal",
    rangeMinCents: null,
    rangeMaxCents: null,
  }, facts(w.clock.now()));
  assert.ok(service.ok);
  const draftId = await draftWith(w.db, w.scope, w.patientId, w.clock.now(), [{
    serviceId: service.ok ? service.id : "",
  }]);
  const draft = (await findInvoice(w.db, w.scope, draftId, today(w.clock.now())))!;
  assert.is(draft.items[0].factor_hundredths, 230);
  assert.is(draft.items[0].amount_cents, 1072);
  const itemId = draft.items[0].id;
  await setItemFactor(
    w.db,
    w.scope,
    draftId,
    itemId,
    { factorHundredths: 300, justification: "", analogousTo: "" },
    facts(w.clock.now()),
  );
  const unjustified = await issueInvoice(w.db, w.scope, draftId, facts(w.clock.now()));
  assert.equal(unjustified, { ok: false, problem: "factors", factors: [{ position: 1, rule: "needs_justification" }] });
  await setItemFactor(w.db, w.scope, draftId, itemId, {
    factorHundredths: 400,
    justification: "Außergewöhnlich lange Beratung bei komplexer Vorgeschichte",
    analogousTo: "",
  }, facts(w.clock.now()));
  const noAgreement = await issueInvoice(w.db, w.scope, draftId, facts(w.clock.now()));
  assert.equal(noAgreement, { ok: false, problem: "factors", factors: [{ position: 1, rule: "needs_agreement" }] });
  // § 2 Abs. 2 GOÄ: the agreement is made before the treatment and names the number and factor.
  // One made after it, one for another number, one for a lower factor, one without terms: none count.
  const agreement = (agreedOn: string, goaeCode: string, factorHundredths: number | null) => ({
    practice_id: w.scope.practiceId,
    patient_id: w.patientId,
    agreed_on: agreedOn,
    goae_code: goaeCode,
    factor_hundredths: factorHundredths,
    subject: "Vereinbarung nach § 2 GOÄ",
  });
  await w.db.insertInto("fee_agreements").values([
    agreement("2026-12-15", "1", 400),
    agreement("2026-11-01", "3", 400),
    agreement("2026-11-01", "1", 350),
    agreement("2026-11-01", "", null),
  ]).execute();
  assert.equal(await issueInvoice(w.db, w.scope, draftId, facts(w.clock.now())), noAgreement);
  await w.db.insertInto("fee_agreements").values(agreement("2026-11-01", "1", 400)).execute();
  const issued = await issueInvoice(w.db, w.scope, draftId, facts(w.clock.now()));
  assert.ok(issued.ok);
  const row = await w.db.selectFrom("invoices").select(["pdf", "total_cents"]).where("id", "=", draftId)
    .executeTakeFirstOrThrow();
  // 80 × 5.82873 ct × 4.0 = 1865.1936 ct → 18.65 €
  assert.is(row.total_cents, 1865);
  const text = await pdfText(row.pdf!);
  assert.match(text, "GOÄ 1");
  assert.match(text, "80 Punkte");
  assert.match(text, "4,0");
  assert.match(text, "Begründung: Außergewöhnlich");
  assert.match(text, "Vorgeschichte");
  assert.match(text, "18,65 €");
});

test("analogous billing prints 'entsprechend Nr.'; a small business prints the § 19 UStG note and no VAT", async () => {
  const w = await practice("Kleine Praxis");
  await saveBillingSettings(w.db, w.scope, {
    ...(await findBillingSettings(w.db, w.scope.practiceId)),
    smallBusiness: true,
  }, facts(w.clock.now()));
  const goae = await createService(w.db, w.scope, {
    catalogue: "goae",
    code: "A 849",
    name: "Psychotherapeutische Behandlung",
    priceCents: 0,
    durationMinutes: null,
    vatTreatment: "exempt",
    goaePoints: 230,
    goaeSection: "personal",
    rangeMinCents: null,
    rangeMaxCents: null,
  }, facts(w.clock.now()));
  const draftId = await draftWith(w.db, w.scope, w.patientId, w.clock.now(), [{}, {
    description: "Coaching",
    vatTreatment: "standard",
    unitCents: 10000,
  }]);
  await addInvoiceItem(w.db, w.scope, draftId, {
    serviceDate: "2026-12-02",
    serviceId: goae.ok ? goae.id : "",
    description: "",
    unitCents: 0,
    quantity: 1,
    vatTreatment: "exempt",
    factorHundredths: 230,
    justification: "",
    analogousTo: "849",
  }, facts(w.clock.now()));
  const issued = await issueInvoice(w.db, w.scope, draftId, facts(w.clock.now()));
  assert.ok(issued.ok);
  const row = await w.db.selectFrom("invoices").select(["pdf", "vat_cents", "total_cents"]).where("id", "=", draftId)
    .executeTakeFirstOrThrow();
  assert.is(row.vat_cents, 0);
  const text = await pdfText(row.pdf!);
  assert.match(text, "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet");
  assert.not.match(text, "Umsatzsteuer 19 %");
  assert.match(text, "entsprechend Nr. 849 GOÄ");
});

test("19 % VAT is shown per rate beside the net amount", async () => {
  const w = await world();
  const draftId = await draftWith(w.db, w.scope, w.patientId, w.clock.now(), [{
    description: "Coaching-Sitzung",
    vatTreatment: "standard",
    unitCents: 10000,
  }]);
  assert.ok((await issueInvoice(w.db, w.scope, draftId, facts(w.clock.now()))).ok);
  const row = await w.db.selectFrom("invoices").select(["pdf", "vat_cents", "total_cents", "net_cents"]).where(
    "id",
    "=",
    draftId,
  ).executeTakeFirstOrThrow();
  assert.equal([row.net_cents, row.vat_cents, row.total_cents], [10000, 1900, 11900]);
  const text = await pdfText(row.pdf!);
  assert.match(text, "Umsatzsteuer 19 % auf 100,00 €");
  assert.match(text, "119,00 €");
});

test("a cancellation is refused while payments stand; after reversal it takes the next number and negates", async () => {
  const w = await world();
  const original = await issuedInvoice(w.db, w.scope, w.patientId, w.clock.now());
  const paid = await recordPayment(w.db, w.scope, original.id, {
    amountCents: 12000,
    method: "transfer",
    paidOn: "2026-12-03",
  }, facts(w.clock.now()));
  assert.ok(paid.ok);
  assert.equal(await cancelInvoice(w.db, w.scope, original.id, facts(w.clock.now())), {
    ok: false,
    problem: "payments",
  });
  // The reversal carries the day the person names (the money went back), never one before the payment.
  const reverse = (reversedOn: string) =>
    reversePayment(w.db, w.scope, original.id, paid.ok ? paid.id : "", { reversedOn }, facts(w.clock.now()));
  assert.equal(await reverse("2026-12-02"), { ok: false, problem: "before_payment" });
  assert.ok((await reverse("2026-12-04")).ok);
  const reversal = await w.db.selectFrom("payments").select(["paid_on", "amount_cents"])
    .where("reverses_payment_id", "=", paid.ok ? paid.id : "").executeTakeFirstOrThrow();
  assert.is(reversal.paid_on.toISOString().slice(0, 10), "2026-12-04");
  assert.is(reversal.amount_cents, -12000);
  const cancelled = await cancelInvoice(w.db, w.scope, original.id, facts(w.clock.now()));
  assert.ok(cancelled.ok);
  if (!cancelled.ok) return;
  const sequenceOf = (number: string) => Number(number.split("-")[1]);
  assert.is(sequenceOf(cancelled.number), sequenceOf(original.number) + 1);
  const storno = await w.db.selectFrom("invoices").selectAll().where("id", "=", cancelled.id).executeTakeFirstOrThrow();
  assert.is(storno.kind, "cancellation");
  assert.is(storno.cancels_invoice_id, original.id);
  assert.is(storno.total_cents, -12000);
  const text = await pdfText(storno.pdf!);
  assert.match(text, "Stornorechnung");
  assert.match(text, `Storniert die Rechnung ${original.number}`);
  assert.match(text, "-120,00 €");
  const detail = (await findInvoice(w.db, w.scope, original.id, today(w.clock.now())))!;
  assert.is(detail.status, "cancelled");
  assert.equal(await cancelInvoice(w.db, w.scope, original.id, facts(w.clock.now())), {
    ok: false,
    problem: "cancelled",
  });
  const after = await recordPayment(w.db, w.scope, original.id, {
    amountCents: 100,
    method: "cash",
    paidOn: "2026-12-05",
  }, facts(w.clock.now()));
  const events = await w.db.selectFrom("audit_events").select(["action", "details"])
    .where("practice_id", "=", w.scope.practiceId).where("subject_id", "=", original.id).orderBy("id").execute();
  assert.equal(events.map((e) => e.action), [
    "invoice.created",
    "invoice.item_added",
    "invoice.issued",
    "payment.recorded",
    "payment.reversed",
    "invoice.cancelled",
  ]);
  assert.not.match(JSON.stringify(events), /Schäfer|Jürgen|Erstanamnese/);
  assert.equal(after, { ok: false, problem: "not_payable" });
});

test("partial and over-payment: status and balance follow the money", async () => {
  const w = await world();
  const { id } = await issuedInvoice(w.db, w.scope, w.patientId, w.clock.now());
  await recordPayment(
    w.db,
    w.scope,
    id,
    { amountCents: 5000, method: "card", paidOn: "2026-12-03" },
    facts(w.clock.now()),
  );
  assert.is((await findInvoice(w.db, w.scope, id, today(w.clock.now())))!.status, "partly_paid");
  await recordPayment(
    w.db,
    w.scope,
    id,
    { amountCents: 8000, method: "cash", paidOn: "2026-12-04" },
    facts(w.clock.now()),
  );
  const paid = (await findInvoice(w.db, w.scope, id, today(w.clock.now())))!;
  assert.is(paid.status, "paid");
  assert.is(paid.totalCents - paid.paidCents, -1000);
});

test("attendance confirms the type's default services; the to-bill list offers them once", async () => {
  const w = await world();
  const service = await createService(w.db, w.scope, {
    catalogue: "own",
    code: "EA",
    name: "Erstanamnese",
    priceCents: 9000,
    durationMinutes: 90,
    vatTreatment: "exempt",
    goaePoints: null,
    goaeSection: null,
    rangeMinCents: null,
    rangeMaxCents: null,
  }, facts(w.clock.now()));
  assert.ok(service.ok);
  const location = await w.db.selectFrom("locations").select("id").where("practice_id", "=", w.scope.practiceId)
    .executeTakeFirstOrThrow();
  const start = new Date(w.clock.now().getTime() - 3 * 3_600_000);
  const appointment = await w.db.insertInto("appointments").values({
    practice_id: w.scope.practiceId,
    location_id: location.id,
    practitioner_id: w.scope.membershipId,
    patient_id: w.patientId,
    starts_at: start,
    ends_at: new Date(start.getTime() + 90 * 60_000),
    updated_at: start,
  }).returning(["id", "version"]).executeTakeFirstOrThrow();
  assert.ok(
    await planAppointmentService(w.db, w.scope, appointment.id, service.ok ? service.id : "", facts(w.clock.now())),
  );
  assert.is((await listToBill(w.db, w.scope, { patientId: w.patientId })).length, 0);
  const attended = await recordAttendance(w.db, w.scope, appointment.id, {
    version: appointment.version,
    status: "attended",
  }, facts(w.clock.now()));
  assert.ok(attended.ok);
  const lines = await listToBill(w.db, w.scope, { patientId: w.patientId });
  assert.is(lines.length, 1);
  assert.is(lines[0].serviceName, "Erstanamnese");
  const draft = await createInvoiceDraft(w.db, w.scope, {
    patientId: w.patientId,
    appointmentServiceIds: [lines[0].appointmentServiceId],
    payerId: null,
    language: "de",
  }, facts(w.clock.now()));
  assert.ok(draft.ok);
  assert.is((await listToBill(w.db, w.scope, { patientId: w.patientId })).length, 0);
  const twice = await createInvoiceDraft(w.db, w.scope, {
    patientId: w.patientId,
    appointmentServiceIds: [lines[0].appointmentServiceId],
    payerId: null,
    language: "de",
  }, facts(w.clock.now()));
  assert.equal(twice, { ok: false, problem: "lines" });
});

test("the documentation confirms too: finalizing a note for a begun, booked appointment marks it attended", async () => {
  const w = await world();
  const service = await createService(w.db, w.scope, {
    catalogue: "own",
    code: "DOK",
    name: "Folgesitzung",
    priceCents: 8000,
    durationMinutes: 50,
    vatTreatment: "exempt",
    goaePoints: null,
    goaeSection: null,
    rangeMinCents: null,
    rangeMaxCents: null,
  }, facts(w.clock.now()));
  assert.ok(service.ok);
  const location = await w.db.selectFrom("locations").select("id").where("practice_id", "=", w.scope.practiceId)
    .executeTakeFirstOrThrow();
  const book = async (hoursFromNow: number) => {
    const start = new Date(w.clock.now().getTime() + hoursFromNow * 3_600_000);
    const row = await w.db.insertInto("appointments").values({
      practice_id: w.scope.practiceId,
      location_id: location.id,
      practitioner_id: w.scope.membershipId,
      patient_id: w.patientId,
      starts_at: start,
      ends_at: new Date(start.getTime() + 50 * 60_000),
      updated_at: start,
    }).returning("id").executeTakeFirstOrThrow();
    assert.ok(await planAppointmentService(w.db, w.scope, row.id, service.ok ? service.id : "", facts(w.clock.now())));
    return row.id;
  };
  const document = async (appointmentId: string) => {
    const note = await createNote(w.db, w.masterKey, w.scope, {
      patientId: w.patientId,
      appointmentId,
      templateId: null,
      title: "Sitzung",
      fields: [{ heading: "", text: "Gespräch geführt" }],
    }, facts(w.clock.now()));
    assert.ok(note.ok);
    assert.is(await finalizeNote(w.db, w.scope, note.ok ? note.id : "", facts(w.clock.now())), "ok");
  };
  const status = async (id: string) =>
    (await w.db.selectFrom("appointments").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
  const toBill = async (id: string) =>
    (await listToBill(w.db, w.scope, { patientId: w.patientId })).filter((line) => line.appointmentId === id);
  const past = await book(-2);
  assert.equal(await toBill(past), []);
  await document(past);
  assert.is(await status(past), "attended");
  assert.equal((await toBill(past)).map((line) => line.serviceName), ["Folgesitzung"]);
  const events = await w.db.selectFrom("audit_events").select("details").where("subject_id", "=", past)
    .where("action", "=", "appointment.attended").execute();
  assert.equal(events.map((event) => event.details), [{ by_documentation: true }]);
  // An appointment that has not begun is not made attended by a note written ahead of it.
  const ahead = await book(3);
  await document(ahead);
  assert.is(await status(ahead), "booked");
  assert.equal(await toBill(ahead), []);
});

test("an invoice to a payer who reads English is issued in English; an unpaid one past its due date is overdue, a write-off is no payment", async () => {
  const w = await world();
  await addPayer(w.db, w.scope, w.patientId, {
    kind: "company",
    name: "Globex Ltd",
    address: "1 High Street\nLondon",
    email: "accounts@globex.example",
    language: "en",
  }, facts(w.clock.now()));
  const payer = await w.db.selectFrom("patient_payers").select("id").where("patient_id", "=", w.patientId)
    .where("name", "=", "Globex Ltd").executeTakeFirstOrThrow();
  const draft = await createInvoiceDraft(w.db, w.scope, {
    patientId: w.patientId,
    appointmentServiceIds: [],
    payerId: payer.id,
    language: "de",
  }, facts(w.clock.now()));
  assert.ok(draft.ok);
  if (!draft.ok) return;
  await addInvoiceItem(
    w.db,
    w.scope,
    draft.id,
    { ...FREE_ITEM, description: "Initial consultation" },
    facts(w.clock.now()),
  );
  assert.ok((await issueInvoice(w.db, w.scope, draft.id, facts(w.clock.now()))).ok);
  const row = await w.db.selectFrom("invoices").select(["pdf", "recipient_email", "due_date"]).where(
    "id",
    "=",
    draft.id,
  )
    .executeTakeFirstOrThrow();
  assert.is(row.recipient_email, "accounts@globex.example");
  const text = await pdfText(row.pdf!);
  assert.match(text, "Invoice number:");
  assert.match(text, "Globex Ltd");
  assert.match(text, "VAT exempt under § 4 No. 14 UStG");
  assert.match(text, "Patient: Schäfer, Jürgen");
  const afterDue = new Date(row.due_date!.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  assert.is((await findInvoice(w.db, w.scope, draft.id, afterDue))!.status, "overdue");
  assert.ok((await setWrittenOff(w.db, w.scope, draft.id, true, facts(w.clock.now()))).ok);
  const written = (await findInvoice(w.db, w.scope, draft.id, afterDue))!;
  assert.is(written.status, "written_off");
  assert.is(written.paidCents, 0, "no money moved");
  assert.is((await w.db.selectFrom("payments").select("id").where("invoice_id", "=", draft.id).execute()).length, 0);
});

test("a change from a yearly to a continuous range never prints a number twice", async () => {
  const w = await practice("Praxis Nummernwechsel");
  const first = await issuedInvoice(w.db, w.scope, w.patientId, w.clock.now());
  const second = await issuedInvoice(w.db, w.scope, w.patientId, w.clock.now());
  await saveBillingSettings(w.db, w.scope, {
    ...(await findBillingSettings(w.db, w.scope.practiceId)),
    numberRestart: "continuous",
  }, facts(w.clock.now()));
  const third = await issuedInvoice(w.db, w.scope, w.patientId, w.clock.now());
  const year = today(w.clock.now()).slice(0, 4);
  assert.equal([first.number, second.number, third.number], [`${year}-0001`, `${year}-0002`, `${year}-0003`]);
});

if (onPostgres) {
  test("one line billed by two drafts at once, one draft issued twice at once: once each (on Postgres, concurrent)", async () => {
    const w = await world();
    const service = await createService(w.db, w.scope, {
      catalogue: "own",
      code: "",
      name: "Folgesitzung",
      priceCents: 8000,
      durationMinutes: 60,
      vatTreatment: "exempt",
      goaePoints: null,
      goaeSection: null,
      rangeMinCents: null,
      rangeMaxCents: null,
    }, facts(w.clock.now()));
    assert.ok(service.ok);
    const location = await w.db.selectFrom("locations").select("id").where("practice_id", "=", w.scope.practiceId)
      .executeTakeFirstOrThrow();
    const start = new Date(w.clock.now().getTime() - 2 * 3_600_000);
    const appointment = await w.db.insertInto("appointments").values({
      practice_id: w.scope.practiceId,
      location_id: location.id,
      practitioner_id: w.scope.membershipId,
      patient_id: w.patientId,
      starts_at: start,
      ends_at: new Date(start.getTime() + 3_600_000),
      updated_at: start,
    }).returning(["id", "version"]).executeTakeFirstOrThrow();
    await planAppointmentService(w.db, w.scope, appointment.id, service.ok ? service.id : "", facts(w.clock.now()));
    await recordAttendance(
      w.db,
      w.scope,
      appointment.id,
      { version: appointment.version, status: "attended" },
      facts(w.clock.now()),
    );
    const [line] = await listToBill(w.db, w.scope, { patientId: w.patientId });
    const drafts = await raceBehindLock(
      w.db,
      ["appointment_services"],
      [1, 2].map(() => () =>
        createInvoiceDraft(w.db, w.scope, {
          patientId: w.patientId,
          appointmentServiceIds: [line.appointmentServiceId],
          payerId: null,
          language: "de",
        }, facts(w.clock.now()))
      ),
    );
    assert.equal(drafts.answers.map((a) => a.ok).sort(), [false, true]);
    const won = drafts.answers.find((a) => a.ok);
    const draftId = won?.ok ? won.id : "";
    const issues = await raceBehindLock(
      w.db,
      ["invoices"],
      [1, 2].map(() => () => issueInvoice(w.db, w.scope, draftId, facts(w.clock.now()))),
    );
    assert.equal(issues.answers.map((a) => a.ok ? "issued" : a.problem).sort(), ["issued", "not_draft"]);
  });
}

/** Runs the tasks with at most `width` of them at a time, answers in task order. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const answers: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const index = next++;
      answers[index] = await tasks[index]();
    }
  }));
  return answers;
}

/** Every issued number of the practice's range this year, in order: 1 … n without gap or twin. */
async function assertGapless(
  w: { db: typeof shared extends undefined ? never : NonNullable<typeof shared>["db"] },
  practiceId: string,
) {
  const rows = await w.db.selectFrom("invoices").select(["number_sequence", "pdf"]).where(
    "practice_id",
    "=",
    practiceId,
  )
    .where("status", "=", "issued").orderBy("number_sequence").execute();
  rows.forEach((row, index) => assert.is(row.number_sequence, index + 1));
  assert.ok(rows.every((row) => row.pdf && row.pdf.length > 1000));
  const counter = await w.db.selectFrom("invoice_counters").select((eb) => eb.fn.sum<number>("last_number").as("last"))
    .where("practice_id", "=", practiceId).executeTakeFirstOrThrow();
  assert.is(Number(counter.last), rows.length);
  return rows.length;
}

test(`200 invoices for one practice and 200 each for two at once: gapless and unique${onPostgres ? " (on Postgres, concurrent)" : " (PGlite, one connection)"}`, async () => {
  const a = await practice("Praxis Nummernkreis A");
  const b = await practice("Praxis Nummernkreis B");
  const draftsA = await Promise.all(
    Array.from({ length: 200 }, () => draftWith(a.db, a.scope, a.patientId, a.clock.now())),
  );
  const draftsB = await Promise.all(
    Array.from({ length: 200 }, () => draftWith(b.db, b.scope, b.patientId, b.clock.now())),
  );
  // As many issuing at once as the pool has connections to spare: the rest queue in the app.
  const issueAll = (w: typeof a, drafts: string[]) =>
    drafts.map((id) => () => issueInvoice(w.db, w.scope, id, facts(w.clock.now())));
  const first = await inParallel(issueAll(a, draftsA.slice(0, 100)), 8);
  assert.ok(first.every((outcome) => outcome.ok));
  const both = await inParallel([...issueAll(a, draftsA.slice(100)), ...issueAll(b, draftsB)], 8);
  assert.ok(both.every((outcome) => outcome.ok));
  assert.is(await assertGapless(a, a.scope.practiceId), 200);
  assert.is(await assertGapless(b, b.scope.practiceId), 200);
});

test.run();
