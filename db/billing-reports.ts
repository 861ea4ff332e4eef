// Billing reports of a practice: open items (Offene Posten), revenue by month and by service,
// and the tax advisor's month at a glance. Revenue counts issued invoices by their invoice date;
// a cancellation counts negatively in its own month, so a month's sum is what stands booked.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeActor } from "./practice-scope.ts";
import type { ItemVatTreatment, PaymentMethod } from "../lib/billing-kinds.ts";
import type { BillingPeriod } from "../lib/billing-period.ts";

function asDay(isoDate: string) {
  return sql<Date>`cast(${isoDate} as date)`;
}

function day(value: Date | null): string {
  return value ? value.toISOString().slice(0, 10) : "";
}

export interface OpenItem {
  invoiceId: string;
  number: string;
  recipientName: string;
  invoiceDate: string;
  dueDate: string;
  totalCents: number;
  paidCents: number;
  openCents: number;
  daysOverdue: number;
  dunningLevel: number;
}

/**
 * Issued invoices not cancelled and not written off whose payments do not cover them, as of
 * `today` (YYYY-MM-DD): oldest due date first. Overpaid invoices are not open; they show on
 * the invoice itself.
 */
export async function openItems(db: Db, scope: PracticeActor, today: string): Promise<OpenItem[]> {
  const rows = await db.selectFrom("invoices as i")
    .leftJoin(
      (eb) =>
        eb.selectFrom("payments").where("practice_id", "=", scope.practiceId).where("paid_on", "<=", asDay(today))
          .select(({ fn }) => ["invoice_id", fn.sum<string>("amount_cents").as("paid")]).groupBy("invoice_id").as("p"),
      (join) => join.onRef("p.invoice_id", "=", "i.id"),
    )
    .leftJoin(
      (eb) =>
        eb.selectFrom("dunning_letters").where("practice_id", "=", scope.practiceId)
          .select(({ fn }) => ["invoice_id", fn.max("level").as("level")]).groupBy("invoice_id").as("d"),
      (join) => join.onRef("d.invoice_id", "=", "i.id"),
    )
    .where("i.practice_id", "=", scope.practiceId)
    .where("i.status", "=", "issued")
    .where("i.kind", "=", "invoice")
    .where("i.invoice_date", "<=", asDay(today))
    .where("i.cancelled_at", "is", null)
    .where("i.written_off_at", "is", null)
    .where(sql<boolean>`i.total_cents > coalesce(p.paid, 0)`)
    .select([
      "i.id",
      "i.number",
      "i.recipient_name",
      "i.invoice_date",
      "i.due_date",
      "i.total_cents",
      sql<string>`coalesce(p.paid, 0)`.as("paid"),
      sql<number>`coalesce(d.level, 0)`.as("level"),
    ])
    .orderBy("i.due_date").orderBy("i.number_year").orderBy("i.number_sequence")
    .execute();
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  return rows.map((row) => {
    const paid = Number(row.paid);
    const due = day(row.due_date);
    return {
      invoiceId: row.id,
      number: row.number ?? "",
      recipientName: row.recipient_name,
      invoiceDate: day(row.invoice_date),
      dueDate: due,
      totalCents: row.total_cents,
      paidCents: paid,
      openCents: row.total_cents - paid,
      daysOverdue: due ? Math.max(0, Math.round((todayMs - Date.parse(`${due}T00:00:00Z`)) / 86_400_000)) : 0,
      dunningLevel: Number(row.level),
    };
  });
}

export interface MonthRevenue {
  /** YYYY-MM */
  month: string;
  invoicedCents: number;
  cancelledCents: number;
  receivedCents: number;
}

/** The twelve months of a year: invoiced (gross), cancelled (gross, negative) and received. */
export async function revenueByMonth(db: Db, scope: PracticeActor, year: number): Promise<MonthRevenue[]> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const invoiced = await db.selectFrom("invoices")
    .where("practice_id", "=", scope.practiceId).where("status", "=", "issued")
    .where("invoice_date", ">=", asDay(from)).where("invoice_date", "<=", asDay(to))
    .select(({ fn }) => [
      sql<string>`to_char(invoice_date, 'YYYY-MM')`.as("month"),
      "kind",
      fn.sum<string>("total_cents").as("total"),
    ])
    .groupBy([sql`to_char(invoice_date, 'YYYY-MM')`, "kind"]).execute();
  const received = await db.selectFrom("payments")
    .where("practice_id", "=", scope.practiceId)
    .where("paid_on", ">=", asDay(from)).where("paid_on", "<=", asDay(to))
    .select((
      { fn },
    ) => [sql<string>`to_char(paid_on, 'YYYY-MM')`.as("month"), fn.sum<string>("amount_cents").as("total")])
    .groupBy(sql`to_char(paid_on, 'YYYY-MM')`).execute();
  return Array.from({ length: 12 }, (_, index) => {
    const month = `${year}-${String(index + 1).padStart(2, "0")}`;
    const sum = (kind: string) => Number(invoiced.find((row) => row.month === month && row.kind === kind)?.total ?? 0);
    return {
      month,
      invoicedCents: sum("invoice"),
      cancelledCents: sum("cancellation"),
      receivedCents: Number(received.find((row) => row.month === month)?.total ?? 0),
    };
  });
}

export interface ServiceRevenue {
  catalogue: string;
  code: string;
  description: string;
  quantity: number;
  netCents: number;
}

/** Net revenue of the period by service (catalogue, number and description), largest first. */
export async function revenueByService(db: Db, scope: PracticeActor, period: BillingPeriod): Promise<ServiceRevenue[]> {
  const rows = await db.selectFrom("invoice_items as it")
    .innerJoin("invoices as i", "i.id", "it.invoice_id")
    .where("it.practice_id", "=", scope.practiceId)
    .where("i.practice_id", "=", scope.practiceId)
    .where("i.status", "=", "issued")
    .where("i.invoice_date", ">=", asDay(period.from)).where("i.invoice_date", "<=", asDay(period.to))
    .select(({ fn }) => [
      "it.catalogue",
      "it.code",
      "it.description",
      fn.sum<string>(sql`case when i.kind = 'cancellation' then -it.quantity else it.quantity end`).as("quantity"),
      fn.sum<string>("it.amount_cents").as("net"),
    ])
    .groupBy(["it.catalogue", "it.code", "it.description"]).execute();
  return rows.map((row) => ({
    catalogue: row.catalogue,
    code: row.code,
    description: row.description,
    quantity: Number(row.quantity),
    netCents: Number(row.net),
  })).filter((row) => row.netCents !== 0 || row.quantity !== 0)
    .sort((a, b) => b.netCents - a.netCents || a.description.localeCompare(b.description));
}

export interface MonthAtAGlance {
  invoiceCount: number;
  cancellationCount: number;
  firstNumber: string;
  lastNumber: string;
  byTreatment: { treatment: ItemVatTreatment; netCents: number }[];
  netCents: number;
  vatCents: number;
  totalCents: number;
  payments: { method: PaymentMethod; cents: number; count: number }[];
  openAtEndCents: number;
  openAtEndCount: number;
}

/** What a tax advisor asks of a month: documents and their number range, sums, money in, what is open. */
export async function monthAtAGlance(db: Db, scope: PracticeActor, period: BillingPeriod): Promise<MonthAtAGlance> {
  const issued = db.selectFrom("invoices").where("practice_id", "=", scope.practiceId)
    .where("status", "=", "issued")
    .where("invoice_date", ">=", asDay(period.from)).where("invoice_date", "<=", asDay(period.to));
  const [documents, range, treatments, payments] = await Promise.all([
    issued.select(({ fn }) => [
      "kind",
      fn.countAll<string>().as("count"),
      fn.sum<string>("net_cents").as("net"),
      fn.sum<string>("vat_cents").as("vat"),
      fn.sum<string>("total_cents").as("total"),
    ]).groupBy("kind").execute(),
    issued.select(["number"]).orderBy("number_year").orderBy("number_sequence").execute(),
    db.selectFrom("invoice_items as it").innerJoin("invoices as i", "i.id", "it.invoice_id")
      .where("it.practice_id", "=", scope.practiceId).where("i.practice_id", "=", scope.practiceId)
      .where("i.status", "=", "issued")
      .where("i.invoice_date", ">=", asDay(period.from)).where("i.invoice_date", "<=", asDay(period.to))
      .select(({ fn }) => ["it.vat_treatment", fn.sum<string>("it.amount_cents").as("net")])
      .groupBy("it.vat_treatment").execute(),
    db.selectFrom("payments").where("practice_id", "=", scope.practiceId)
      .where("paid_on", ">=", asDay(period.from)).where("paid_on", "<=", asDay(period.to))
      .select(({ fn }) => ["method", fn.sum<string>("amount_cents").as("cents"), fn.countAll<string>().as("count")])
      .groupBy("method").execute(),
  ]);
  const sum = (field: "net" | "vat" | "total") => documents.reduce((total, row) => total + Number(row[field] ?? 0), 0);
  // Open at the month's end: payments after it do not count yet (a later cancellation does).
  const open = await openItems(db, scope, period.to);
  return {
    invoiceCount: Number(documents.find((row) => row.kind === "invoice")?.count ?? 0),
    cancellationCount: Number(documents.find((row) => row.kind === "cancellation")?.count ?? 0),
    firstNumber: range[0]?.number ?? "",
    lastNumber: range[range.length - 1]?.number ?? "",
    byTreatment: treatments.map((row) => ({ treatment: row.vat_treatment, netCents: Number(row.net) })),
    netCents: sum("net"),
    vatCents: sum("vat"),
    totalCents: sum("total"),
    payments: payments.map((row) => ({ method: row.method, cents: Number(row.cents), count: Number(row.count) })),
    openAtEndCents: open.reduce((total, item) => total + item.openCents, 0),
    openAtEndCount: open.length,
  };
}

/** Who supplies the data of an export: the practice's billing identity (name, address, tax number). */
export async function findBillingSupplier(
  db: Db,
  scope: PracticeActor,
): Promise<{ name: string; location: string; comment: string }> {
  const practice = await db.selectFrom("practices").select("name").where("id", "=", scope.practiceId)
    .executeTakeFirstOrThrow();
  const settings = await db.selectFrom("billing_settings").select(["legal_name", "address", "tax_number", "vat_id"])
    .where("practice_id", "=", scope.practiceId).executeTakeFirst();
  const taxId = [settings?.tax_number ? `Steuernummer ${settings.tax_number}` : "", settings?.vat_id ?? ""]
    .filter(Boolean).join(", ");
  return {
    name: settings?.legal_name || practice.name,
    location: (settings?.address ?? "").replace(/\s*\n\s*/g, ", "),
    comment: `Erstellt mit Kartei${taxId ? `; ${taxId}` : ""}`,
  };
}
