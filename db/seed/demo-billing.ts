// The demo practice's money (KARTEI_DEMO=1, `deno task seed`): billing settings, a year of issued
// invoices through the same functions the app uses (numbers, PDFs and all), payments by
// transfer, cash and card with some partly paid and some left open, a few cancellations, DATEV
// settings, and one dunning run over what is overdue today.
import type { Db } from "../database.ts";
import type { PracticeScope } from "../practice-scope.ts";
import { DEFAULT_BILLING_SETTINGS, saveBillingSettings } from "../billing-settings.ts";
import { addInvoiceItem, createInvoiceDraft } from "../invoices.ts";
import { cancelInvoice, issueInvoice } from "../invoice-issuing.ts";
import { recordPayment } from "../payments.ts";
import { datevSettingsProposal, saveDatevSettings } from "../billing-exports.ts";
import { dunningProposals, runDunning } from "../dunning.ts";
import { addDays } from "../../lib/berlin-time.ts";
import type { PaymentMethod, VatTreatment } from "../../lib/billing-kinds.ts";

const SERVICES: { description: string; cents: number; vat: VatTreatment }[] = [
  { description: "Krankengymnastik 30 min", cents: 4500, vat: "exempt" },
  { description: "Manuelle Therapie 45 min", cents: 6500, vat: "exempt" },
  { description: "Gesprächstherapie 50 min", cents: 10000, vat: "exempt" },
  { description: "Naturheilkundliche Behandlung 45 min", cents: 7500, vat: "exempt" },
  { description: "Erstanamnese 90 min", cents: 14000, vat: "exempt" },
  { description: "Präventionskurs Rückenfit (Einzelstunde)", cents: 3500, vat: "standard" },
];
const METHODS: PaymentMethod[] = ["transfer", "transfer", "transfer", "cash", "card"];

export interface DemoBillingOptions {
  scope: PracticeScope;
  patientIds: string[];
  /** Today as YYYY-MM-DD (Berlin) and now. */
  today: string;
  now: Date;
  invoicesPerMonth: number;
  random: () => number;
}

/** Noon on a calendar day, so the Berlin day of the instant is that day. */
function noon(day: string): Date {
  return new Date(`${day}T11:00:00Z`);
}

export async function seedDemoBilling(db: Db, options: DemoBillingOptions) {
  const { scope, random, today } = options;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const yearAgo = addDays(today, -365);
  await saveBillingSettings(db, scope, {
    ...DEFAULT_BILLING_SETTINGS,
    legalName: "Demo-Praxis am Lindenplatz",
    address: "Lindenplatz 4\n34117 Kassel",
    taxNumber: "026/123/45678",
    iban: "DE02120300000000202051",
    bic: "BYLADEM1001",
    bankName: "Demo-Bank",
  }, { requestId: null, now: noon(yearAgo) });
  await saveDatevSettings(db, scope, { ...datevSettingsProposal(), consultantNumber: 1001, clientNumber: 1 }, {
    requestId: null,
    now: noon(yearAgo),
  });

  let invoices = 0, payments = 0, cancellations = 0;
  // Twelve months back to this one; within a month the invoices go out on working days in order.
  for (let month = 12; month >= 0; month--) {
    const first = addDays(today, -30 * month - 25);
    for (let n = 0; n < options.invoicesPerMonth; n++) {
      const day = addDays(first, Math.floor((n * 25) / options.invoicesPerMonth));
      if (day > today) break;
      const facts = { requestId: null, now: noon(day) };
      const draft = await createInvoiceDraft(db, scope, {
        patientId: pick(options.patientIds),
        appointmentServiceIds: [],
        payerId: null,
        language: "de",
      }, facts);
      if (!draft.ok) throw new Error(`demo invoice draft: ${draft.problem}`);
      const sessions = 1 + Math.floor(random() * 3);
      for (let s = 0; s < sessions; s++) {
        const service = pick(SERVICES);
        const added = await addInvoiceItem(db, scope, draft.id, {
          serviceDate: addDays(day, -7 * (sessions - s)),
          serviceId: null,
          description: service.description,
          unitCents: service.cents,
          quantity: 1,
          vatTreatment: service.vat,
          factorHundredths: null,
          justification: "",
          analogousTo: "",
        }, facts);
        if (!added.ok) throw new Error(`demo invoice item: ${added.problem}`);
      }
      const issued = await issueInvoice(db, scope, draft.id, facts);
      if (!issued.ok) throw new Error(`demo invoice: ${issued.problem}`);
      invoices++;
      const total = (await db.selectFrom("invoices").select("total_cents").where("id", "=", draft.id)
        .executeTakeFirstOrThrow()).total_cents;
      // Every fortieth is cancelled (a wrong service booked) before anything was paid.
      if (invoices % 40 === 8 && month > 0) {
        await cancelInvoice(db, scope, draft.id, facts);
        cancellations++;
        continue;
      }
      const paidOn = addDays(day, 5 + Math.floor(random() * 20));
      // In the last two months every fourth stays open (so some are overdue today); earlier, one
      // in twenty-five stays open and one in twelve is paid in part.
      const open = paidOn > today || (month < 2 ? invoices % 4 === 0 : invoices % 25 === 0);
      if (open) continue;
      const part = invoices % 12 === 5 ? Math.round(total / 2) : total;
      const recorded = await recordPayment(db, scope, draft.id, {
        amountCents: part,
        method: pick(METHODS),
        paidOn,
      }, { requestId: null, now: noon(paidOn) });
      if (recorded.ok) payments++;
    }
  }
  const due = await dunningProposals(db, scope, today);
  const run = due.length
    ? await runDunning(db, scope, due.map((proposal) => proposal.invoiceId), today, {
      requestId: null,
      now: options.now,
    })
    : null;
  return { invoices, payments, cancellations, dunningLetters: run?.ok ? run.letters : 0 };
}
