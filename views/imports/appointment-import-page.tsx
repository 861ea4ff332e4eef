// The appointment import: a calendar export (.ics), the practitioner and location the events
// go to; then each event with its time or its problem, and the confirmation.
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { CsrfField, FieldMessage, Notice } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { berlinTime, formatDay } from "../../lib/berlin-time.ts";
import { berlinDate } from "../../lib/clock.ts";

export interface EventRow {
  index: number;
  summary: string;
  startsAt: Date | null;
  endsAt: Date | null;
  problem: MessageKey | null;
}

interface Choices {
  practitioners: { id: string; name: string }[];
  locations: { id: string; name: string }[];
}

function Placement(props: { page: PageContext; values: Record<string, string> } & Choices) {
  const t = props.page.t;
  return (
    <>
      <div class="field">
        <label for="practitioner_id">{t("imports.practitioner")}</label>
        <select id="practitioner_id" name="practitioner_id">
          {props.practitioners.map((p) => (
            <option value={p.id} selected={props.values.practitioner_id === p.id}>{p.name}</option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="location_id">{t("imports.location")}</label>
        <select id="location_id" name="location_id">
          {props.locations.map((l) => (
            <option value={l.id} selected={props.values.location_id === l.id}>{l.name}</option>
          ))}
        </select>
      </div>
    </>
  );
}

function when(page: PageContext, row: EventRow): string {
  if (!row.startsAt) return "";
  const day = formatDay(berlinDate(row.startsAt), page.lang);
  return row.endsAt
    ? `${day} ${berlinTime(row.startsAt)}–${berlinTime(row.endsAt)}`
    : `${day} ${berlinTime(row.startsAt)}`;
}

export function AppointmentImportPage(
  props: {
    page: PageContext;
    values: Record<string, string>;
    preview?: { ics: string; rows: EventRow[]; importable: number };
    problem?: MessageKey;
    imported?: number | null;
  } & Choices,
) {
  const { page, preview } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("imports.appointmentsTitle")}>
      <p>
        <a href="/calendar">{t("imports.toCalendar")}</a>
      </p>
      <h1>{t("imports.appointmentsTitle")}</h1>
      {props.imported != null && <Notice>{t("imports.appointmentsImported", { count: props.imported })}</Notice>}
      <p>{t("imports.appointmentsIntro")}</p>
      <form method="post" action="/calendar/import/file" enctype="multipart/form-data" class="stack" novalidate>
        <CsrfField token={page.csrfToken} />
        <Placement page={page} values={props.values} practitioners={props.practitioners} locations={props.locations} />
        <div class="field">
          <label for="file">{t("imports.icsFile")}</label>
          <input id="file" name="file" type="file" accept=".ics,text/calendar" aria-describedby="file-error" />
          <FieldMessage
            page={page}
            id="file-error"
            error={props.problem && { key: props.problem, values: { max: "1,5" } }}
          />
        </div>
        <button type="submit" name="step" value="preview">{t("imports.upload")}</button>
      </form>
      {preview && (
        <form method="post" action="/calendar/import/file" enctype="multipart/form-data" class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="ics" value={preview.ics} />
          <input type="hidden" name="practitioner_id" value={props.values.practitioner_id ?? ""} />
          <input type="hidden" name="location_id" value={props.values.location_id ?? ""} />
          <h2>{t("imports.previewTitle")}</h2>
          <table class="import-rows">
            <thead>
              <tr>
                <th scope="col">{t("imports.event")}</th>
                <th scope="col">{t("imports.when")}</th>
                <th scope="col">{t("imports.summaryColumn")}</th>
                <th scope="col">{t("imports.remark")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr>
                  <td>{row.index}</td>
                  <td>{when(page, row)}</td>
                  <td>{row.summary}</td>
                  <td class={row.problem ? "import-errors" : undefined}>
                    {row.problem ? t(row.problem) : t("imports.event.ok")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.importable > 0 && (
            <button type="submit" name="step" value="confirm">
              {t("imports.confirmAppointments", { count: preview.importable })}
            </button>
          )}
        </form>
      )}
    </Layout>
  );
}
