// A patient's documentation entries: the list A's patient record loads as a fragment, and the
// same list as a page of its own (without JavaScript, or opened directly).
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { Notice } from "../components/form.tsx";
import { moment } from "../practice/format.ts";
import type { NoteListItem } from "../../db/notes.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";

export function NoteListSection(props: { page: PageContext; patientId: string; notes: NoteListItem[] }) {
  const { page, notes } = props;
  const t = page.t;
  return (
    <div class="note-list" id="patient-notes">
      <h2>{t("notes.title")}</h2>
      {(page.can("notes.write") || page.can("notes.templates")) && (
        <p class="inline-form">
          {page.can("notes.write") && <a href={`/patients/${props.patientId}/notes/new`}>{t("notes.new")}</a>}
          {page.can("notes.templates") && <a href="/notes/templates">{t("notes.templates.link")}</a>}
        </p>
      )}
      {notes.length === 0 ? <p class="muted">{t("notes.empty")}</p> : (
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{t("notes.column.date")}</th>
              <th scope="col">{t("notes.column.template")}</th>
              <th scope="col">{t("notes.column.author")}</th>
              <th scope="col">{t("notes.column.status")}</th>
              <th scope="col">{t("notes.column.amendments")}</th>
            </tr>
          </thead>
          <tbody>
            {notes.map((note) => (
              <tr>
                <td>
                  <a href={`/notes/${note.id}`}>{moment(page.lang, note.appointmentStartsAt ?? note.createdAt)}</a>
                </td>
                <td>{note.title || t("notes.freeText")}</td>
                <td>{note.authorName}</td>
                <td>{t(`notes.status.${note.status}` as MessageKey)}</td>
                <td>{note.amendments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function PatientNotesPage(props: {
  page: PageContext;
  patientId: string;
  patientName: string;
  notes: NoteListItem[];
  notice?: MessageKey;
}) {
  const { page } = props;
  return (
    <Layout page={page} title={page.t("notes.pageTitle", { patient: props.patientName })}>
      <p>
        <a href={`/patients/${props.patientId}`}>{page.t("notes.backToPatient")}</a>
      </p>
      <h1>{props.patientName}</h1>
      {props.notice && <Notice>{page.t(props.notice)}</Notice>}
      <NoteListSection page={page} patientId={props.patientId} notes={props.notes} />
    </Layout>
  );
}
