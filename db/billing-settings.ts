// The practice's billing settings: the sender of its invoices (name, address, tax number or
// VAT id, bank), its number range, payment terms, § 19 UStG and whether the front desk may
// record payments. A practice without a row has the defaults.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";

type Executor = Db | Transaction<Database>;

export interface BillingSettings {
  legalName: string;
  address: string;
  taxNumber: string;
  vatId: string;
  iban: string;
  bic: string;
  bankName: string;
  numberPattern: string;
  numberRestart: "yearly" | "continuous";
  paymentDays: number;
  smallBusiness: boolean;
  frontDeskPayments: boolean;
}

export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  legalName: "",
  address: "",
  taxNumber: "",
  vatId: "",
  iban: "",
  bic: "",
  bankName: "",
  numberPattern: "{YYYY}-{NNNN}",
  numberRestart: "yearly",
  paymentDays: 14,
  smallBusiness: false,
  frontDeskPayments: false,
};

export async function findBillingSettings(db: Executor, practiceId: string): Promise<BillingSettings> {
  const row = await db.selectFrom("billing_settings").selectAll().where("practice_id", "=", practiceId)
    .executeTakeFirst();
  const practice = await db.selectFrom("practices").select("name").where("id", "=", practiceId)
    .executeTakeFirstOrThrow();
  if (!row) return { ...DEFAULT_BILLING_SETTINGS, legalName: practice.name };
  return {
    legalName: row.legal_name || practice.name,
    address: row.address,
    taxNumber: row.tax_number,
    vatId: row.vat_id,
    iban: row.iban,
    bic: row.bic,
    bankName: row.bank_name,
    numberPattern: row.number_pattern,
    numberRestart: row.number_restart,
    paymentDays: row.payment_days,
    smallBusiness: row.small_business,
    frontDeskPayments: row.front_desk_payments,
  };
}

export async function saveBillingSettings(
  db: Db,
  scope: PracticeScope,
  input: BillingSettings,
  facts: RequestFacts,
): Promise<void> {
  const values = {
    legal_name: input.legalName,
    address: input.address,
    tax_number: input.taxNumber,
    vat_id: input.vatId,
    iban: input.iban,
    bic: input.bic,
    bank_name: input.bankName,
    number_pattern: input.numberPattern,
    number_restart: input.numberRestart,
    payment_days: input.paymentDays,
    small_business: input.smallBusiness,
    front_desk_payments: input.frontDeskPayments,
    updated_at: facts.now,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("billing_settings").values({ practice_id: scope.practiceId, ...values })
      .onConflict((oc) => oc.column("practice_id").doUpdateSet(values)).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "billing.settings_saved",
      actorAccountId: scope.accountId,
      subjectType: "practice",
      subjectId: scope.practiceId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: {
        number_restart: input.numberRestart,
        small_business: input.smallBusiness,
        front_desk_payments: input.frontDeskPayments,
      },
    });
  });
}
