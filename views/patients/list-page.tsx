// The daily patient list with its search box: the full page and the rows htmx swaps in while
// someone types (the same rows, so the page works the same without JavaScript).
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import type { PatientListItem } from "../../db/patients.ts";
import { patientDisplayName } from "../../lib/patient-name.ts";
import { calendarDay } from "./format.ts";

export interface PatientListState {
  query: string;
  includeArchived: boolean;
  offset: number;
  patients: PatientListItem[];
  more: boolean;
  pageSize: number;
}

export function searchUrl(path: string, state: PatientListState, offset: number, extra = ""): string {
  const params = new URLSearchParams({ q: state.query });
  if (state.includeArchived) params.set("archived", "1");
  if (offset) params.set("offset", String(offset));
  return `${path}?${params}${extra}`;
}

export function PatientListPage(props: { page: PageContext; state: PatientListState }) {
  const { page, state } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("patients.title")}>
      <h1>{t("patients.title")}</h1>
      <p>
        <a href="/patients/new" class="button">{t("patients.new")}</a>
        {page.can("patients.import") && (
          <>
            {" "}
            <a href="/patients/import">{t("imports.link")}</a>
          </>
        )}
      </p>
      <form method="get" action="/patients" role="search" class="patient-search">
        <label for="q">{t("patients.searchLabel")}</label>
        <p class="field-hint" id="q-hint">{t("patients.searchHint")}</p>
        <input
          id="q"
          name="q"
          type="search"
          value={state.query}
          autocomplete="off"
          maxlength={200}
          aria-describedby="q-hint"
          aria-controls="patient-rows"
          hx-get="/patients/search"
          hx-trigger="input changed delay:250ms, search"
          hx-target="#patient-rows"
          hx-include="closest form"
          hx-push-url="true"
        />
        {page.can("patients.archived") && (
          <label class="checkbox">
            <input
              type="checkbox"
              name="archived"
              value="1"
              checked={state.includeArchived}
              hx-get="/patients/search"
              hx-target="#patient-rows"
              hx-include="closest form"
              hx-push-url="true"
            />
            <span>{t("patients.includeArchived")}</span>
          </label>
        )}
        <button type="submit">{t("patients.searchButton")}</button>
      </form>
      {state.offset > 0 && (
        <p>
          <a href={searchUrl("/patients", state, 0)}>{t("patients.first")}</a>
        </p>
      )}
      <table class="table patient-list">
        <thead>
          <tr>
            <th>{t("patients.colName")}</th>
            <th>{t("patients.colBirth")}</th>
            <th>{t("patients.colPhone")}</th>
            <th>{t("patients.colCity")}</th>
          </tr>
        </thead>
        <tbody id="patient-rows" aria-live="polite">
          <PatientRows page={page} state={state} />
        </tbody>
      </table>
    </Layout>
  );
}

/** Table rows of one page of results, ending in a row that loads the next page. */
export function PatientRows(props: { page: PageContext; state: PatientListState }) {
  const { page, state } = props;
  const t = page.t;
  const next = state.offset + state.pageSize;
  return (
    <>
      {state.patients.length === 0 && state.offset === 0 && (
        <tr>
          <td colspan={4} class="muted">{t("patients.noResults")}</td>
        </tr>
      )}
      {state.patients.map((patient) => (
        <tr data-patient-id={patient.id}>
          <td>
            <a href={`/patients/${patient.id}`}>{patientDisplayName(patient)}</a>
            {patient.pending_since && <span class="tag">{t("patients.pendingTag")}</span>}
            {patient.archived_at && <span class="tag">{t("patients.archivedTag")}</span>}
          </td>
          <td>{calendarDay(page.lang, patient.date_of_birth)}</td>
          <td>{patient.phone}</td>
          <td>{patient.city}</td>
        </tr>
      ))}
      {state.more && (
        <tr id="patient-more">
          <td colspan={4}>
            <a
              href={searchUrl("/patients", state, next)}
              hx-get={searchUrl("/patients/search", state, next)}
              hx-target="#patient-more"
              hx-swap="outerHTML"
            >
              {t("patients.more")}
            </a>
          </td>
        </tr>
      )}
    </>
  );
}

/** The patient picker of other forms (an appointment's patient): one radio per patient. */
export function PatientPicker(props: { page: PageContext; state: PatientListState }) {
  const { page, state } = props;
  const t = page.t;
  if (state.patients.length === 0) return <p class="muted">{t("patients.noResults")}</p>;
  return (
    <fieldset class="patient-picker">
      <legend class="visually-hidden">{t("patients.choose")}</legend>
      {state.patients.map((patient) => (
        <label class="radio">
          <input type="radio" name="patient_id" value={patient.id} required />
          <span>
            {patientDisplayName(patient)} ({calendarDay(page.lang, patient.date_of_birth)})
          </span>
        </label>
      ))}
    </fieldset>
  );
}
