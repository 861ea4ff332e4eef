// The service catalogue and the billing settings: billing and owners keep them. A change of a
// service is a new version; another practice's service answers 404.
import { Hono } from "hono";
import type { z } from "zod";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { checkForm, parseForm, readForm, readId, textValues } from "./validation.ts";
import { isMultipart, streamedForm } from "./streamed-form.ts";
import { authorize } from "./middleware/access.ts";
import { importForm, serviceForm, settingsForm } from "./billing-forms.ts";
import { readServiceCsv } from "../lib/service-import.ts";
import { ServiceImportPage } from "../views/billing/import-page.tsx";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { FieldErrors } from "../views/page-context.ts";
import {
  createService,
  findService,
  importServices,
  listServices,
  reviseService,
  type Service,
  type ServiceInput,
  setServiceArchived,
} from "../db/services.ts";
import { findBillingSettings, saveBillingSettings } from "../db/billing-settings.ts";
import { listAppointmentTypes } from "../db/appointment-types.ts";
import { ServicePage, ServicesPage } from "../views/billing/services-page.tsx";
import { BillingSettingsPage } from "../views/billing/settings-page.tsx";

const NOTICES: Record<string, MessageKey> = {
  created: "billing.serviceCreated",
  revised: "billing.serviceRevised",
  archived: "billing.serviceArchived",
  imported: "billing.serviceImported",
  saved: "billing.saved",
};

function toInput(data: z.output<typeof serviceForm>): ServiceInput {
  return {
    catalogue: data.catalogue,
    code: data.code,
    name: data.name,
    priceCents: data.price ?? 0,
    durationMinutes: data.duration,
    vatTreatment: data.vat,
    goaePoints: data.points,
    goaeSection: data.catalogue === "goae" ? data.section : null,
    rangeMinCents: data.range_min,
    rangeMaxCents: data.range_max,
  };
}

function serviceValues(service: Service): Record<string, string> {
  const money = (cents: number | null) => cents === null ? "" : (cents / 100).toFixed(2).replace(".", ",");
  return {
    catalogue: service.catalogue,
    code: service.code,
    name: service.name,
    price: money(service.priceCents),
    duration: service.durationMinutes ? String(service.durationMinutes) : "",
    vat: service.vatTreatment,
    points: service.goaePoints ? String(service.goaePoints) : "",
    section: service.goaeSection ?? "personal",
    range_min: money(service.rangeMinCents),
    range_max: money(service.rangeMaxCents),
  };
}

async function listPage(
  c: Context<AppEnv>,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  return c.html(
    <ServicesPage
      page={pageContext(c)}
      services={await listServices(c.var.deps.db, practiceScope(c))}
      types={await listAppointmentTypes(c.var.deps.db, practiceScope(c), { includeArchived: false })}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

export function serviceRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/billing/services", authorize("billing.write"), (c) => listPage(c));

  app.post("/billing/services", authorize("billing.write"), async (c) => {
    const form = await parseForm(c, serviceForm);
    if (!form.success) return await listPage(c, { values: form.values, errors: form.errors, status: 422 });
    const outcome = await createService(c.var.deps.db, practiceScope(c), toInput(form.data), requestFacts(c));
    if (!outcome.ok) {
      return await listPage(c, { values: form.values, errors: { code: { key: "billing.codeTaken" } }, status: 422 });
    }
    return c.redirect("/billing/services?notice=created", 303);
  });

  // Before /billing/services/:id, which would take "import" for an id.
  app.get(
    "/billing/services/import",
    authorize("billing.write"),
    (c) => c.html(<ServiceImportPage page={pageContext(c)} csv="" lines={null} errors={[]} />),
  );

  app.post("/billing/services/import", authorize("billing.write"), async (c) => {
    const posted = await importValues(c);
    if (posted.problem) {
      return c.html(
        <ServiceImportPage page={pageContext(c)} csv="" lines={null} errors={[]} problem={posted.problem} />,
        422,
      );
    }
    const form = checkForm(importForm, posted.values);
    if (!form.success) {
      return c.html(
        <ServiceImportPage page={pageContext(c)} csv="" lines={null} errors={[]} problem="billing.invalidChoice" />,
        422,
      );
    }
    const { lines, errors } = readServiceCsv(form.data.csv);
    if (errors.length || form.data.step === "preview") {
      return c.html(
        <ServiceImportPage page={pageContext(c)} csv={form.data.csv} lines={lines} errors={errors} />,
        errors.length ? 422 : 200,
      );
    }
    const outcome = await importServices(
      c.var.deps.db,
      practiceScope(c),
      lines.map((line) => ({
        catalogue: line.catalogue,
        code: line.code,
        name: line.name,
        priceCents: line.priceCents,
        durationMinutes: null,
        vatTreatment: line.vatTreatment,
        goaePoints: line.goaePoints,
        goaeSection: line.goaeSection,
        rangeMinCents: null,
        rangeMaxCents: null,
      })),
      requestFacts(c),
    );
    return c.redirect(`/billing/services?notice=imported&created=${outcome.created}&revised=${outcome.revised}`, 303);
  });

  app.get("/billing/services/:id", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    const service = id ? await findService(c.var.deps.db, practiceScope(c), id) : undefined;
    if (!service) return c.notFound();
    return c.html(<ServicePage page={pageContext(c)} service={service} values={serviceValues(service)} errors={{}} />);
  });

  app.post("/billing/services/:id", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const service = id ? await findService(db, scope, id) : undefined;
    if (!id || !service) return c.notFound();
    const values = { ...(await readForm(c)), catalogue: service.catalogue };
    const checked = checkForm(serviceForm, values);
    if (!checked.success) {
      return c.html(
        <ServicePage page={pageContext(c)} service={service} values={values} errors={checked.errors} />,
        422,
      );
    }
    const outcome = await reviseService(db, scope, id, toInput(checked.data), requestFacts(c));
    if (!outcome.ok && outcome.problem === "unknown") return c.notFound();
    if (!outcome.ok) {
      return c.html(
        <ServicePage
          page={pageContext(c)}
          service={service}
          values={values}
          errors={{ code: { key: "billing.codeTaken" } }}
        />,
        422,
      );
    }
    return c.redirect("/billing/services?notice=revised", 303);
  });

  app.post("/billing/services/:id/archive", authorize("billing.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    await readForm(c);
    const outcome = await setServiceArchived(c.var.deps.db, practiceScope(c), id, true, requestFacts(c));
    if (!outcome.ok) return c.notFound();
    return c.redirect("/billing/services?notice=archived", 303);
  });

  app.get("/billing/settings", authorize("billing.write"), async (c) => {
    const settings = await findBillingSettings(c.var.deps.db, practiceScope(c).practiceId);
    const values = {
      legal_name: settings.legalName,
      address: settings.address,
      tax_number: settings.taxNumber,
      vat_id: settings.vatId,
      iban: settings.iban,
      bic: settings.bic,
      bank_name: settings.bankName,
      number_pattern: settings.numberPattern,
      number_restart: settings.numberRestart,
      payment_days: String(settings.paymentDays),
      small_business: settings.smallBusiness ? "yes" : "",
      front_desk_payments: settings.frontDeskPayments ? "yes" : "",
    };
    return c.html(
      <BillingSettingsPage page={pageContext(c)} values={values} errors={{}} notice={queryNotice(c, NOTICES)} />,
    );
  });

  app.post("/billing/settings", authorize("billing.write"), async (c) => {
    const form = await parseForm(c, settingsForm);
    if (!form.success) {
      return c.html(<BillingSettingsPage page={pageContext(c)} values={form.values} errors={form.errors} />, 422);
    }
    const data = form.data;
    await saveBillingSettings(c.var.deps.db, practiceScope(c), {
      legalName: data.legal_name,
      address: data.address,
      taxNumber: data.tax_number,
      vatId: data.vat_id,
      iban: data.iban,
      bic: data.bic,
      bankName: data.bank_name,
      numberPattern: data.number_pattern,
      numberRestart: data.number_restart,
      paymentDays: data.payment_days,
      smallBusiness: data.small_business,
      frontDeskPayments: data.front_desk_payments,
    }, requestFacts(c));
    return c.redirect("/billing/settings?notice=saved", 303);
  });

  return app;
}

const IMPORT_MAX_BYTES = 1_000_000;

/**
 * The import form's fields: a chosen CSV file (UTF-8, at most 1 MB) stands in for the pasted
 * text; a plain form is the pasted text alone.
 */
async function importValues(c: Context<AppEnv>): Promise<{ values: Record<string, string>; problem?: MessageKey }> {
  if (!isMultipart(c)) return { values: await readForm(c) };
  const form = streamedForm(c);
  let csv: string | undefined;
  let problem: MessageKey | undefined;
  for (let part = await form.nextFile(); part; part = await form.nextFile()) {
    const kept: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of form.fileChunks(part)) {
      size += chunk.length;
      if (size <= IMPORT_MAX_BYTES) kept.push(chunk);
    }
    // An empty file input is sent as a file without name and bytes: the pasted text counts.
    if (part.name !== "file" || (!part.fileName && size === 0)) continue;
    if (size > IMPORT_MAX_BYTES) problem = "serviceImport.fileTooBig";
    else {
      try {
        csv = new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(kept as BlobPart[]).bytes());
      } catch {
        problem = "serviceImport.notText";
      }
    }
  }
  const values = textValues(form.textFieldsRead());
  return { values: csv === undefined ? values : { ...values, csv }, problem };
}
