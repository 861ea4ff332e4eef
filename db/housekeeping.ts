// Clearing what has expired: sessions past their limits, spent or stale email codes, sent mails,
// unfinished factor enrolments, old rate-limit windows, kept booking forms, old share-link code
// attempts, online booking requests never confirmed, the staged chunks of uploads that an ended
// process left unfinished, and the links of patients' appointments that are long over. Plain
// DELETEs that any number of app processes may run at the same time.
import type { Db } from "./database.ts";
import type { SessionLimits } from "./sessions.ts";
import { PENDING_ENROLMENT_MS } from "./second-factors.ts";
import { ADDRESS_WINDOW_MS } from "./sign-in-guard.ts";
import { clearSpentLinks } from "./appointment-links.ts";
import { KEEP_BOOKING_FORMS_MS } from "./kept-booking-forms.ts";

const KEEP_EMAIL_CODES_MS = 24 * 60 * 60_000;
// A share-link address's wrong codes (and its doubling) are forgotten a week after its last one.
const KEEP_SHARE_ATTEMPTS_MS = 7 * 24 * 60 * 60_000;
/**
 * Budgets count for up to an hour (mails, booking requests and codes, share-link codes per
 * address); the sign-in guard's are shorter. A row goes only when no window can still need it,
 * or clearing would hand a spent hourly budget back.
 */
const KEEP_BUDGETS_MS = Math.max(ADDRESS_WINDOW_MS, 60 * 60_000);
/**
 * Online booking requests never confirmed, or whose slot was gone by then, hold a name and an
 * address and nothing else: they go a day after their code expired.
 */
const KEEP_UNCONFIRMED_BOOKINGS_MS = 24 * 60 * 60_000;
/** No upload streams for a day: staged chunks that old belong to none still running. */
const KEEP_STAGED_UPLOADS_MS = 24 * 60 * 60_000;

export async function clearExpired(db: Db, now: Date, limits: SessionLimits): Promise<number> {
  const idleBefore = new Date(now.getTime() - limits.idleMinutes * 60_000);
  const results = await Promise.all([
    db.deleteFrom("sessions")
      .where((eb) => eb.or([eb("expires_at", "<=", now), eb("last_seen_at", "<=", idleBefore)]))
      .executeTakeFirst(),
    db.deleteFrom("email_verifications")
      .where("created_at", "<", new Date(now.getTime() - KEEP_EMAIL_CODES_MS)).executeTakeFirst(),
    db.deleteFrom("second_factors").where("status", "=", "pending")
      .where("created_at", "<", new Date(now.getTime() - PENDING_ENROLMENT_MS)).executeTakeFirst(),
    db.deleteFrom("outgoing_mails").where("sent_at", "<", new Date(now.getTime() - KEEP_EMAIL_CODES_MS))
      .executeTakeFirst(),
    db.deleteFrom("share_link_attempts")
      .where("updated_at", "<", new Date(now.getTime() - KEEP_SHARE_ATTEMPTS_MS))
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)])).executeTakeFirst(),
    db.deleteFrom("rate_limits")
      .where("window_started_at", "<", new Date(now.getTime() - KEEP_BUDGETS_MS)).executeTakeFirst(),
    db.deleteFrom("booking_requests").where("status", "in", ["unconfirmed", "taken"])
      .where("expires_at", "<", new Date(now.getTime() - KEEP_UNCONFIRMED_BOOKINGS_MS)).executeTakeFirst(),
    db.deleteFrom("kept_booking_forms")
      .where("created_at", "<", new Date(now.getTime() - KEEP_BOOKING_FORMS_MS)).executeTakeFirst(),
    db.deleteFrom("document_upload_chunks")
      .where("staged_at", "<", new Date(now.getTime() - KEEP_STAGED_UPLOADS_MS)).executeTakeFirst(),
    clearSpentLinks(db, now),
  ]);
  return results.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
}
