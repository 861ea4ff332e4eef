// Issued invoices for the tests of what is built on them (exports, reports, dunning), made with
// the billing fixtures (tests/support/billing-fixtures.ts) and issued through db/ as the app does.
import type { Db } from "../../db/database.ts";
import type { PracticeScope } from "../../db/practice-scope.ts";
import { setInvoiceRecipient } from "../../db/invoices.ts";
import { cancelInvoice, issueInvoice } from "../../db/invoice-issuing.ts";
import { recordPayment } from "../../db/payments.ts";
import type { VatTreatment } from "../../lib/billing-kinds.ts";
import { billingReady as billingSettingsReady, draftWith, facts } from "./billing-fixtures.ts";
import { insertPatient } from "./patient-fixtures.ts";

/** The practice these tests bill as: its name and tax number appear in the exports. */
export async function billingReady(db: Db, scope: PracticeScope, now: Date): Promise<void> {
  await billingSettingsReady(db, scope, now, {
    legalName: "Praxis Sonnenweg",
    address: "Sonnenweg 3\n10115 Berlin",
    taxNumber: "27/123/45678",
    iban: "DE02120300000000202051",
  });
}

export interface FreeItem {
  description: string;
  unitCents: number;
  vatTreatment?: VatTreatment;
  serviceDate?: string;
  quantity?: number;
}

/** An issued invoice with free items to a new patient (or the one given, or their payer). */
export async function issuedInvoice(
  db: Db,
  scope: PracticeScope,
  now: Date,
  items: FreeItem[],
  patientId?: string,
  payerId: string | null = null,
): Promise<{ id: string; number: string; patientId: string }> {
  const patient = patientId ?? await insertPatient(db, scope.practiceId, { family_name: "Beispiel" });
  const id = await draftWith(
    db,
    scope,
    patient,
    now,
    items.map((item) => ({ ...item, serviceDate: item.serviceDate ?? now.toISOString().slice(0, 10) })),
  );
  if (payerId) {
    const set = await setInvoiceRecipient(db, scope, id, { payerId, language: "de" }, facts(now));
    if (!set.ok) throw new Error(`recipient: ${set.problem}`);
  }
  const issued = await issueInvoice(db, scope, id, facts(now));
  if (!issued.ok) throw new Error(`issue: ${issued.problem}`);
  return { id, number: issued.number, patientId: patient };
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
  const result = await recordPayment(
    db,
    scope,
    invoiceId,
    { amountCents: cents, method: "transfer", paidOn },
    facts(now),
  );
  if (!result.ok) throw new Error(`payment: ${result.problem}`);
}

export async function cancelled(db: Db, scope: PracticeScope, invoiceId: string, now: Date) {
  const result = await cancelInvoice(db, scope, invoiceId, facts(now));
  if (!result.ok) throw new Error(`cancel: ${result.problem}`);
  return result;
}
