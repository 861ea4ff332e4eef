// The practice's side of online booking: the list of requests to confirm or decline (the
// calendar's people), the pending patients to confirm or merge (master data), and the owner's
// settings: off until enabled, confirmation, lead time, horizon, birth date, cancellation
// deadline, and the one website origin that may frame the booking page.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceActor, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { offerLink } from "./booking-links.ts";
import { optionalTyped, parseForm, readId, typed, wholeNumberBetween } from "./validation.ts";
import { bookingSettings, saveBookingSettings } from "../db/online-booking.ts";
import { decideBooking, listPracticeBookings } from "../db/online-booking-decisions.ts";
import { acceptPendingPatient, listPendingPatients, mergePendingPatient } from "../db/pending-patients.ts";
import { permits } from "../lib/permissions.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { isUuid } from "../lib/uuid.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { BookingSettingsPage, OnlineBookingsPage } from "../views/booking/practice-pages.tsx";

const NOTICES: Record<string, MessageKey> = {
  confirmed: "onlineBookings.confirmedNotice",
  declined: "onlineBookings.declinedNotice",
  accepted: "onlineBookings.acceptedNotice",
  merged: "onlineBookings.mergedNotice",
  saved: "onlineBookings.savedNotice",
};

/**
 * An https origin as a website has it: scheme, host name, optional port; nothing after. A name
 * in another script is given as the browser shows it in punycode (xn--…); no IP address.
 */
function readHttpsOrigin(text: string): string | null {
  if (!WEBSITE_ORIGIN.test(text.toLowerCase().replace(/\/$/, ""))) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username || url.password) return null;
  if (`${url.origin}` !== text.toLowerCase().replace(/\/$/, "")) return null;
  return url.origin;
}

// The database's check says the same: the origin goes into a Content-Security-Policy as it is.
const WEBSITE_ORIGIN = /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

const checkbox = z.string().optional().transform((value) => value === "yes");

const settingsForm = z.object({
  enabled: checkbox,
  auto_confirm: checkbox,
  birth_date_required: checkbox,
  lead_hours: typed(wholeNumberBetween(0, 720), "onlineBookings.invalidHours"),
  horizon_weeks: typed(wholeNumberBetween(1, 52), "onlineBookings.invalidWeeks"),
  frame_origin: optionalTyped(readHttpsOrigin, "onlineBookings.invalidOrigin"),
});

const mergeForm = z.object({ target_id: typed(readId, "onlineBookings.unknownTarget") });

async function settingsPage(
  c: Context<AppEnv>,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const settings = await bookingSettings(c.var.deps.db, practiceActor(c).practiceId);
  const pageUrl = settings.publicId ? new URL(`/buchen/${settings.publicId}`, c.var.deps.config.baseUrl).href : null;
  return c.html(
    <BookingSettingsPage
      page={pageContext(c)}
      settings={settings}
      pageUrl={pageUrl}
      values={options.values}
      errors={options.errors ?? {}}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

export function onlineBookingPracticeRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/calendar/online-bookings", authorize("calendar.write"), async (c) => {
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const [bookings, pending] = await Promise.all([listPracticeBookings(db, scope), listPendingPatients(db, scope)]);
    return c.html(
      <OnlineBookingsPage
        page={pageContext(c)}
        bookings={bookings}
        pending={pending}
        canMerge={permits(scope.role, scope.areas, "patients.master")}
        notice={queryNotice(c, NOTICES)}
      />,
    );
  });

  for (const decision of ["confirm", "decline"] as const) {
    app.post(`/calendar/online-bookings/:id/${decision}`, authorize("calendar.write"), async (c) => {
      const id = c.req.param("id");
      if (!isUuid(id)) return c.notFound();
      const decided = await decideBooking(c.var.deps.db, practiceScope(c), id, decision, requestFacts(c), offerLink(c));
      if (!decided) return c.notFound();
      c.var.deps.kickMailDelivery();
      return c.redirect(`/calendar/online-bookings?notice=${decision === "confirm" ? "confirmed" : "declined"}`, 303);
    });
  }

  app.post("/calendar/online-bookings/patients/:id/accept", authorize("patients.master"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    if (!await acceptPendingPatient(c.var.deps.db, practiceScope(c), id, requestFacts(c))) return c.notFound();
    return c.redirect("/calendar/online-bookings?notice=accepted", 303);
  });

  app.post("/calendar/online-bookings/patients/:id/merge", authorize("patients.master"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    const parsed = await parseForm(c, mergeForm);
    if (!parsed.success) return c.redirect("/calendar/online-bookings", 303);
    const outcome = await mergePendingPatient(
      c.var.deps.db,
      practiceScope(c),
      id,
      parsed.data.target_id,
      requestFacts(c),
    );
    if (outcome !== "merged") return c.notFound();
    return c.redirect("/calendar/online-bookings?notice=merged", 303);
  });

  app.get("/calendar/settings/online-booking", authorize("practice.policy"), async (c) => await settingsPage(c));

  app.post("/calendar/settings/online-booking", authorize("practice.policy"), async (c) => {
    const parsed = await parseForm(c, settingsForm);
    if (!parsed.success) return await settingsPage(c, { values: parsed.values, errors: parsed.errors, status: 422 });
    const form = parsed.data;
    await saveBookingSettings(c.var.deps.db, practiceActor(c), {
      enabled: form.enabled,
      autoConfirm: form.auto_confirm,
      leadHours: form.lead_hours,
      horizonWeeks: form.horizon_weeks,
      birthDateRequired: form.birth_date_required,
      frameOrigin: form.frame_origin,
    }, requestFacts(c));
    return c.redirect("/calendar/settings/online-booking?notice=saved", 303);
  });

  return app;
}
