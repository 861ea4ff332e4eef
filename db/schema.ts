// The database as Kysely sees it: one interface per table.
import type { ColumnType, Generated, Insertable, RawBuilder, Selectable } from "kysely";

export type Timestamp = ColumnType<Date, Date | undefined, Date>;
export type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** A calendar date column: read as a Date (midnight UTC), written as "YYYY-MM-DD". */
export type DateColumn = ColumnType<Date, string, string>;

import type { Role } from "../lib/permissions.ts";
import type { TypeColour } from "../lib/appointment-colours.ts";
import type { PatientTables } from "./schema-patients.ts";
import type { CalendarTables } from "./schema-calendar.ts";
import type { DocumentationTables } from "./schema-documentation.ts";
import type { DocumentTables } from "./schema-documents.ts";
import type { OperationsTables } from "./schema-operations.ts";
import type { MessageTables } from "./schema-messages.ts";
import type { BookingTables } from "./schema-booking.ts";
import type { BillingTables } from "./schema-billing.ts";
import type { BillingExportTables } from "./schema-billing-exports.ts";
export type { Role };
/** enrolment: a re-issued member may set up one new factor, their old ones being locked. */
export type SessionPurpose = "sign_in" | "password_reset" | "enrolment";
export type VerificationPurpose = "registration" | "password_change" | "password_reset";
export type AccountStatus = "unverified" | "active" | "locked";

export interface PracticesTable {
  id: Generated<string>;
  name: string;
  status: Generated<"active" | "locked">;
  created_at: CreatedAt;
  password_max_age_days: Generated<number>;
  owners_need_webauthn: Generated<boolean>;
  locked_at: Timestamp | null;
  locked_reason: string | null;
  /** CIDR ranges sign-in is allowed from; empty: anywhere. */
  allowed_networks: ColumnType<string[], string[] | undefined, string[]>;
  browser_approval: Generated<boolean>;
  /** Actions that take effect only after a second owner or a designated member approves. */
  four_eyes_actions: ColumnType<string[], string[] | undefined, string[]>;
  /** Calendar feeds show full patient names (otherwise initials or "busy"). */
  calendar_feed_full_names: Generated<boolean>;
  /** Documentation drafts are finalized this many hours after the appointment (or creation). */
  notes_finalize_after_hours: Generated<number>;
}

export interface PracticeKeysTable {
  practice_id: string;
  /** Rotation adds a version; the highest one not retired encrypts new data. */
  version: Generated<number>;
  wrapped_key: Uint8Array;
  created_at: CreatedAt;
  retired_at: Timestamp | null;
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
  password_changed_at: ColumnType<Date, Date | undefined, Date>;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  lockouts: Generated<number>;
  kind: Generated<"person" | "operator">;
  locked_at: Timestamp | null;
  locked_reason: string | null;
  /** The operator postponed the automatic lock after the last membership ended until this day. */
  auto_lock_extended_until: ColumnType<Date | null, string | null | undefined, string | null>;
}

export interface MembershipsTable {
  id: Generated<string>;
  practice_id: string;
  account_id: string;
  role: Role;
  created_at: CreatedAt;
  ended_at: Timestamp | null;
  status: Generated<"active" | "locked">;
  locked_at: Timestamp | null;
  locked_reason: string | null;
  /** The last day of the membership (a date, Europe/Berlin); mandatory for third parties. */
  ends_on: ColumnType<Date | null, string | null | undefined, string | null>;
  /** For a third party: the areas the owner granted. */
  areas: ColumnType<string[], string[] | undefined, string[]>;
  all_locations: Generated<boolean>;
  network_exception: Generated<boolean>;
  approves_browsers: Generated<boolean>;
  /** The appointment type preselected when booking with this practitioner (appointment_types.id). */
  usual_appointment_type_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The practitioner's colour in the calendar (a key of lib/appointment-colours.ts), or none. */
  calendar_colour: ColumnType<TypeColour | null, TypeColour | null | undefined, TypeColour | null>;
}

export interface InvitationsTable {
  id: Generated<string>;
  practice_id: string;
  invited_by: string;
  email: string;
  name: string;
  role: Role;
  ends_on: ColumnType<Date | null, string | null | undefined, string | null>;
  areas: ColumnType<string[], string[] | undefined, string[]>;
  location_ids: ColumnType<string[], string[] | undefined, string[]>;
  link_token_hash: string;
  activation_code_hash: string;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_account_id: string | null;
  withdrawn_at: Timestamp | null;
  /** Set for a re-issue: the existing member's account that gets new credentials. */
  reissue_account_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface InstallationSettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}

export interface MasterKeyCheckTable {
  singleton: Generated<boolean>;
  sealed: Uint8Array;
  created_at: CreatedAt;
}

export interface TermsVersionsTable {
  version: string;
  published_at: Timestamp;
  published_by: string | null;
  title_de: string;
  title_en: string;
  body_de: string;
  body_en: string;
}

export interface TermsObjectionsTable {
  id: Generated<string>;
  account_id: string;
  terms_version: string;
  objected_at: Timestamp;
}

export interface KnownBrowsersTable {
  id: Generated<string>;
  account_id: string;
  practice_id: string;
  browser_hash: string;
  description: string;
  status: "pending" | "approved" | "denied" | "revoked";
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export interface ApprovalRequestsTable {
  id: Generated<string>;
  practice_id: string;
  action: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  reason: string;
  requested_by: string;
  requested_at: Timestamp;
  status: "pending" | "approved" | "rejected" | "executed" | "withdrawn";
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export interface LocationsTable {
  id: Generated<string>;
  practice_id: string;
  name: string;
  address: Generated<string>;
  created_at: CreatedAt;
}

export interface MembershipLocationsTable {
  membership_id: string;
  location_id: string;
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
  purpose: VerificationPurpose;
  code_hash: string;
  email_hint: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  created_at: CreatedAt;
  pending_password_hash: string | null;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  account_id: string;
  practice_id: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
  purpose: ColumnType<SessionPurpose, SessionPurpose | undefined, SessionPurpose>;
  /** When the second factor was last confirmed; null while the session waits for it. */
  second_factor_at: Timestamp | null;
  ip: string | null;
  webauthn_challenge: string | null;
  webauthn_challenge_expires_at: Timestamp | null;
}

export type FactorKind = "totp" | "webauthn" | "yubico_otp";

export interface SecondFactorsTable {
  id: string;
  account_id: string;
  kind: FactorKind;
  name: string;
  status: "pending" | "active" | "locked";
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  last_used_at: Timestamp | null;
  locked_at: Timestamp | null;
  locked_reason: string | null;
  secret: Uint8Array | null;
  totp_last_step: number | null;
  webauthn_credential_id: string | null;
  webauthn_public_key: Uint8Array | null;
  /** bigint: postgres.js returns it as a string, PGlite as a number; read it through Number(). */
  webauthn_counter: ColumnType<string | number | null, number | null, number>;
  webauthn_transports: string | null;
  webauthn_backed_up: boolean | null;
  yubico_public_id: string | null;
  yubico_usage_counter: number | null;
  yubico_session_counter: number | null;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  account_id: string;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PasswordHistoryTable {
  id: Generated<string>;
  account_id: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface RateLimitsTable {
  key: string;
  window_started_at: Timestamp;
  count: number;
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
  /** The invoice whose PDF the mail carries as an attachment. */
  attachment_invoice_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditEventsTable {
  id: Generated<string>;
  practice_id: string | null;
  /** The chain columns stay null until the sealer links the event into its chain. */
  sequence: number | null;
  occurred_at: Timestamp;
  action: string;
  actor_account_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, RawBuilder<string>, never>;
  previous_hash: string | null;
  hash: string | null;
}

/** Every table; the clinical areas keep their table interfaces in db/schema-<area>.ts. */
export interface Database
  extends
    PatientTables,
    CalendarTables,
    DocumentationTables,
    DocumentTables,
    OperationsTables,
    MessageTables,
    BookingTables,
    BillingTables,
    BillingExportTables {
  practices: PracticesTable;
  practice_keys: PracticeKeysTable;
  accounts: AccountsTable;
  memberships: MembershipsTable;
  terms_acceptances: TermsAcceptancesTable;
  email_verifications: EmailVerificationsTable;
  sessions: SessionsTable;
  outgoing_mails: OutgoingMailsTable;
  audit_events: AuditEventsTable;
  second_factors: SecondFactorsTable;
  recovery_codes: RecoveryCodesTable;
  password_history: PasswordHistoryTable;
  rate_limits: RateLimitsTable;
  locations: LocationsTable;
  membership_locations: MembershipLocationsTable;
  invitations: InvitationsTable;
  installation_settings: InstallationSettingsTable;
  master_key_check: MasterKeyCheckTable;
  terms_versions: TermsVersionsTable;
  terms_objections: TermsObjectionsTable;
  known_browsers: KnownBrowsersTable;
  approval_requests: ApprovalRequestsTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type SecondFactor = Selectable<SecondFactorsTable>;
