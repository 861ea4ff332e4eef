// Booking as the form does without JavaScript. A refused booking answers with a redirect to the
// form with its messages (POST/redirect/GET): the browser follows it, and so does this. A
// booking made answers its own 303, as it is.
import type { Page, TestClient } from "./http-client.ts";

export const REFUSED_BOOKING_PAGE = "/calendar/new?refused=";

export async function postBooking(client: TestClient, fields: Record<string, string>): Promise<Page> {
  const answer = await client.post("/calendar/appointments", fields);
  if (answer.status === 303 && answer.location?.startsWith(REFUSED_BOOKING_PAGE)) {
    return await client.get(answer.location);
  }
  return answer;
}
