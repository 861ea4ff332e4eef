// Governing a practice team: invitations over two channels, locks with reasons, the automatic
// lock after membership ends, operators, published terms of use and objections, the practice
// network policy, approved browsers, and four-eyes approval of sensitive actions.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table accounts
      add column kind text not null default 'person' check (kind in ('person', 'operator')),
      add column locked_at timestamptz,
      add column locked_reason text,
      add column auto_lock_extended_until date`,
    sql`alter table practices
      add column locked_at timestamptz,
      add column locked_reason text,
      add column allowed_networks text[] not null default '{}',
      add column browser_approval boolean not null default true,
      add column four_eyes_actions text[] not null default '{}'`,
    sql`alter table memberships
      add column network_exception boolean not null default false,
      add column approves_browsers boolean not null default false`,
    sql`create table invitations (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      invited_by uuid not null references accounts (id),
      email text not null,
      name text not null,
      role text not null check (role in ('owner', 'practitioner', 'front_desk', 'billing', 'third_party')),
      ends_on date,
      areas text[] not null default '{}',
      location_ids uuid[] not null default '{}',
      link_token_hash text not null unique,
      activation_code_hash text not null,
      attempts integer not null default 0,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_account_id uuid references accounts (id),
      withdrawn_at timestamptz
    )`,
    sql`create index invitations_practice on invitations (practice_id)`,
    sql`create table installation_settings (
      key text primary key,
      value jsonb not null
    )`,
    sql`create table terms_versions (
      version text primary key,
      published_at timestamptz not null,
      published_by uuid references accounts (id),
      title_de text not null,
      title_en text not null,
      body_de text not null,
      body_en text not null
    )`,
    sql`create table terms_objections (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts (id),
      terms_version text not null references terms_versions (version),
      objected_at timestamptz not null
    )`,
    sql`create table known_browsers (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts (id),
      practice_id uuid not null references practices (id),
      browser_hash text not null,
      description text not null,
      status text not null check (status in ('pending', 'approved', 'denied', 'revoked')),
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      decided_by uuid references accounts (id),
      decided_at timestamptz,
      unique (account_id, practice_id, browser_hash)
    )`,
    sql`create table approval_requests (
      id uuid primary key default gen_random_uuid(),
      practice_id uuid not null references practices (id),
      action text not null,
      payload jsonb not null default '{}',
      reason text not null,
      requested_by uuid not null references accounts (id),
      requested_at timestamptz not null,
      status text not null check (status in ('pending', 'approved', 'rejected', 'executed', 'withdrawn')),
      decided_by uuid references accounts (id),
      decided_at timestamptz
    )`,
    sql`create index approval_requests_practice on approval_requests (practice_id, status)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (
    const statement of [
      sql`drop table approval_requests`,
      sql`drop table known_browsers`,
      sql`drop table terms_objections`,
      sql`drop table terms_versions`,
      sql`drop table installation_settings`,
      sql`drop table invitations`,
      sql`alter table memberships drop column network_exception, drop column approves_browsers`,
      sql`alter table practices drop column locked_at, drop column locked_reason, drop column allowed_networks,
        drop column browser_approval, drop column four_eyes_actions`,
      sql`alter table accounts drop column kind, drop column locked_at, drop column locked_reason,
        drop column auto_lock_extended_until`,
    ]
  ) await statement.execute(db);
}
