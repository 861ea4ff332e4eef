// The day a person works through on the home page: today's appointments of the whole practice
// (front desk, owner) or of the practitioner alone, with arrivals, the working hours and
// absences that make the gaps, and the practitioner's own drafts. The patient's last note title
// is clinical content: it is read only for a person with notes.read.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { type Appointment, appointmentRows, toAppointment } from "./appointments.ts";
import { visibleLocation } from "./calendar-access.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import { addDays, isoWeekday, startOfBerlinDay } from "../lib/berlin-time.ts";
import { berlinDate } from "../lib/clock.ts";
import { expandWorkingHours, type Interval } from "../lib/free-slots.ts";
import { dayGaps, nextAppointmentIds } from "../lib/day-plan.ts";

export interface TodayAppointment extends Appointment {
  /** The patient's latest documentation entry, when the person may read notes: its title ("" for free text). */
  lastNote: { title: string } | null;
  /** The next one the practitioner expects (booked, not checked in, not over). */
  next: boolean;
}

export interface TodayGap extends Interval {
  practitionerName: string;
}

export interface TodayDraft {
  id: string;
  title: string;
  patientId: string;
  patientName: string;
  finalizeDueAt: Date;
}

export interface TodayPlan {
  /** Whose day: the whole practice's, or the practitioner's own. */
  whose: "practice" | "own";
  /** The day's appointments by start, cancelled ones apart. */
  appointments: TodayAppointment[];
  cancelled: TodayAppointment[];
  /** Free working time still ahead; null when nobody the day covers has working hours today. */
  gaps: TodayGap[] | null;
  /** The person's own drafts still to finalize; null without notes.write. */
  drafts: TodayDraft[] | null;
  /**
   * Changes patients have not been told of yet. Kartei sends no patient messages yet, so there
   * is nothing to count: null until reminders exist (a later issue), and the page shows nothing.
   */
  unnotifiedChanges: TodayAppointment[] | null;
}

export interface TodayAccess {
  /** The practice's day across practitioners; otherwise the person's own. */
  wholePractice: boolean;
  notes: boolean;
  drafts: boolean;
}

function appointmentsOfDay(db: Db, scope: PracticeScope, from: Date, to: Date, access: TodayAccess) {
  let query = appointmentRows(db, scope).select(
    // Read only for notes.read: the title is not even asked for otherwise.
    (access.notes
      ? sql<string | null>`(select n.title from notes n where n.patient_id = a.patient_id
        and n.practice_id = a.practice_id order by n.created_at desc, n.id limit 1)`
      : sql<string | null>`null::text`).as("last_note_title"),
  ).where("a.starts_at", ">=", from).where("a.starts_at", "<", to);
  if (!access.wholePractice) query = query.where("a.practitioner_id", "=", scope.membershipId);
  return query.orderBy("a.starts_at").orderBy("acc.name").execute();
}

/** Today's working hours of the practitioners the day covers, at locations the person sees. */
function hoursOfDay(db: Db, scope: PracticeScope, day: string, weekday: number, access: TodayAccess) {
  let query = db.selectFrom("working_hours as w")
    .innerJoin("memberships as m", "m.id", "w.practitioner_id")
    .innerJoin("accounts as acc", "acc.id", "m.account_id")
    .select([
      "w.practitioner_id",
      "acc.name as practitioner_name",
      "w.weekday",
      "w.starts_at_minute",
      "w.ends_at_minute",
      "w.location_id",
      sql<string>`w.valid_from::text`.as("valid_from"),
      sql<string | null>`w.valid_until::text`.as("valid_until"),
    ])
    .where("w.practice_id", "=", scope.practiceId).where("w.weekday", "=", weekday)
    .where("w.valid_from", "<=", sql<Date>`${day}::date`)
    .where((eb) => eb.or([eb("w.valid_until", "is", null), eb("w.valid_until", ">=", sql<Date>`${day}::date`)]))
    .where("m.status", "=", "active").where("m.ended_at", "is", null)
    .where((eb) => eb.or([eb("w.location_id", "is", null), visibleLocation(scope, sql.ref("w.location_id"))]));
  if (!access.wholePractice) query = query.where("w.practitioner_id", "=", scope.membershipId);
  return query.execute();
}

function absencesOfDay(db: Db, scope: PracticeScope, from: Date, to: Date, access: TodayAccess) {
  let query = db.selectFrom("absences").select(["practitioner_id", "starts_at", "ends_at"])
    .where("practice_id", "=", scope.practiceId).where("starts_at", "<", to).where("ends_at", ">", from);
  if (!access.wholePractice) query = query.where("practitioner_id", "=", scope.membershipId);
  return query.execute();
}

/** The person's own drafts, oldest deadline first. */
function ownDrafts(db: Db, scope: PracticeScope) {
  return db.selectFrom("notes as n")
    .innerJoin(
      "patients as p",
      (join) => join.onRef("p.id", "=", "n.patient_id").onRef("p.practice_id", "=", "n.practice_id"),
    )
    .select([
      "n.id",
      "n.title",
      "n.patient_id",
      "n.finalize_due_at",
      "p.family_name",
      "p.given_names",
      "p.title as patient_title",
    ])
    .where("n.practice_id", "=", scope.practiceId).where("n.author_id", "=", scope.accountId)
    .where("n.status", "=", "draft").orderBy("n.finalize_due_at").limit(50).execute();
}

type DayRow = Awaited<ReturnType<typeof appointmentsOfDay>>[number];

function toTodayAppointment(row: DayRow, access: TodayAccess): TodayAppointment {
  const lastNote = access.notes && row.last_note_title !== null ? { title: row.last_note_title } : null;
  return { ...toAppointment(row), lastNote, next: false };
}

function withNext(appointments: TodayAppointment[], now: Date): TodayAppointment[] {
  const next = nextAppointmentIds(appointments, now);
  for (const a of appointments) a.next = next.has(a.id);
  return appointments;
}

function dayBounds(now: Date) {
  const day = berlinDate(now);
  return { day, from: startOfBerlinDay(day), to: startOfBerlinDay(addDays(day, 1)) };
}

/** One row of today's list as it stands now (for htmx to swap after a change); null when it is not today's. */
export async function todayRow(
  db: Db,
  scope: PracticeScope,
  id: string,
  now: Date,
  access: TodayAccess,
): Promise<TodayAppointment | null> {
  const { from, to } = dayBounds(now);
  // The whole day is read so that "next" is right; it is one statement either way.
  const all = withNext(
    (await appointmentsOfDay(db, scope, from, to, access)).map((r) => toTodayAppointment(r, access)),
    now,
  );
  return all.find((a) => a.id === id) ?? null;
}

export async function todayPlan(db: Db, scope: PracticeScope, now: Date, access: TodayAccess): Promise<TodayPlan> {
  const { day, from, to } = dayBounds(now);
  const weekday = isoWeekday(day);
  const [rows, hours, absences, drafts] = await Promise.all([
    appointmentsOfDay(db, scope, from, to, access),
    hoursOfDay(db, scope, day, weekday, access),
    absencesOfDay(db, scope, from, to, access),
    access.drafts ? ownDrafts(db, scope) : Promise.resolve(null),
  ]);
  const all = withNext(rows.map((row) => toTodayAppointment(row, access)), now);

  const names = new Map(hours.map((h) => [h.practitioner_id, h.practitioner_name]));
  const gaps: TodayGap[] = [];
  for (const [practitionerId, practitionerName] of names) {
    const rules = hours.filter((h) => h.practitioner_id === practitionerId).map((h) => ({
      weekday: h.weekday,
      startsAtMinute: h.starts_at_minute,
      endsAtMinute: h.ends_at_minute,
      locationId: h.location_id,
      validFrom: h.valid_from,
      validUntil: h.valid_until,
    }));
    const busy = [
      ...all.filter((a) => a.practitionerId === practitionerId && a.status !== "cancelled")
        .map((a) => ({ start: a.startsAt, end: a.endsAt })),
      ...absences.filter((a) => a.practitioner_id === practitionerId).map((a) => ({
        start: a.starts_at,
        end: a.ends_at,
      })),
    ];
    for (const gap of dayGaps(expandWorkingHours(rules, from, to), busy, now)) gaps.push({ ...gap, practitionerName });
  }
  gaps.sort((a, b) => a.start.getTime() - b.start.getTime() || a.practitionerName.localeCompare(b.practitionerName));

  return {
    whose: access.wholePractice ? "practice" : "own",
    appointments: all.filter((a) => a.status !== "cancelled"),
    cancelled: all.filter((a) => a.status === "cancelled"),
    gaps: names.size ? gaps : null,
    drafts: drafts?.map((row) => ({
      id: row.id,
      title: row.title,
      patientId: row.patient_id,
      patientName: patientDisplayName({
        family_name: row.family_name,
        given_names: row.given_names,
        title: row.patient_title,
      }),
      finalizeDueAt: row.finalize_due_at,
    })) ?? null,
    unnotifiedChanges: null,
  };
}
