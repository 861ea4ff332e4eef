// The billing reports: open items, revenue by month (chart and the same figures as a table) and
// by service for a year, and the tax advisor's month at a glance.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { ErrorSummary, FieldMessage } from "../components/form.tsx";
import { formatEuro } from "../../lib/money.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { ItemVatTreatment, PaymentMethod } from "../../lib/billing-kinds.ts";
import { LEVEL_TITLES } from "../../lib/dunning-letter.ts";
import { RevenueChart } from "./revenue-chart.tsx";

function day(isoDay: string, lang: "de" | "en"): string {
  if (!isoDay) return "";
  const [y, m, d] = isoDay.split("-");
  return lang === "de" ? `${d}.${m}.${y}` : isoDay;
}

function monthName(month: string, lang: "de" | "en", style: "short" | "long" = "short"): string {
  const at = new Date(`${month}-15T12:00:00Z`);
  return new Intl.DateTimeFormat(lang === "de" ? "de-DE" : "en-GB", {
    month: style,
    ...(style === "long" ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(at);
}

export interface ReportsPageProps {
  page: PageContext;
  year: string;
  errors: FieldErrors;
  openItems: {
    invoiceId: string;
    number: string;
    recipientName: string;
    invoiceDate: string;
    dueDate: string;
    totalCents: number;
    paidCents: number;
    openCents: number;
    daysOverdue: number;
    dunningLevel: number;
  }[];
  months: { month: string; invoicedCents: number; cancelledCents: number; receivedCents: number }[];
  services: { catalogue: string; code: string; description: string; quantity: number; netCents: number }[];
}

function YearForm(props: { page: PageContext; year: string; errors: FieldErrors }) {
  const t = props.page.t;
  return (
    <form method="get" action="/billing/reports" class="inline-form no-print">
      <label for="year">{t("billingReports.year")}</label>
      <input
        id="year"
        name="year"
        type="text"
        inputmode="numeric"
        maxlength={4}
        value={props.year}
        aria-invalid={props.errors.year ? "true" : undefined}
        aria-describedby="year-error"
      />
      <button type="submit">{t("billingReports.show")}</button>
      <FieldMessage page={props.page} id="year-error" error={props.errors.year} />
    </form>
  );
}

export function ReportsPage(props: ReportsPageProps) {
  const { page } = props;
  const t = page.t;
  const money = (cents: number) => formatEuro(cents, page.lang);
  const totalOpen = props.openItems.reduce((sum, item) => sum + item.openCents, 0);
  const sums = props.months.reduce(
    (s, m) => ({
      invoiced: s.invoiced + m.invoicedCents,
      cancelled: s.cancelled + m.cancelledCents,
      received: s.received + m.receivedCents,
    }),
    { invoiced: 0, cancelled: 0, received: 0 },
  );
  return (
    <Layout page={page} title={t("billingReports.title")}>
      <h1>{t("billingReports.title")}</h1>
      <ErrorSummary page={page} errors={props.errors} />
      <YearForm page={page} year={props.year} errors={props.errors} />
      <p class="no-print">
        <a href="/billing/reports/month">{t("billingReports.monthLink")}</a> ·{" "}
        <a href="/billing/exports">{t("billingExports.exportsLink")}</a>
      </p>

      <section aria-labelledby="open-items">
        <h2 id="open-items">{t("billingReports.openItems")}</h2>
        {props.openItems.length === 0 ? <p>{t("billingReports.openItemsNone")}</p> : (
          <table class="report-table">
            <thead>
              <tr>
                <th scope="col">{t("billingReports.invoice")}</th>
                <th scope="col">{t("billingReports.recipient")}</th>
                <th scope="col">{t("billingReports.invoiceDate")}</th>
                <th scope="col">{t("billingReports.dueDate")}</th>
                <th scope="col" class="number">{t("billingReports.total")}</th>
                <th scope="col" class="number">{t("billingReports.paid")}</th>
                <th scope="col" class="number">{t("billingReports.open")}</th>
                <th scope="col" class="number">{t("billingReports.daysOverdue")}</th>
                <th scope="col">{t("billingReports.dunningLevel")}</th>
              </tr>
            </thead>
            <tbody>
              {props.openItems.map((item) => (
                <tr key={item.invoiceId}>
                  <td>
                    <a href={`/billing/invoices/${item.invoiceId}`}>{item.number}</a>
                  </td>
                  <td>{item.recipientName}</td>
                  <td>{day(item.invoiceDate, page.lang)}</td>
                  <td>{day(item.dueDate, page.lang)}</td>
                  <td class="number">{money(item.totalCents)}</td>
                  <td class="number">{money(item.paidCents)}</td>
                  <td class="number">{money(item.openCents)}</td>
                  <td class="number">{item.daysOverdue || ""}</td>
                  <td>{item.dunningLevel ? t(LEVEL_TITLES[item.dunningLevel as 1 | 2 | 3]) : ""}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colspan={6}>{t("billingReports.openItemsTotal")}</th>
                <td class="number">{money(totalOpen)}</td>
                <td colspan={2}></td>
              </tr>
            </tfoot>
          </table>
        )}
      </section>

      <section aria-labelledby="by-month">
        <h2 id="by-month">{t("billingReports.byMonth")}</h2>
        <RevenueChart
          page={page}
          id="revenue-by-month"
          title={t("billingReports.chartTitle", { year: props.year })}
          description={t("billingReports.chartDescription")}
          points={props.months.map((m) => ({
            label: monthName(m.month, page.lang),
            value: m.invoicedCents + m.cancelledCents,
          }))}
        />
        <table class="report-table">
          <thead>
            <tr>
              <th scope="col">{t("billingReports.month")}</th>
              <th scope="col" class="number">{t("billingReports.invoiced")}</th>
              <th scope="col" class="number">{t("billingReports.cancelled")}</th>
              <th scope="col" class="number">{t("billingReports.net")}</th>
              <th scope="col" class="number">{t("billingReports.received")}</th>
            </tr>
          </thead>
          <tbody>
            {props.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">
                  <a href={`/billing/reports/month?month=${m.month}`}>{monthName(m.month, page.lang, "long")}</a>
                </th>
                <td class="number">{money(m.invoicedCents)}</td>
                <td class="number">{money(m.cancelledCents)}</td>
                <td class="number">{money(m.invoicedCents + m.cancelledCents)}</td>
                <td class="number">{money(m.receivedCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("billingReports.sum")}</th>
              <td class="number">{money(sums.invoiced)}</td>
              <td class="number">{money(sums.cancelled)}</td>
              <td class="number">{money(sums.invoiced + sums.cancelled)}</td>
              <td class="number">{money(sums.received)}</td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section aria-labelledby="by-service">
        <h2 id="by-service">{t("billingReports.byService")}</h2>
        {props.services.length === 0 ? <p>{t("billingReports.byServiceNone")}</p> : (
          <table class="report-table">
            <thead>
              <tr>
                <th scope="col">{t("billingReports.service")}</th>
                <th scope="col" class="number">{t("billingReports.quantity")}</th>
                <th scope="col" class="number">{t("billingReports.netAmount")}</th>
              </tr>
            </thead>
            <tbody>
              {props.services.map((s) => (
                <tr key={`${s.catalogue}-${s.code}-${s.description}`}>
                  <td>{s.code ? `${s.code} ${s.description}` : s.description}</td>
                  <td class="number">{s.quantity}</td>
                  <td class="number">{money(s.netCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

export interface MonthPageProps {
  page: PageContext;
  month: string;
  errors: FieldErrors;
  glance: {
    invoiceCount: number;
    cancellationCount: number;
    firstNumber: string;
    lastNumber: string;
    byTreatment: { treatment: ItemVatTreatment; netCents: number }[];
    netCents: number;
    vatCents: number;
    totalCents: number;
    payments: { method: PaymentMethod; cents: number; count: number }[];
    openAtEndCents: number;
    openAtEndCount: number;
  } | null;
}

export function MonthPage(props: MonthPageProps) {
  const { page, glance } = props;
  const t = page.t;
  const money = (cents: number) => formatEuro(cents, page.lang);
  return (
    <Layout page={page} title={t("billingReports.monthTitle")}>
      <h1>{t("billingReports.monthTitle")}</h1>
      <ErrorSummary page={page} errors={props.errors} />
      <form method="get" action="/billing/reports/month" class="inline-form no-print">
        <label for="month">{t("billingReports.month")}</label>
        <input
          id="month"
          name="month"
          type="text"
          inputmode="numeric"
          maxlength={7}
          value={props.month}
          aria-invalid={props.errors.month ? "true" : undefined}
          aria-describedby="month-error"
        />
        <button type="submit">{t("billingReports.show")}</button>
        <FieldMessage page={page} id="month-error" error={props.errors.month} />
      </form>
      {glance && (
        <>
          <h2>{monthName(props.month, page.lang, "long")}</h2>
          <section aria-labelledby="documents">
            <h3 id="documents">{t("billingReports.documents")}</h3>
            {glance.invoiceCount + glance.cancellationCount === 0 ? <p>{t("billingReports.noDocuments")}</p> : (
              <ul>
                <li>{t("billingReports.invoiceCount", { count: glance.invoiceCount })}</li>
                <li>{t("billingReports.cancellationCount", { count: glance.cancellationCount })}</li>
                <li>{t("billingReports.numberRange", { first: glance.firstNumber, last: glance.lastNumber })}</li>
              </ul>
            )}
          </section>
          <section aria-labelledby="treatments">
            <h3 id="treatments">{t("billingReports.byTreatment")}</h3>
            <table class="report-table">
              <tbody>
                {glance.byTreatment.map((row) => (
                  <tr key={row.treatment}>
                    <th scope="row">{t(`billingReports.treatment.${row.treatment}` as MessageKey)}</th>
                    <td class="number">{money(row.netCents)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("billingReports.netAmount")}</th>
                  <td class="number">{money(glance.netCents)}</td>
                </tr>
                <tr>
                  <th scope="row">{t("billingReports.vat")}</th>
                  <td class="number">{money(glance.vatCents)}</td>
                </tr>
                <tr>
                  <th scope="row">{t("billingReports.gross")}</th>
                  <td class="number">{money(glance.totalCents)}</td>
                </tr>
              </tfoot>
            </table>
          </section>
          <section aria-labelledby="payments">
            <h3 id="payments">{t("billingReports.payments")}</h3>
            {glance.payments.length === 0 ? <p>{t("billingReports.noPayments")}</p> : (
              <table class="report-table">
                <tbody>
                  {glance.payments.map((row) => (
                    <tr key={row.method}>
                      <th scope="row">{t(`billingReports.method.${row.method}` as MessageKey)}</th>
                      <td class="number">{row.count}</td>
                      <td class="number">{money(row.cents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <p>
            <strong>
              {t("billingReports.openAtEnd", { amount: money(glance.openAtEndCents), count: glance.openAtEndCount })}
            </strong>
          </p>
          <p class="no-print">
            <a href="/billing/exports">{t("billingReports.exports")}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
