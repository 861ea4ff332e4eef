// The services of one appointment (planned, done, billed) and an appointment type's default
// services ("Leistungskette").
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import { SelectField } from "../calendar/fields.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { AppointmentService, Service } from "../../db/services.ts";
import { Checkbox } from "./parts.tsx";

function serviceLabel(page: PageContext, service: { catalogue: string; code: string; name: string }) {
  const catalogue = page.t(`billing.catalogue.${service.catalogue}` as MessageKey);
  return service.code ? `${catalogue} ${service.code} ${service.name}` : service.name;
}

export function AppointmentServicesPage(props: {
  page: PageContext;
  appointmentId: string;
  planned: AppointmentService[];
  services: Service[];
  canWrite: boolean;
  problem?: MessageKey;
  notice?: MessageKey;
}) {
  const { page } = props;
  const t = page.t;
  const base = `/billing/appointments/${props.appointmentId}`;
  return (
    <Layout page={page} title={t("appointmentServices.title")}>
      <p>
        <a href={`/calendar/appointments/${props.appointmentId}`}>{t("appointmentServices.back")}</a>
      </p>
      <h1>{t("appointmentServices.title")}</h1>
      <p>{t("appointmentServices.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      {props.planned.length === 0 ? <p>{t("appointmentServices.none")}</p> : (
        <ul>
          {props.planned.map((line) => (
            <li>
              {serviceLabel(page, line)} {line.quantity > 1 && `× ${line.quantity}`}{" "}
              <span class="muted">
                ({line.invoiceId ? t("appointmentServices.billed") : t(`appointmentServices.${line.status}`)})
              </span>{" "}
              {props.canWrite && !line.invoiceId && (
                <form method="post" action={`${base}/services/${line.id}/remove`} class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  <button type="submit" class="link-button">{t("appointmentServices.remove")}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.canWrite && props.services.length > 0 && (
        <form method="post" action={`${base}/services`} class="stack panel" novalidate>
          <CsrfField token={page.csrfToken} />
          <SelectField
            page={page}
            name="service_id"
            label={t("billing.service")}
            value={props.services[0].id}
            options={props.services.map((service) => ({ value: service.id, label: serviceLabel(page, service) }))}
          />
          <button type="submit">{t("appointmentServices.add")}</button>
        </form>
      )}
    </Layout>
  );
}

export function TypeServicesPage(props: {
  page: PageContext;
  type: { id: string; name: string };
  services: Service[];
  chosen: string[];
  problem?: MessageKey;
  notice?: MessageKey;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("typeServices.title", { name: props.type.name })}>
      <p>
        <a href="/billing/services">{t("billing.servicesTitle")}</a>
      </p>
      <h1>{t("typeServices.title", { name: props.type.name })}</h1>
      <p>{t("typeServices.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      <form method="post" action={`/billing/types/${props.type.id}`} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="submitted" value="yes" />
        {props.services.map((service) => (
          <Checkbox
            key={service.id}
            name="service_id"
            value={service.id}
            checked={props.chosen.includes(service.id)}
            label={serviceLabel(page, service)}
          />
        ))}
        <button type="submit">{t("typeServices.save")}</button>
      </form>
    </Layout>
  );
}
