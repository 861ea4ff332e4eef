// A patient's record: master data, consents, and one lazily loaded section per area the viewer
// may see (appointments, documentation, documents), each served by its own area. On a wide
// screen two columns: master data, consents and appointments beside documentation and
// documents; an in-page index of the sections above both.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { CsrfField, Notice } from "../components/form.tsx";
import type { Patient } from "../../db/patients.ts";
import type { PatientConsent } from "../../db/patient-consents.ts";
import { patientDisplayName } from "../../lib/patient-name.ts";
import { ageOn, berlinDay, calendarDay } from "./format.ts";
import { ConsentSection } from "./consents.tsx";

export interface RecordPageProps {
  page: PageContext;
  patient: Patient;
  consents: PatientConsent[];
  today: string;
  notice?: MessageKey;
  consentErrors?: FieldErrors;
  consentValues?: Record<string, string>;
  problem?: MessageKey;
  /** The checked path of the page the record was opened from (an appointment): "back" leads there. */
  back?: string | null;
}

export function RecordPage(props: RecordPageProps) {
  const { page, patient } = props;
  const t = page.t;
  const name = patientDisplayName(patient);
  const archived = patient.archived_at !== null;
  const base = `/patients/${patient.id}`;
  const row = (label: MessageKey, value: string) => (
    <>
      <dt>{t(label)}</dt>
      <dd>{value || t("patient.none")}</dd>
    </>
  );
  const insurance = patient.insurance_kind === "statutory" || patient.insurance_kind === "private"
    ? [patient.insurer_name, patient.insurance_number].filter(Boolean).join(" · ")
    : patient.insurance_kind === "other"
    ? patient.other_payer
    : "";
  return (
    <Layout page={page} title={name}>
      <p>
        {props.back && (
          <>
            <a href={props.back}>{t("calendar.backToAppointment")}</a>
            {" · "}
          </>
        )}
        <a href="/patients">{t("patient.backToList")}</a>
        {page.can("billing.write") && (
          <>
            {" · "}
            <a href={`/billing/patients/${patient.id}`}>{t("billingPatient.link")}</a>
          </>
        )}
      </p>
      <h1>
        {name}
        {patient.pending_since && <span class="tag">{t("patients.pendingTag")}</span>}
        {patient.date_of_birth && (
          <span class="muted">
            {" "}
            {calendarDay(page.lang, patient.date_of_birth)} ·{" "}
            {t("patient.age", { count: ageOn(patient.date_of_birth, props.today) })}
          </span>
        )}
      </h1>
      {patient.pending_since && (
        <div class="notice" role="status">
          {t("patient.pendingBanner", { date: berlinDay(page.lang, patient.pending_since) })}
          {page.can("calendar.write") && (
            <>
              {" "}
              <a href="/calendar/online-bookings">{t("patient.pendingDecide")}</a>
            </>
          )}
        </div>
      )}
      {archived && (
        <div class="notice archived-banner" role="status">
          {t("patient.archivedBanner", { date: berlinDay(page.lang, patient.archived_at) })}
        </div>
      )}
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      <nav class="record-index" aria-label={t("record.index")}>
        <a href="#record-master-data">{t("record.indexMasterData")}</a>
        <a href="#consents">{t("record.indexConsents")}</a>
        {page.can("calendar.read") && <a href="#record-appointments">{t("record.indexAppointments")}</a>}
        {page.can("notes.read") && <a href="#record-notes">{t("record.indexNotes")}</a>}
        {page.can("documents.read") && <a href="#record-documents">{t("record.indexDocuments")}</a>}
      </nav>
      <div class="record-columns">
        <div class="record-side">
          <section class="panel patient-master-data" id="record-master-data">
            <h2>{t("patient.masterData")}</h2>
            <dl class="facts">
              {row(
                "patient.sex",
                t(`patient.sex.${patient.sex}`) + (patient.gender_note ? ` (${patient.gender_note})` : ""),
              )}
              {row(
                "patient.sectionContact",
                // The country alone (it defaults to DE) is no address.
                patient.street || patient.postal_code || patient.city
                  ? [patient.street, [patient.postal_code, patient.city].filter(Boolean).join(" "), patient.country]
                    .filter(Boolean).join(", ")
                  : "",
              )}
              {row("patient.phone", patient.phone)}
              {row("patient.email", patient.email)}
              {row("patient.insuranceKind", t(`patient.insurance.${patient.insurance_kind}`))}
              {insurance && row(
                patient.insurance_kind === "other" ? "patient.otherPayer" : "patient.insurerName",
                insurance,
              )}
              {row(
                "patient.sectionEmergency",
                [patient.emergency_contact_name, patient.emergency_contact_phone].filter(Boolean).join(" · "),
              )}
              {row("patient.sectionNotes", patient.notes)}
            </dl>
            <div class="actions">
              {!archived && <a href={`${base}/edit`}>{t("patient.edit")}</a>}
              <a href={`${base}/messages`}>{t("patientMessages.navLink")}</a>
              {!archived && (
                <form method="post" action={`${base}/archive`} class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  <button type="submit" class="link-button">{t("patient.archive")}</button>
                </form>
              )}
              {archived && page.can("patients.archived") && (
                <form method="post" action={`${base}/restore`} class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  <button type="submit" class="link-button">{t("patient.restore")}</button>
                </form>
              )}
            </div>
          </section>
          <ConsentSection
            page={page}
            patientId={patient.id}
            consents={props.consents}
            today={props.today}
            writable={!archived}
            errors={props.consentErrors ?? {}}
            values={props.consentValues ?? {}}
          />
          {page.can("calendar.read") && (
            <AreaSection
              page={page}
              id="record-appointments"
              url={`${base}/appointments`}
              title="patient.appointments"
            />
          )}
        </div>
        <div class="record-main">
          {page.can("notes.read") && (
            <AreaSection page={page} id="record-notes" url={`${base}/notes`} title="patient.notesArea" />
          )}
          {page.can("documents.read") && (
            <AreaSection page={page} id="record-documents" url={`${base}/documents`} title="patient.documentsArea" />
          )}
        </div>
      </div>
    </Layout>
  );
}

/** A section another area fills once the page has loaded; a plain link without JavaScript. */
function AreaSection(props: { page: PageContext; id: string; url: string; title: MessageKey }) {
  const t = props.page.t;
  return (
    <section class="panel" id={props.id} hx-get={props.url} hx-trigger="load">
      <h2>{t(props.title)}</h2>
      <p>
        <a href={props.url}>{t("patient.loadSection")}</a>
      </p>
    </section>
  );
}
