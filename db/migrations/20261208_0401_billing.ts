// Billing: the practice's billing settings and number range, a versioned service catalogue
// (own services, GOÄ, GebüH), services on appointment types and appointments, payers and fee
// agreements kept on the patient, invoices with their items, payments and deliveries.
// An issued invoice is a record that must not change (GoBD, § 14 UStG): triggers refuse every
// UPDATE or DELETE of its number, amounts, items, recipient and PDF; only its cancellation and
// write-off marks may be set later. Payments are append-only: a reversal is a negative payment.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table billing_settings (
      practice_id uuid primary key references practices (id),
      legal_name text not null default '',
      address text not null default '',
      tax_number text not null default '',
      vat_id text not null default '',
      iban text not null default '',
      bic text not null default '',
      bank_name text not null default '',
      number_pattern text not null default '{YYYY}-{NNNN}' check (number_pattern like '%{N%'),
      number_restart text not null default 'yearly' check (number_restart in ('yearly', 'continuous')),
      payment_days smallint not null default 14 check (payment_days between 0 and 365),
      small_business boolean not null default false,
      front_desk_payments boolean not null default false,
      updated_at timestamptz not null default now()
    )`,
    // One row per practice and number range (year 0: a continuous range). Issuing locks the row
    // in its transaction, so a number is taken only by a committed invoice.
    sql`create table invoice_counters (
      practice_id uuid not null references practices (id),
      year smallint not null check (year = 0 or year between 2000 and 2999),
      last_number integer not null default 0 check (last_number >= 0),
      primary key (practice_id, year)
    )`,

    sql`create table services (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      catalogue text not null check (catalogue in ('own', 'goae', 'gebueh')),
      code text not null default '' check (length(code) <= 20),
      archived_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    sql`create unique index services_code on services (practice_id, catalogue, code)
      where code <> '' and archived_at is null`,
    // A change of a service is a new version; invoice items keep the version they used.
    sql`create table service_versions (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      service_id uuid not null references services (id),
      version integer not null check (version > 0),
      name text not null check (length(name) between 1 and 300),
      price_cents integer not null check (price_cents between 0 and 100000000),
      duration_minutes smallint check (duration_minutes between 1 and 600),
      vat_treatment text not null default 'exempt' check (vat_treatment in ('exempt', 'standard', 'reduced')),
      goae_points integer check (goae_points between 1 and 100000),
      goae_section text check (goae_section in ('personal', 'technical', 'laboratory')),
      range_min_cents integer check (range_min_cents >= 0),
      range_max_cents integer check (range_max_cents >= range_min_cents),
      created_by uuid references accounts (id),
      created_at timestamptz not null default now(),
      unique (service_id, version)
    )`,

    sql`create table appointment_type_services (
      practice_id uuid not null references practices (id),
      appointment_type_id uuid not null references appointment_types (id),
      service_id uuid not null references services (id),
      quantity smallint not null default 1 check (quantity between 1 and 99),
      primary key (appointment_type_id, service_id)
    )`,
    // Planned on the appointment; attendance confirms it (done); an invoice draft takes it.
    sql`create table appointment_services (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      appointment_id uuid not null references appointments (id),
      service_id uuid not null references services (id),
      quantity smallint not null default 1 check (quantity between 1 and 99),
      status text not null default 'planned' check (status in ('planned', 'done')),
      invoice_id uuid,
      created_at timestamptz not null default now()
    )`,
    sql`create index appointment_services_appointment on appointment_services (appointment_id)`,
    sql`create index appointment_services_to_bill on appointment_services (practice_id)
      where status = 'done' and invoice_id is null`,

    sql`create table patient_payers (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      kind text not null check (kind in ('parent', 'other', 'company')),
      name text not null check (length(name) between 1 and 200),
      address text not null default '',
      email text not null default '',
      language text not null default 'de' check (language in ('de', 'en')),
      archived_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    sql`create index patient_payers_patient on patient_payers (patient_id)`,
    // § 2 GOÄ: a factor above the maximum needs an agreement made before the treatment.
    sql`create table fee_agreements (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      agreed_on date not null,
      subject text not null check (length(subject) between 1 and 500),
      recorded_by uuid references accounts (id),
      created_at timestamptz not null default now()
    )`,
    sql`create index fee_agreements_patient on fee_agreements (patient_id)`,

    sql`create table invoices (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      kind text not null default 'invoice' check (kind in ('invoice', 'cancellation')),
      status text not null default 'draft' check (status in ('draft', 'issued')),
      cancels_invoice_id uuid references invoices (id),
      number text,
      number_year smallint,
      number_sequence integer,
      invoice_date date,
      due_date date,
      period_from date,
      period_to date,
      recipient_kind text not null default 'patient' check (recipient_kind in ('patient', 'payer')),
      payer_id uuid references patient_payers (id),
      recipient_name text not null default '',
      recipient_address text not null default '',
      recipient_email text not null default '',
      language text not null default 'de' check (language in ('de', 'en')),
      small_business boolean not null default false,
      net_cents integer not null default 0,
      vat_cents integer not null default 0,
      total_cents integer not null default 0,
      pdf bytea,
      pdf_sha256 bytea,
      issued_at timestamptz,
      issued_by uuid references accounts (id),
      created_by uuid references accounts (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      cancelled_at timestamptz,
      cancelled_by_invoice_id uuid references invoices (id),
      written_off_at timestamptz,
      written_off_by uuid references accounts (id),
      check (status = 'draft' or (number is not null and invoice_date is not null and due_date is not null
        and pdf is not null and pdf_sha256 is not null and issued_at is not null)),
      check (kind = 'invoice' or cancels_invoice_id is not null)
    )`,
    sql`create unique index invoices_number on invoices (practice_id, number) where number is not null`,
    sql`create unique index invoices_sequence on invoices (practice_id, number_year, number_sequence)
      where number_sequence is not null`,
    sql`create unique index invoices_one_cancellation on invoices (cancels_invoice_id)
      where cancels_invoice_id is not null`,
    sql`create index invoices_practice_date on invoices (practice_id, invoice_date)`,
    sql`create index invoices_patient on invoices (patient_id)`,
    sql`alter table appointment_services add foreign key (invoice_id) references invoices (id)`,

    sql`create table invoice_items (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      invoice_id uuid not null references invoices (id),
      position smallint not null check (position between 1 and 500),
      service_date date not null,
      catalogue text not null check (catalogue in ('own', 'goae', 'gebueh', 'free')),
      code text not null default '',
      description text not null check (length(description) between 1 and 500),
      service_version_id uuid references service_versions (id),
      appointment_service_id uuid references appointment_services (id),
      quantity smallint not null default 1 check (quantity between 1 and 99),
      goae_points integer,
      goae_section text check (goae_section in ('personal', 'technical', 'laboratory')),
      factor_hundredths smallint check (factor_hundredths between 1 and 2000),
      analogous_to text not null default '',
      justification text not null default '',
      unit_cents integer not null,
      amount_cents integer not null,
      vat_treatment text not null check (vat_treatment in ('exempt', 'standard', 'reduced', 'small_business')),
      vat_cents integer not null default 0,
      unique (invoice_id, position)
    )`,

    sql`create table payments (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      invoice_id uuid not null references invoices (id),
      amount_cents integer not null check (amount_cents <> 0),
      method text not null check (method in ('transfer', 'cash', 'card')),
      paid_on date not null,
      reverses_payment_id uuid references payments (id),
      recorded_by uuid references accounts (id),
      created_at timestamptz not null default now(),
      check ((reverses_payment_id is null) = (amount_cents > 0))
    )`,
    sql`create unique index payments_one_reversal on payments (reverses_payment_id)
      where reverses_payment_id is not null`,
    sql`create index payments_invoice on payments (invoice_id)`,

    sql`create table invoice_deliveries (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      invoice_id uuid not null references invoices (id),
      channel text not null check (channel in ('download', 'print', 'email')),
      recipient text not null default '',
      delivered_by uuid references accounts (id),
      delivered_at timestamptz not null
    )`,
    sql`create index invoice_deliveries_invoice on invoice_deliveries (invoice_id)`,
    // A mail may carry one invoice's PDF, read from the invoice when it is sent.
    sql`alter table outgoing_mails add column attachment_invoice_id uuid references invoices (id)`,

    sql`
      create function invoices_guard_change() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.status <> 'draft' then
            raise exception 'an issued invoice can never be deleted; cancel it'
              using errcode = 'insufficient_privilege';
          end if;
          return old;
        end if;
        if old.status = 'issued' then
          if to_jsonb(new) - 'cancelled_at' - 'cancelled_by_invoice_id' - 'written_off_at' - 'written_off_by'
            = to_jsonb(old) - 'cancelled_at' - 'cancelled_by_invoice_id' - 'written_off_at' - 'written_off_by'
            and (old.cancelled_at is null or new.cancelled_at is not distinct from old.cancelled_at) then
            return new;
          end if;
          raise exception 'an issued invoice can never change; cancel it and issue a new one'
            using errcode = 'insufficient_privilege';
        end if;
        if new.id <> old.id or new.practice_id <> old.practice_id or new.patient_id <> old.patient_id then
          raise exception 'the identity of an invoice cannot change' using errcode = 'insufficient_privilege';
        end if;
        return new;
      end;
      $$
    `,
    sql`create trigger invoices_guard before update or delete on invoices
      for each row execute function invoices_guard_change()`,
    sql`
      create function invoice_items_guard_change() returns trigger language plpgsql as $$
      declare
        parent uuid;
      begin
        parent := case when tg_op = 'DELETE' then old.invoice_id else new.invoice_id end;
        if tg_op = 'UPDATE' and old.invoice_id <> new.invoice_id then
          raise exception 'an item cannot move to another invoice' using errcode = 'insufficient_privilege';
        end if;
        if not exists (select 1 from invoices where id = parent and status = 'draft') then
          raise exception 'the items of an issued invoice can never change'
            using errcode = 'insufficient_privilege';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end;
      $$
    `,
    sql`create trigger invoice_items_guard before insert or update or delete on invoice_items
      for each row execute function invoice_items_guard_change()`,
    sql`
      create function billing_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '% rows can never change: % is not allowed', tg_table_name, tg_op
          using errcode = 'insufficient_privilege';
      end;
      $$
    `,
    sql`create trigger payments_append_only before update or delete on payments
      for each row execute function billing_append_only()`,
    sql`create trigger invoice_deliveries_append_only before update or delete on invoice_deliveries
      for each row execute function billing_append_only()`,
    sql`create trigger service_versions_append_only before update or delete on service_versions
      for each row execute function billing_append_only()`,
    sql`create trigger invoices_no_truncate before truncate on invoices
      for each statement execute function billing_append_only()`,
    sql`create trigger invoice_items_no_truncate before truncate on invoice_items
      for each statement execute function billing_append_only()`,
    sql`create trigger payments_no_truncate before truncate on payments
      for each statement execute function billing_append_only()`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table outgoing_mails drop column attachment_invoice_id`,
    sql`drop table invoice_deliveries`,
    sql`drop table payments`,
    sql`drop table invoice_items`,
    sql`alter table appointment_services drop constraint appointment_services_invoice_id_fkey`,
    sql`drop table invoices`,
    sql`drop table fee_agreements`,
    sql`drop table patient_payers`,
    sql`drop table appointment_services`,
    sql`drop table appointment_type_services`,
    sql`drop table service_versions`,
    sql`drop table services`,
    sql`drop table invoice_counters`,
    sql`drop table billing_settings`,
    sql`drop function billing_append_only()`,
    sql`drop function invoice_items_guard_change()`,
    sql`drop function invoices_guard_change()`,
  ];
  for (const statement of statements) await statement.execute(db);
}
