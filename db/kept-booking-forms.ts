// A booking form posted without JavaScript that did not book (refused, or shown again after a
// search), kept so that the POST answers with a redirect (POST/redirect/GET): the page it leads
// to shows what was typed and the messages again, and a reload repeats only that GET. Kept as
// JSON text (jsonb refuses the NUL a person may paste) for a working day, readable only by the
// session that typed it, in its practice.
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";

export const KEEP_BOOKING_FORMS_MS = 12 * 60 * 60_000;

/** The messages as the views show them: a catalogue key and its values, per field. */
type Messages = Partial<Record<string, { key: string; values?: Record<string, string | number> }>>;

export interface KeptBookingForm<E extends Messages = Messages> {
  values: Record<string, string>;
  errors: E;
}

/** Keeps the form (without its CSRF token) and its messages; answers the id the redirect names. */
export async function keepBookingForm(
  db: Db,
  scope: PracticeScope,
  sessionId: string,
  kept: KeptBookingForm,
  now: Date,
): Promise<string> {
  const { _csrf: _, ...values } = kept.values;
  const row = await db.insertInto("kept_booking_forms")
    .values({
      practice_id: scope.practiceId,
      session_id: sessionId,
      form: JSON.stringify(values),
      errors: JSON.stringify(kept.errors),
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The kept form of this session in this practice, while it is kept; otherwise undefined. */
export async function findKeptBookingForm<E extends Messages>(
  db: Db,
  scope: PracticeScope,
  sessionId: string,
  id: string,
  now: Date,
): Promise<KeptBookingForm<E> | undefined> {
  const row = await db.selectFrom("kept_booking_forms")
    .select(["form", "errors"])
    .where("id", "=", id)
    .where("practice_id", "=", scope.practiceId)
    .where("session_id", "=", sessionId)
    .where("created_at", ">", new Date(now.getTime() - KEEP_BOOKING_FORMS_MS))
    .executeTakeFirst();
  return row ? { values: JSON.parse(row.form), errors: JSON.parse(row.errors) as E } : undefined;
}
