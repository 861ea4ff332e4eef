// How each member looks at the calendar: the last day or week view they opened (so /calendar
// opens it again, on any browser), and the colour each practitioner is shown with.
import { sql } from "kysely";
import type { Db } from "./database.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { PRACTITIONER_ROLES } from "./calendar-access.ts";
import type { TypeColour } from "../lib/appointment-colours.ts";

export interface RememberedView {
  kind: "day" | "week";
  /** null: all practitioners. */
  practitionerId: string | null;
  /** null: all locations. */
  locationId: string | null;
}

/** The member's last view, or undefined before their first. */
export async function lastCalendarView(db: Db, scope: PracticeScope): Promise<RememberedView | undefined> {
  const row = await db.selectFrom("calendar_last_views").select(["kind", "practitioner_id", "location_id"])
    .where("membership_id", "=", scope.membershipId).where("practice_id", "=", scope.practiceId).executeTakeFirst();
  return row ? { kind: row.kind, practitionerId: row.practitioner_id, locationId: row.location_id } : undefined;
}

/**
 * Remembers the view just shown, in one statement; an unchanged view writes nothing. The ids
 * come from the practice's own lists (the caller checked them), never from the request alone.
 */
export async function rememberCalendarView(db: Db, scope: PracticeScope, view: RememberedView, now: Date) {
  await db.insertInto("calendar_last_views").values({
    membership_id: scope.membershipId,
    practice_id: scope.practiceId,
    kind: view.kind,
    practitioner_id: view.practitionerId,
    location_id: view.locationId,
    updated_at: now,
  }).onConflict((conflict) =>
    conflict.column("membership_id").doUpdateSet({
      kind: view.kind,
      practitioner_id: view.practitionerId,
      location_id: view.locationId,
      updated_at: now,
    }).where(sql<boolean>`(calendar_last_views.kind, calendar_last_views.practitioner_id,
      calendar_last_views.location_id) is distinct from (${view.kind}, ${view.practitionerId}::uuid,
      ${view.locationId}::uuid)`)
  ).execute();
}

/** Sets (or clears, with null) a practitioner's colour in the calendar. */
export async function setPractitionerColour(
  db: Db,
  scope: PracticeScope,
  practitionerId: string,
  colour: TypeColour | null,
  facts: RequestFacts,
) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("memberships").set({ calendar_colour: colour })
      .where("practice_id", "=", scope.practiceId).where("id", "=", practitionerId)
      .where("role", "in", PRACTITIONER_ROLES).execute();
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action: "membership.calendar_colour_set",
      actorAccountId: scope.accountId,
      subjectType: "membership",
      subjectId: practitionerId,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { colour },
    });
  });
}
