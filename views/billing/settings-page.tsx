// The practice's billing settings: the sender of its invoices, number range, terms, § 19 UStG,
// and whether the front desk records payments.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "../components/form.tsx";
import { InputField, SelectField } from "../calendar/fields.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { Checkbox } from "./parts.tsx";

export function BillingSettingsPage(props: {
  page: PageContext;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: MessageKey;
}) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("billing.settingsTitle")}>
      <p>
        <a href="/billing">{t("billing.back")}</a>
      </p>
      <h1>{t("billing.settingsTitle")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/billing/settings" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          page={page}
          name="legal_name"
          label={t("billing.legalName")}
          value={values.legal_name}
          error={errors.legal_name}
          maxLength={200}
        />
        <div class={errors.address ? "field field-invalid" : "field"}>
          <label for="address">{t("billing.address")}</label>
          <textarea id="address" name="address" rows={3} maxlength={500} aria-describedby="address-error">
            {values.address ?? ""}
          </textarea>
          <p class="field-error" id="address-error">
            {errors.address ? t(errors.address.key, errors.address.values) : ""}
          </p>
        </div>
        <TextField
          page={page}
          name="tax_number"
          label={t("billing.taxNumber")}
          value={values.tax_number}
          error={errors.tax_number}
          optional
          maxLength={40}
        />
        <TextField
          page={page}
          name="vat_id"
          label={t("billing.vatId")}
          value={values.vat_id}
          error={errors.vat_id}
          optional
          maxLength={20}
        />
        <TextField
          page={page}
          name="iban"
          label={t("billing.iban")}
          value={values.iban}
          error={errors.iban}
          optional
          maxLength={42}
        />
        <TextField
          page={page}
          name="bic"
          label={t("billing.bic")}
          value={values.bic}
          error={errors.bic}
          optional
          maxLength={11}
        />
        <TextField
          page={page}
          name="bank_name"
          label={t("billing.bankName")}
          value={values.bank_name}
          error={errors.bank_name}
          optional
          maxLength={100}
        />
        <TextField
          page={page}
          name="number_pattern"
          label={t("billing.numberPattern")}
          hint={t("billing.numberPatternHint")}
          value={values.number_pattern}
          error={errors.number_pattern}
          maxLength={40}
        />
        <SelectField
          page={page}
          name="number_restart"
          label={t("billing.numberRestart")}
          value={values.number_restart ?? "yearly"}
          options={[
            { value: "yearly", label: t("billing.restart.yearly") },
            { value: "continuous", label: t("billing.restart.continuous") },
          ]}
          error={errors.number_restart}
        />
        <InputField
          page={page}
          name="payment_days"
          type="number"
          min="0"
          max="365"
          label={t("billing.paymentDays")}
          value={values.payment_days}
          error={errors.payment_days}
          required
        />
        <Checkbox name="small_business" checked={values.small_business === "yes"} label={t("billing.smallBusiness")} />
        <Checkbox
          name="front_desk_payments"
          checked={values.front_desk_payments === "yes"}
          label={t("billing.frontDeskPayments")}
        />
        <button type="submit">{t("billing.saveSettings")}</button>
      </form>
    </Layout>
  );
}
