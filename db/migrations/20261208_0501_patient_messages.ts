// Messages to patients: the practice's settings and templates, each patient's consent per channel
// and preferences, the outbox of messages (which is also the send log), the token links of the
// patient's appointment page, and the calendar's "not notified" marker of a moved appointment.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`create table practice_message_settings (
      practice_id uuid primary key references practices (id),
      reminder_lead_hours smallint[] not null default '{48,2}',
      short_text_names_patient boolean not null default false,
      patient_change_until_hours smallint not null default 24
        check (patient_change_until_hours between 0 and 720),
      quiet_from_minute smallint not null default 1200 check (quiet_from_minute between 0 and 1439),
      quiet_until_minute smallint not null default 480 check (quiet_until_minute between 0 and 1439),
      updated_at timestamptz not null default now()
    )`,
    sql`create table message_templates (
      practice_id uuid not null references practices (id),
      kind text not null check (kind in ('confirmation', 'reminder', 'change', 'cancellation')),
      language text not null check (language in ('de', 'en')),
      subject text not null check (length(subject) between 1 and 200),
      email_body text not null check (length(email_body) between 1 and 4000),
      short_body text not null check (length(short_body) between 1 and 640),
      updated_at timestamptz not null default now(),
      primary key (practice_id, kind, language)
    )`,
    sql`create table patient_message_preferences (
      patient_id uuid primary key references patients (id),
      practice_id uuid not null references practices (id),
      preferred_channel text check (preferred_channel in ('email', 'sms', 'threema')),
      language text not null default 'de' check (language in ('de', 'en')),
      threema_id text not null default '' check (threema_id ~ '^([0-9A-Z*][0-9A-Z]{7})?$'),
      updated_at timestamptz not null default now()
    )`,
    sql`create table patient_channel_consents (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      channel text not null check (channel in ('email', 'sms', 'threema')),
      given_on date not null,
      withdrawn_on date,
      -- null: given by the patient through an online booking's double opt-in (db/booking-messages.ts).
      recorded_by uuid references accounts (id),
      recorded_at timestamptz not null default now()
    )`,
    sql`create unique index patient_channel_consents_current on patient_channel_consents (patient_id, channel)
      where withdrawn_on is null`,
    sql`create index patient_channel_consents_patient on patient_channel_consents (practice_id, patient_id)`,
    sql`create table patient_messages (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      patient_id uuid not null references patients (id),
      appointment_id uuid references appointments (id),
      kind text not null check (kind in ('confirmation', 'reminder', 'change', 'cancellation')),
      channel text check (channel in ('email', 'sms', 'threema')),
      status text not null default 'queued'
        check (status in ('queued', 'sending', 'delivered', 'failed', 'skipped')),
      reminder_for timestamptz,
      due_at timestamptz not null,
      attempts smallint not null default 0,
      claimed_until timestamptz,
      reason text,
      provider_message_id text,
      created_at timestamptz not null,
      finished_at timestamptz
    )`,
    sql`create index patient_messages_due on patient_messages (due_at) where status = 'queued'`,
    sql`create index patient_messages_claimed on patient_messages (claimed_until) where status = 'sending'`,
    sql`create index patient_messages_patient on patient_messages (practice_id, patient_id, created_at desc)`,
    sql`create index patient_messages_appointment on patient_messages (appointment_id)`,
    sql`create index patient_messages_failed on patient_messages (practice_id, finished_at desc)
      where status = 'failed'`,
    sql`create index patient_messages_month on patient_messages (practice_id, finished_at)
      where status = 'delivered' and channel in ('sms', 'threema')`,
    sql`create table appointment_links (
      token_hash text primary key,
      practice_id uuid not null references practices (id),
      appointment_id uuid not null references appointments (id),
      created_at timestamptz not null
    )`,
    sql`create index appointment_links_appointment on appointment_links (appointment_id)`,
    sql`alter table appointments add column unnotified_change_at timestamptz`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table appointments drop column unnotified_change_at`,
    sql`drop table appointment_links`,
    sql`drop table patient_messages`,
    sql`drop table patient_channel_consents`,
    sql`drop table patient_message_preferences`,
    sql`drop table message_templates`,
    sql`drop table practice_message_settings`,
  ];
  for (const statement of statements) await statement.execute(db);
}
