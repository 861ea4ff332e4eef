// The exports page: one period field per export (plain GET forms, so a download works without
// JavaScript) and the practice's DATEV account settings.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";

export interface ExportsPageProps {
  page: PageContext;
  period: string;
  settingsSaved: boolean;
  settingsValues: Record<string, string>;
  errors: FieldErrors;
  notice?: MessageKey;
}

const EXPORTS = [
  {
    id: "archive",
    title: "billingExports.archive",
    hint: "billingExports.archiveHint",
    button: "billingExports.archiveDownload",
  },
  {
    id: "datev",
    title: "billingExports.datev",
    hint: "billingExports.datevHint",
    button: "billingExports.datevDownload",
  },
  {
    id: "gdpdu",
    title: "billingExports.gdpdu",
    hint: "billingExports.gdpduHint",
    button: "billingExports.gdpduDownload",
  },
] as const;

const ACCOUNT_FIELDS = [
  ["receivable_account", "billingExports.receivableAccount"],
  ["bank_account", "billingExports.bankAccount"],
  ["cash_account", "billingExports.cashAccount"],
  ["revenue_exempt", "billingExports.revenueExempt"],
  ["revenue_standard", "billingExports.revenueStandard"],
  ["revenue_reduced", "billingExports.revenueReduced"],
  ["revenue_small_business", "billingExports.revenueSmallBusiness"],
] as const;

export function ExportsPage(props: ExportsPageProps) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("billingExports.title")}>
      <h1>{t("billingExports.title")}</h1>
      <p>{t("billingExports.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      {EXPORTS.map((kind) => (
        <section class="panel" aria-labelledby={`${kind.id}-heading`} key={kind.id}>
          <h2 id={`${kind.id}-heading`}>{t(kind.title)}</h2>
          <p>{t(kind.hint)}</p>
          <form method="get" action={`/billing/exports/${kind.id}`} class="stack" hx-boost="false">
            <div class={errors.period ? "field field-invalid" : "field"}>
              <label for={`${kind.id}-period`}>{t("billingExports.period")}</label>
              <p class="field-hint" id={`${kind.id}-period-hint`}>{t("billingExports.periodHint")}</p>
              <input
                id={`${kind.id}-period`}
                name="period"
                type="text"
                inputmode="numeric"
                maxlength={7}
                required
                value={props.period}
                aria-invalid={errors.period ? "true" : undefined}
                aria-describedby={`${kind.id}-period-hint ${kind.id}-period-error`}
              />
              <FieldMessage page={page} id={`${kind.id}-period-error`} error={errors.period} />
            </div>
            <button type="submit" class="primary">{t(kind.button)}</button>
          </form>
        </section>
      ))}
      {page.can("billing.write") && <DatevSettingsForm {...props} />}
      <nav class="panel" aria-labelledby="billing-more-heading">
        <h2 id="billing-more-heading">{t("billingExports.links")}</h2>
        <ul>
          <li>
            <a href="/billing/reports">{t("billingExports.reportsLink")}</a>
          </li>
          <li>
            <a href="/billing/dunning">{t("billingExports.dunningLink")}</a>
          </li>
          <li>
            <a href="/billing/procedure">{t("billingExports.procedureLink")}</a>
          </li>
        </ul>
      </nav>
    </Layout>
  );
}

function DatevSettingsForm(props: ExportsPageProps) {
  const { page, errors, settingsValues: values } = props;
  const t = page.t;
  return (
    <section class="panel" aria-labelledby="datev-settings-heading">
      <h2 id="datev-settings-heading">{t("billingExports.settings")}</h2>
      <p>{t("billingExports.settingsIntro")}</p>
      {!props.settingsSaved && <p class="muted">{t("billingExports.settingsNotSaved")}</p>}
      <form method="post" action="/billing/exports/datev-settings" class="stack">
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="consultant_number"
          label={t("billingExports.consultantNumber")}
          value={values.consultant_number}
          error={errors.consultant_number}
          inputmode="numeric"
          maxLength={7}
        />
        <TextField
          page={page}
          name="client_number"
          label={t("billingExports.clientNumber")}
          value={values.client_number}
          error={errors.client_number}
          inputmode="numeric"
          maxLength={5}
        />
        <TextField
          page={page}
          name="fiscal_year_start"
          label={t("billingExports.fiscalYearStart")}
          value={values.fiscal_year_start}
          error={errors.fiscal_year_start}
          maxLength={5}
        />
        <TextField
          page={page}
          name="account_length"
          label={t("billingExports.accountLength")}
          value={values.account_length}
          error={errors.account_length}
          inputmode="numeric"
          maxLength={1}
        />
        <div class={errors.chart ? "field field-invalid" : "field"}>
          <label for="chart">{t("billingExports.chart")}</label>
          <select id="chart" name="chart" aria-describedby="chart-error">
            {["SKR03", "SKR04"].map((chart) => (
              <option key={chart} value={chart} selected={values.chart === chart}>{chart}</option>
            ))}
          </select>
          <FieldMessage page={page} id="chart-error" error={errors.chart} />
        </div>
        {ACCOUNT_FIELDS.map(([name, label]) => (
          <TextField
            key={name}
            page={page}
            name={name}
            label={t(label)}
            value={values[name]}
            error={errors[name]}
            inputmode="numeric"
            maxLength={9}
          />
        ))}
        <button type="submit" class="primary">{t("billingExports.save")}</button>
      </form>
    </section>
  );
}
