// The public links of online booking's mails: the double opt-in link (its page shows a button;
// only the POST confirms, so a mail scanner opening the link does nothing) and a freed slot
// offered to the waiting list (the first to confirm gets it).
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, requestFacts } from "./page.ts";
import { outcomePage } from "./online-booking.tsx";
import { useAskedLanguage } from "./online-booking-forms.ts";
import { readForm } from "./validation.ts";
import { confirmBookingLink, practiceOfBookingLink } from "../db/booking-requests.ts";
import { acceptOffer, findOffer, type OfferOutcome } from "../db/waiting-list.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { LinkPage, OfferPage, OutcomePage } from "../views/booking/confirm-pages.tsx";

const OFFER_OUTCOMES: Record<OfferOutcome, MessageKey> = {
  held: "booking.heldNotice",
  confirmed: "booking.confirmedNotice",
  gone: "booking.offerGone",
  unknown: "booking.offerGone",
};

export function bookingConfirmationRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/buchen/*", async (c, next) => {
    await next();
    c.header("X-Robots-Tag", "noindex, nofollow");
  });

  app.get("/buchen/bestaetigen/:token", async (c) => {
    useAskedLanguage(c, c.req.query("lang"));
    const practice = await practiceOfBookingLink(c.var.deps.db, c.req.param("token"));
    if (!practice) return c.notFound();
    return c.html(
      <LinkPage page={pageContext(c)} practiceName={practice} action={c.req.path} label="booking.confirm" />,
    );
  });

  app.post("/buchen/bestaetigen/:token", async (c) => {
    const { db } = c.var.deps;
    const token = c.req.param("token");
    useAskedLanguage(c, (await readForm(c)).lang);
    const practice = await practiceOfBookingLink(db, token);
    if (!practice) return c.notFound();
    const outcome = await confirmBookingLink(db, token, requestFacts(c));
    c.var.deps.kickMailDelivery();
    return outcomePage(c, practice, outcome);
  });

  app.get("/buchen/angebot/:token", async (c) => {
    useAskedLanguage(c, c.req.query("lang"));
    const offer = await findOffer(c.var.deps.db, c.req.param("token"), c.var.deps.clock.now());
    if (!offer) return c.notFound();
    return c.html(<OfferPage page={pageContext(c)} offer={offer} action={c.req.path} />);
  });

  app.post("/buchen/angebot/:token", async (c) => {
    const { db, clock } = c.var.deps;
    const token = c.req.param("token");
    useAskedLanguage(c, (await readForm(c)).lang);
    const offer = await findOffer(db, token, clock.now());
    if (!offer) return c.notFound();
    const outcome = await acceptOffer(db, token, requestFacts(c));
    if (outcome !== "gone") c.var.deps.kickMailDelivery();
    return c.html(
      <OutcomePage page={pageContext(c)} practiceName={offer.practiceName} message={OFFER_OUTCOMES[outcome]} />,
      outcome === "gone" || outcome === "unknown" ? 409 : 200,
    );
  });

  return app;
}
