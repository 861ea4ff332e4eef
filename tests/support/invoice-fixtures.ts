// Issued invoices for tests of what is built on them (exports, reports, dunning): billing
// settings that allow issuing, then a draft with free items issued through db/ as the app does.
import type { Db } from "../../db/database.ts";
import type { PracticeScope } from "../../db/practice-scope.ts";
import { DEFAULT_BILLING_SETTINGS, saveBillingSettings } from "../../db/billing-settings.ts";
import { addInvoiceItem, createInvoiceDraft } from "../../db/invoices.ts";
import { cancelInvoice, issueInvoice } from "../../db/invoice-issuing.ts";
import { recordPayment } from "../../db/payments.ts";
import type { VatTreatment } from "../../lib/billing-kinds.ts";
import { insertPatient } from "./patient-fixtures.ts";

export async function billingReady(db: Db, scope: PracticeScope, now: Date, smallBusiness = false): Promise<void> {
  await saveBillingSettings(db, scope, {
    ...DEFAULT_BILLING_SETTINGS,
    legalName: "Praxis Sonnenweg",
    address: "Sonnenweg 3\n10115 Berlin",
    taxNumber: "27/123/45678",
    iban: "DE02120300000000202051",
    smallBusiness,
  }, { requestId: null, now });
}

export interface FreeItem {
  description: string;
  unitCents: number;
  vatTreatment?: VatTreatment;
  serviceDate?: string;
  quantity?: number;
}

/** An issued invoice to a new patient (or the one given) with free items; returns id and number. */
export async function issuedInvoice(
  db: Db,
  scope: PracticeScope,
  now: Date,
  items: FreeItem[],
  patientId?: string,
  payerId: string | null = null,
): Promise<{ id: string; number: string; patientId: string }> {
  const patient = patientId ?? await insertPatient(db, scope.practiceId, { family_name: "Beispiel" });
  const facts = { requestId: null, now };
  const draft = await createInvoiceDraft(
    db,
    scope,
    { patientId: patient, appointmentServiceIds: [], payerId, language: "de" },
    facts,
  );
  if (!draft.ok) throw new Error(`draft: ${draft.problem}`);
  for (const item of items) {
    const added = await addInvoiceItem(db, scope, draft.id, {
      serviceDate: item.serviceDate ?? now.toISOString().slice(0, 10),
      serviceId: null,
      description: item.description,
      unitCents: item.unitCents,
      quantity: item.quantity ?? 1,
      vatTreatment: item.vatTreatment ?? "exempt",
      factorHundredths: null,
      justification: "",
      analogousTo: "",
    }, facts);
    if (!added.ok) throw new Error(`item: ${added.problem}`);
  }
  const issued = await issueInvoice(db, scope, draft.id, facts);
  if (!issued.ok) throw new Error(`issue: ${issued.problem}`);
  return { id: draft.id, number: issued.number, patientId: patient };
}

/** A company paying for a patient (an employer's health programme): a business recipient. */
export async function companyPayer(db: Db, practiceId: string, patientId: string): Promise<string> {
  const row = await db.insertInto("patient_payers").values({
    practice_id: practiceId,
    patient_id: patientId,
    kind: "company",
    name: "Hafen & Söhne GmbH",
    address: "Personalabteilung\nHafenstraße 1\n20095 Hamburg",
    email: "rechnung@hafen.example",
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function paid(db: Db, scope: PracticeScope, invoiceId: string, cents: number, paidOn: string, now: Date) {
  const result = await recordPayment(db, scope, invoiceId, { amountCents: cents, method: "transfer", paidOn }, {
    requestId: null,
    now,
  });
  if (!result.ok) throw new Error(`payment: ${result.problem}`);
}

export async function cancelled(db: Db, scope: PracticeScope, invoiceId: string, now: Date) {
  const result = await cancelInvoice(db, scope, invoiceId, { requestId: null, now });
  if (!result.ok) throw new Error(`cancel: ${result.problem}`);
  return result;
}
