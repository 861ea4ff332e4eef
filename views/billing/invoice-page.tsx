// One invoice: a draft with its recipient and items (editable), or an issued invoice with its
// PDF, deliveries, payments, write-off and cancellation.
import { Layout } from "../layout.tsx";
import type { FieldError, FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import { InputField, SelectField } from "../calendar/fields.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { InvoiceDetail } from "../../db/invoice-records.ts";
import type { Payment } from "../../db/payments.ts";
import type { Service } from "../../db/services.ts";
import { PAYMENT_METHODS, VAT_TREATMENTS } from "../../lib/billing-kinds.ts";
import { formatFactor } from "../../lib/goae.ts";
import { day, euro, StatusBadge } from "./parts.tsx";

export interface InvoicePageProps {
  page: PageContext;
  invoice: InvoiceDetail;
  payments: Payment[];
  services: Service[];
  today: string;
  canWrite: boolean;
  canPay: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: { key: MessageKey; values?: Record<string, string> };
  problems: { key: MessageKey; values?: Record<string, string | number> }[];
}

export function InvoicePage(props: InvoicePageProps) {
  const { page, invoice } = props;
  const t = page.t;
  const draft = invoice.status === "draft";
  const title = draft ? t("billing.draftTitle") : t("billing.invoiceTitle", { number: invoice.number ?? "" });
  const base = `/billing/invoices/${invoice.id}`;
  return (
    <Layout page={page} title={title}>
      <p>
        <a href="/billing">{t("billing.back")}</a>
      </p>
      <h1>{invoice.kind === "cancellation" ? `${t("billing.kind.cancellation")} ${invoice.number}` : title}</h1>
      <p>
        <StatusBadge page={page} status={invoice.status} /> {invoice.patientName}
        {invoice.invoiceDate && ` · ${day(page, invoice.invoiceDate)}`}
      </p>
      {invoice.kind === "cancellation" && invoice.relatedNumber && (
        <p>
          <a href={`/billing/invoices/${invoice.cancelsInvoiceId}`}>
            {t("billing.cancels", { number: invoice.relatedNumber })}
          </a>
        </p>
      )}
      {invoice.cancelledByInvoiceId && invoice.relatedNumber && (
        <p>
          <a href={`/billing/invoices/${invoice.cancelledByInvoiceId}`}>
            {t("billing.cancelledBy", { number: invoice.relatedNumber })}
          </a>
        </p>
      )}
      {props.notice && <Notice>{t(props.notice.key, props.notice.values)}</Notice>}
      {props.problems.length > 0 && (
        <div class="error-summary" role="alert">
          <ul>
            {props.problems.map((problem) => (
              <li class="problem">
                <span>{t(problem.key, problem.values)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorSummary page={page} errors={props.errors} />
      <section aria-labelledby="recipient">
        <h2 id="recipient">{t("billing.recipient")}</h2>
        <p class="address">
          {invoice.recipientName}
          <br />
          {invoice.recipientAddress}
        </p>
        {draft && props.canWrite && <RecipientForm {...props} />}
      </section>
      <Items {...props} />
      {draft && props.canWrite && <AddItemForm {...props} />}
      {draft && props.canWrite && (
        <section class="panel">
          <p>{t("billing.issueHint")}</p>
          <form method="post" action={`${base}/issue`} class="inline-form">
            <CsrfField token={page.csrfToken} />
            <button type="submit">{t("billing.issue")}</button>
          </form>{" "}
          <form method="post" action={`${base}/delete`} class="inline-form">
            <CsrfField token={page.csrfToken} />
            <button type="submit" class="secondary">{t("billing.deleteDraft")}</button>
          </form>
        </section>
      )}
      {!draft && <Issued {...props} />}
    </Layout>
  );
}

function RecipientForm(props: InvoicePageProps) {
  const { page, invoice } = props;
  const t = page.t;
  return (
    <form method="post" action={`/billing/invoices/${invoice.id}/recipient`} class="stack" novalidate>
      <CsrfField token={page.csrfToken} />
      <SelectField
        page={page}
        name="payer_id"
        label={t("billing.recipient")}
        value={props.values.payer_id ?? invoice.payerId ?? ""}
        options={[
          { value: "", label: t("billing.recipientPatient") },
          ...invoice.payers.map((payer) => ({ value: payer.id, label: payer.name })),
        ]}
        error={props.errors.payer_id}
      />
      <SelectField
        page={page}
        name="language"
        label={t("billing.language")}
        value={props.values.language ?? invoice.language}
        options={[{ value: "de", label: t("language.de") }, { value: "en", label: t("language.en") }]}
        error={props.errors.language}
      />
      <button type="submit" class="secondary">{t("billing.saveRecipient")}</button>
    </form>
  );
}

function Items(props: InvoicePageProps) {
  const { page, invoice } = props;
  const t = page.t;
  const draft = invoice.status === "draft";
  return (
    <section aria-labelledby="items">
      <h2 id="items">{t("billing.items")}</h2>
      {invoice.items.length === 0 ? <p>{t("billing.noItems")}</p> : (
        <table class="billing-table">
          <thead>
            <tr>
              <th scope="col">{t("billing.column.date")}</th>
              <th scope="col">{t("billing.code")}</th>
              <th scope="col">{t("billing.column.service")}</th>
              <th scope="col">{t("billing.factor")}</th>
              <th scope="col" class="number">{t("billing.column.amount")}</th>
              {draft && props.canWrite && <th scope="col">{t("billing.remove")}</th>}
            </tr>
          </thead>
          <tbody>
            {invoice.items.map((item) => (
              <tr>
                <td>{day(page, item.service_date)}</td>
                <td>
                  {item.catalogue === "free"
                    ? ""
                    : `${t(`billing.catalogue.${item.catalogue}` as MessageKey)} ${item.code}`}
                </td>
                <td>
                  {item.description}
                  {item.analogous_to && <span class="muted">{` (${t("billing.analogous")} ${item.analogous_to})`}
                  </span>}
                  {item.justification && <p class="muted">{item.justification}</p>}
                  {draft && props.canWrite && item.catalogue === "goae" && (
                    <form
                      method="post"
                      action={`/billing/invoices/${invoice.id}/items/${item.id}/factor`}
                      class="stack"
                    >
                      <CsrfField token={page.csrfToken} />
                      <TextField
                        page={page}
                        name="factor"
                        label={t("billing.factor")}
                        value={formatFactor(item.factor_hundredths ?? 100, page.lang)}
                        maxLength={5}
                      />
                      <TextField
                        page={page}
                        name="justification"
                        label={t("billing.justification")}
                        value={item.justification}
                        optional
                        maxLength={500}
                      />
                      <TextField
                        page={page}
                        name="analogous_to"
                        label={t("billing.analogous")}
                        value={item.analogous_to}
                        optional
                        maxLength={20}
                      />
                      <button type="submit" class="secondary">{t("billing.saveFactor")}</button>
                    </form>
                  )}
                </td>
                <td>{item.factor_hundredths ? formatFactor(item.factor_hundredths, page.lang) : ""}</td>
                <td class="number">{item.quantity > 1 ? `${item.quantity} × ` : ""}{euro(page, item.amount_cents)}</td>
                {draft && props.canWrite && (
                  <td>
                    <form
                      method="post"
                      action={`/billing/invoices/${invoice.id}/items/${item.id}/remove`}
                      class="inline-form"
                    >
                      <CsrfField token={page.csrfToken} />
                      <button type="submit" class="link-button">{t("billing.remove")}</button>
                    </form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AddItemForm(props: InvoicePageProps) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <section class="panel" aria-labelledby="add-item">
      <h2 id="add-item">{t("billing.addItem")}</h2>
      <form method="post" action={`/billing/invoices/${props.invoice.id}/items`} class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <InputField
          page={page}
          name="service_date"
          type="date"
          label={t("billing.serviceDate")}
          value={values.service_date ?? props.today}
          error={errors.service_date}
          required
        />
        <SelectField
          page={page}
          name="service_id"
          label={t("billing.service")}
          value={values.service_id ?? ""}
          options={[
            { value: "", label: t("billing.freeItem") },
            ...props.services.map((service) => ({
              value: service.id,
              label: `${
                service.code ? `${t(`billing.catalogue.${service.catalogue}` as MessageKey)} ${service.code} ` : ""
              }${service.name}`,
            })),
          ]}
          error={errors.service_id}
        />
        <TextField
          page={page}
          name="description"
          label={t("billing.description")}
          value={values.description}
          error={errors.description}
          optional
          maxLength={500}
        />
        <TextField
          page={page}
          name="price"
          label={t("billing.price")}
          value={values.price}
          error={errors.price}
          optional
          inputmode="text"
          maxLength={15}
        />
        <InputField
          page={page}
          name="quantity"
          type="number"
          min="1"
          max="99"
          label={t("billing.quantity")}
          value={values.quantity ?? "1"}
          error={errors.quantity}
          required
        />
        <SelectField
          page={page}
          name="vat"
          label={t("billing.vat")}
          value={values.vat ?? "exempt"}
          options={VAT_TREATMENTS.map((vat) => ({ value: vat, label: t(`billing.vat.${vat}`) }))}
          error={errors.vat}
        />
        <TextField
          page={page}
          name="factor"
          label={t("billing.factor")}
          value={values.factor}
          error={errors.factor}
          optional
          maxLength={5}
        />
        <TextField
          page={page}
          name="justification"
          label={t("billing.justification")}
          value={values.justification}
          error={errors.justification}
          optional
          maxLength={500}
        />
        <TextField
          page={page}
          name="analogous_to"
          label={t("billing.analogous")}
          value={values.analogous_to}
          error={errors.analogous_to}
          optional
          maxLength={20}
        />
        <button type="submit">{t("billing.addItem")}</button>
      </form>
    </section>
  );
}

function Issued(props: InvoicePageProps) {
  const { page, invoice, values, errors } = props;
  const t = page.t;
  const base = `/billing/invoices/${invoice.id}`;
  const balance = invoice.totalCents - invoice.paidCents;
  const retentionYear = Number((invoice.invoiceDate ?? props.today).slice(0, 4)) + 8;
  const payable = invoice.kind === "invoice" && invoice.status !== "cancelled";
  return (
    <>
      <section aria-labelledby="totals">
        <h2 id="totals">{t("billing.total")}</h2>
        <dl class="billing-totals">
          <dt>{t("billing.net")}</dt>
          <dd>{euro(page, invoice.netCents)}</dd>
          <dt>{t("billing.vatTotal")}</dt>
          <dd>{euro(page, invoice.vatCents)}</dd>
          <dt>{t("billing.total")}</dt>
          <dd>{euro(page, invoice.totalCents)}</dd>
          {payable && (
            <>
              <dt>{t("billing.paidTotal")}</dt>
              <dd>{euro(page, invoice.paidCents)}</dd>
              <dt>{t("billing.balance")}</dt>
              <dd>{balance < 0 ? t("billing.overpaid", { amount: euro(page, -balance) }) : euro(page, balance)}</dd>
            </>
          )}
        </dl>
        <p class="muted">{t("billing.retention", { year: String(retentionYear) })}</p>
      </section>
      <section aria-labelledby="delivery">
        <h2 id="delivery">{t("billing.deliveries")}</h2>
        <p>
          <a href={`${base}/pdf`} hx-boost="false">{t("billing.downloadPdf")}</a> ·{" "}
          <a href={`${base}/pdf?print=1`} hx-boost="false" target="_blank">{t("billing.printPdf")}</a>
          {invoice.payers.some((payer) => payer.id === invoice.payerId && payer.kind === "company") && (
            <>
              {" · "}
              <a href={`${base}/xrechnung`} hx-boost="false">{t("billingExports.eInvoiceDownload")}</a>
              {" · "}
              <a href={`${base}/zugferd`} hx-boost="false">{t("billingExports.zugferdDownload")}</a>
            </>
          )}
        </p>
        {props.canWrite && (invoice.recipientEmail
          ? (
            <form method="post" action={`${base}/email`} class="inline-form">
              <CsrfField token={page.csrfToken} />
              <button type="submit" class="secondary">
                {t("billing.sendEmail", { email: invoice.recipientEmail })}
              </button>
            </form>
          )
          : <p class="muted">{t("billing.noEmail")}</p>)}
        {invoice.deliveries.length > 0 && (
          <ul>
            {invoice.deliveries.map((delivery) => (
              <li>
                {day(page, delivery.delivered_at.toISOString().slice(0, 10))}:{" "}
                {t(`billing.delivery.${delivery.channel}`, { to: delivery.recipient })}
              </li>
            ))}
          </ul>
        )}
      </section>
      {payable && (
        <section aria-labelledby="payments">
          <h2 id="payments">{t("billing.payments")}</h2>
          {props.payments.length === 0 ? <p>{t("billing.noPayments")}</p> : (
            <table class="billing-table">
              <tbody>
                {props.payments.map((payment) => (
                  <tr>
                    <td>{day(page, payment.paidOn)}</td>
                    <td>{payment.reversesPaymentId ? t("billing.reversal") : t(`billing.method.${payment.method}`)}</td>
                    <td class="number">{euro(page, payment.amountCents)}</td>
                    <td>
                      {payment.reversed && <span class="muted">{t("billing.reversed")}</span>}
                      {props.canPay && !payment.reversed && !payment.reversesPaymentId && (
                        <ReversalForm
                          page={page}
                          action={`${base}/payments/${payment.id}/reverse`}
                          field={`reversed_on-${payment.id}`}
                          value={values[`reversed_on-${payment.id}`] ?? props.today}
                          error={errors[`reversed_on-${payment.id}`]}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {props.canPay && (
            <form method="post" action={`${base}/payments`} class="stack" novalidate>
              <CsrfField token={page.csrfToken} />
              <TextField
                page={page}
                name="amount"
                label={t("billing.amount")}
                value={values.amount ??
                  (balance > 0 ? (balance / 100).toFixed(2).replace(".", page.lang === "de" ? "," : ".") : "")}
                error={errors.amount}
                maxLength={15}
              />
              <SelectField
                page={page}
                name="method"
                label={t("billing.method")}
                value={values.method ?? "transfer"}
                options={PAYMENT_METHODS.map((method) => ({ value: method, label: t(`billing.method.${method}`) }))}
                error={errors.method}
              />
              <InputField
                page={page}
                name="paid_on"
                type="date"
                label={t("billing.paidOn")}
                value={values.paid_on ?? props.today}
                error={errors.paid_on}
                required
              />
              <button type="submit">{t("billing.recordPayment")}</button>
            </form>
          )}
          {props.canWrite && (
            <form method="post" action={`${base}/write-off`} class="inline-form">
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="written_off" value={invoice.status === "written_off" ? "no" : "yes"} />
              <button type="submit" class="secondary">
                {invoice.status === "written_off" ? t("billing.withdrawWriteOff") : t("billing.writeOff")}
              </button>
            </form>
          )}
        </section>
      )}
      {payable && props.canWrite && (
        <section class="panel" aria-labelledby="cancel">
          <h2 id="cancel">{t("billing.cancel")}</h2>
          <p>{t("billing.cancelHint")}</p>
          <form method="post" action={`${base}/cancel`} class="inline-form">
            <CsrfField token={page.csrfToken} />
            <button type="submit" class="danger">{t("billing.cancel")}</button>
          </form>
        </section>
      )}
    </>
  );
}

/** Reversing one payment on a day the person picks (the day the money went back), today unless changed. */
function ReversalForm(
  props: { page: PageContext; action: string; field: string; value: string; error?: FieldError },
) {
  const t = props.page.t;
  const errorId = `${props.field}-error`;
  return (
    <form method="post" action={props.action} class={props.error ? "inline-form field-invalid" : "inline-form"}>
      <CsrfField token={props.page.csrfToken} />
      <label for={props.field} class="visually-hidden">{t("billing.reversedOn")}</label>
      <input
        id={props.field}
        name="reversed_on"
        type="date"
        value={props.value}
        required
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={errorId}
      />
      <button type="submit" class="link-button">{t("billing.reverse")}</button>
      <FieldMessage page={props.page} id={errorId} error={props.error} />
    </form>
  );
}
