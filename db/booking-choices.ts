// What the booking form offers: the practitioners, locations and rooms the acting member may
// book, the patients a search finds (plus the one already chosen), and the practitioner's next
// free times from the chosen day on. One call gathers it all for the route.
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { bookableRooms, calendarLocations, listPractitioners, type Practitioner } from "./calendar-access.ts";
import { listAppointments, MAX_DURATION_MINUTES } from "./appointments.ts";
import { findPatient, searchPatients } from "./patients.ts";
import { readPatientQuery } from "../lib/patient-query.ts";
import { availabilityFor } from "./working-hours.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import { freeSlots } from "../lib/free-slots.ts";
import { addDays, startOfBerlinDay } from "../lib/berlin-time.ts";

export interface PatientChoice {
  id: string;
  name: string;
  /** YYYY-MM-DD or null */
  dateOfBirth: string | null;
}

export interface BookingChoices {
  practitioners: Practitioner[];
  locations: { id: string; name: string }[];
  rooms: { id: string; name: string; location_id: string }[];
  patients: PatientChoice[];
  searched: boolean;
  freeSlots: { start: Date; end: Date }[];
}

export interface BookingRequest {
  practitionerId: string | null;
  /** What was typed into the patient search. */
  patientQuery: string;
  /** The patient already chosen, offered even when the search does not find them. */
  patientId: string | null;
  /** YYYY-MM-DD, or null: no free times. */
  date: string | null;
  /** Minutes, or null: no free times. */
  durationMinutes: number | null;
}

const SHOWN_FREE_SLOTS = 8;

function dateOfBirth(value: Date | string | null): string | null {
  if (!value) return null;
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** Patients (not archived) matching the search text, at most 20; nothing typed: none. */
export async function findPatientChoices(
  db: Db,
  scope: PracticeScope,
  query: string,
  now: Date,
): Promise<PatientChoice[]> {
  const text = query.trim().slice(0, 200);
  if (!text) return [];
  const result = await searchPatients(db, scope, {
    // A two-digit birth year is read against the request's today.
    query: readPatientQuery(text, now),
    includeArchived: false,
    limit: 20,
    offset: 0,
  });
  return result.patients.map((p) => ({
    id: p.id,
    name: patientDisplayName(p),
    dateOfBirth: dateOfBirth(p.date_of_birth),
  }));
}

/** Everything the booking form offers for what has been chosen so far. */
export async function bookingChoices(
  db: Db,
  scope: PracticeScope,
  request: BookingRequest,
  now: Date,
): Promise<BookingChoices> {
  const [practitioners, locations, allRooms, patients] = await Promise.all([
    listPractitioners(db, scope, now),
    calendarLocations(db, scope),
    bookableRooms(db, scope),
    findPatientChoices(db, scope, request.patientQuery, now),
  ]);
  if (request.patientId && !patients.some((p) => p.id === request.patientId)) {
    const selected = await findPatient(db, scope, request.patientId);
    if (selected && !selected.archived_at) {
      patients.unshift({
        id: selected.id,
        name: patientDisplayName(selected),
        dateOfBirth: dateOfBirth(selected.date_of_birth),
      });
    }
  }
  const practitioner = practitioners.find((p) => p.id === request.practitionerId);
  return {
    practitioners,
    locations,
    rooms: allRooms.filter((room) => locations.some((l) => l.id === room.location_id)),
    patients,
    searched: !!request.patientQuery.trim(),
    freeSlots: practitioner ? await nextFreeSlots(db, scope, practitioner.id, request, now) : [],
  };
}

/** The first free times of the week from the chosen day (or from now, if later). */
async function nextFreeSlots(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  request: BookingRequest,
  now: Date,
) {
  const duration = request.durationMinutes;
  if (
    !request.date || duration === null || !Number.isInteger(duration) || duration < 5 || duration > MAX_DURATION_MINUTES
  ) return [];
  const start = startOfBerlinDay(request.date);
  const from = start > now ? start : now;
  const to = startOfBerlinDay(addDays(request.date, 7));
  if (!(from < to)) return [];
  const [availability, booked] = await Promise.all([
    availabilityFor(db, scope.practiceId, [practitionerId], from, to),
    listAppointments(db, scope, { from, to, practitionerId }),
  ]);
  const hours = availability.get(practitionerId);
  if (!hours?.working.length) return [];
  const taken = booked.map((a) => ({ starts_at: a.startsAt, ends_at: a.endsAt, status: a.status }));
  return freeSlots(hours, taken, duration, from, to).slice(0, SHOWN_FREE_SLOTS);
}
