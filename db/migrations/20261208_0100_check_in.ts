// Check-in: front desk marks that the patient has arrived (and who did); undoing a mistaken
// check-in clears both. An arrival counts only while the appointment is booked or attended
// (db/check-in.ts); cancelling or a no-show leaves the column as it was, unread.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table appointments add column arrived_at timestamptz,
    add column arrived_by uuid references accounts (id)`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table appointments drop column arrived_by, drop column arrived_at`.execute(db);
}
