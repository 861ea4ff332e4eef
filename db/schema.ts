// The database as Kysely sees it: one interface per table.
import type { ColumnType, Generated, Insertable, RawBuilder, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | undefined, Date>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type Role = "owner" | "practitioner" | "front_desk" | "billing" | "third_party";
export type AccountStatus = "unverified" | "active" | "locked";

export interface PracticesTable {
  id: Generated<string>;
  name: string;
  status: Generated<"active" | "locked">;
  created_at: CreatedAt;
}

export interface PracticeKeysTable {
  practice_id: string;
  wrapped_key: Uint8Array;
  created_at: CreatedAt;
}

export interface AccountsTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  status: AccountStatus;
  language: "de" | "en";
  created_at: CreatedAt;
  verified_at: Timestamp | null;
}

export interface MembershipsTable {
  id: Generated<string>;
  practice_id: string;
  account_id: string;
  role: Role;
  created_at: CreatedAt;
  ended_at: Timestamp | null;
}

export interface TermsAcceptancesTable {
  id: Generated<string>;
  account_id: string;
  terms_version: string;
  accepted_at: Timestamp;
}

export interface EmailVerificationsTable {
  id: string;
  account_id: string | null;
  purpose: "registration";
  code_hash: string;
  email_hint: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  token_hash: string;
  account_id: string;
  practice_id: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
}

export interface OutgoingMailsTable {
  id: Generated<string>;
  recipient: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  practice_id: string | null;
  sequence: number;
  occurred_at: Timestamp;
  action: string;
  actor_account_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, RawBuilder<string>, never>;
  previous_hash: string;
  hash: string;
}

export interface Database {
  practices: PracticesTable;
  practice_keys: PracticeKeysTable;
  accounts: AccountsTable;
  memberships: MembershipsTable;
  terms_acceptances: TermsAcceptancesTable;
  email_verifications: EmailVerificationsTable;
  sessions: SessionsTable;
  outgoing_mails: OutgoingMailsTable;
  audit_events: AuditEventsTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
