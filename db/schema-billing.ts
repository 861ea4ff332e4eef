// Tables of the billing area: settings and number range, service catalogue, services on
// appointments, payers and fee agreements, invoices, items, payments and deliveries.
import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "./schema.ts";

/** A calendar date: read as a Date (midnight UTC), written as "YYYY-MM-DD". */
type Day = ColumnType<Date, string, string>;
type OptionalDay = ColumnType<Date | null, string | null | undefined, string | null>;

import type {
  Catalogue,
  DeliveryChannel,
  GoaeSection,
  ItemVatTreatment,
  PayerKind,
  PaymentMethod,
  VatTreatment,
} from "../lib/billing-kinds.ts";
export type { Catalogue, DeliveryChannel, GoaeSection, ItemVatTreatment, PayerKind, PaymentMethod, VatTreatment };

export interface BillingSettingsTable {
  practice_id: string;
  legal_name: Generated<string>;
  address: Generated<string>;
  tax_number: Generated<string>;
  vat_id: Generated<string>;
  iban: Generated<string>;
  bic: Generated<string>;
  bank_name: Generated<string>;
  /** {YYYY} or {YY} for the year, {NNNN} (any number of N) for the zero-padded sequence. */
  number_pattern: Generated<string>;
  number_restart: Generated<"yearly" | "continuous">;
  payment_days: Generated<number>;
  /** § 19 UStG: no VAT on invoices, the note printed instead. */
  small_business: Generated<boolean>;
  /** The owner lets the front desk record payments. */
  front_desk_payments: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface InvoiceCountersTable {
  practice_id: string;
  /** 0 for a continuous range, otherwise the year the range restarts in. */
  year: number;
  last_number: Generated<number>;
}

export interface ServicesTable {
  id: Generated<string>;
  practice_id: string;
  catalogue: Catalogue;
  /** GOÄ or GebüH number; own services may have an own code. */
  code: Generated<string>;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
}

/** Never changes: a change of the service is a new version. */
export interface ServiceVersionsTable {
  id: Generated<string>;
  practice_id: string;
  service_id: string;
  version: number;
  name: string;
  /** Own and GebüH services: the practice's fee; GOÄ: the simple fee (points × point value). */
  price_cents: number;
  duration_minutes: number | null;
  vat_treatment: Generated<VatTreatment>;
  goae_points: number | null;
  goae_section: GoaeSection | null;
  /** GebüH: the usual range of the associations' list. */
  range_min_cents: number | null;
  range_max_cents: number | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AppointmentTypeServicesTable {
  practice_id: string;
  appointment_type_id: string;
  service_id: string;
  quantity: Generated<number>;
}

export interface AppointmentServicesTable {
  id: Generated<string>;
  practice_id: string;
  appointment_id: string;
  service_id: string;
  quantity: Generated<number>;
  /** planned when booked; done once attendance (or the documentation) confirms it. */
  status: Generated<"planned" | "done">;
  /** The invoice (draft or issued, not cancelled) that bills it. */
  invoice_id: string | null;
  created_at: CreatedAt;
}

export interface PatientPayersTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  kind: PayerKind;
  name: string;
  address: Generated<string>;
  email: Generated<string>;
  language: Generated<"de" | "en">;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface FeeAgreementsTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  agreed_on: Day;
  subject: string;
  /** § 2 Abs. 2 GOÄ: the number of the service the agreement is for, and the agreed factor × 100. */
  goae_code: Generated<string>;
  factor_hundredths: number | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface InvoicesTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  kind: Generated<"invoice" | "cancellation">;
  status: Generated<"draft" | "issued">;
  cancels_invoice_id: string | null;
  number: string | null;
  number_year: number | null;
  number_sequence: number | null;
  invoice_date: OptionalDay;
  due_date: OptionalDay;
  period_from: OptionalDay;
  period_to: OptionalDay;
  recipient_kind: Generated<"patient" | "payer">;
  payer_id: string | null;
  recipient_name: Generated<string>;
  recipient_address: Generated<string>;
  recipient_email: Generated<string>;
  language: Generated<"de" | "en">;
  small_business: Generated<boolean>;
  net_cents: Generated<number>;
  vat_cents: Generated<number>;
  total_cents: Generated<number>;
  pdf: Uint8Array | null;
  pdf_sha256: Uint8Array | null;
  issued_at: Timestamp | null;
  issued_by: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  cancelled_at: Timestamp | null;
  cancelled_by_invoice_id: string | null;
  written_off_at: Timestamp | null;
  written_off_by: string | null;
}

export interface InvoiceItemsTable {
  id: Generated<string>;
  practice_id: string;
  invoice_id: string;
  position: number;
  service_date: Day;
  catalogue: Catalogue | "free";
  code: Generated<string>;
  description: string;
  service_version_id: string | null;
  appointment_service_id: string | null;
  quantity: Generated<number>;
  goae_points: number | null;
  goae_section: GoaeSection | null;
  /** The GOÄ factor × 100 (2.3 → 230). */
  factor_hundredths: number | null;
  /** § 6 Abs. 2 GOÄ: billed "entsprechend" this number. */
  analogous_to: Generated<string>;
  /** § 5 Abs. 2 / § 12 Abs. 3 GOÄ: required above the threshold factor. */
  justification: Generated<string>;
  unit_cents: number;
  amount_cents: number;
  vat_treatment: ItemVatTreatment;
  vat_cents: Generated<number>;
}

export interface PaymentsTable {
  id: Generated<string>;
  practice_id: string;
  invoice_id: string;
  /** Negative for a reversal, which names the payment it reverses. */
  amount_cents: number;
  method: PaymentMethod;
  paid_on: Day;
  reverses_payment_id: string | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface InvoiceDeliveriesTable {
  id: Generated<string>;
  practice_id: string;
  invoice_id: string;
  channel: DeliveryChannel;
  recipient: Generated<string>;
  delivered_by: string | null;
  delivered_at: Date;
}

export interface BillingTables {
  billing_settings: BillingSettingsTable;
  invoice_counters: InvoiceCountersTable;
  services: ServicesTable;
  service_versions: ServiceVersionsTable;
  appointment_type_services: AppointmentTypeServicesTable;
  appointment_services: AppointmentServicesTable;
  patient_payers: PatientPayersTable;
  fee_agreements: FeeAgreementsTable;
  invoices: InvoicesTable;
  invoice_items: InvoiceItemsTable;
  payments: PaymentsTable;
  invoice_deliveries: InvoiceDeliveriesTable;
}
