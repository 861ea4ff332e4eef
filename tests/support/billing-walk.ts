// The billing objects each role's turn of the route walk works on: drafts, issued invoices,
// an item of each kind, a payment and a service, so every billing route reaches its real answer.
import type { Db } from "../../db/database.ts";
import { createService, planAppointmentService } from "../../db/services.ts";
import { addPayer } from "../../db/patient-payers.ts";
import { storedAppointment } from "../integration/notes-fixtures.ts";
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
  payerId: string;
  appointmentId: string;
  plannedId: string;
  typeId: string;
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
  await addPayer(db, scope, patientId, {
    kind: "parent",
    name: "Maria Schäfer",
    address: "Bahnhofstraße 12\n36037 Fulda",
    email: "",
    language: "de",
  }, facts(now));
  const payer = await db.selectFrom("patient_payers").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  const appointmentId = await storedAppointment(db, owner.practiceId, scope.membershipId, patientId, now);
  await planAppointmentService(db, scope, appointmentId, service.id, facts(now));
  const planned = await db.selectFrom("appointment_services").select("id").where("appointment_id", "=", appointmentId)
    .executeTakeFirstOrThrow();
  const type = await db.insertInto("appointment_types").values({
    practice_id: owner.practiceId,
    name: `Leistungskette ${crypto.randomUUID().slice(0, 8)}`,
    duration_minutes: 60,
    colour: "green",
    updated_at: now,
  }).returning("id").executeTakeFirstOrThrow();
  return {
    payerId: payer.id,
    appointmentId,
    plannedId: planned.id,
    typeId: type.id,
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
    .replace(":patientId", o.patientId)
    .replace(":payerId", o.payerId)
    .replace(":plannedId", o.plannedId)
    .replace(":typeId", o.typeId)
    .replace(/^\/billing\/appointments\/:id/, `/billing/appointments/${o.appointmentId}`)
    .replace(/^\/billing\/services\/:id/, `/billing/services/${o.serviceId}`)
    .replace(/^\/billing\/invoices\/:id/, `/billing/invoices/${invoice}`)
    .replace(":itemId", item)
    .replace(":paymentId", o.paymentId);
}
