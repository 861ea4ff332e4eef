// The patient's appointment page behind the link in their messages: public, no account. It shows
// one appointment and lets the patient cancel or move it until the practice's deadline. An
// unknown, malformed or expired token answers exactly like any other missing page (404); every
// request takes from the address's hourly budget, so tokens cannot be tried in bulk.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { parseForm, readForm } from "./validation.ts";
import { newTimeForm } from "./patient-message-forms.ts";
import { renderError } from "./errors.tsx";
import { offerLink } from "./booking-links.ts";
import { clientAddress } from "./middleware/client-address.ts";
import {
  cancelByPatient,
  findLinkedAppointment,
  type LinkOutcome,
  moveByPatient,
  rescheduleSlots,
} from "../db/appointment-links.ts";
import { takeFromBudget } from "../db/rate-limits.ts";
import { guessingGroupOf } from "../lib/cidr.ts";
import { isLanguage, translator } from "../lib/i18n/mod.ts";
import { readCookie } from "./middleware/cookies.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { AppointmentLinkPage } from "../views/messages/appointment-link-page.tsx";

// Requests per address (or /64 network) and hour, over all links: plenty for a patient, too few to guess.
const REQUESTS_PER_ADDRESS_AND_HOUR = 60;

async function withinBudget(c: Context<AppEnv>): Promise<boolean> {
  const { db, clock } = c.var.deps;
  const key = `appointment-link:${guessingGroupOf(clientAddress(c))}`;
  return await takeFromBudget(db, key, REQUESTS_PER_ADDRESS_AND_HOUR, 3_600_000, clock.now()) !== null;
}

function tooMany(c: Context<AppEnv>) {
  c.header("Retry-After", "3600");
  return renderError(c, 429, "appointmentLink.tooManyTitle", "appointmentLink.tooManyBody");
}

async function linkPage(
  c: Context<AppEnv>,
  token: string,
  options: { notice?: MessageKey; problem?: MessageKey; errors?: FieldErrors; status?: 200 | 409 | 422 } = {},
) {
  const { db, clock } = c.var.deps;
  const now = clock.now();
  const appointment = await findLinkedAppointment(db, token, now);
  if (!appointment) return c.notFound();
  // In the patient's language, unless this browser chose one.
  if (appointment.language && !isLanguage(readCookie(c, c.var.deps.config, "lang"))) {
    c.set("lang", appointment.language);
    c.set("t", translator(appointment.language));
  }
  const slots = appointment.changeable ? await rescheduleSlots(db, appointment, now) : [];
  return c.html(
    <AppointmentLinkPage
      page={pageContext(c)}
      token={token}
      appointment={appointment}
      slots={slots}
      now={now}
      {...options}
    />,
    options.status ?? 200,
  );
}

const NOTICES: Record<string, MessageKey> = {
  cancelled: "appointmentLink.cancelledNotice",
  moved: "appointmentLink.movedNotice",
};

async function answer(c: Context<AppEnv>, token: string, outcome: LinkOutcome, notice: string) {
  if (outcome === "done") return c.redirect(`/termin/${token}?notice=${notice}`, 303);
  if (outcome === "unknown") return c.notFound();
  if (outcome === "too_late") return await linkPage(c, token, { problem: "appointmentLink.tooLate", status: 409 });
  return await linkPage(c, token, { problem: "appointmentLink.slotTaken", status: 409 });
}

export function appointmentLinkRoutes() {
  const app = new Hono<AppEnv>();

  app.use("/termin/*", async (c, next) => {
    await next();
    // The token is the key: keep the page out of search engines.
    c.header("X-Robots-Tag", "noindex, nofollow");
  });

  app.get("/termin/:token", async (c) => {
    if (!await withinBudget(c)) return tooMany(c);
    const name = c.req.query("notice") ?? "";
    return await linkPage(c, c.req.param("token"), {
      notice: Object.hasOwn(NOTICES, name) ? NOTICES[name] : undefined,
    });
  });

  app.post("/termin/:token/cancel", async (c) => {
    if (!await withinBudget(c)) return tooMany(c);
    await readForm(c);
    const token = c.req.param("token");
    // The calendar's staff read the reason in the practice's language.
    const reason = translator("de")("appointmentLink.cancelReason");
    return await answer(
      c,
      token,
      await cancelByPatient(c.var.deps.db, token, reason, requestFacts(c), offerLink(c)),
      "cancelled",
    );
  });

  app.post("/termin/:token/move", async (c) => {
    if (!await withinBudget(c)) return tooMany(c);
    const token = c.req.param("token");
    const form = await parseForm(c, newTimeForm);
    if (!form.success) return await linkPage(c, token, { errors: form.errors, status: 422 });
    return await answer(c, token, await moveByPatient(c.var.deps.db, token, form.data.start, requestFacts(c)), "moved");
  });

  return app;
}
