// Sign-in by knowledge and possession: second factors (TOTP, WebAuthn, Yubico OTP), recovery
// codes, password history and expiry, failure counters and lockouts, per-address rate limits,
// sessions that wait for their second factor.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table accounts
      add column password_changed_at timestamptz not null default now(),
      add column failed_attempts integer not null default 0 check (failed_attempts >= 0),
      add column locked_until timestamptz,
      add column lockouts integer not null default 0`,
    sql`alter table practices
      add column password_max_age_days integer not null default 0 check (password_max_age_days >= 0),
      add column owners_need_webauthn boolean not null default false`,
    sql`create table second_factors (
      id uuid primary key,
      account_id uuid not null references accounts (id),
      kind text not null check (kind in ('totp', 'webauthn', 'yubico_otp')),
      name text not null,
      status text not null check (status in ('pending', 'active', 'locked')),
      created_at timestamptz not null,
      confirmed_at timestamptz,
      last_used_at timestamptz,
      locked_at timestamptz,
      locked_reason text,
      -- TOTP secret, or the Yubico key's AES secret and private id: AES-GCM under a master-derived key
      secret bytea,
      totp_last_step integer,
      webauthn_credential_id text,
      webauthn_public_key bytea,
      webauthn_counter bigint,
      webauthn_transports text,
      webauthn_backed_up boolean,
      yubico_public_id text,
      yubico_usage_counter integer,
      yubico_session_counter integer
    )`,
    sql`create index second_factors_account on second_factors (account_id)`,
    sql`create unique index second_factors_webauthn_credential on second_factors (webauthn_credential_id)
      where webauthn_credential_id is not null`,
    sql`create unique index second_factors_yubico_public_id on second_factors (yubico_public_id)
      where yubico_public_id is not null`,
    sql`create table recovery_codes (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts (id),
      code_hash text not null,
      created_at timestamptz not null,
      used_at timestamptz
    )`,
    sql`create index recovery_codes_account on recovery_codes (account_id)`,
    sql`create table password_history (
      id bigint generated always as identity primary key,
      account_id uuid not null references accounts (id),
      password_hash text not null,
      created_at timestamptz not null
    )`,
    sql`create index password_history_account on password_history (account_id, id desc)`,
    sql`create table rate_limits (
      key text primary key,
      window_started_at timestamptz not null,
      count integer not null
    )`,
    sql`alter table sessions
      add column id uuid not null unique default gen_random_uuid(),
      add column purpose text not null default 'sign_in' check (purpose in ('sign_in', 'password_reset')),
      add column second_factor_at timestamptz,
      add column ip text,
      add column webauthn_challenge text,
      add column webauthn_challenge_expires_at timestamptz`,
    sql`alter table email_verifications drop constraint email_verifications_purpose_check`,
    sql`alter table email_verifications
      add constraint email_verifications_purpose_check
        check (purpose in ('registration', 'password_change', 'password_reset')),
      add column pending_password_hash text`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (
    const statement of [
      sql`drop table rate_limits`,
      sql`drop table password_history`,
      sql`drop table recovery_codes`,
      sql`drop table second_factors`,
      sql`alter table accounts drop column password_changed_at, drop column failed_attempts,
        drop column locked_until, drop column lockouts`,
      sql`alter table practices drop column password_max_age_days, drop column owners_need_webauthn`,
      sql`alter table sessions drop column id, drop column purpose, drop column second_factor_at, drop column ip,
        drop column webauthn_challenge, drop column webauthn_challenge_expires_at`,
      sql`alter table email_verifications drop column pending_password_hash`,
    ]
  ) await statement.execute(db);
}
