// Issuing and cancelling. Issuing takes the next number of the practice's range (the counter
// row locked in this transaction), fixes the totals, renders the PDF once and stores it with its
// SHA-256, all in one transaction: a crash before the commit leaves the draft and the counter
// as they were. A cancellation (Storno) is an invoice of its own with the next number that
// negates the original, allowed only once every payment of the original is reversed.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { findBillingSettings } from "./billing-settings.ts";
import { takeInvoiceNumber } from "./invoice-numbers.ts";
import { type FactorProblem, factorProblems } from "./invoices.ts";
import { type InvoiceDocument, renderInvoicePdf } from "../lib/invoice-pdf.ts";
import { vatLines } from "../lib/money.ts";
import { patientDisplayName } from "../lib/patient-name.ts";

export type IssueOutcome =
  | { ok: true; id: string; number: string }
  | { ok: false; problem: "unknown" | "not_draft" | "empty" | "sender" }
  | { ok: false; problem: "factors"; factors: FactorProblem[] };

export type CancelOutcome =
  | { ok: true; id: string; number: string }
  | { ok: false; problem: "unknown" | "not_issued" | "cancelled" | "payments" };

function berlinDay(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(at);
}

function addDays(day: string, days: number): string {
  return new Date(new Date(`${day}T12:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

const dayText = (value: Date | null) => value ? value.toISOString().slice(0, 10) : null;

async function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  invoiceId: string,
  facts: RequestFacts,
  details: Record<string, string | number | boolean | null>,
) {
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action,
    actorAccountId: scope.accountId,
    subjectType: "invoice",
    subjectId: invoiceId,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details,
  });
}

/**
 * Numbers, renders and stores the invoice (a draft of the practice, or the cancellation being
 * made) inside the caller's transaction; the row must be locked by the caller.
 */
async function fixInvoice(
  trx: Transaction<Database>,
  scope: PracticeScope,
  invoiceId: string,
  facts: RequestFacts,
  cancels: { number: string; date: string } | null,
): Promise<string> {
  const settings = await findBillingSettings(trx, scope.practiceId);
  const invoice = await trx.selectFrom("invoices as i").innerJoin("patients as p", "p.id", "i.patient_id")
    .select([
      "i.kind",
      "i.recipient_name",
      "i.recipient_address",
      "i.language",
      "i.period_from",
      "i.period_to",
      "p.family_name",
      "p.given_names",
      "p.title",
    ])
    .where("i.id", "=", invoiceId).executeTakeFirstOrThrow();
  const items = await trx.selectFrom("invoice_items").selectAll().where("invoice_id", "=", invoiceId)
    .orderBy("position").execute();
  const invoiceDate = berlinDay(facts.now);
  const dueDate = addDays(invoiceDate, settings.paymentDays);
  const taken = await takeInvoiceNumber(
    trx,
    scope.practiceId,
    { pattern: settings.numberPattern, restart: settings.numberRestart },
    Number(invoiceDate.slice(0, 4)),
  );
  const lines = vatLines(items.map((item) => ({ vatTreatment: item.vat_treatment, amountCents: item.amount_cents })));
  const netCents = lines.reduce((sum, line) => sum + line.netCents, 0);
  const vatCents = lines.reduce((sum, line) => sum + line.vatCents, 0);
  const document: InvoiceDocument = {
    language: invoice.language,
    kind: invoice.kind,
    number: taken.number,
    invoiceDate,
    dueDate,
    periodFrom: dayText(invoice.period_from),
    periodTo: dayText(invoice.period_to),
    practice: {
      name: settings.legalName,
      address: settings.address,
      taxNumber: settings.taxNumber,
      vatId: settings.vatId,
      iban: settings.iban,
      bic: settings.bic,
      bankName: settings.bankName,
    },
    recipient: { name: invoice.recipient_name, address: invoice.recipient_address },
    patientName: patientDisplayName(invoice),
    cancels,
    items: items.map((item) => ({
      serviceDate: item.service_date.toISOString().slice(0, 10),
      catalogue: item.catalogue,
      code: item.code,
      description: item.description,
      analogousTo: item.analogous_to,
      goaePoints: item.goae_points,
      factorHundredths: item.factor_hundredths,
      quantity: item.quantity,
      amountCents: item.amount_cents,
      justification: item.justification,
      vatTreatment: item.vat_treatment,
    })),
    vatLines: lines,
    netCents,
    vatCents,
    totalCents: netCents + vatCents,
    issuedAt: facts.now,
  };
  const pdf = await renderInvoicePdf(document);
  const sha256 = new Uint8Array(await crypto.subtle.digest("SHA-256", pdf as Uint8Array<ArrayBuffer>));
  await trx.updateTable("invoices").set({
    status: "issued",
    number: taken.number,
    number_year: taken.year,
    number_sequence: taken.sequence,
    invoice_date: invoiceDate,
    due_date: dueDate,
    net_cents: netCents,
    vat_cents: vatCents,
    total_cents: netCents + vatCents,
    pdf,
    pdf_sha256: sha256,
    issued_at: facts.now,
    issued_by: scope.accountId,
    updated_at: facts.now,
  }).where("id", "=", invoiceId).execute();
  return taken.number;
}

export async function issueInvoice(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  facts: RequestFacts,
): Promise<IssueOutcome> {
  return await db.transaction().execute(async (trx): Promise<IssueOutcome> => {
    const draft = await trx.selectFrom("invoices").select(["id", "status", "patient_id", "kind"])
      .where("id", "=", invoiceId).where("practice_id", "=", scope.practiceId).forUpdate().executeTakeFirst();
    if (!draft) return { ok: false, problem: "unknown" };
    if (draft.status !== "draft" || draft.kind !== "invoice") return { ok: false, problem: "not_draft" };
    const items = await trx.selectFrom("invoice_items")
      .select(["position", "service_date", "code", "goae_section", "factor_hundredths", "justification"])
      .where("invoice_id", "=", invoiceId).execute();
    if (!items.length) return { ok: false, problem: "empty" };
    const settings = await findBillingSettings(trx, scope.practiceId);
    if (!settings.address.trim() || (!settings.taxNumber && !settings.vatId)) return { ok: false, problem: "sender" };
    // § 2 Abs. 2 GOÄ: the agreement names the number and factor and is made before the treatment.
    const agreements = await trx.selectFrom("fee_agreements").select(["goae_code", "factor_hundredths", "agreed_on"])
      .where("patient_id", "=", draft.patient_id).where("practice_id", "=", scope.practiceId).execute();
    const factors = factorProblems(
      items.map((item) => ({ ...item, service_date: item.service_date.toISOString().slice(0, 10) })),
      agreements.map((a) => ({
        goaeCode: a.goae_code,
        factorHundredths: a.factor_hundredths,
        agreedOn: a.agreed_on.toISOString().slice(0, 10),
      })),
    );
    if (factors.length) return { ok: false, problem: "factors", factors };
    // § 19 UStG is the practice's state on the day of issue.
    if (settings.smallBusiness) {
      await trx.updateTable("invoice_items").set({ vat_treatment: "small_business", vat_cents: 0 })
        .where("invoice_id", "=", invoiceId).execute();
    }
    const number = await fixInvoice(trx, scope, invoiceId, facts, null);
    await audit(trx, scope, "invoice.issued", invoiceId, facts, { number });
    return { ok: true, id: invoiceId, number };
  });
}

/** Cancels an issued invoice with a cancellation invoice of its own number that negates every item. */
export async function cancelInvoice(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  facts: RequestFacts,
): Promise<CancelOutcome> {
  return await db.transaction().execute(async (trx): Promise<CancelOutcome> => {
    const original = await trx.selectFrom("invoices").selectAll().where("id", "=", invoiceId)
      .where("practice_id", "=", scope.practiceId).forUpdate().executeTakeFirst();
    if (!original) return { ok: false, problem: "unknown" };
    if (original.status !== "issued" || original.kind !== "invoice") return { ok: false, problem: "not_issued" };
    if (original.cancelled_at) return { ok: false, problem: "cancelled" };
    const open = await trx.selectFrom("payments as p").select("p.id").where("p.invoice_id", "=", invoiceId)
      .where("p.amount_cents", ">", 0)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom("payments as r").select("r.id").whereRef("r.reverses_payment_id", "=", "p.id")))
      )
      .executeTakeFirst();
    if (open) return { ok: false, problem: "payments" };
    const cancellation = await trx.insertInto("invoices").values({
      practice_id: scope.practiceId,
      patient_id: original.patient_id,
      kind: "cancellation",
      cancels_invoice_id: invoiceId,
      recipient_kind: original.recipient_kind,
      payer_id: original.payer_id,
      recipient_name: original.recipient_name,
      recipient_address: original.recipient_address,
      recipient_email: original.recipient_email,
      language: original.language,
      small_business: original.small_business,
      period_from: dayText(original.period_from),
      period_to: dayText(original.period_to),
      created_by: scope.accountId,
      created_at: facts.now,
      updated_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    const items = await trx.selectFrom("invoice_items").selectAll().where("invoice_id", "=", invoiceId).execute();
    await trx.insertInto("invoice_items").values(items.map((item) => ({
      practice_id: scope.practiceId,
      invoice_id: cancellation.id,
      position: item.position,
      service_date: item.service_date.toISOString().slice(0, 10),
      catalogue: item.catalogue,
      code: item.code,
      description: item.description,
      service_version_id: item.service_version_id,
      quantity: item.quantity,
      goae_points: item.goae_points,
      goae_section: item.goae_section,
      factor_hundredths: item.factor_hundredths,
      analogous_to: item.analogous_to,
      justification: item.justification,
      unit_cents: -item.unit_cents,
      amount_cents: -item.amount_cents,
      vat_treatment: item.vat_treatment,
      vat_cents: -item.vat_cents,
    }))).execute();
    const number = await fixInvoice(trx, scope, cancellation.id, facts, {
      number: original.number!,
      date: dayText(original.invoice_date)!,
    });
    await trx.updateTable("invoices").set({ cancelled_at: facts.now, cancelled_by_invoice_id: cancellation.id })
      .where("id", "=", invoiceId).execute();
    // What the cancelled invoice billed is to be billed again (a corrected invoice is a new one).
    await trx.updateTable("appointment_services").set({ invoice_id: null }).where("invoice_id", "=", invoiceId)
      .execute();
    await audit(trx, scope, "invoice.cancelled", invoiceId, facts, { cancellation_id: cancellation.id, number });
    return { ok: true, id: cancellation.id, number };
  });
}
