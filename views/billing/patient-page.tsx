// A patient's billing: who pays (payers kept on the patient), the fee agreements (§ 2 GOÄ), and
// a new invoice with free items.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "../components/form.tsx";
import { InputField, SelectField } from "../calendar/fields.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { PAYER_KINDS } from "../../lib/billing-kinds.ts";
import type { billingPatient } from "../../db/patient-payers.ts";
import type { InvoiceSummary } from "../../db/invoice-records.ts";
import { day, euro, StatusBadge } from "./parts.tsx";
import { formatFactor } from "../../lib/goae.ts";

type Patient = NonNullable<Awaited<ReturnType<typeof billingPatient>>>;

export function PatientBillingPage(props: {
  page: PageContext;
  patient: Patient;
  invoices: InvoiceSummary[];
  today: string;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: MessageKey;
}) {
  const { page, patient, values, errors } = props;
  const t = page.t;
  const base = `/billing/patients/${patient.id}`;
  return (
    <Layout page={page} title={t("billingPatient.title", { name: patient.name })}>
      <p>
        <a href="/billing">{t("billing.back")}</a> · <a href={`/patients/${patient.id}`}>{patient.name}</a>
      </p>
      <h1>{t("billingPatient.title", { name: patient.name })}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/billing/invoices" class="inline-form">
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="patient_id" value={patient.id} />
        <button type="submit">{t("billingPatient.newInvoice")}</button>
      </form>
      {props.invoices.length > 0 && (
        <section aria-labelledby="patient-invoices">
          <h2 id="patient-invoices">{t("billing.invoices")}</h2>
          <table class="billing-table">
            <thead>
              <tr>
                <th scope="col">{t("billing.column.number")}</th>
                <th scope="col">{t("billing.column.date")}</th>
                <th scope="col">{t("billing.column.status")}</th>
                <th scope="col" class="number">{t("billing.column.total")}</th>
              </tr>
            </thead>
            <tbody>
              {props.invoices.map((invoice) => (
                <tr>
                  <th scope="row">
                    <a href={`/billing/invoices/${invoice.id}`}>{invoice.number ?? t("billing.draft")}</a>
                  </th>
                  <td>{day(page, invoice.invoiceDate)}</td>
                  <td>
                    <StatusBadge page={page} status={invoice.status} />
                  </td>
                  <td class="number">{euro(page, invoice.totalCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section aria-labelledby="payers">
        <h2 id="payers">{t("billingPatient.payers")}</h2>
        {patient.payers.length === 0 ? <p>{t("billingPatient.noPayers")}</p> : (
          <ul>
            {patient.payers.map((payer) => (
              <li>
                {payer.name} ({t(`billingPatient.kind.${payer.kind}`)}) {payer.email && `· ${payer.email}`}{" "}
                <form method="post" action={`${base}/payers/${payer.id}/archive`} class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  <button type="submit" class="link-button">{t("billingPatient.archive")}</button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action={`${base}/payers`} class="stack panel" novalidate>
          <CsrfField token={page.csrfToken} />
          <SelectField
            page={page}
            name="kind"
            label={t("billingPatient.kind")}
            value={values.kind ?? "parent"}
            options={PAYER_KINDS.map((kind) => ({ value: kind, label: t(`billingPatient.kind.${kind}`) }))}
            error={errors.kind}
          />
          <TextField
            page={page}
            name="name"
            label={t("billingPatient.name")}
            value={values.name}
            error={errors.name}
            maxLength={200}
          />
          <div class={errors.address ? "field field-invalid" : "field"}>
            <label for="address">{t("billingPatient.address")}</label>
            <textarea id="address" name="address" rows={3} maxlength={500} aria-describedby="address-error">
              {values.address ?? ""}
            </textarea>
            <p class="field-error" id="address-error">
              {errors.address ? t(errors.address.key, errors.address.values) : ""}
            </p>
          </div>
          <TextField
            page={page}
            name="email"
            type="email"
            label={t("billingPatient.email")}
            value={values.email}
            error={errors.email}
            optional
            maxLength={254}
          />
          <SelectField
            page={page}
            name="language"
            label={t("billingPatient.language")}
            value={values.language ?? "de"}
            options={[{ value: "de", label: t("language.de") }, { value: "en", label: t("language.en") }]}
            error={errors.language}
          />
          <button type="submit" class="secondary">{t("billingPatient.addPayer")}</button>
        </form>
      </section>
      <section aria-labelledby="agreements">
        <h2 id="agreements">{t("billingPatient.agreements")}</h2>
        {patient.agreements.length === 0 ? <p>{t("billingPatient.noAgreements")}</p> : (
          <ul>
            {patient.agreements.map((agreement) => (
              <li class="agreement">
                <span>{day(page, agreement.agreed_on)}</span>:{" "}
                {agreement.factor_hundredths === null ? t("billingPatient.agreementWithoutTerms") : t(
                  "billingPatient.agreementTerms",
                  { code: agreement.goae_code, factor: formatFactor(agreement.factor_hundredths, page.lang) },
                )}: {agreement.subject}
              </li>
            ))}
          </ul>
        )}
        <form method="post" action={`${base}/fee-agreements`} class="stack panel" novalidate>
          <CsrfField token={page.csrfToken} />
          <InputField
            page={page}
            name="agreed_on"
            type="date"
            label={t("billingPatient.agreedOn")}
            value={values.agreed_on ?? props.today}
            error={errors.agreed_on}
            required
          />
          <InputField
            page={page}
            name="goae_code"
            type="text"
            label={t("billingPatient.goaeCode")}
            value={values.goae_code}
            error={errors.goae_code}
            required
          />
          <InputField
            page={page}
            name="factor"
            type="text"
            label={t("billingPatient.agreedFactor")}
            value={values.factor}
            error={errors.factor}
            required
          />
          <TextField
            page={page}
            name="subject"
            label={t("billingPatient.subject")}
            value={values.subject}
            error={errors.subject}
            maxLength={500}
          />
          <button type="submit" class="secondary">{t("billingPatient.addAgreement")}</button>
        </form>
      </section>
    </Layout>
  );
}
