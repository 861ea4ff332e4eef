// A patient's consents: what was agreed and when, the signed form if there is one, withdrawals.
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, TextField } from "../components/form.tsx";
import type { PatientConsent } from "../../db/patient-consents.ts";
import { calendarDay } from "./format.ts";

export function ConsentSection(props: {
  page: PageContext;
  patientId: string;
  consents: PatientConsent[];
  today: string;
  writable: boolean;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { page, errors, values } = props;
  const t = page.t;
  const base = `/patients/${props.patientId}/consents`;
  return (
    <section class="panel" id="consents">
      <h2>{t("consent.title")}</h2>
      {props.consents.length === 0 ? <p class="muted">{t("consent.none")}</p> : (
        <table class="table">
          <thead>
            <tr>
              <th>{t("consent.subject")}</th>
              <th>{t("consent.givenOn")}</th>
              <th>{t("consent.document")}</th>
              <th>{t("consent.withdrawnOn")}</th>
            </tr>
          </thead>
          <tbody>
            {props.consents.map((consent) => (
              <tr data-consent-id={consent.id}>
                <td>{consent.subject}</td>
                <td>{calendarDay(page.lang, consent.given_on)}</td>
                <td>
                  {consent.document_id
                    ? (page.can("documents.read")
                      ? <a href={`/documents/${consent.document_id}`}>{t("consent.document")}</a>
                      : t("consent.document"))
                    : t("patient.none")}
                </td>
                <td>
                  {consent.withdrawn_on
                    ? t("consent.withdrawn", { date: calendarDay(page.lang, consent.withdrawn_on) })
                    : props.writable
                    ? (
                      <form method="post" action={`${base}/${consent.id}/withdraw`} class="inline-form">
                        <CsrfField token={page.csrfToken} />
                        <label for={`withdrawn_on-${consent.id}`} class="visually-hidden">
                          {t("consent.withdrawnOn")}
                        </label>
                        <input
                          id={`withdrawn_on-${consent.id}`}
                          name="withdrawn_on"
                          type="date"
                          value={props.today}
                          max={props.today}
                          required
                        />
                        <button type="submit" class="link-button">{t("consent.withdraw")}</button>
                        <FieldMessage
                          page={page}
                          id={`withdrawn_on-${consent.id}-error`}
                          error={errors[`withdrawn_on-${consent.id}`]}
                        />
                      </form>
                    )
                    : t("consent.active")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.writable && (
        <details
          class="disclosure"
          open={Boolean(errors.subject || errors.given_on || errors.file)}
        >
          <summary>
            <h3>{t("consent.record")}</h3>
          </summary>
          <form method="post" action={base} enctype="multipart/form-data" class="stack">
            <ErrorSummary
              page={page}
              errors={{ subject: errors.subject, given_on: errors.given_on, file: errors.file }}
            />
            <CsrfField token={page.csrfToken} />
            <TextField
              page={page}
              name="subject"
              label={t("consent.subject")}
              hint={t("consent.subjectHint")}
              value={values.subject ?? ""}
              error={errors.subject}
              maxLength={500}
            />
            <div class={errors.given_on ? "field field-invalid" : "field"}>
              <label for="given_on">{t("consent.givenOn")}</label>
              <input
                id="given_on"
                name="given_on"
                type="date"
                value={values.given_on ?? props.today}
                max={props.today}
                required
                aria-describedby="given_on-error"
              />
              <FieldMessage page={page} id="given_on-error" error={errors.given_on} />
            </div>
            <div class={errors.file ? "field field-invalid" : "field"}>
              <label for="file">{t("consent.file")}</label>
              <input id="file" name="file" type="file" accept="application/pdf,image/*" aria-describedby="file-error" />
              <FieldMessage page={page} id="file-error" error={errors.file} />
            </div>
            <button type="submit" class="primary">{t("consent.record")}</button>
          </form>
        </details>
      )}
    </section>
  );
}
