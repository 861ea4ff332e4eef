// Tables of the calendar area: appointments, rooms, recurring series, working hours, absences, calendar feeds.
import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "./schema.ts";
import type { AbsenceKind } from "../lib/absence-kinds.ts";
import type { TypeColour } from "../lib/appointment-colours.ts";

export type AppointmentStatus = "booked" | "attended" | "no_show" | "cancelled";

export interface RoomsTable {
  id: Generated<string>;
  practice_id: string;
  location_id: string;
  name: string;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
}

/** A kind of appointment the practice offers; archived, never deleted (appointments keep it). */
export interface AppointmentTypesTable {
  id: Generated<string>;
  practice_id: string;
  /** Unique (case-insensitive) among the practice's types in use. */
  name: string;
  /** 5 to 480. */
  duration_minutes: number;
  colour: TypeColour;
  default_room_id: string | null;
  bookable_online: Generated<boolean>;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A weekly rule in Europe/Berlin terms; its occurrences are rows of appointments. */
export interface AppointmentSeriesTable {
  id: Generated<string>;
  practice_id: string;
  location_id: string;
  practitioner_id: string;
  room_id: string | null;
  patient_id: string | null;
  title: Generated<string>;
  /** The local date of the first occurrence; its weekday is the series' weekday. */
  first_date: ColumnType<Date, string, string>;
  /** Berlin wall-clock time "HH:MM:SS". */
  local_start_time: string;
  duration_minutes: number;
  interval_weeks: number;
  until_date: ColumnType<Date | null, string | null | undefined, string | null>;
  occurrence_count: number | null;
  appointment_type_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set when "this and following" split the series: no occurrence on or after this day. */
  ended_on: ColumnType<Date | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface AppointmentsTable {
  id: Generated<string>;
  practice_id: string;
  location_id: string;
  /** memberships.id of the practitioner (role owner or practitioner). */
  practitioner_id: string;
  room_id: string | null;
  patient_id: string | null;
  /** The kind of appointment it was booked as; kept when the type is archived. */
  appointment_type_id: ColumnType<string | null, string | null | undefined, string | null>;
  title: Generated<string>;
  starts_at: Date;
  /** At most 12 hours after starts_at. */
  ends_at: Date;
  status: Generated<AppointmentStatus>;
  cancel_reason: string | null;
  cancelled_at: Timestamp | null;
  /** When front desk checked the patient in (today view); cleared by undoing it. */
  arrived_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  arrived_by: ColumnType<string | null, string | null | undefined, string | null>;
  series_id: string | null;
  /** An occurrence changed on its own ("this one"); later series edits leave it alone. */
  series_exception: Generated<boolean>;
  /** Booked on purpose over another appointment of the practitioner or room. */
  conflict_allowed: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_by: string | null;
  updated_at: Timestamp;
  /** Bumped by every edit; an edit based on an older version is refused. */
  version: Generated<number>;
  /** Moved while the patient was not told yet ("nicht benachrichtigt"): until a notice is sent or dismissed. */
  unnotified_change_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface CalendarTables extends AvailabilityTables {
  rooms: RoomsTable;
  appointment_types: AppointmentTypesTable;
  appointment_series: AppointmentSeriesTable;
  appointments: AppointmentsTable;
  kept_booking_forms: KeptBookingFormsTable;
}

/** A booking form as typed, with its messages: shown again after a redirect (db/kept-booking-forms.ts). */
export interface KeptBookingFormsTable {
  id: Generated<string>;
  practice_id: string;
  session_id: string;
  /** JSON text of the fields as typed and of their messages. */
  form: ColumnType<string, string, never>;
  errors: ColumnType<string, string, never>;
  created_at: Date;
}

// ---- Availability (helper B2): working hours, absences, calendar feeds ----
import type { ColumnType as AvailabilityColumn, Generated as AvailabilityGenerated } from "kysely";

export interface WorkingHoursTable {
  id: AvailabilityGenerated<string>;
  practice_id: string;
  practitioner_id: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  /** Berlin wall-clock minutes since midnight; the end is exclusive (1440 = midnight). */
  starts_at_minute: number;
  ends_at_minute: number;
  location_id: string | null;
  valid_from: AvailabilityColumn<Date, string, string>;
  valid_until: AvailabilityColumn<Date | null, string | null | undefined, string | null>;
  created_at: AvailabilityColumn<Date, Date | undefined, never>;
}

export interface AbsencesTable {
  id: AvailabilityGenerated<string>;
  practice_id: string;
  practitioner_id: string;
  starts_at: Date;
  ends_at: Date;
  kind: AbsenceKind;
  note: AvailabilityGenerated<string>;
  created_by: string;
  created_at: AvailabilityColumn<Date, Date | undefined, never>;
}

export type FeedDetail = "busy" | "initials" | "full_names";

export interface CalendarFeedsTable {
  id: AvailabilityGenerated<string>;
  practice_id: string;
  practitioner_id: string;
  /** SHA-256 of the secret token in the feed URL. */
  token_hash: Uint8Array;
  /** What an event's title reveals; full names only while the practice allows them. */
  shows: AvailabilityColumn<FeedDetail, FeedDetail | undefined, FeedDetail>;
  created_by: string;
  created_at: AvailabilityColumn<Date, Date | undefined, never>;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** The last day or week view a member opened: /calendar opens it again. */
export interface CalendarLastViewsTable {
  membership_id: string;
  practice_id: string;
  kind: "day" | "week";
  /** null: all practitioners. */
  practitioner_id: string | null;
  /** null: all locations. */
  location_id: string | null;
  updated_at: AvailabilityColumn<Date, Date | undefined, Date>;
}

export interface AvailabilityTables {
  calendar_last_views: CalendarLastViewsTable;
  working_hours: WorkingHoursTable;
  absences: AbsencesTable;
  calendar_feeds: CalendarFeedsTable;
}
