// Billing overview: the to-bill list (per patient, selectable into a draft) and the invoices.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { ToBillLine } from "../../db/invoices.ts";
import type { InvoiceSummary } from "../../db/invoice-records.ts";
import { day, euro, StatusBadge } from "./parts.tsx";

export interface OverviewPageProps {
  page: PageContext;
  toBill: ToBillLine[];
  ownOnly: boolean;
  invoices: InvoiceSummary[] | null;
  /** The period of invoice dates shown ("" for open-ended). */
  period: { from: string; to: string };
  canWrite: boolean;
  notice?: MessageKey;
  problem?: MessageKey;
}

export function BillingOverviewPage(props: OverviewPageProps) {
  const { page } = props;
  const t = page.t;
  const byPatient = new Map<string, ToBillLine[]>();
  for (const line of props.toBill) byPatient.set(line.patientId, [...(byPatient.get(line.patientId) ?? []), line]);
  return (
    <Layout page={page} title={t("billing.title")}>
      <h1>{t("billing.title")}</h1>
      {props.canWrite && (
        <p>
          <a href="/billing/services">{t("billing.servicesLink")}</a> ·{" "}
          <a href="/billing/settings">{t("billing.settingsLink")}</a>
        </p>
      )}
      {page.can("billing.read") && (
        <p>
          <a href="/billing/reports">{t("billingExports.reportsLink")}</a> ·{" "}
          <a href="/billing/dunning">{t("billingExports.dunningLink")}</a> ·{" "}
          <a href="/billing/exports">{t("billingExports.exportsLink")}</a> ·{" "}
          <a href="/billing/procedure">{t("billingExports.procedureLink")}</a>
        </p>
      )}
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      <section aria-labelledby="to-bill">
        <h2 id="to-bill">{t("billing.toBill")}</h2>
        <p>{t("billing.toBillIntro")} {props.ownOnly && t("billing.toBillOwn")}</p>
        {byPatient.size === 0
          ? <p>{t("billing.nothingToBill")}</p>
          : [...byPatient].map(([patientId, lines]) => (
            <form method="post" action="/billing/invoices" class="to-bill-patient">
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="patient_id" value={patientId} />
              <h3>
                {props.canWrite
                  ? <a href={`/billing/patients/${patientId}`}>{lines[0].patientName}</a>
                  : lines[0].patientName}
              </h3>
              <table class="billing-table">
                <thead>
                  <tr>
                    {props.canWrite && <th scope="col">{t("billing.select")}</th>}
                    <th scope="col">{t("billing.column.date")}</th>
                    <th scope="col">{t("billing.column.service")}</th>
                    <th scope="col" class="number">{t("billing.column.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((line) => (
                    <tr>
                      {props.canWrite && (
                        <td>
                          <input
                            type="checkbox"
                            name="line"
                            value={line.appointmentServiceId}
                            checked
                            aria-label={t("billing.select")}
                          />
                        </td>
                      )}
                      <td>{day(page, line.startsAt.toISOString().slice(0, 10))}</td>
                      <td>
                        {line.code ? `${line.code} ` : ""}
                        {line.serviceName}
                        {line.quantity > 1 ? ` × ${line.quantity}` : ""}
                      </td>
                      <td class="number">{euro(page, line.priceCents * line.quantity)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {props.canWrite && <button type="submit">{t("billing.createFromSelection")}</button>}
            </form>
          ))}
      </section>
      {props.invoices && (
        <section aria-labelledby="invoices">
          <h2 id="invoices">{t("billing.invoices")}</h2>
          <form method="get" action="/billing" class="inline-form period-filter">
            <label>
              {t("billing.periodFrom")} <input type="date" name="from" value={props.period.from} />
            </label>{" "}
            <label>
              {t("billing.periodTo")} <input type="date" name="to" value={props.period.to} />
            </label>{" "}
            <button type="submit" class="secondary">{t("billing.showPeriod")}</button>
          </form>
          {props.invoices.length === 0 ? <p>{t("billing.noInvoices")}</p> : (
            <table class="billing-table">
              <thead>
                <tr>
                  <th scope="col">{t("billing.column.number")}</th>
                  <th scope="col">{t("billing.column.date")}</th>
                  <th scope="col">{t("billing.column.patient")}</th>
                  <th scope="col">{t("billing.column.status")}</th>
                  <th scope="col" class="number">{t("billing.column.total")}</th>
                  <th scope="col" class="number">{t("billing.column.paid")}</th>
                </tr>
              </thead>
              <tbody>
                {props.invoices.map((invoice) => (
                  <tr>
                    <th scope="row">
                      <a href={`/billing/invoices/${invoice.id}`}>{invoice.number ?? t("billing.draft")}</a>
                    </th>
                    <td>{day(page, invoice.invoiceDate)}</td>
                    <td>{invoice.patientName}</td>
                    <td>
                      <StatusBadge page={page} status={invoice.status} />
                    </td>
                    <td class="number">{euro(page, invoice.totalCents)}</td>
                    <td class="number">{euro(page, invoice.paidCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </Layout>
  );
}
