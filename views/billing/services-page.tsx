// The service catalogue: own services, GOÄ and GebüH items, each in its current version; the
// form to add one and to save a new version of one.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "../components/form.tsx";
import { InputField, SelectField } from "../calendar/fields.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { Service } from "../../db/services.ts";
import { CATALOGUES, VAT_TREATMENTS } from "../../lib/billing-kinds.ts";
import { GOAE_SECTIONS } from "../../lib/goae.ts";
import { euro } from "./parts.tsx";

export function ServicesPage(props: {
  page: PageContext;
  services: Service[];
  types: { id: string; name: string }[];
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: MessageKey;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("billing.servicesTitle")}>
      <p>
        <a href="/billing">{t("billing.back")}</a>
      </p>
      <h1>{t("billing.servicesTitle")}</h1>
      <p>{t("billing.servicesIntro")}</p>
      <p>
        <a href="/billing/services/import">{t("billing.importLink")}</a>
      </p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={props.errors} />
      {props.services.length === 0 ? <p>{t("billing.noServices")}</p> : (
        <table class="billing-table">
          <thead>
            <tr>
              <th scope="col">{t("billing.catalogue")}</th>
              <th scope="col">{t("billing.code")}</th>
              <th scope="col">{t("billing.name")}</th>
              <th scope="col" class="number">{t("billing.column.amount")}</th>
              <th scope="col">{t("billing.archive")}</th>
            </tr>
          </thead>
          <tbody>
            {props.services.map((service) => (
              <tr>
                <td>{t(`billing.catalogue.${service.catalogue}` as MessageKey)}</td>
                <td>{service.code}</td>
                <th scope="row">
                  <a href={`/billing/services/${service.id}`}>{service.name}</a>{" "}
                  <span class="muted">{t("billing.version", { version: service.version })}</span>
                </th>
                <td class="number">{euro(page, service.priceCents)}</td>
                <td>
                  <form method="post" action={`/billing/services/${service.id}/archive`} class="inline-form">
                    <CsrfField token={page.csrfToken} />
                    <button type="submit" class="link-button">{t("billing.archive")}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.types.length > 0 && (
        <section aria-labelledby="type-services">
          <h2 id="type-services">{t("billing.typesLink")}</h2>
          <ul>
            {props.types.map((type) => (
              <li>
                <a href={`/billing/types/${type.id}`}>{type.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="panel" aria-labelledby="add-service">
        <h2 id="add-service">{t("billing.addService")}</h2>
        <ServiceForm page={page} action="/billing/services" values={props.values} errors={props.errors} withCatalogue>
          {t("billing.addService")}
        </ServiceForm>
      </section>
    </Layout>
  );
}

export function ServicePage(
  props: { page: PageContext; service: Service; values: Record<string, string>; errors: FieldErrors },
) {
  const { page, service } = props;
  const t = page.t;
  return (
    <Layout page={page} title={service.name}>
      <p>
        <a href="/billing/services">{t("billing.servicesTitle")}</a>
      </p>
      <h1>
        {service.name} <span class="muted">{t("billing.version", { version: service.version })}</span>
      </h1>
      <ErrorSummary page={page} errors={props.errors} />
      <ServiceForm
        page={page}
        action={`/billing/services/${service.id}`}
        values={props.values}
        errors={props.errors}
        withCatalogue={false}
      >
        {t("billing.reviseService")}
      </ServiceForm>
    </Layout>
  );
}

function ServiceForm(props: {
  page: PageContext;
  action: string;
  values: Record<string, string>;
  errors: FieldErrors;
  withCatalogue: boolean;
  children: string;
}) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <CsrfField token={page.csrfToken} />
      {props.withCatalogue && (
        <SelectField
          page={page}
          name="catalogue"
          label={t("billing.catalogue")}
          value={values.catalogue ?? "own"}
          options={CATALOGUES.map((catalogue) => ({ value: catalogue, label: t(`billing.catalogue.${catalogue}`) }))}
          error={errors.catalogue}
        />
      )}
      <TextField
        page={page}
        name="code"
        label={t("billing.code")}
        value={values.code}
        error={errors.code}
        optional
        maxLength={20}
      />
      <TextField
        page={page}
        name="name"
        label={t("billing.name")}
        value={values.name}
        error={errors.name}
        maxLength={300}
      />
      <TextField
        page={page}
        name="price"
        label={t("billing.price")}
        value={values.price}
        error={errors.price}
        optional
        maxLength={15}
      />
      <InputField
        page={page}
        name="duration"
        type="number"
        min="1"
        max="600"
        label={t("billing.duration")}
        value={values.duration}
        error={errors.duration}
      />
      <SelectField
        page={page}
        name="vat"
        label={t("billing.vat")}
        value={values.vat ?? "exempt"}
        options={VAT_TREATMENTS.map((vat) => ({ value: vat, label: t(`billing.vat.${vat}`) }))}
        error={errors.vat}
      />
      <InputField
        page={page}
        name="points"
        type="number"
        min="1"
        max="100000"
        label={t("billing.points")}
        value={values.points}
        error={errors.points}
      />
      <SelectField
        page={page}
        name="section"
        label={t("billing.section")}
        value={values.section ?? "personal"}
        options={GOAE_SECTIONS.map((section) => ({ value: section, label: t(`billing.section.${section}`) }))}
        error={errors.section}
      />
      <TextField
        page={page}
        name="range_min"
        label={t("billing.rangeMin")}
        value={values.range_min}
        error={errors.range_min}
        optional
        maxLength={15}
      />
      <TextField
        page={page}
        name="range_max"
        label={t("billing.rangeMax")}
        value={values.range_max}
        error={errors.range_max}
        optional
        maxLength={15}
      />
      <button type="submit">{props.children}</button>
    </form>
  );
}
