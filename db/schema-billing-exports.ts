// Tables of billing exports and dunning: DATEV account settings, dunning levels, runs, letters.
import type { ColumnType, Generated } from "kysely";
import type { CreatedAt } from "./schema.ts";

type Day = ColumnType<Date, string, string>;

export interface DatevSettingsTable {
  practice_id: string;
  consultant_number: number;
  client_number: number;
  fiscal_year_start: Generated<string>;
  account_length: Generated<number>;
  chart: Generated<"SKR03" | "SKR04">;
  receivable_account: string;
  bank_account: string;
  cash_account: string;
  revenue_exempt: string;
  revenue_standard: string;
  revenue_reduced: string;
  revenue_small_business: string;
  updated_at: Generated<Date>;
}

export interface DunningLevelsTable {
  practice_id: string;
  /** 1 payment reminder, 2 first dunning letter, 3 second dunning letter. */
  level: number;
  days_overdue: number;
  fee_cents: Generated<number>;
  text: string;
  updated_at: Generated<Date>;
}

export interface DunningRunsTable {
  id: Generated<string>;
  practice_id: string;
  run_on: Day;
  run_by: string | null;
  created_at: CreatedAt;
}

export interface DunningLettersTable {
  id: Generated<string>;
  practice_id: string;
  run_id: string;
  invoice_id: string;
  level: number;
  open_cents: number;
  fee_cents: Generated<number>;
  due_on: Day;
  pdf: Uint8Array;
  pdf_sha256: Uint8Array;
  created_at: CreatedAt;
}

export interface BillingExportTables {
  datev_settings: DatevSettingsTable;
  dunning_levels: DunningLevelsTable;
  dunning_runs: DunningRunsTable;
  dunning_letters: DunningLettersTable;
}
