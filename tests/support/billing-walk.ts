// The billing objects each role's turn of the route walk works on: drafts, issued invoices,
// an item of each kind, a payment and a service, so every billing route reaches its real answer.
import type { Db } from "../../db/database.ts";
import { createService } from "../../db/services.ts";
import { addInvoiceItem } from "../../db/invoices.ts";
import { recordPayment } from "../../db/payments.ts";
import { ownerScopeOf } from "./practice-fixtures.ts";
import { billingReady, draftWith, facts, FREE_ITEM, issuedInvoice } from "./billing-fixtures.ts";

export interface BillingWalkObjects {
  patientId: string;
  draftId: string;
  goaeItemId: string;
  freeItemId: string;
  issueDraftId: string;
  deleteDraftId: string;
  issuedId: string;
  cancelId: string;
  paymentId: string;
  serviceId: string;
}

export async function createBillingObjects(
  db: Db,
  owner: { practiceId: string; accountId: string },
  now: Date,
): Promise<BillingWalkObjects> {
  const scope = await ownerScopeOf(db, owner);
  const { patientId } = await billingReady(db, scope, now);
  const service = await createService(db, scope, {
    catalogue: "goae",
    code: `W${crypto.randomUUID().slice(0, 6)}`,
    name: "Beratung",
    priceCents: 0,
    durationMinutes: null,
    vatTreatment: "exempt",
    goaePoints: 80,
    goaeSection: "personal",
    rangeMinCents: null,
    rangeMaxCents: null,
  }, facts(now));
  if (!service.ok) throw new Error("walk setup: service");
  const draftId = await draftWith(db, scope, patientId, now);
  await addInvoiceItem(db, scope, draftId, { ...FREE_ITEM, serviceId: service.id }, facts(now));
  const items = await db.selectFrom("invoice_items").select(["id", "catalogue"]).where("invoice_id", "=", draftId)
    .execute();
  const issued = await issuedInvoice(db, scope, patientId, now);
  const payment = await recordPayment(
    db,
    scope,
    issued.id,
    { amountCents: 1000, method: "transfer", paidOn: "2026-12-01" },
    facts(now),
  );
  if (!payment.ok) throw new Error("walk setup: payment");
  return {
    patientId,
    draftId,
    goaeItemId: items.find((item) => item.catalogue === "goae")!.id,
    freeItemId: items.find((item) => item.catalogue === "free")!.id,
    issueDraftId: await draftWith(db, scope, patientId, now),
    deleteDraftId: await draftWith(db, scope, patientId, now),
    issuedId: issued.id,
    cancelId: (await issuedInvoice(db, scope, patientId, now)).id,
    paymentId: payment.id,
    serviceId: service.id,
  };
}

/** Which object each billing route works on: drafts for draft routes, issued invoices for the rest. */
export function billingUrlOf(path: string, o: BillingWalkObjects): string {
  const invoice = /\/(issue)$/.test(path)
    ? o.issueDraftId
    : /\/delete$/.test(path)
    ? o.deleteDraftId
    : /\/cancel$/.test(path)
    ? o.cancelId
    : /\/(pdf|email|payments|write-off)$|\/payments\//.test(path)
    ? o.issuedId
    : o.draftId;
  const item = /\/factor$/.test(path) ? o.goaeItemId : o.freeItemId;
  return path
    .replace(/^\/billing\/services\/:id/, `/billing/services/${o.serviceId}`)
    .replace(/^\/billing\/invoices\/:id/, `/billing/invoices/${invoice}`)
    .replace(":itemId", item)
    .replace(":paymentId", o.paymentId);
}
