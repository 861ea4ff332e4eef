// Tables of online booking: settings, opt-in requests, waiting-list offers, proposals.
import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "./schema.ts";

export interface OnlineBookingSettingsTable {
  practice_id: string;
  /** The booking page's address: /buchen/<public_id>; random, so practices cannot be listed. */
  public_id: string;
  enabled: Generated<boolean>;
  auto_confirm: Generated<boolean>;
  /** No slot sooner than this many hours from now. */
  lead_hours: Generated<number>;
  horizon_weeks: Generated<number>;
  birth_date_required: Generated<boolean>;
  /** A patient may cancel until this many hours before (the message outbox's link page reads it). */
  /** The practice's website origin (https://…) that may frame the booking page. */
  frame_origin: string | null;
  updated_at: Timestamp;
}

export type BookingRequestKind = "booking" | "waiting_list";
/**
 * unconfirmed: mailed, the code not yet typed; held: confirmed by the patient, the slot is theirs
 * and the practice decides; confirmed / declined: decided; taken: someone else had the slot by
 * the time of the code; waiting: on the waiting list; done: left the list (got a slot).
 */
export type BookingRequestStatus = "unconfirmed" | "held" | "confirmed" | "declined" | "taken" | "waiting" | "done";

export interface BookingRequestsTable {
  id: Generated<string>;
  practice_id: string;
  /** The public id of the code page. */
  flow_id: string;
  kind: BookingRequestKind;
  code_hash: string;
  link_hash: string;
  code_attempts: Generated<number>;
  status: Generated<BookingRequestStatus>;
  appointment_type_id: string;
  practitioner_id: string | null;
  location_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  family_name: string;
  given_names: string;
  email: string;
  phone: Generated<string>;
  date_of_birth: ColumnType<Date | null, string | null | undefined, string | null>;
  language: "de" | "en";
  patient_id: string | null;
  appointment_id: string | null;
  created_at: Date;
  expires_at: Date;
  confirmed_at: Date | null;
  decided_at: Date | null;
}

export interface SlotOffersTable {
  id: Generated<string>;
  practice_id: string;
  request_id: string;
  token_hash: string;
  practitioner_id: string;
  location_id: string;
  starts_at: Date;
  ends_at: Date;
  status: Generated<"open" | "taken" | "lost">;
  offered_at: Date;
  expires_at: Date;
}

export interface AppointmentProposalsTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  appointment_type_id: string;
  token_hash: string;
  status: Generated<"open" | "confirmed" | "withdrawn">;
  expires_at: Date;
  appointment_id: string | null;
  created_by: string;
  created_at: Date;
  decided_at: Date | null;
}

export interface ProposalSlotsTable {
  id: Generated<string>;
  proposal_id: string;
  practitioner_id: string;
  location_id: string;
  starts_at: Date;
  ends_at: Date;
}

export interface BookingTables {
  online_booking_settings: OnlineBookingSettingsTable;
  booking_requests: BookingRequestsTable;
  slot_offers: SlotOffersTable;
  appointment_proposals: AppointmentProposalsTable;
  proposal_slots: ProposalSlotsTable;
}
