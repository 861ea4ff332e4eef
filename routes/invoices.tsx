// Billing: the overview (to-bill list and invoices), drafts and their items, issuing, the PDF
// and its delivery, payments, write-off and cancellation. Billing and owners work with
// invoices; practitioners see the to-bill list of their own appointments; the front desk
// records payments where the owner allows it. Another practice's ids answer 404.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, requestFacts } from "./page.ts";
import { checkForm, parseForm, readForm, readFormBody, readId, readIsoDay } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { factorForm, itemForm, paymentForm, recipientForm, reversalForm, writeOffForm } from "./billing-forms.ts";
import { permits } from "../lib/permissions.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { berlinDate } from "../lib/clock.ts";
import type { FieldErrors } from "../views/page-context.ts";
import {
  addInvoiceItem,
  createInvoiceDraft,
  deleteInvoiceDraft,
  listToBill,
  removeInvoiceItem,
  setInvoiceRecipient,
  setItemFactor,
} from "../db/invoices.ts";
import { cancelInvoice, issueInvoice } from "../db/invoice-issuing.ts";
import { deliverInvoice, findInvoice, invoicePdf, listInvoices } from "../db/invoice-records.ts";
import { listPayments, recordPayment, reversePayment, setWrittenOff } from "../db/payments.ts";
import { findBillingSettings } from "../db/billing-settings.ts";
import { listServices } from "../db/services.ts";
import { BillingOverviewPage } from "../views/billing/overview-page.tsx";
import { InvoicePage } from "../views/billing/invoice-page.tsx";

type Problem = { key: MessageKey; values?: Record<string, string | number> };

const NOTICES: Record<string, MessageKey> = {
  created: "billing.created",
  saved: "billing.saved",
  issued: "billing.issued",
  cancelled: "billing.cancelledNotice",
  paid: "billing.paymentRecorded",
  reversed: "billing.paymentReversed",
  emailed: "billing.emailQueued",
  deleted: "billing.deleted",
  written_off: "billing.writtenOff",
  write_off_withdrawn: "billing.writeOffWithdrawn",
};

const today = (c: Context<AppEnv>) => berlinDate(c.var.deps.clock.now());

/** The front desk records payments where the owner allows it; a third party with billing.write too. */
async function mayRecordPayments(c: Context<AppEnv>): Promise<boolean> {
  const scope = practiceScope(c);
  if (scope.role === "third_party") return permits(scope.role, scope.areas, "billing.write");
  if (scope.role !== "front_desk") return false;
  return (await findBillingSettings(c.var.deps.db, scope.practiceId)).frontDeskPayments;
}

async function invoicePage(
  c: Context<AppEnv>,
  id: string | null,
  options: { values?: Record<string, string>; errors?: FieldErrors; problems?: Problem[]; status?: 200 | 409 | 422 } =
    {},
) {
  const { db } = c.var.deps;
  const scope = practiceScope(c);
  const invoice = id ? await findInvoice(db, scope, id, today(c)) : undefined;
  if (!invoice) return c.notFound();
  const noticeName = c.req.query("notice") ?? "";
  const notice = Object.hasOwn(NOTICES, noticeName)
    ? { key: NOTICES[noticeName], values: { number: c.req.query("number") ?? invoice.number ?? "" } }
    : undefined;
  const canPay = permits(scope.role, scope.areas, "billing.payments") || await mayRecordPayments(c);
  return c.html(
    <InvoicePage
      page={pageContext(c)}
      invoice={invoice}
      payments={await listPayments(db, scope, invoice.id)}
      services={invoice.status === "draft" ? await listServices(db, scope) : []}
      today={today(c)}
      canWrite={permits(scope.role, scope.areas, "billing.write")}
      canPay={canPay}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      notice={options.problems?.length ? undefined : notice}
      problems={options.problems ?? []}
    />,
    options.status ?? 200,
  );
}

const PROBLEMS: Record<string, Problem> = {
  not_draft: { key: "billing.problem.not_draft" },
  empty: { key: "billing.problem.empty" },
  sender: { key: "billing.problem.sender" },
  payments: { key: "billing.problem.payments" },
  not_payable: { key: "billing.problem.not_payable" },
  factor: { key: "billing.problem.factor" },
  limits: { key: "billing.problem.limits" },
  service: { key: "billing.problem.service" },
  payer: { key: "billing.unknownPayer" },
  lines: { key: "billing.unknownLines" },
  cancelled: { key: "billing.problem.not_payable" },
  not_issued: { key: "billing.problem.not_payable" },
  reversed: { key: "billing.problem.not_payable" },
};

/** A db outcome's refusal: 404 for an unknown id, otherwise the page with the problem (409). */
async function refused(c: Context<AppEnv>, id: string, problem: string) {
  if (problem === "unknown") return c.notFound();
  return await invoicePage(c, id, {
    problems: [PROBLEMS[problem] ?? { key: "billing.problem.not_payable" }],
    status: 409,
  });
}

export function invoiceRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/billing", authorize("billing.to_bill"), async (c) => {
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const canRead = permits(scope.role, scope.areas, "billing.read");
    const toBill = await listToBill(db, scope, canRead ? {} : { practitionerId: scope.membershipId });
    const name = c.req.query("notice") ?? "";
    // The invoices of a period of invoice dates; a day that is no day is left out.
    const from = readIsoDay(c.req.query("from") ?? "") ?? undefined;
    const to = readIsoDay(c.req.query("to") ?? "") ?? undefined;
    return c.html(
      <BillingOverviewPage
        page={pageContext(c)}
        toBill={toBill}
        ownOnly={!canRead}
        invoices={canRead ? await listInvoices(db, scope, { today: today(c), from, to }) : null}
        period={{ from: from ?? "", to: to ?? "" }}
        canWrite={permits(scope.role, scope.areas, "billing.write")}
        notice={Object.hasOwn(NOTICES, name) ? NOTICES[name] : undefined}
      />,
    );
  });

  app.post("/billing/invoices", authorize("billing.write"), async (c) => {
    const body = await readFormBody(c);
    const patientId = readId(typeof body.patient_id === "string" ? body.patient_id : "");
    const raw = body.line === undefined ? [] : Array.isArray(body.line) ? body.line : [body.line];
    const lines = raw.map((line) => readId(line));
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const overview = async (problem: MessageKey) =>
      c.html(
        <BillingOverviewPage
          page={pageContext(c)}
          toBill={await listToBill(db, scope)}
          ownOnly={false}
          invoices={await listInvoices(db, scope, { today: today(c) })}
          period={{ from: "", to: "" }}
          canWrite
          problem={problem}
        />,
        422,
      );
    if (!patientId) return await overview("billing.unknownPatient");
    if (lines.some((line) => line === null)) return await overview("billing.unknownLines");
    const outcome = await createInvoiceDraft(
      db,
      scope,
      { patientId, appointmentServiceIds: lines as string[], payerId: null, language: "de" },
      requestFacts(c),
    );
    if (!outcome.ok) {
      return await overview(outcome.problem === "unknown" ? "billing.unknownPatient" : "billing.unknownLines");
    }
    return c.redirect(`/billing/invoices/${outcome.id}?notice=created`, 303);
  });

  app.get("/billing/invoices/:id", authorize("billing.read"), (c) => invoicePage(c, readId(c.req.param("id"))));

  app.post("/billing/invoices/:id/recipient", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    const form = await parseForm(c, recipientForm);
    if (!form.success) return await invoicePage(c, id, { values: form.values, errors: form.errors, status: 422 });
    const outcome = await setInvoiceRecipient(c.var.deps.db, practiceScope(c), id, {
      payerId: form.data.payer_id,
      language: form.data.language,
    }, requestFacts(c));
    if (!outcome.ok && outcome.problem === "payer") {
      return await invoicePage(c, id, {
        values: form.values,
        errors: { payer_id: { key: "billing.unknownPayer" } },
        status: 422,
      });
    }
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect(`/billing/invoices/${id}?notice=saved`, 303);
  });

  app.post("/billing/invoices/:id/items", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    const form = await parseForm(c, itemForm);
    if (!form.success) return await invoicePage(c, id, { values: form.values, errors: form.errors, status: 422 });
    const data = form.data;
    const outcome = await addInvoiceItem(c.var.deps.db, practiceScope(c), id, {
      serviceDate: data.service_date,
      serviceId: data.service_id,
      description: data.description,
      unitCents: data.price ?? 0,
      quantity: data.quantity,
      vatTreatment: data.vat,
      factorHundredths: data.factor,
      justification: data.justification,
      analogousTo: data.analogous_to,
    }, requestFacts(c));
    if (!outcome.ok && outcome.problem === "service") {
      return await invoicePage(c, id, {
        values: form.values,
        errors: { service_id: { key: "billing.problem.service" } },
        status: 422,
      });
    }
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect(`/billing/invoices/${id}?notice=saved`, 303);
  });

  app.post("/billing/invoices/:id/items/:itemId/factor", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    const itemId = readId(c.req.param("itemId"));
    if (!id || !itemId) return c.notFound();
    const form = await parseForm(c, factorForm);
    if (!form.success) return await invoicePage(c, id, { values: form.values, errors: form.errors, status: 422 });
    const outcome = await setItemFactor(c.var.deps.db, practiceScope(c), id, itemId, {
      factorHundredths: form.data.factor,
      justification: form.data.justification,
      analogousTo: form.data.analogous_to,
    }, requestFacts(c));
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect(`/billing/invoices/${id}?notice=saved`, 303);
  });

  app.post("/billing/invoices/:id/items/:itemId/remove", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    const itemId = readId(c.req.param("itemId"));
    if (!id || !itemId) return c.notFound();
    const outcome = await removeInvoiceItem(c.var.deps.db, practiceScope(c), id, itemId, requestFacts(c));
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect(`/billing/invoices/${id}?notice=saved`, 303);
  });

  app.post("/billing/invoices/:id/issue", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    const outcome = await issueInvoice(c.var.deps.db, practiceScope(c), id, requestFacts(c));
    if (!outcome.ok && outcome.problem === "factors") {
      const problems = outcome.factors.map((factor) => ({
        key: `billing.problem.${factor.rule}` as MessageKey,
        values: { position: factor.position },
      }));
      return await invoicePage(c, id, { problems, status: 422 });
    }
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect(`/billing/invoices/${id}?notice=issued`, 303);
  });

  app.post("/billing/invoices/:id/delete", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    const outcome = await deleteInvoiceDraft(c.var.deps.db, practiceScope(c), id, requestFacts(c));
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect("/billing?notice=deleted", 303);
  });

  // The stored PDF byte for byte; every download is a delivery on the record.
  app.get("/billing/invoices/:id/pdf", authorize("billing.read"), async (c) => {
    const id = readId(c.req.param("id"));
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const stored = id ? await invoicePdf(db, scope, id) : undefined;
    if (!id || !stored) return c.notFound();
    const print = c.req.query("print") === "1";
    await deliverInvoice(db, scope, id, print ? "print" : "download", requestFacts(c));
    const filename = `${stored.number.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf`;
    return c.body(stored.pdf as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": `${print ? "inline" : "attachment"}; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    });
  });

  app.post("/billing/invoices/:id/email", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    await readForm(c);
    const outcome = await deliverInvoice(c.var.deps.db, practiceScope(c), id, "email", requestFacts(c));
    if (!outcome.ok && outcome.problem === "no_address") {
      return await invoicePage(c, id, { problems: [{ key: "billing.noEmail" }], status: 409 });
    }
    if (!outcome.ok) return c.notFound();
    c.var.deps.kickMailDelivery();
    return c.redirect(`/billing/invoices/${id}?notice=emailed`, 303);
  });

  app.post("/billing/invoices/:id/payments", authorize("billing.payments", mayRecordPayments), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    const form = await parseForm(c, paymentForm);
    if (!form.success) return await invoicePage(c, id, { values: form.values, errors: form.errors, status: 422 });
    const outcome = await recordPayment(c.var.deps.db, practiceScope(c), id, {
      amountCents: form.data.amount,
      method: form.data.method,
      paidOn: form.data.paid_on,
    }, requestFacts(c));
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect(`/billing/invoices/${id}?notice=paid`, 303);
  });

  app.post(
    "/billing/invoices/:id/payments/:paymentId/reverse",
    authorize("billing.payments", mayRecordPayments),
    async (c) => {
      const id = readId(c.req.param("id"));
      const paymentId = readId(c.req.param("paymentId"));
      if (!id || !paymentId) return c.notFound();
      // The error goes next to the date of the payment being reversed (one form per payment).
      const field = `reversed_on-${paymentId}`;
      const form = await parseForm(c, reversalForm);
      if (!form.success) {
        const error = form.errors.reversed_on ?? { key: "form.required" };
        return await invoicePage(c, id, {
          values: { [field]: form.values.reversed_on ?? "" },
          errors: { [field]: error },
          status: 422,
        });
      }
      const outcome = await reversePayment(c.var.deps.db, practiceScope(c), id, paymentId, {
        reversedOn: form.data.reversed_on,
      }, requestFacts(c));
      if (!outcome.ok && outcome.problem === "before_payment") {
        const error = { key: "billing.reversalBeforePayment" as const };
        return await invoicePage(c, id, {
          values: { [field]: form.data.reversed_on },
          errors: { [field]: error },
          status: 422,
        });
      }
      if (!outcome.ok) return await refused(c, id, outcome.problem);
      return c.redirect(`/billing/invoices/${id}?notice=reversed`, 303);
    },
  );

  app.post("/billing/invoices/:id/write-off", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    const form = checkForm(writeOffForm, await readForm(c));
    if (!form.success) return await invoicePage(c, id, { problems: [{ key: "billing.invalidChoice" }], status: 422 });
    const writtenOff = form.data.written_off === "yes";
    const outcome = await setWrittenOff(c.var.deps.db, practiceScope(c), id, writtenOff, requestFacts(c));
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect(`/billing/invoices/${id}?notice=${writtenOff ? "written_off" : "write_off_withdrawn"}`, 303);
  });

  app.post("/billing/invoices/:id/cancel", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    await readForm(c);
    const outcome = await cancelInvoice(c.var.deps.db, practiceScope(c), id, requestFacts(c));
    if (!outcome.ok) return await refused(c, id, outcome.problem);
    return c.redirect(`/billing/invoices/${id}?notice=cancelled&number=${encodeURIComponent(outcome.number)}`, 303);
  });

  return app;
}
