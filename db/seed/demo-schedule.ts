// The demo practice's calendar and documentation: each practitioner's working days filled with
// appointments of their usual length (some slots free, a lunch break, a two-week holiday), a few
// weekly series, past appointments mostly attended (some cancelled or missed) and documented,
// entries older than a day finalized, newer ones still drafts. No practitioner is ever booked
// twice at once, so the calendar shows no conflicts.
import type { Insertable } from "kysely";
import type { Db } from "../database.ts";
import type { AppointmentsTable } from "../schema-calendar.ts";
import type { NotesTable } from "../schema-documentation.ts";
import { addDays, berlinInstant, berlinParts, clockOfMinute, isoWeekday } from "../../lib/berlin-time.ts";
import { amendmentAssociatedData } from "../../lib/note-content.ts";
import { encryptBytes } from "../../lib/envelope-encryption.ts";
import { noteFields, noteSealer, pick } from "./clinical-texts.ts";
import type { SeedTemplate } from "./team.ts";

export interface Treating {
  membershipId: string;
  accountId: string;
  locationId: string;
  roomId: string;
  /** The practitioner's usual appointment type: every patient appointment is booked as it. */
  appointmentTypeId: string;
  durationMinutes: number;
  gapMinutes: number;
  template: SeedTemplate;
  /** The patients this practitioner usually sees. */
  patientIds: string[];
}

export interface ScheduleInput {
  practiceId: string;
  treating: Treating[];
  /** Berlin dates, inclusive. */
  fromDate: string;
  toDate: string;
  now: Date;
  random: () => number;
  createdBy: string;
  dataKey: { version: number; key: Uint8Array };
  /** Weekly series and a holiday per practitioner: on the first run, not when extending. */
  withSeriesAndHolidays: boolean;
}

interface Slot {
  treating: Treating;
  startsAt: Date;
  endsAt: Date;
  patientId: string | null;
  seriesId: string | null;
}

const DAY_START = 8 * 60, LUNCH_START = 12 * 60 + 30, LUNCH_END = 13 * 60 + 30, DAY_END = 17 * 60;

export async function seedSchedule(db: Db, input: ScheduleInput) {
  const { random } = input;
  const slots: Slot[] = [];
  const busy = new Map<string, { start: number; end: number }[]>();
  const occupy = (slot: Slot) => {
    const list = busy.get(slot.treating.membershipId) ?? [];
    list.push({ start: slot.startsAt.getTime(), end: slot.endsAt.getTime() });
    busy.set(slot.treating.membershipId, list);
    slots.push(slot);
  };
  const free = (treating: Treating, start: Date, end: Date) =>
    !(busy.get(treating.membershipId) ?? []).some((b) => b.start < end.getTime() && b.end > start.getTime());

  let series = 0;
  const holidays = new Map<string, Set<string>>();
  if (input.withSeriesAndHolidays) {
    series = await seedSeries(db, input, occupy);
    for (const [index, treating] of input.treating.entries()) {
      const days = await seedHoliday(db, input, treating, index);
      holidays.set(treating.membershipId, days);
    }
  }

  for (let date = input.fromDate; date <= input.toDate; date = addDays(date, 1)) {
    if (isoWeekday(date) > 5) continue;
    for (const treating of input.treating) {
      if (holidays.get(treating.membershipId)?.has(date)) continue;
      let minute = DAY_START + (random() < 0.3 ? 30 : 0);
      while (minute + treating.durationMinutes <= DAY_END) {
        if (minute < LUNCH_END && minute + treating.durationMinutes > LUNCH_START) {
          minute = LUNCH_END;
          continue;
        }
        const startsAt = at(date, minute), endsAt = at(date, minute + treating.durationMinutes);
        if (random() > 0.22 && free(treating, startsAt, endsAt)) {
          const team = random() < 0.01;
          occupy({
            treating,
            startsAt,
            endsAt,
            patientId: team ? null : pick(random, treating.patientIds),
            seriesId: null,
          });
        }
        minute += treating.durationMinutes + treating.gapMinutes;
      }
    }
  }

  const appointments = slots.map((slot) => appointmentRow(input, slot));
  for (let from = 0; from < appointments.length; from += 500) {
    await db.insertInto("appointments").values(appointments.slice(from, from + 500)).execute();
  }
  const notes = await seedNotes(db, input, appointments);
  return { appointments: appointments.length, series, notes };
}

function at(date: string, minute: number): Date {
  const time = clockOfMinute(minute);
  const instant = berlinInstant(date, time);
  if (!instant.ok) throw new Error(`no such time in Berlin: ${date} ${time}`);
  return instant.at;
}

function appointmentRow(input: ScheduleInput, slot: Slot): Insertable<AppointmentsTable> & { id: string } {
  const roll = input.random();
  const past = slot.startsAt <= input.now;
  const status = past
    ? roll < 0.06 ? "cancelled" : roll < 0.1 ? "no_show" : "attended"
    : roll < 0.03
    ? "cancelled"
    : "booked";
  const cancelledAt = status === "cancelled"
    ? new Date(Math.min(slot.startsAt.getTime() - 26 * 3_600_000, input.now.getTime()))
    : null;
  const createdAt = new Date(Math.min(slot.startsAt.getTime() - 21 * 86_400_000, input.now.getTime()));
  return {
    id: crypto.randomUUID(),
    practice_id: input.practiceId,
    location_id: slot.treating.locationId,
    practitioner_id: slot.treating.membershipId,
    room_id: slot.treating.roomId,
    patient_id: slot.patientId,
    appointment_type_id: slot.patientId ? slot.treating.appointmentTypeId : null,
    title: slot.patientId ? "" : "Teambesprechung",
    starts_at: slot.startsAt,
    ends_at: slot.endsAt,
    status,
    cancel_reason: cancelledAt
      ? pick(input.random, ["Patientin hat abgesagt", "Krankheit", "Termin verschoben"])
      : null,
    cancelled_at: cancelledAt,
    series_id: slot.seriesId,
    created_by: input.createdBy,
    created_at: createdAt,
    updated_at: cancelledAt ?? createdAt,
  };
}

/** Two weekly series for each of the first two practitioners: twelve sessions, same weekday and time. */
async function seedSeries(db: Db, input: ScheduleInput, occupy: (slot: Slot) => void): Promise<number> {
  let count = 0;
  for (const treating of input.treating.slice(0, 2)) {
    for (const [weekday, minute] of [[2, 10 * 60], [4, 15 * 60]]) {
      // Started a few weeks ago and running across today (after the holidays, which lie further back).
      const today = berlinParts(input.now).date;
      let first = addDays(today, -7 * (3 + Math.floor(input.random() * 3)));
      if (first < input.fromDate) first = input.fromDate;
      while (isoWeekday(first) !== weekday) first = addDays(first, 1);
      const dates = Array.from({ length: 12 }, (_, i) => addDays(first, 7 * i)).filter((d) => d <= input.toDate);
      if (dates.length === 0) continue;
      const patientId = pick(input.random, treating.patientIds);
      const time = `${String(minute / 60).padStart(2, "0")}:00`;
      const { id } = await db.insertInto("appointment_series").values({
        practice_id: input.practiceId,
        location_id: treating.locationId,
        practitioner_id: treating.membershipId,
        room_id: treating.roomId,
        patient_id: patientId,
        appointment_type_id: treating.appointmentTypeId,
        first_date: first,
        local_start_time: `${time}:00`,
        duration_minutes: treating.durationMinutes,
        interval_weeks: 1,
        occurrence_count: dates.length,
        created_by: input.createdBy,
      }).returning("id").executeTakeFirstOrThrow();
      for (const date of dates) {
        occupy({
          treating,
          startsAt: at(date, minute),
          endsAt: at(date, minute + treating.durationMinutes),
          patientId,
          seriesId: id,
        });
      }
      count++;
    }
  }
  return count;
}

/** Two weeks of holiday in the past part of the range (when it is long enough): no appointments then. */
async function seedHoliday(db: Db, input: ScheduleInput, treating: Treating, index: number): Promise<Set<string>> {
  const days = new Set<string>();
  const rangeDays = Math.round((Date.parse(input.toDate) - Date.parse(input.fromDate)) / 86_400_000);
  if (rangeDays < 120) return days;
  let start = addDays(input.fromDate, 30 + index * 35);
  while (isoWeekday(start) !== 1) start = addDays(start, 1);
  const end = addDays(start, 13);
  for (let date = start; date <= end; date = addDays(date, 1)) days.add(date);
  await db.insertInto("absences").values({
    practice_id: input.practiceId,
    practitioner_id: treating.membershipId,
    starts_at: at(start, 0),
    ends_at: at(addDays(end, 1), 0),
    kind: "vacation",
    note: "Urlaub",
    created_by: input.createdBy,
  }).execute();
  return days;
}

/** Entries for nine in ten attended appointments; those over a day old are finalized, a few amended. */
async function seedNotes(
  db: Db,
  input: ScheduleInput,
  appointments: (Insertable<AppointmentsTable> & { id: string })[],
): Promise<number> {
  const byMembership = new Map(input.treating.map((t) => [t.membershipId, t]));
  const dayAgo = input.now.getTime() - 86_400_000;
  const seal = await noteSealer(input.dataKey.key, input.practiceId);
  const rows: Insertable<NotesTable>[] = [];
  for (const appointment of appointments) {
    if (appointment.status !== "attended" || !appointment.patient_id || input.random() > 0.9) continue;
    const treating = byMembership.get(appointment.practitioner_id)!;
    const endsAt = appointment.ends_at as Date;
    const id = crypto.randomUUID();
    const written = new Date(endsAt.getTime() + 10 * 60_000);
    const final = endsAt.getTime() < dayAgo;
    rows.push({
      id,
      practice_id: input.practiceId,
      patient_id: appointment.patient_id,
      appointment_id: appointment.id,
      template_id: treating.template.id,
      title: treating.template.text.name,
      author_id: treating.accountId,
      status: final ? "final" : "draft",
      content_ciphertext: await seal(id, noteFields(input.random, treating.template.text)),
      key_version: input.dataKey.version,
      created_at: written,
      updated_at: written,
      finalize_due_at: new Date(endsAt.getTime() + 24 * 3_600_000),
      finalized_at: final ? new Date(endsAt.getTime() + 2 * 3_600_000) : null,
      finalized_by: final ? treating.accountId : null,
    });
  }
  for (let from = 0; from < rows.length; from += 500) {
    await db.insertInto("notes").values(rows.slice(from, from + 500)).execute();
  }
  // A correction of a finalized entry, as the practice would write it.
  const finals = rows.filter((row) => row.status === "final");
  for (const note of finals.slice(-3)) {
    const id = crypto.randomUUID();
    const content = {
      reason: "Ergänzung nach Rückmeldung der Patientin",
      fields: [{
        heading: "Nachtrag",
        text: "Beschwerden am Folgetag deutlich rückläufig, Übungen werden durchgeführt.",
      }],
    };
    await db.insertInto("note_amendments").values({
      id,
      practice_id: input.practiceId,
      note_id: note.id!,
      author_id: note.author_id,
      content_ciphertext: await encryptBytes(
        input.dataKey.key,
        new TextEncoder().encode(JSON.stringify(content)),
        amendmentAssociatedData(input.practiceId, id),
      ),
      key_version: input.dataKey.version,
      created_at: new Date(Math.min((note.finalized_at as Date).getTime() + 86_400_000, input.now.getTime())),
    }).execute();
  }
  return rows.length;
}
