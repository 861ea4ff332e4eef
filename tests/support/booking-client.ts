// Booking as the form does without JavaScript. A booking form that did not book (refused, or
// shown again after a search) answers with a redirect to the form as typed, with its messages
// (POST/redirect/GET): the browser follows it, and so does this. A booking made answers its own
// 303, as it is. And the room and usual type most bookings here start from.
import type { Db } from "../../db/database.ts";
import type { Page, TestClient } from "./http-client.ts";

export const KEPT_FORM_PAGE = "/calendar/new?kept=";

/** Posts to /calendar/appointments (or the form's other action, /calendar/new) and follows a redirect to the kept form. */
export async function postBooking(
  client: TestClient,
  fields: Record<string, string>,
  path = "/calendar/appointments",
): Promise<Page> {
  const answer = await client.post(path, fields);
  if (answer.status === 303 && answer.location?.startsWith(KEPT_FORM_PAGE)) {
    return await client.get(answer.location);
  }
  return answer;
}

/**
 * The practice's first location with "Raum 1" and the type "Behandlung" (45 minutes in Raum 1),
 * which becomes the practitioner's usual type.
 */
export async function addUsualTreatment(db: Db, practiceId: string, practitionerId: string) {
  const location = await db.selectFrom("locations").select("id").where("practice_id", "=", practiceId)
    .executeTakeFirstOrThrow();
  const room = await db.insertInto("rooms").values({
    practice_id: practiceId,
    location_id: location.id,
    name: "Raum 1",
  })
    .returning("id").executeTakeFirstOrThrow();
  const type = await db.insertInto("appointment_types").values({
    practice_id: practiceId,
    name: "Behandlung",
    duration_minutes: 45,
    colour: "blue",
    default_room_id: room.id,
  }).returning("id").executeTakeFirstOrThrow();
  await db.updateTable("memberships").set({ usual_appointment_type_id: type.id }).where("id", "=", practitionerId)
    .execute();
  return { locationId: location.id, roomId: room.id, typeId: type.id };
}
