// What the home page says about the practice, counted for the person who looks: only the areas
// their role may see, and only the locations their membership covers.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { visibleLocation } from "./calendar-access.ts";
import { MAX_CODE_ATTEMPTS } from "./invitations.ts";
import { berlinDate } from "../lib/clock.ts";
import { addDays, startOfBerlinDay } from "../lib/berlin-time.ts";

/** Days after today that "coming appointments" covers. */
export const COMING_DAYS = 7;

export interface HomeSummary {
  /** Patients in the daily lists (not archived); null when the role may not see patients. */
  patients: number | null;
  /** Appointments today and in the COMING_DAYS after today, not cancelled; null without the calendar. */
  appointmentsToday: number | null;
  appointmentsComing: number | null;
  /** Current members and open invitations; null unless the person manages the team. */
  members: number | null;
  openInvitations: number | null;
}

export async function homeSummary(
  db: Db,
  scope: PracticeScope,
  now: Date,
  may: { patients: boolean; calendar: boolean; team: boolean },
): Promise<HomeSummary> {
  const today = berlinDate(now);
  const [startOfToday, startOfTomorrow, endOfComing] = [0, 1, 1 + COMING_DAYS].map((days) =>
    startOfBerlinDay(addDays(today, days))
  );
  const count = sql<string>`count(*)`.as("n");
  const none = sql<string | null>`null`;

  // One statement: each count a scalar subquery, and null where the role may not see it.
  const row = await db.selectNoFrom([
    (may.patients
      ? db.selectFrom("patients").select(count).where("practice_id", "=", scope.practiceId)
        .where("archived_at", "is", null)
      : none).as("patients"),
    (may.calendar
      ? db.selectFrom("appointments as a").select(count).where("a.practice_id", "=", scope.practiceId)
        .where("a.status", "!=", "cancelled").where("a.starts_at", ">=", startOfToday)
        .where("a.starts_at", "<", startOfTomorrow).where(visibleLocation(scope, sql.ref("a.location_id")))
      : none).as("today"),
    (may.calendar
      ? db.selectFrom("appointments as a").select(count).where("a.practice_id", "=", scope.practiceId)
        .where("a.status", "!=", "cancelled").where("a.starts_at", ">=", startOfTomorrow)
        .where("a.starts_at", "<", endOfComing).where(visibleLocation(scope, sql.ref("a.location_id")))
      : none).as("coming"),
    (may.team
      ? db.selectFrom("memberships").select(count).where("practice_id", "=", scope.practiceId)
        .where("status", "=", "active").where("ended_at", "is", null)
        .where((eb) => eb.or([eb("ends_on", "is", null), eb("ends_on", ">=", sql<Date>`${today}::date`)]))
      : none).as("members"),
    (may.team
      ? db.selectFrom("invitations").select(count).where("practice_id", "=", scope.practiceId)
        .where("accepted_at", "is", null).where("withdrawn_at", "is", null)
        .where("attempts", "<", MAX_CODE_ATTEMPTS).where("expires_at", ">", now)
      : none).as("invitations"),
  ]).executeTakeFirstOrThrow();
  const counted = (value: string | number | null) => value === null ? null : Number(value);
  return {
    patients: counted(row.patients),
    appointmentsToday: counted(row.today),
    appointmentsComing: counted(row.coming),
    members: counted(row.members),
    openInvitations: counted(row.invitations),
  };
}
