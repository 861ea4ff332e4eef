// Billing around the patient and the appointment: payers and fee agreements kept on the
// patient (billing), the services of an appointment (whoever books: planned, confirmed by
// attendance), and an appointment type's default services (billing). Foreign ids answer 404.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { parseForm, readForm, readFormBody, readId } from "./validation.ts";
import { authorize } from "./middleware/access.ts";
import { agreementForm, payerForm, planForm } from "./billing-forms.ts";
import { permits } from "../lib/permissions.ts";
import { berlinDate } from "../lib/clock.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { addFeeAgreement, addPayer, archivePayer, billingPatient } from "../db/patient-payers.ts";
import { listInvoices } from "../db/invoice-records.ts";
import {
  appointmentKnown,
  listAppointmentServices,
  listServices,
  planAppointmentService,
  removeAppointmentService,
  setTypeServices,
  typeOfPractice,
  typeServiceIds,
} from "../db/services.ts";
import { PatientBillingPage } from "../views/billing/patient-page.tsx";
import { AppointmentServicesPage, TypeServicesPage } from "../views/billing/appointment-services-page.tsx";

const NOTICES: Record<string, MessageKey> = { saved: "billingPatient.saved" };

async function patientPage(
  c: Context<AppEnv>,
  patientId: string | null,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const { db } = c.var.deps;
  const scope = practiceScope(c);
  const patient = patientId ? await billingPatient(db, scope, patientId) : undefined;
  if (!patient) return c.notFound();
  const today = berlinDate(c.var.deps.clock.now());
  return c.html(
    <PatientBillingPage
      page={pageContext(c)}
      patient={patient}
      invoices={await listInvoices(db, scope, { patientId: patient.id, today })}
      today={today}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      notice={queryNotice(c, NOTICES)}
    />,
    options.status ?? 200,
  );
}

async function appointmentPage(c: Context<AppEnv>, id: string | null, problem?: MessageKey) {
  const { db } = c.var.deps;
  const scope = practiceScope(c);
  if (!id || !await appointmentKnown(db, scope, id)) return c.notFound();
  return c.html(
    <AppointmentServicesPage
      page={pageContext(c)}
      appointmentId={id}
      planned={await listAppointmentServices(db, scope, id)}
      services={await listServices(db, scope)}
      canWrite={permits(scope.role, scope.areas, "calendar.write")}
      problem={problem}
      notice={problem ? undefined : queryNotice(c, { saved: "appointmentServices.saved" })}
    />,
    problem ? 422 : 200,
  );
}

export function billingPatientRoutes() {
  const app = new Hono<AppEnv>();

  app.get(
    "/billing/patients/:patientId",
    authorize("billing.write"),
    (c) => patientPage(c, readId(c.req.param("patientId"))),
  );

  app.post("/billing/patients/:patientId/payers", authorize("billing.write"), async (c) => {
    const patientId = readId(c.req.param("patientId"));
    if (!patientId) return c.notFound();
    const form = await parseForm(c, payerForm);
    if (!form.success) {
      return await patientPage(c, patientId, { values: form.values, errors: form.errors, status: 422 });
    }
    const added = await addPayer(c.var.deps.db, practiceScope(c), patientId, form.data, requestFacts(c));
    if (!added) return c.notFound();
    return c.redirect(`/billing/patients/${patientId}?notice=saved`, 303);
  });

  app.post("/billing/patients/:patientId/payers/:payerId/archive", authorize("billing.write"), async (c) => {
    const patientId = readId(c.req.param("patientId"));
    const payerId = readId(c.req.param("payerId"));
    if (!patientId || !payerId) return c.notFound();
    await readForm(c);
    if (!await archivePayer(c.var.deps.db, practiceScope(c), patientId, payerId, requestFacts(c))) return c.notFound();
    return c.redirect(`/billing/patients/${patientId}?notice=saved`, 303);
  });

  app.post("/billing/patients/:patientId/fee-agreements", authorize("billing.write"), async (c) => {
    const patientId = readId(c.req.param("patientId"));
    if (!patientId) return c.notFound();
    const form = await parseForm(c, agreementForm);
    if (!form.success) {
      return await patientPage(c, patientId, { values: form.values, errors: form.errors, status: 422 });
    }
    const added = await addFeeAgreement(c.var.deps.db, practiceScope(c), patientId, {
      agreedOn: form.data.agreed_on,
      subject: form.data.subject,
      goaeCode: form.data.goae_code,
      factorHundredths: form.data.factor,
    }, requestFacts(c));
    if (!added) return c.notFound();
    return c.redirect(`/billing/patients/${patientId}?notice=saved`, 303);
  });

  app.get(
    "/billing/appointments/:id",
    authorize("calendar.read"),
    (c) => appointmentPage(c, readId(c.req.param("id"))),
  );

  app.post("/billing/appointments/:id/services", authorize("calendar.write"), async (c) => {
    const id = readId(c.req.param("id"));
    if (!id) return c.notFound();
    const form = await parseForm(c, planForm);
    if (!form.success) return await appointmentPage(c, id, "appointmentServices.unknownService");
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    if (!await appointmentKnown(db, scope, id)) return c.notFound();
    if (!await planAppointmentService(db, scope, id, form.data.service_id, requestFacts(c))) {
      return await appointmentPage(c, id, "appointmentServices.unknownService");
    }
    return c.redirect(`/billing/appointments/${id}?notice=saved`, 303);
  });

  app.post("/billing/appointments/:id/services/:plannedId/remove", authorize("calendar.write"), async (c) => {
    const id = readId(c.req.param("id"));
    const plannedId = readId(c.req.param("plannedId"));
    if (!id || !plannedId) return c.notFound();
    await readForm(c);
    if (!await removeAppointmentService(c.var.deps.db, practiceScope(c), id, plannedId, requestFacts(c))) {
      return c.notFound();
    }
    return c.redirect(`/billing/appointments/${id}?notice=saved`, 303);
  });

  app.get("/billing/types/:typeId", authorize("billing.write"), async (c) => {
    const typeId = readId(c.req.param("typeId"));
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const type = typeId ? await typeOfPractice(db, scope, typeId) : undefined;
    if (!type) return c.notFound();
    return c.html(
      <TypeServicesPage
        page={pageContext(c)}
        type={type}
        services={await listServices(db, scope)}
        chosen={await typeServiceIds(db, scope, type.id)}
        notice={queryNotice(c, { saved: "billingPatient.saved" })}
      />,
    );
  });

  app.post("/billing/types/:typeId", authorize("billing.write"), async (c) => {
    const typeId = readId(c.req.param("typeId"));
    if (!typeId) return c.notFound();
    const body = await readFormBody(c);
    const raw = body.service_id === undefined
      ? []
      : Array.isArray(body.service_id)
      ? body.service_id
      : [body.service_id];
    const ids = raw.map(readId);
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const type = await typeOfPractice(db, scope, typeId);
    if (!type) return c.notFound();
    const saved = !ids.includes(null) && await setTypeServices(db, scope, typeId, ids as string[], requestFacts(c));
    if (!saved) {
      return c.html(
        <TypeServicesPage
          page={pageContext(c)}
          type={type}
          services={await listServices(db, scope)}
          chosen={await typeServiceIds(db, scope, type.id)}
          problem="typeServices.unknownService"
        />,
        422,
      );
    }
    return c.redirect(`/billing/types/${typeId}?notice=saved`, 303);
  });

  return app;
}
