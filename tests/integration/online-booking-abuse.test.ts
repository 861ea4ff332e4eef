import { suite } from "uvu";
import * as assert from "uvu/assert";
import { TestClient } from "../support/http-client.ts";
import { clearExpired } from "../../db/housekeeping.ts";
import {
  bookingMail,
  bookingPractice,
  type BookingWorld,
  offeredSlots,
  person,
  requestSlot,
  ticketOf,
} from "../support/booking-fixtures.ts";

const test = suite("online booking: hostile input on every public form, budgets, honeypot and pacing");

let shared: BookingWorld | undefined;
const world = async () => (shared ??= await bookingPractice({ birth_date_required: "yes" }));

async function written(w: BookingWorld) {
  const [requests, mails, appointments, proposals] = await Promise.all([
    w.db.selectFrom("booking_requests").select("id").where("practice_id", "=", w.owner.practiceId).execute(),
    w.db.selectFrom("outgoing_mails").select("id").execute(),
    w.db.selectFrom("appointments").select("id").where("practice_id", "=", w.owner.practiceId).execute(),
    w.db.selectFrom("slot_offers").select("id").where("practice_id", "=", w.owner.practiceId).execute(),
  ]);
  return [requests.length, mails.length, appointments.length, proposals.length];
}

test("hostile input on the booking and waiting-list forms: 4xx beside the field, nothing written", async () => {
  const w = await world();
  const client = new TestClient(w.app);
  const page = await client.get(`${w.path}?typ=${w.typeId}`);
  const slot = offeredSlots(page.html)[0];
  const good = {
    ticket: ticketOf(page.html),
    lang: "de",
    typ: w.typeId,
    ort: "",
    tag: "",
    slot,
    ...person({ date_of_birth: "1980-03-12" }),
  };
  const before = await written(w);
  const hostile: Record<string, string>[] = [
    { given_names: "" },
    { family_name: "x".repeat(201) },
    { family_name: "Null\u0000Byte" },
    { given_names: "\u202eevil" + "\ufffd" },
    { email: "keine-adresse" },
    { email: "a@b.c\r\nBcc: viele@example.org" },
    { phone: "1".repeat(41) },
    { date_of_birth: "" },
    { date_of_birth: "2999-01-01" },
    { date_of_birth: "31.02.1980" },
    { slot: "" },
    { slot: "kein-slot" },
    { slot: `${crypto.randomUUID()}.1700000000000.x` },
    { typ: "'; drop table patients; --" },
    { typ: crypto.randomUUID() },
    { ort: "nicht-uuid" },
    { website: "https://spam.example" },
    { ticket: "" },
    { ticket: "1700000000000.forgedforgedforgedforgedforgedforgedforgedfor" },
    { slot: `${w.anna.membershipId}.${Date.now() + 3_600_000}` },
  ];
  for (const change of hostile) {
    const answer = await client.post(w.path, { ...good, ...change });
    assert.ok(answer.status >= 400 && answer.status < 500, `${JSON.stringify(change)} answered ${answer.status}`);
    assert.not.match(answer.html, /<script>|evil\u202e/, JSON.stringify(change));
  }
  const waitingPage = await client.get(`${w.path}/warteliste?typ=${w.typeId}`);
  assert.is(waitingPage.status, 200);
  for (const change of hostile.filter((c) => !("slot" in c))) {
    const answer = await client.post(`${w.path}/warteliste`, {
      ...good,
      ticket: ticketOf(waitingPage.html),
      behandler: "",
      ...change,
    });
    assert.ok(answer.status >= 400 && answer.status < 500, `waiting list ${JSON.stringify(change)}: ${answer.status}`);
  }
  assert.equal(await written(w), before, "nothing stored, nothing mailed");
  const repeated = await w.app.request(`http://kartei.test${w.path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://kartei.test" },
    body: "given_names=a&given_names=b&slot=%00",
  }, { remoteAddr: { hostname: "10.250.0.1" } });
  assert.ok(repeated.status >= 400 && repeated.status < 500, `repeated fields: ${repeated.status}`);
  const crossSite = await w.app.request(`http://kartei.test${w.path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
    body: new URLSearchParams(good).toString(),
  }, { remoteAddr: { hostname: "10.250.0.2" } });
  assert.is(crossSite.status, 403, "a post from another site is refused");
  assert.equal(await written(w), before);
});

test("hostile input on the code, link, offer and proposal pages: 4xx, nothing written", async () => {
  const w = await world();
  const client = new TestClient(w.app);
  const { answer } = await requestSlot(w, client, { date_of_birth: "1980-03-12" });
  const codePath = answer.location!.split("?")[0];
  const before = await written(w);
  for (const code of ["", "abc", "1".repeat(30), "1234567\u0000", "' or 1=1 --"]) {
    const refused = await client.post(codePath, { code });
    assert.is(refused.status, 422, JSON.stringify(code));
  }
  for (
    const path of [
      `${w.path}/code/NOT-A-FLOW`,
      "/buchen/bestaetigen/short",
      `/buchen/bestaetigen/${"a".repeat(52)}`,
      `/buchen/angebot/${"b".repeat(52)}`,
      "/buchen/angebot/%00",
      `/buchen/vorschlag/${"c".repeat(52)}`,
    ]
  ) {
    assert.is((await client.get(path)).status, 404, path);
    assert.is((await client.post(path, {})).status, 404, path);
  }
  assert.equal(await written(w), before);
});

test("a wrong code five times ends the request; a right one afterwards holds nothing", async () => {
  const w = await world();
  const client = new TestClient(w.app);
  const email = "fuenfmal@example.org";
  const { answer, slot } = await requestSlot(w, client, { email, date_of_birth: "1980-03-12" });
  const { code } = await bookingMail(w.db, email);
  const wrong = code === "99999999" ? "88888888" : "99999999";
  for (let i = 0; i < 5; i++) await client.post(answer.location!.split("?")[0], { code: wrong });
  const late = await client.post(answer.location!.split("?")[0], { code });
  assert.is(late.status, 422);
  assert.match(late.html, /Zu viele falsche Versuche/);
  const startsAt = new Date(Number(slot.split(".")[1]));
  assert.not.ok(
    await w.db.selectFrom("appointments").select("id").where("practice_id", "=", w.owner.practiceId)
      .where("starts_at", "=", startsAt).executeTakeFirst(),
  );
});

test("a code expires after 30 minutes", async () => {
  const w = await world();
  const client = new TestClient(w.app);
  const email = "spaet@example.org";
  const { answer } = await requestSlot(w, client, { email, date_of_birth: "1980-03-12" });
  w.clock.advance(31 * 60_000);
  const late = await client.post(answer.location!.split("?")[0], { code: (await bookingMail(w.db, email)).code });
  assert.is(late.status, 422);
  assert.match(late.html, /abgelaufen/);
});

test("repeated bookings from one address wait for an older form; the hourly budgets per address and email hold", async () => {
  const w = await bookingPractice();
  const address = "10.251.0.1";
  const client = () => new TestClient(w.app, undefined, address);
  const send = async (c: TestClient, email: string, html?: string) => {
    const page = html ?? (await c.get(`${w.path}?typ=${w.typeId}`)).html;
    return await c.post(w.path, {
      ticket: ticketOf(page),
      lang: "de",
      typ: w.typeId,
      ort: "",
      tag: "",
      slot: offeredSlots(page)[0],
      ...person({ email }),
    });
  };
  assert.is((await send(client(), "eins@example.org")).status, 303);
  assert.is((await send(client(), "zwei@example.org")).status, 303);
  const third = client();
  const form = (await third.get(`${w.path}?typ=${w.typeId}`)).html;
  const tooFast = await send(third, "drei@example.org", form);
  assert.is(tooFast.status, 429);
  assert.match(tooFast.html, /warten Sie einen Moment/);
  assert.is(ticketOf(tooFast.html), ticketOf(form), "the wait counts from when the form was first shown");
  w.clock.advance(10_000);
  assert.is((await send(third, "drei@example.org", form)).status, 303, "the same form, ten seconds older");
  // The pause doubles up to ten minutes: forms shown ten minutes ago pass for every later one.
  const forms = [];
  for (let n = 4; n <= 10; n++) {
    const c = client();
    forms.push({ c, n, page: (await c.get(`${w.path}?typ=${w.typeId}`)).html });
  }
  w.clock.advance(10 * 60_000);
  for (const { c, n, page } of forms) {
    assert.is((await send(c, `nr${n}@example.org`, page)).status, 303, `booking ${n}`);
  }
  const eleventh = await send(client(), "elf@example.org");
  assert.is(eleventh.status, 429, "ten an hour from one address");
  assert.match(eleventh.html, /Zu viele Anfragen/);

  const email = "dieselbe@example.org";
  for (let i = 0; i < 5; i++) {
    const answer = await send(new TestClient(w.app), email);
    assert.is(answer.status, 303, `email ${i + 1}`);
  }
  assert.is((await send(new TestClient(w.app), email)).status, 429, "five an hour for one address");
});

test("housekeeping keeps an hourly budget for its hour, and clears requests never confirmed a day later", async () => {
  const w = await bookingPractice();
  const { answer } = await requestSlot(w, new TestClient(w.app, undefined, "10.252.0.1"), { email: "weg@example.org" });
  assert.is(answer.status, 303);
  const limits = { idleMinutes: 30, absoluteHours: 12 };
  w.clock.advance(20 * 60_000);
  await clearExpired(w.db, w.clock.now(), limits);
  const budget = await w.db.selectFrom("rate_limits").select("count").where("key", "like", "booking:address:10.252.%")
    .executeTakeFirst();
  assert.is(budget?.count, 1, "twenty minutes on, the address's hourly budget still counts its request");
  assert.is(
    (await w.db.selectFrom("booking_requests").select("id").where("email", "=", "weg@example.org").execute())
      .length,
    1,
  );
  w.clock.advance(25 * 3_600_000);
  await clearExpired(w.db, w.clock.now(), limits);
  assert.equal(
    await w.db.selectFrom("booking_requests").select("id").where("email", "=", "weg@example.org").execute(),
    [],
  );
});

test.run();
