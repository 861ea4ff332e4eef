// Foundation: practices, accounts, memberships, sessions, email verification, the outgoing
// mail queue and the append-only, hash-chained audit log.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`
      create table practices (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      status text not null default 'active' check (status in ('active', 'locked')),
      created_at timestamptz not null default now()
      )
    `,
    sql`
      create table practice_keys (
      practice_id uuid primary key references practices (id),
      wrapped_key bytea not null,
      created_at timestamptz not null default now()
      )
    `,
    sql`
      create table accounts (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      password_hash text not null,
      status text not null check (status in ('unverified', 'active', 'locked')),
      language text not null default 'de' check (language in ('de', 'en')),
      created_at timestamptz not null default now(),
      verified_at timestamptz
      )
    `,
    sql`
      create unique index accounts_email_key on accounts (lower(email))
    `,
    sql`
      create table memberships (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      account_id uuid not null references accounts (id),
      role text not null check (role in ('owner', 'practitioner', 'front_desk', 'billing', 'third_party')),
      created_at timestamptz not null default now(),
      ended_at timestamptz,
      unique (practice_id, account_id)
      )
    `,
    sql`
      create index memberships_account on memberships (account_id)
    `,
    sql`
      create table terms_acceptances (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts (id),
      terms_version text not null,
      accepted_at timestamptz not null,
      unique (account_id, terms_version)
      )
    `,
    sql`
      create table email_verifications (
      id text primary key,
      account_id uuid references accounts (id),
      purpose text not null check (purpose in ('registration')),
      code_hash text not null,
      email_hint text not null,
      attempts integer not null default 0,
      expires_at timestamptz not null,
      consumed_at timestamptz,
      created_at timestamptz not null default now()
      )
    `,
    sql`
      create index email_verifications_account on email_verifications (account_id)
    `,
    sql`
      create table sessions (
      token_hash text primary key,
      account_id uuid not null references accounts (id),
      practice_id uuid references practices (id),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      user_agent text
      )
    `,
    sql`
      create index sessions_account on sessions (account_id)
    `,
    sql`
      create table outgoing_mails (
      id bigint generated always as identity primary key,
      recipient text not null,
      subject text not null,
      body text not null,
      created_at timestamptz not null,
      sent_at timestamptz,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_error text
      )
    `,
    sql`
      create index outgoing_mails_pending on outgoing_mails (next_attempt_at) where sent_at is null
    `,
    sql`
      create table audit_events (
      id bigint generated always as identity primary key,
      practice_id uuid references practices (id),
      sequence integer not null check (sequence > 0),
      occurred_at timestamptz not null,
      action text not null,
      actor_account_id uuid,
      subject_type text,
      subject_id text,
      request_id text,
      details jsonb not null default '{}',
      previous_hash text not null,
      hash text not null
      )
    `,
    sql`
      -- one chain per practice, and one for installation-wide events (practice_id null)
      create unique index audit_events_practice_chain on audit_events (practice_id, sequence)
      where practice_id is not null
    `,
    sql`
      create unique index audit_events_installation_chain on audit_events (sequence)
      where practice_id is null
    `,
    sql`
      create function audit_events_reject_change() returns trigger language plpgsql as $$
      begin
      raise exception 'audit_events is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
      end;
      $$
    `,
    sql`
      create trigger audit_events_no_update_or_delete before update or delete on audit_events
      for each row execute function audit_events_reject_change()
    `,
    sql`
      create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_reject_change()
    `,
  ];
  for (const statement of statements) await statement.execute(db);
}

// The audit log must outlive any rollback of the schema around it.
export function down(): Promise<void> {
  return Promise.reject(new Error("the foundation migration cannot be reverted: the audit log is append-only"));
}
