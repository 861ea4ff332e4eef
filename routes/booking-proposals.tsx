// Appointment proposals (Terminzettel): the practice picks free slots of a practitioner for a
// patient and mails them (calendar.write); the patient opens the link and confirms one
// (public, by the link's secret alone). Withdrawn or expired proposals release their slots.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { proposalLink } from "./booking-links.ts";
import { useAskedLanguage } from "./online-booking-forms.ts";
import { checkForm, parseForm, readFormBody, readId, textValues, typed, wholeNumberBetween } from "./validation.ts";
import { findPatientChoices } from "../db/booking-choices.ts";
import { findPatient } from "../db/patients.ts";
import { listAppointmentTypes } from "../db/appointment-types.ts";
import { calendarLocations, listPractitioners } from "../db/calendar-access.ts";
import { freeOnlineSlots } from "../db/online-booking.ts";
import {
  confirmProposal,
  createProposal,
  findProposal,
  listProposals,
  MAX_PROPOSED_SLOTS,
  type ProposalConfirmation,
  withdrawProposal,
} from "../db/proposals.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { isUuid } from "../lib/uuid.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { momentText } from "../views/availability/format.ts";
import { ProposalsPage } from "../views/booking/practice-pages.tsx";
import { OutcomePage, ProposalPage } from "../views/booking/confirm-pages.tsx";

const NOTICES: Record<string, MessageKey> = { sent: "proposals.sentNotice", withdrawn: "proposals.withdrawnNotice" };
const SHOWN_SLOTS = 40;
const CHOICE_DAYS = 14;

/** A proposed slot as its checkbox carries it: practitioner, location, start in milliseconds. */
function readProposalSlot(text: string) {
  const [practitioner, location, millis, extra] = text.split(".");
  const practitionerId = readId(practitioner ?? "");
  const locationId = readId(location ?? "");
  if (!practitionerId || !locationId || extra !== undefined || !/^\d{13}$/.test(millis ?? "")) return null;
  return { practitionerId, locationId, startsAt: new Date(Number(millis)) };
}

const proposalForm = z.object({
  patient_id: typed(readId, "proposals.unknownPatient"),
  typ: typed(readId, "booking.unknownType"),
  valid_hours: typed(wholeNumberBetween(1, 336), "proposals.invalidHours"),
  slots: z.array(z.string()).min(1, "proposals.chooseSlots").max(MAX_PROPOSED_SLOTS, "proposals.tooMany")
    .transform((values, ctx) => {
      const slots = values.map(readProposalSlot);
      if (slots.every((slot) => slot !== null)) return slots;
      ctx.addIssue({ code: "custom", message: "proposals.chooseSlots" });
      return z.NEVER;
    }),
});

async function proposalsPage(
  c: Context<AppEnv>,
  values: Record<string, string>,
  options: { errors?: FieldErrors; status?: 200 | 409 | 422 } = {},
) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const now = clock.now();
  const [proposals, patients, types, practitioners, locations] = await Promise.all([
    listProposals(db, scope, now),
    findPatientChoices(db, scope, values.patient_q ?? "", now),
    listAppointmentTypes(db, scope, { includeArchived: false }),
    listPractitioners(db, scope, now),
    calendarLocations(db, scope),
  ]);
  const patientId = readId(values.patient_id ?? "");
  if (patientId && !patients.some((p) => p.id === patientId)) {
    const chosen = await findPatient(db, scope, patientId);
    if (chosen && !chosen.archived_at) {
      patients.unshift({ id: chosen.id, name: patientDisplayName(chosen), dateOfBirth: null });
    }
  }
  const type = types.find((t) => t.id === values.typ) ?? types[0];
  const practitioner = practitioners.find((p) => p.id === values.behandler) ?? practitioners[0];
  const shown = {
    ...values,
    typ: type?.id ?? "",
    behandler: practitioner?.id ?? "",
    patient_id: patients.some((p) => p.id === patientId) ? patientId! : patients[0]?.id ?? "",
  };
  const slots = type && practitioner && shown.patient_id
    ? await freeOnlineSlots(db, scope.practiceId, { practitioners, locations }, {
      durationMinutes: type.durationMinutes,
      practitionerIds: [practitioner.id],
      locationId: null,
      from: now,
      to: new Date(now.getTime() + CHOICE_DAYS * 86_400_000),
    })
    : [];
  return c.html(
    <ProposalsPage
      page={pageContext(c)}
      proposals={proposals}
      patients={patients}
      types={types}
      practitioners={practitioners}
      values={shown}
      slots={slots.slice(0, SHOWN_SLOTS).map((slot) => ({
        value: `${slot.practitionerId}.${slot.locationId}.${slot.start.getTime()}`,
        label: momentText(c.var.lang, slot.start),
      }))}
      errors={options.errors ?? {}}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

const CONFIRMATIONS: Record<ProposalConfirmation, MessageKey> = {
  confirmed: "booking.proposalConfirmed",
  gone: "booking.proposalClosed",
  taken: "booking.takenNotice",
  unknown: "booking.proposalClosed",
  unknown_slot: "booking.chooseSlot",
};

export function bookingProposalRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/calendar/proposals", authorize("calendar.write"), async (c) => await proposalsPage(c, c.req.query()));

  app.post("/calendar/proposals", authorize("calendar.write"), async (c) => {
    const body = await readFormBody(c);
    const values = textValues(body);
    const parsed = checkForm(proposalForm, { ...values, slots: [body.slots ?? []].flat() });
    if (!parsed.success) return await proposalsPage(c, values, { errors: parsed.errors, status: 422 });
    const form = parsed.data;
    const outcome = await createProposal(
      c.var.deps.db,
      practiceScope(c),
      {
        patientId: form.patient_id,
        appointmentTypeId: form.typ,
        slots: form.slots,
        validHours: form.valid_hours,
      },
      proposalLink(c),
      requestFacts(c),
    );
    if (!outcome.ok) {
      const key: MessageKey = outcome.problem === "no_email"
        ? "proposals.noEmail"
        : outcome.problem === "taken"
        ? "proposals.slotTaken"
        : outcome.problem === "patient"
        ? "proposals.unknownPatient"
        : "proposals.chooseSlots";
      const field = outcome.problem === "no_email" || outcome.problem === "patient" ? "patient_id" : "slots";
      return await proposalsPage(c, values, {
        errors: { [field]: { key } },
        status: outcome.problem === "taken" ? 409 : 422,
      });
    }
    c.var.deps.kickMailDelivery();
    return c.redirect("/calendar/proposals?notice=sent", 303);
  });

  app.post("/calendar/proposals/:id/withdraw", authorize("calendar.write"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id) || !await withdrawProposal(c.var.deps.db, practiceScope(c), id, requestFacts(c))) {
      return c.notFound();
    }
    return c.redirect("/calendar/proposals?notice=withdrawn", 303);
  });

  app.get("/buchen/vorschlag/:token", async (c) => {
    useAskedLanguage(c, c.req.query("lang"));
    const token = c.req.param("token");
    const proposal = await findProposal(c.var.deps.db, token, c.var.deps.clock.now());
    if (!proposal) return c.notFound();
    c.header("X-Robots-Tag", "noindex, nofollow");
    return c.html(<ProposalPage page={pageContext(c)} proposal={proposal} action={c.req.path} errors={{}} />);
  });

  app.post("/buchen/vorschlag/:token", async (c) => {
    const { db, clock } = c.var.deps;
    const token = c.req.param("token");
    const proposal = await findProposal(db, token, clock.now());
    if (!proposal) return c.notFound();
    const parsed = await parseForm(c, z.object({ slot: typed(readId, "booking.chooseSlot") }));
    useAskedLanguage(c, parsed.values.lang);
    if (!parsed.success) {
      return c.html(
        <ProposalPage page={pageContext(c)} proposal={proposal} action={c.req.path} errors={parsed.errors} />,
        422,
      );
    }
    const outcome = await confirmProposal(db, token, parsed.data.slot, requestFacts(c));
    if (outcome === "unknown_slot") {
      return c.html(
        <ProposalPage
          page={pageContext(c)}
          proposal={proposal}
          action={c.req.path}
          errors={{ slot: { key: "booking.chooseSlot" } }}
        />,
        422,
      );
    }
    if (outcome === "confirmed") c.var.deps.kickMailDelivery();
    const status = outcome === "confirmed" ? 200 : outcome === "taken" ? 409 : 410;
    return c.html(
      <OutcomePage page={pageContext(c)} practiceName={proposal.practiceName} message={CONFIRMATIONS[outcome]} />,
      status,
    );
  });

  return app;
}
