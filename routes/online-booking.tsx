// The public booking page of a practice (/buchen/<random id>, no account): choose a type, a
// slot, give a name and address; the request waits for the mailed code or link (double
// opt-in). The page never looks a person up, so every address gets the same answers on the
// same path. Abuse protection without third parties: budgets per client address and per email,
// a honeypot field, a signed form ticket that paces repeated bookings, and a bound on the open
// requests per email (db/booking-requests.ts).
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { confirmLink } from "./booking-links.ts";
import { clientAddress } from "./middleware/client-address.ts";
import { parseForm, readId, readIsoDay } from "./validation.ts";
import { bookingForm, codeForm, useAskedLanguage, waitingListForm } from "./online-booking-forms.ts";
import {
  type BookingOffer,
  bookingOffer,
  type BookingPage as Page,
  bookingWindow,
  findBookingPage,
  freeOnlineSlots,
  type OnlineSlot,
} from "../db/online-booking.ts";
import {
  confirmBookingCode,
  type ConfirmOutcome,
  FLOW_PATTERN,
  newBookingVerification,
  submitBookingRequest,
} from "../db/booking-requests.ts";
import { returnToBudget, takeFromBudget } from "../db/rate-limits.ts";
import { bookingPause, issueBookingTicket, readBookingTicket } from "../lib/booking-ticket.ts";
import { guessingGroupOf } from "../lib/cidr.ts";
import { berlinDate } from "../lib/clock.ts";
import { daysWithSlots } from "../lib/booking-days.ts";
import { hashSecret } from "../lib/secret-token.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { type BookingChoice, BookingPage, WaitingListPage } from "../views/booking/booking-page.tsx";
import { CodePage, OutcomePage } from "../views/booking/confirm-pages.tsx";

const HOUR = 3_600_000;
export const BOOKINGS_PER_ADDRESS_AND_HOUR = 10;
export const BOOKINGS_PER_EMAIL_AND_HOUR = 5;
export const CODES_PER_ADDRESS_AND_HOUR = 20;
const DAYS_SHOWN = 10;

/** The enabled booking page of the path, with its framing origin set for the answer. */
async function bookingPageOf(c: Context<AppEnv>): Promise<Page | undefined> {
  const page = await findBookingPage(c.var.deps.db, c.req.param("page") ?? "");
  if (page?.settings.frameOrigin) c.set("frameAncestor", page.settings.frameOrigin);
  c.header("X-Robots-Tag", "noindex, nofollow");
  return page;
}

function readChoice(query: Record<string, string>, offer: BookingOffer): BookingChoice {
  const typeId = readId(query.typ ?? "") ?? "";
  const practitionerId = readId(query.behandler ?? "") ?? "";
  const locationId = readId(query.ort ?? "") ?? "";
  return {
    typeId: offer.types.some((t) => t.id === typeId) ? typeId : offer.types.length === 1 ? offer.types[0].id : "",
    practitionerId: offer.practitioners.some((p) => p.id === practitionerId) ? practitionerId : "",
    locationId: offer.locations.some((l) => l.id === locationId) ? locationId : "",
    day: readIsoDay(query.tag ?? "") ?? "",
  };
}

async function renderBooking(
  c: Context<AppEnv>,
  page: Page,
  query: Record<string, string>,
  options: {
    values?: Record<string, string>;
    errors?: FieldErrors;
    problem?: MessageKey;
    status?: 200 | 409 | 422 | 429;
    ticket?: string;
  } = {},
) {
  const { db, clock, masterKey } = c.var.deps;
  const now = clock.now();
  const offer = await bookingOffer(db, page.practiceId, now);
  const choice = readChoice(query, offer);
  const type = offer.types.find((t) => t.id === choice.typeId);
  let slots: OnlineSlot[] = [];
  if (type) {
    const window = bookingWindow(page.settings, now);
    slots = await freeOnlineSlots(db, page.practiceId, offer, {
      durationMinutes: type.durationMinutes,
      practitionerIds: choice.practitionerId ? [choice.practitionerId] : offer.practitioners.map((p) => p.id),
      locationId: choice.locationId || null,
      ...window,
    });
  }
  const shown = daysWithSlots(slots, {
    from: readIsoDay(query.ab ?? "") ?? "",
    chosen: choice.day,
    days: DAYS_SHOWN,
    onePerTime: !choice.practitionerId,
  });
  choice.day = shown.day;
  const names = new Map(offer.practitioners.map((p) => [p.id, p.name]));
  return c.html(
    <BookingPage
      page={pageContext(c)}
      practiceName={page.practiceName}
      publicId={page.publicId}
      ticket={options.ticket ?? await issueBookingTicket(masterKey, page.publicId, now)}
      offer={offer}
      birthDateRequired={page.settings.birthDateRequired}
      choice={choice}
      days={shown.days}
      moreFrom={shown.moreFrom}
      slots={shown.slots.map((slot) => ({
        value: `${slot.practitionerId}.${slot.start.getTime()}`,
        time: slot.time,
        practitionerName: names.get(slot.practitionerId) ?? "",
      }))}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      problem={options.problem}
    />,
    options.status ?? 200,
  );
}

async function renderWaitingList(
  c: Context<AppEnv>,
  page: Page,
  query: Record<string, string>,
  options: {
    values?: Record<string, string>;
    errors?: FieldErrors;
    problem?: MessageKey;
    status?: 200 | 409 | 422 | 429;
    ticket?: string;
  } = {},
) {
  const { db, clock, masterKey } = c.var.deps;
  const offer = await bookingOffer(db, page.practiceId, clock.now());
  const choice = readChoice(query, offer);
  const type = offer.types.find((t) => t.id === choice.typeId);
  if (!type) return c.redirect(`/buchen/${page.publicId}`, 303);
  return c.html(
    <WaitingListPage
      page={pageContext(c)}
      practiceName={page.practiceName}
      publicId={page.publicId}
      ticket={options.ticket ?? await issueBookingTicket(masterKey, page.publicId, clock.now())}
      typeName={type.name}
      choice={choice}
      birthDateRequired={page.settings.birthDateRequired}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      problem={options.problem}
    />,
    options.status ?? 200,
  );
}

type Refusal = { problem: MessageKey; status: 422 | 429 };

/**
 * The checks before a request is stored: the form's ticket, the address's hourly budget with
 * its pause for repeated bookings, and the email's hourly budget. Null: go ahead.
 */
async function admitRequest(c: Context<AppEnv>, page: Page, ticket: string, email: string): Promise<Refusal | null> {
  const { db, clock, masterKey } = c.var.deps;
  const now = clock.now();
  const shownAt = await readBookingTicket(masterKey, page.publicId, ticket, now);
  if (!shownAt) return { problem: "booking.formExpired", status: 422 };
  const addressKey = `booking:address:${guessingGroupOf(clientAddress(c))}`;
  const count = await takeFromBudget(db, addressKey, BOOKINGS_PER_ADDRESS_AND_HOUR, HOUR, now);
  if (count === null) return { problem: "booking.tooMany", status: 429 };
  if (now.getTime() - shownAt.getTime() < bookingPause(count)) {
    await returnToBudget(db, addressKey);
    return { problem: "booking.tooFast", status: 429 };
  }
  const emailKey = `booking:email:${hashSecret(email.toLowerCase())}`;
  if (await takeFromBudget(db, emailKey, BOOKINGS_PER_EMAIL_AND_HOUR, HOUR, now) === null) {
    return { problem: "booking.tooMany", status: 429 };
  }
  return null;
}

export function onlineBookingRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/buchen/:page", async (c) => {
    useAskedLanguage(c, c.req.query("lang"));
    const page = await bookingPageOf(c);
    if (!page) return c.notFound();
    return await renderBooking(c, page, c.req.query());
  });

  app.post("/buchen/:page", async (c) => {
    const page = await bookingPageOf(c);
    if (!page) return c.notFound();
    const { clock, db } = c.var.deps;
    const parsed = await parseForm(c, bookingForm(page.settings.birthDateRequired, berlinDate(clock.now())));
    useAskedLanguage(c, parsed.values.lang);
    if (!parsed.success) {
      return await renderBooking(c, page, parsed.values, {
        values: parsed.values,
        errors: parsed.errors,
        status: 422,
        problem: parsed.errors.website ? "booking.trapFilled" : undefined,
      });
    }
    const form = parsed.data;
    const refusal = await admitRequest(c, page, form.ticket, form.email);
    if (refusal) {
      // A pause keeps its ticket: the wait counts from when the form was first shown.
      const ticket = refusal.problem === "booking.tooFast" ? form.ticket : undefined;
      return await renderBooking(c, page, parsed.values, { values: parsed.values, ...refusal, ticket });
    }
    const verification = newBookingVerification();
    const outcome = await submitBookingRequest(
      db,
      page,
      {
        kind: "booking",
        appointmentTypeId: form.typ,
        practitionerId: form.slot.practitionerId,
        locationId: form.ort,
        startsAt: form.slot.startsAt,
        familyName: form.family_name,
        givenNames: form.given_names,
        email: form.email,
        phone: form.phone,
        dateOfBirth: form.date_of_birth,
        language: c.var.lang,
      },
      verification,
      confirmLink(c)(verification.linkToken),
      requestFacts(c),
    );
    if (outcome === "slot_gone") {
      return await renderBooking(c, page, parsed.values, {
        values: parsed.values,
        problem: "booking.slotGone",
        status: 409,
      });
    }
    if (outcome !== "mailed") {
      return await renderBooking(c, page, {}, { values: parsed.values, problem: "booking.unknownType", status: 422 });
    }
    c.var.deps.kickMailDelivery();
    return c.redirect(`/buchen/${page.publicId}/code/${verification.flowId}?lang=${c.var.lang}`, 303);
  });

  app.get("/buchen/:page/warteliste", async (c) => {
    useAskedLanguage(c, c.req.query("lang"));
    const page = await bookingPageOf(c);
    if (!page) return c.notFound();
    return await renderWaitingList(c, page, c.req.query());
  });

  app.post("/buchen/:page/warteliste", async (c) => {
    const page = await bookingPageOf(c);
    if (!page) return c.notFound();
    const { clock, db } = c.var.deps;
    const parsed = await parseForm(c, waitingListForm(page.settings.birthDateRequired, berlinDate(clock.now())));
    useAskedLanguage(c, parsed.values.lang);
    if (!parsed.success) {
      if (parsed.errors.typ) return await renderBooking(c, page, {}, { problem: "booking.unknownType", status: 422 });
      return await renderWaitingList(c, page, parsed.values, {
        values: parsed.values,
        errors: parsed.errors,
        status: 422,
        problem: parsed.errors.website ? "booking.trapFilled" : undefined,
      });
    }
    const form = parsed.data;
    const refusal = await admitRequest(c, page, form.ticket, form.email);
    if (refusal) {
      const ticket = refusal.problem === "booking.tooFast" ? form.ticket : undefined;
      return await renderWaitingList(c, page, parsed.values, { values: parsed.values, ...refusal, ticket });
    }
    const verification = newBookingVerification();
    const outcome = await submitBookingRequest(
      db,
      page,
      {
        kind: "waiting_list",
        appointmentTypeId: form.typ,
        practitionerId: form.behandler,
        locationId: form.ort,
        startsAt: null,
        familyName: form.family_name,
        givenNames: form.given_names,
        email: form.email,
        phone: form.phone,
        dateOfBirth: form.date_of_birth,
        language: c.var.lang,
      },
      verification,
      confirmLink(c)(verification.linkToken),
      requestFacts(c),
    );
    if (outcome !== "mailed") {
      return await renderBooking(c, page, {}, { values: parsed.values, problem: "booking.unknownType", status: 422 });
    }
    c.var.deps.kickMailDelivery();
    return c.redirect(`/buchen/${page.publicId}/code/${verification.flowId}?lang=${c.var.lang}`, 303);
  });

  // Any well-formed flow shows the same page: one whose request was never stored (the address had
  // too many open ones) looks like every other and accepts no code.
  app.get("/buchen/:page/code/:flow", async (c) => {
    useAskedLanguage(c, c.req.query("lang"));
    const page = await bookingPageOf(c);
    const flow = c.req.param("flow");
    if (!page || !FLOW_PATTERN.test(flow)) return c.notFound();
    return c.html(<CodePage page={pageContext(c)} practiceName={page.practiceName} action={c.req.path} errors={{}} />);
  });

  app.post("/buchen/:page/code/:flow", async (c) => {
    const page = await bookingPageOf(c);
    const flow = c.req.param("flow");
    if (!page || !FLOW_PATTERN.test(flow)) return c.notFound();
    const { db, clock } = c.var.deps;
    const parsed = await parseForm(c, codeForm);
    useAskedLanguage(c, parsed.values.lang);
    const again = (errors: FieldErrors, status: 422 | 429) =>
      c.html(
        <CodePage page={pageContext(c)} practiceName={page.practiceName} action={c.req.path} errors={errors} />,
        status,
      );
    if (!parsed.success) return again(parsed.errors, 422);
    const key = `booking-code:${guessingGroupOf(clientAddress(c))}`;
    if (await takeFromBudget(db, key, CODES_PER_ADDRESS_AND_HOUR, HOUR, clock.now()) === null) {
      return again({ code: { key: "booking.tooMany" } }, 429);
    }
    const outcome = await confirmBookingCode(db, flow, parsed.data.code, requestFacts(c));
    if (outcome === "invalid" || outcome === "exhausted" || outcome === "expired") {
      return again({ code: { key: CODE_PROBLEMS[outcome] } }, 422);
    }
    c.var.deps.kickMailDelivery();
    return outcomePage(c, page.practiceName, outcome, `/buchen/${page.publicId}`);
  });

  return app;
}

const CODE_PROBLEMS: Record<"invalid" | "exhausted" | "expired", MessageKey> = {
  invalid: "booking.invalidCode",
  exhausted: "booking.exhaustedCode",
  expired: "booking.expiredCode",
};

const OUTCOMES: Record<ConfirmOutcome, MessageKey> = {
  held: "booking.heldNotice",
  confirmed: "booking.confirmedNotice",
  waiting: "booking.waitingNotice",
  taken: "booking.takenNotice",
  done: "booking.alreadyDone",
  invalid: "booking.invalidCode",
  exhausted: "booking.exhaustedCode",
  expired: "booking.expiredCode",
};

/** The answer to a confirmation: 409 when the slot went to someone else in the meantime. */
export function outcomePage(c: Context<AppEnv>, practiceName: string, outcome: ConfirmOutcome, back?: string) {
  const status = outcome === "taken" ? 409 : outcome === "expired" || outcome === "invalid" ? 410 : 200;
  return c.html(
    <OutcomePage page={pageContext(c)} practiceName={practiceName} message={OUTCOMES[outcome]} back={back} />,
    status,
  );
}
