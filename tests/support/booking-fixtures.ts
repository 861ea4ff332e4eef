// A practice that books online: a practitioner with working hours on weekdays 08:00–12:00, an
// appointment type bookable online (30 minutes), booking switched on; and the patient's steps
// through the public page as a browser without JavaScript takes them.
import type { Db } from "../../db/database.ts";
import { createTestApp } from "./test-app.ts";
import { type Page, TestClient } from "./http-client.ts";
import { signedInOwner } from "./practice-fixtures.ts";
import { addMember, signedInMember } from "./team-fixtures.ts";

export async function bookingPractice(
  settings: Record<string, string> = {},
  env: Record<string, string> = {},
  options: { db?: Db } = {},
) {
  const t = await createTestApp(env, {}, options);
  const ownerClient = new TestClient(t.app);
  const owner = await signedInOwner(ownerClient, t.db, t.clock, { owner_name: "Dr. Eva Inhaber" });
  const anna = await addMember(t.db, t.masterKey, owner.practiceId, "practitioner", { name: "Anna Behandlerin" });
  const locationId = (await t.db.selectFrom("locations").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow()).id;
  for (const weekday of ["1", "2", "3", "4", "5"]) {
    expect(
      await ownerClient.post(`/calendar/settings/practitioners/${anna.membershipId}/working-hours`, {
        weekday,
        starts: "08:00",
        ends: "12:00",
        valid_from: "2026-01-01",
      }),
      303,
      "working hours",
    );
  }
  expect(
    await ownerClient.post("/calendar/settings/types", {
      name: "Erstgespräch",
      duration: "30",
      colour: "blue",
      bookable_online: "yes",
    }),
    303,
    "type",
  );
  const typeId = (await t.db.selectFrom("appointment_types").select("id").where("practice_id", "=", owner.practiceId)
    .executeTakeFirstOrThrow()).id;
  expect(
    await ownerClient.post("/calendar/settings/online-booking", {
      enabled: "yes",
      lead_hours: "24",
      horizon_weeks: "8",
      frame_origin: "",
      ...settings,
    }),
    303,
    "settings",
  );
  const publicId = (await t.db.selectFrom("online_booking_settings").select("public_id")
    .where("practice_id", "=", owner.practiceId).executeTakeFirstOrThrow()).public_id;
  const annaClient = await signedInMember(t.app, t.clock, anna);
  return { ...t, owner, ownerClient, anna, annaClient, locationId, typeId, publicId, path: `/buchen/${publicId}` };
}

export type BookingWorld = Awaited<ReturnType<typeof bookingPractice>>;

function expect(page: Page, status: number, what: string) {
  if (page.status !== status) throw new Error(`booking setup: ${what} answered ${page.status}`);
}

/** The slot values (radio buttons) and the form ticket a booking page offers. */
export function offeredSlots(html: string): string[] {
  return [...html.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1]);
}

export function ticketOf(html: string): string {
  return html.match(/name="ticket" value="([^"]+)"/)![1];
}

/** A person's fields as the form sends them. */
export function person(fields: Record<string, string> = {}): Record<string, string> {
  return {
    given_names: "Berta",
    family_name: "Neumann",
    email: `berta.${crypto.randomUUID().slice(0, 8)}@example.org`,
    phone: "",
    date_of_birth: "",
    website: "",
    ...fields,
  };
}

/** Opens the page for the type (and a day), sends the booking for the slot (default: the first offered). */
export async function requestSlot(
  w: BookingWorld,
  client: TestClient,
  fields: Record<string, string> = {},
  options: { slot?: string; day?: string } = {},
) {
  const page = await client.get(`${w.path}?typ=${w.typeId}${options.day ? `&tag=${options.day}` : ""}`);
  const slot = options.slot ?? offeredSlots(page.html)[0];
  if (!slot) throw new Error("no slot offered");
  const answer = await client.post(w.path, {
    ticket: ticketOf(page.html),
    lang: "de",
    typ: w.typeId,
    ort: "",
    tag: "",
    slot,
    ...person(fields),
  });
  return { answer, slot };
}

/** The newest mail to an address: its code and its link path. */
export async function bookingMail(db: Db, email: string) {
  const mail = await db.selectFrom("outgoing_mails").select(["subject", "body"]).where("recipient", "=", email)
    .orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
  return {
    ...mail,
    code: mail.body.match(/\b(\d{8})\b/)?.[1] ?? "",
    link: mail.body.match(/https?:\/\/[^\s]+\/buchen\/[a-z]+\/[a-z2-7]+/)?.[0]?.replace(/^https?:\/\/[^/]+/, "") ?? "",
  };
}

/** Requests the slot and confirms it with the mailed code: the patient's whole way. */
export async function bookWithCode(w: BookingWorld, client: TestClient, fields: Record<string, string> = {}) {
  const email = fields.email ?? `berta.${crypto.randomUUID().slice(0, 8)}@example.org`;
  const { answer, slot } = await requestSlot(w, client, { ...fields, email });
  if (answer.status !== 303) throw new Error(`booking answered ${answer.status}`);
  const { code } = await bookingMail(w.db, email);
  const confirmed = await client.post(answer.location!.split("?")[0], { code });
  return { answer, confirmed, slot, email };
}
