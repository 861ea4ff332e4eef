// Invoices of a practice: the "to bill" list, drafts (from attended appointments' services or
// free items), their items and recipient, and reading invoices back. Issuing and cancelling are
// in db/invoice-issuing.ts, payments in db/payments.ts. A draft may change and be deleted; an
// issued invoice never (the database refuses it).
import { sql, type Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { GoaeSection, ItemVatTreatment, VatTreatment } from "./schema-billing.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { findBillingSettings } from "./billing-settings.ts";
import { factorRule, GOAE_FACTORS, goaeFeeCents } from "../lib/goae.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import { roundHalfUpDivision, VAT_PERCENT } from "../lib/money.ts";

type Executor = Db | Transaction<Database>;

export interface ToBillLine {
  appointmentServiceId: string;
  appointmentId: string;
  startsAt: Date;
  patientId: string;
  patientName: string;
  practitionerId: string;
  serviceName: string;
  code: string;
  catalogue: string;
  quantity: number;
  priceCents: number;
}

/**
 * Attended appointments' done services that no invoice bills yet; practitioners without
 * billing rights see only their own appointments' lines (the route passes their membership).
 */
export async function listToBill(
  db: Executor,
  scope: PracticeScope,
  filter: { patientId?: string; practitionerId?: string; from?: string; to?: string } = {},
): Promise<ToBillLine[]> {
  let query = db.selectFrom("appointment_services as x")
    .innerJoin("appointments as a", "a.id", "x.appointment_id")
    .innerJoin("patients as p", "p.id", "a.patient_id")
    .innerJoin("services as s", "s.id", "x.service_id")
    .innerJoin("service_versions as v", "v.service_id", "s.id")
    .where("x.practice_id", "=", scope.practiceId).where("a.practice_id", "=", scope.practiceId)
    .where("x.status", "=", "done").where("x.invoice_id", "is", null).where("a.status", "=", "attended")
    .where("v.version", "=", sql<number>`(select max(version) from service_versions where service_id = s.id)`)
    .select([
      "x.id",
      "x.appointment_id",
      "a.starts_at",
      "a.patient_id",
      "a.practitioner_id",
      "p.family_name",
      "p.given_names",
      "p.title",
      "v.name",
      "s.code",
      "s.catalogue",
      "x.quantity",
      "v.price_cents",
    ]);
  if (filter.patientId) query = query.where("a.patient_id", "=", filter.patientId);
  if (filter.practitionerId) query = query.where("a.practitioner_id", "=", filter.practitionerId);
  if (filter.from) query = query.where("a.starts_at", ">=", new Date(`${filter.from}T00:00:00Z`));
  if (filter.to) {
    query = query.where("a.starts_at", "<", new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000));
  }
  const rows = await query.orderBy("p.search_name").orderBy("a.starts_at").limit(1000).execute();
  return rows.map((row) => ({
    appointmentServiceId: row.id,
    appointmentId: row.appointment_id,
    startsAt: row.starts_at,
    patientId: row.patient_id!,
    patientName: patientDisplayName(row),
    practitionerId: row.practitioner_id,
    serviceName: row.name,
    code: row.code,
    catalogue: row.catalogue,
    quantity: row.quantity,
    priceCents: row.price_cents,
  }));
}

export type DraftOutcome =
  | { ok: true; id: string }
  | { ok: false; problem: "unknown" | "not_draft" | "lines" | "payer" | "service" | "factor" | "limits" };

/** What one invoice may hold: items and a total that the tables' integer columns and a page can carry. */
export const MAX_ITEMS = 200;
export const MAX_TOTAL_CENTS = 100_000_000;

/** The Berlin calendar day of an instant. */
function berlinDay(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(at);
}

async function audit(
  trx: Transaction<Database>,
  scope: PracticeScope,
  action: string,
  invoiceId: string,
  facts: RequestFacts,
  details: Record<string, string | number | boolean | null> = {},
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

/** The recipient's name and postal address as the invoice prints them. */
async function recipientOf(
  trx: Transaction<Database>,
  scope: PracticeScope,
  patientId: string,
  payerId: string | null,
) {
  if (payerId) {
    const payer = await trx.selectFrom("patient_payers").select(["name", "address", "email", "language"])
      .where("id", "=", payerId).where("patient_id", "=", patientId).where("practice_id", "=", scope.practiceId)
      .where("archived_at", "is", null).executeTakeFirst();
    return payer ? { kind: "payer" as const, ...payer } : undefined;
  }
  const patient = await trx.selectFrom("patients")
    .select(["family_name", "given_names", "title", "street", "postal_code", "city", "country", "email"])
    .where("id", "=", patientId).where("practice_id", "=", scope.practiceId).executeTakeFirst();
  if (!patient) return undefined;
  const name = [patient.title, patient.given_names, patient.family_name].map((part) => part.trim()).filter(Boolean)
    .join(" ");
  const town = [patient.postal_code, patient.city].filter(Boolean).join(" ");
  const address = [patient.street, town, patient.country && patient.country !== "DE" ? patient.country : ""]
    .filter(Boolean).join("\n");
  return { kind: "patient" as const, name, address, email: patient.email, language: "de" as const };
}

export interface ItemInput {
  serviceDate: string;
  /** A catalogue service (its current version), or a free item (description and price). */
  serviceId: string | null;
  description: string;
  unitCents: number;
  quantity: number;
  vatTreatment: VatTreatment;
  factorHundredths: number | null;
  justification: string;
  analogousTo: string;
}

interface ItemRow {
  service_date: string;
  catalogue: "own" | "goae" | "gebueh" | "free";
  code: string;
  description: string;
  service_version_id: string | null;
  appointment_service_id: string | null;
  quantity: number;
  goae_points: number | null;
  goae_section: GoaeSection | null;
  factor_hundredths: number | null;
  analogous_to: string;
  justification: string;
  unit_cents: number;
  amount_cents: number;
  vat_treatment: ItemVatTreatment;
  vat_cents: number;
}

/** An item's amounts: a GOÄ fee is points × point value × factor (lib/goae.ts), else unit × quantity. */
function priced(row: Omit<ItemRow, "unit_cents" | "amount_cents" | "vat_cents"> & { unit_cents: number }): ItemRow {
  const unit = row.catalogue === "goae" && row.goae_points
    ? goaeFeeCents(row.goae_points, row.factor_hundredths ?? 100)
    : row.unit_cents;
  const amount = unit * row.quantity;
  return {
    ...row,
    unit_cents: unit,
    amount_cents: amount,
    vat_cents: roundHalfUpDivision(amount * VAT_PERCENT[row.vat_treatment], 100),
  };
}

async function serviceItem(
  trx: Transaction<Database>,
  scope: PracticeScope,
  serviceId: string,
  input: { serviceDate: string; quantity: number; appointmentServiceId: string | null; smallBusiness: boolean },
): Promise<ItemRow | undefined> {
  const row = await trx.selectFrom("services as s").innerJoin("service_versions as v", "v.service_id", "s.id")
    .where("s.id", "=", serviceId).where("s.practice_id", "=", scope.practiceId)
    .where("v.version", "=", sql<number>`(select max(version) from service_versions where service_id = s.id)`)
    .select([
      "s.catalogue",
      "s.code",
      "v.id",
      "v.name",
      "v.price_cents",
      "v.vat_treatment",
      "v.goae_points",
      "v.goae_section",
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  const goae = row.catalogue === "goae";
  const section = row.goae_section ?? "personal";
  return priced({
    service_date: input.serviceDate,
    catalogue: row.catalogue,
    code: row.code,
    description: row.name,
    service_version_id: row.id,
    appointment_service_id: input.appointmentServiceId,
    quantity: input.quantity,
    goae_points: goae ? row.goae_points : null,
    goae_section: goae ? section : null,
    // The usual factor is the threshold of the item's section (§ 5 Abs. 2 to 4 GOÄ).
    factor_hundredths: goae ? GOAE_FACTORS[section].thresholdHundredths : null,
    analogous_to: "",
    justification: "",
    unit_cents: row.price_cents,
    vat_treatment: input.smallBusiness ? "small_business" : row.vat_treatment,
  });
}

async function appendItems(trx: Transaction<Database>, scope: PracticeScope, invoiceId: string, items: ItemRow[]) {
  if (!items.length) return;
  const last = await trx.selectFrom("invoice_items").select((eb) => eb.fn.max("position").as("position"))
    .where("invoice_id", "=", invoiceId).executeTakeFirstOrThrow();
  const start = Number(last.position ?? 0);
  await trx.insertInto("invoice_items").values(items.map((item, index) => ({
    practice_id: scope.practiceId,
    invoice_id: invoiceId,
    position: start + index + 1,
    ...item,
  }))).execute();
}

/**
 * A draft for one patient: the chosen lines of the to-bill list (each must be the patient's,
 * done and not billed yet), taken off the list while the draft exists; or empty, for free items.
 */
export async function createInvoiceDraft(
  db: Db,
  scope: PracticeScope,
  input: { patientId: string; appointmentServiceIds: string[]; payerId: string | null; language: "de" | "en" },
  facts: RequestFacts,
): Promise<DraftOutcome> {
  return await db.transaction().execute(async (trx) => {
    const recipient = await recipientOf(trx, scope, input.patientId, input.payerId);
    if (!recipient) return { ok: false, problem: input.payerId ? "payer" : "unknown" };
    const settings = await findBillingSettings(trx, scope.practiceId);
    const ids = [...new Set(input.appointmentServiceIds)];
    if (ids.length > MAX_ITEMS) return { ok: false, problem: "lines" };
    const lines = ids.length
      ? await trx.selectFrom("appointment_services as x").innerJoin("appointments as a", "a.id", "x.appointment_id")
        .where("x.id", "in", ids).where("x.practice_id", "=", scope.practiceId)
        .where("a.patient_id", "=", input.patientId).where("x.status", "=", "done").where("x.invoice_id", "is", null)
        .where("a.status", "=", "attended")
        .select(["x.id", "x.service_id", "x.quantity", "a.starts_at"]).orderBy("a.starts_at").forUpdate().execute()
      : [];
    if (lines.length !== ids.length) return { ok: false, problem: "lines" };
    const days = lines.map((line) => berlinDay(line.starts_at));
    const invoice = await trx.insertInto("invoices").values({
      practice_id: scope.practiceId,
      patient_id: input.patientId,
      recipient_kind: recipient.kind,
      payer_id: input.payerId,
      recipient_name: recipient.name,
      recipient_address: recipient.address,
      recipient_email: recipient.email,
      language: input.payerId ? recipient.language : input.language,
      small_business: settings.smallBusiness,
      period_from: days[0] ?? null,
      period_to: days.at(-1) ?? null,
      created_by: scope.accountId,
      created_at: facts.now,
      updated_at: facts.now,
    }).returning("id").executeTakeFirstOrThrow();
    const items: ItemRow[] = [];
    for (const [index, line] of lines.entries()) {
      const item = await serviceItem(trx, scope, line.service_id, {
        serviceDate: days[index],
        quantity: line.quantity,
        appointmentServiceId: line.id,
        smallBusiness: settings.smallBusiness,
      });
      if (item) items.push(item);
    }
    await appendItems(trx, scope, invoice.id, items);
    if (ids.length) {
      await trx.updateTable("appointment_services").set({ invoice_id: invoice.id }).where("id", "in", ids).execute();
    }
    await audit(trx, scope, "invoice.created", invoice.id, facts, { items: items.length });
    return { ok: true, id: invoice.id };
  });
}

/** Locks a draft of the practice for a change; undefined when unknown, "issued" when it is no draft. */
async function lockDraft(trx: Transaction<Database>, scope: PracticeScope, id: string) {
  const row = await trx.selectFrom("invoices").select(["id", "status", "small_business", "patient_id"])
    .where("id", "=", id).where("practice_id", "=", scope.practiceId).forUpdate().executeTakeFirst();
  if (!row) return undefined;
  return row.status === "draft" ? row : "issued" as const;
}

type LockedDraft = Exclude<Awaited<ReturnType<typeof lockDraft>>, "issued" | undefined>;

/** One change of a draft: in a transaction, with the draft locked; an unknown or issued invoice is refused. */
async function changeDraft(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  change: (trx: Transaction<Database>, draft: LockedDraft) => Promise<DraftOutcome>,
): Promise<DraftOutcome> {
  return await db.transaction().execute(async (trx) => {
    const draft = await lockDraft(trx, scope, invoiceId);
    if (!draft) return { ok: false, problem: "unknown" };
    if (draft === "issued") return { ok: false, problem: "not_draft" };
    return await change(trx, draft);
  });
}

/** Adds a catalogue service or a free item to a draft. */
export async function addInvoiceItem(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  input: ItemInput,
  facts: RequestFacts,
): Promise<DraftOutcome> {
  return await changeDraft(db, scope, invoiceId, async (trx, draft) => {
    let item: ItemRow | undefined;
    if (input.serviceId) {
      item = await serviceItem(trx, scope, input.serviceId, {
        serviceDate: input.serviceDate,
        quantity: input.quantity,
        appointmentServiceId: null,
        smallBusiness: draft.small_business,
      });
      if (!item) return { ok: false, problem: "service" };
      if (item.catalogue === "goae") {
        item = priced({
          ...item,
          factor_hundredths: input.factorHundredths ?? item.factor_hundredths,
          justification: input.justification,
          analogous_to: input.analogousTo,
        });
      } else if (item.catalogue === "gebueh" && input.unitCents > 0) {
        // GebüH lists a usual range; the practice sets its fee per item.
        item = priced({ ...item, unit_cents: input.unitCents });
      }
    } else {
      item = priced({
        service_date: input.serviceDate,
        catalogue: "free",
        code: "",
        description: input.description,
        service_version_id: null,
        appointment_service_id: null,
        quantity: input.quantity,
        goae_points: null,
        goae_section: null,
        factor_hundredths: null,
        analogous_to: "",
        justification: "",
        unit_cents: input.unitCents,
        vat_treatment: draft.small_business ? "small_business" : input.vatTreatment,
      });
    }
    const sofar = await trx.selectFrom("invoice_items")
      .select((eb) => [eb.fn.countAll<string>().as("count"), eb.fn.sum<string>("amount_cents").as("sum")])
      .where("invoice_id", "=", invoiceId).executeTakeFirstOrThrow();
    if (Number(sofar.count) >= MAX_ITEMS || Number(sofar.sum ?? 0) + item.amount_cents > MAX_TOTAL_CENTS) {
      return { ok: false, problem: "limits" };
    }
    await appendItems(trx, scope, invoiceId, [item]);
    await trx.updateTable("invoices").set({ updated_at: facts.now }).where("id", "=", invoiceId).execute();
    await audit(trx, scope, "invoice.item_added", invoiceId, facts, { catalogue: item.catalogue });
    return { ok: true, id: invoiceId };
  });
}

/** Changes a GOÄ item's factor, justification and analogous number on a draft. */
export async function setItemFactor(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  itemId: string,
  input: { factorHundredths: number; justification: string; analogousTo: string },
  facts: RequestFacts,
): Promise<DraftOutcome> {
  return await changeDraft(db, scope, invoiceId, async (trx) => {
    const item = await trx.selectFrom("invoice_items").selectAll().where("id", "=", itemId)
      .where("invoice_id", "=", invoiceId).executeTakeFirst();
    if (!item) return { ok: false, problem: "unknown" };
    if (item.catalogue !== "goae") return { ok: false, problem: "factor" };
    const repriced = priced({
      ...item,
      service_date: item.service_date.toISOString().slice(0, 10),
      factor_hundredths: input.factorHundredths,
      justification: input.justification,
      analogous_to: input.analogousTo,
    });
    const others = await trx.selectFrom("invoice_items").select((eb) => eb.fn.sum<string>("amount_cents").as("sum"))
      .where("invoice_id", "=", invoiceId).where("id", "<>", itemId).executeTakeFirstOrThrow();
    if (Number(others.sum ?? 0) + repriced.amount_cents > MAX_TOTAL_CENTS) return { ok: false, problem: "limits" };
    await trx.updateTable("invoice_items").set({
      factor_hundredths: repriced.factor_hundredths,
      justification: repriced.justification,
      analogous_to: repriced.analogous_to,
      unit_cents: repriced.unit_cents,
      amount_cents: repriced.amount_cents,
      vat_cents: repriced.vat_cents,
    }).where("id", "=", itemId).execute();
    await audit(trx, scope, "invoice.item_changed", invoiceId, facts, { factor: input.factorHundredths });
    return { ok: true, id: invoiceId };
  });
}

/** Removes an item from a draft; its appointment's service goes back onto the to-bill list. */
export async function removeInvoiceItem(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  itemId: string,
  facts: RequestFacts,
): Promise<DraftOutcome> {
  return await changeDraft(db, scope, invoiceId, async (trx) => {
    const removed = await trx.deleteFrom("invoice_items").where("id", "=", itemId).where("invoice_id", "=", invoiceId)
      .returning("appointment_service_id").executeTakeFirst();
    if (!removed) return { ok: false, problem: "unknown" };
    if (removed.appointment_service_id) {
      await trx.updateTable("appointment_services").set({ invoice_id: null })
        .where("id", "=", removed.appointment_service_id).execute();
    }
    await audit(trx, scope, "invoice.item_removed", invoiceId, facts);
    return { ok: true, id: invoiceId };
  });
}

/** Deletes a draft (never an issued invoice); its lines go back onto the to-bill list. */
export async function deleteInvoiceDraft(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  facts: RequestFacts,
): Promise<DraftOutcome> {
  return await changeDraft(db, scope, invoiceId, async (trx) => {
    await trx.updateTable("appointment_services").set({ invoice_id: null }).where("invoice_id", "=", invoiceId)
      .execute();
    await trx.deleteFrom("invoice_items").where("invoice_id", "=", invoiceId).execute();
    await trx.deleteFrom("invoices").where("id", "=", invoiceId).execute();
    await audit(trx, scope, "invoice.draft_deleted", invoiceId, facts);
    return { ok: true, id: invoiceId };
  });
}

/** The draft's recipient: the patient or one of the patient's payers, and the invoice's language. */
export async function setInvoiceRecipient(
  db: Db,
  scope: PracticeScope,
  invoiceId: string,
  input: { payerId: string | null; language: "de" | "en" },
  facts: RequestFacts,
): Promise<DraftOutcome> {
  return await changeDraft(db, scope, invoiceId, async (trx, draft) => {
    const recipient = await recipientOf(trx, scope, draft.patient_id, input.payerId);
    if (!recipient) return { ok: false, problem: "payer" };
    await trx.updateTable("invoices").set({
      recipient_kind: recipient.kind,
      payer_id: input.payerId,
      recipient_name: recipient.name,
      recipient_address: recipient.address,
      recipient_email: recipient.email,
      language: input.language,
      updated_at: facts.now,
    }).where("id", "=", invoiceId).execute();
    await audit(trx, scope, "invoice.recipient_set", invoiceId, facts, { recipient: recipient.kind });
    return { ok: true, id: invoiceId };
  });
}

export type FactorProblem = { position: number; rule: "needs_justification" | "needs_agreement" };

/** A fee agreement of the patient (§ 2 GOÄ): for one number, up to one factor, made on a day. */
export type FeeAgreementTerms = { goaeCode: string; factorHundredths: number | null; agreedOn: string };

/**
 * The items whose factor the GOÄ does not allow as they stand: above the threshold without a
 * justification (§ 12 Abs. 3), above the maximum without a fee agreement of the patient for that
 * number and at least that factor, made before the service (§ 2 Abs. 1, 2).
 */
export function factorProblems(
  items: readonly {
    position: number;
    service_date: string;
    code: string;
    goae_section: GoaeSection | null;
    factor_hundredths: number | null;
    justification: string;
  }[],
  agreements: readonly FeeAgreementTerms[],
): FactorProblem[] {
  const problems: FactorProblem[] = [];
  for (const item of items) {
    if (!item.goae_section || item.factor_hundredths === null) continue;
    const factor = item.factor_hundredths;
    const rule = factorRule(item.goae_section, factor);
    const agreed = agreements.some((agreement) =>
      agreement.goaeCode === item.code && agreement.factorHundredths !== null &&
      agreement.factorHundredths >= factor && agreement.agreedOn <= item.service_date
    );
    if (rule === "needs_agreement" && !agreed) problems.push({ position: item.position, rule });
    else if (rule !== "within" && !item.justification.trim()) {
      problems.push({ position: item.position, rule: "needs_justification" });
    }
  }
  return problems;
}
