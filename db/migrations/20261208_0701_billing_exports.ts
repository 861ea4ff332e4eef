// Billing exports and dunning: the practice's DATEV account settings, its dunning levels
// (payment reminder, 1st and 2nd dunning letter: text, days, fee), and the dunning runs with
// the letters they produced. A letter is a record of a step taken: it never changes and is
// never deleted, and it takes no invoice number (a dunning letter is not an invoice).
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table datev_settings (
      practice_id uuid primary key references practices (id),
      consultant_number integer not null check (consultant_number between 1001 and 9999999),
      client_number integer not null check (client_number between 1 and 99999),
      fiscal_year_start text not null default '01-01' check (fiscal_year_start ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
      account_length smallint not null default 4 check (account_length between 4 and 8),
      chart text not null default 'SKR03' check (chart in ('SKR03', 'SKR04')),
      receivable_account text not null check (receivable_account ~ '^[0-9]{1,9}$'),
      bank_account text not null check (bank_account ~ '^[0-9]{1,9}$'),
      cash_account text not null check (cash_account ~ '^[0-9]{1,9}$'),
      revenue_exempt text not null check (revenue_exempt ~ '^[0-9]{1,9}$'),
      revenue_standard text not null check (revenue_standard ~ '^[0-9]{1,9}$'),
      revenue_reduced text not null check (revenue_reduced ~ '^[0-9]{1,9}$'),
      revenue_small_business text not null check (revenue_small_business ~ '^[0-9]{1,9}$'),
      updated_at timestamptz not null default now()
    )`,
    sql`create table dunning_levels (
      practice_id uuid not null references practices (id),
      level smallint not null check (level between 1 and 3),
      days_overdue smallint not null check (days_overdue between 1 and 365),
      fee_cents integer not null default 0 check (fee_cents between 0 and 10000),
      text text not null check (length(text) between 1 and 2000),
      updated_at timestamptz not null default now(),
      primary key (practice_id, level)
    )`,
    sql`create table dunning_runs (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      run_on date not null,
      run_by uuid references accounts (id),
      created_at timestamptz not null default now()
    )`,
    sql`create index dunning_runs_practice on dunning_runs (practice_id, created_at desc)`,
    sql`create table dunning_letters (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      run_id uuid not null references dunning_runs (id),
      invoice_id uuid not null references invoices (id),
      level smallint not null check (level between 1 and 3),
      open_cents integer not null,
      fee_cents integer not null default 0,
      due_on date not null,
      pdf bytea not null,
      pdf_sha256 bytea not null,
      created_at timestamptz not null default now()
    )`,
    // One letter per invoice and level: a run never sends the same step twice.
    sql`create unique index dunning_letters_step on dunning_letters (invoice_id, level)`,
    sql`create index dunning_letters_run on dunning_letters (run_id)`,
    sql`create trigger dunning_letters_append_only before update or delete on dunning_letters
      for each row execute function billing_append_only()`,
    sql`create trigger dunning_runs_append_only before update or delete on dunning_runs
      for each row execute function billing_append_only()`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`drop table dunning_letters`,
    sql`drop table dunning_runs`,
    sql`drop table dunning_levels`,
    sql`drop table datev_settings`,
  ];
  for (const statement of statements) await statement.execute(db);
}
