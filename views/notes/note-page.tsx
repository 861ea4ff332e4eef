// One documentation entry. A draft: its author edits, finalizes or discards it; colleagues
// read it. A finalized entry: the original, and each amendment beside it with who amended,
// when and why; below, the form for a further amendment.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "../components/form.tsx";
import { moment } from "../practice/format.ts";
import type { NoteDetail } from "../../db/notes.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { fieldValues, NoteContent, NoteFieldInputs } from "./note-fields.tsx";

export interface NotePageProps {
  page: PageContext;
  note: NoteDetail;
  patientName: string;
  /** The viewer wrote this draft and may still change it. */
  canEdit: boolean;
  canAmend: boolean;
  values?: Record<string, string>;
  errors?: FieldErrors;
  notice?: MessageKey;
  problem?: MessageKey;
  /** The second step of finalizing: the entry as it will stay, and the button that does it. */
  confirmFinalize?: boolean;
}

export function NotePage(props: NotePageProps) {
  const { page, note } = props;
  const t = page.t;
  const title = note.title || t("notes.freeText");
  return (
    <Layout page={page} title={`${title} · ${props.patientName}`}>
      <p>
        <a href={`/patients/${note.patientId}`}>{t("notes.backToPatient")}</a>
        {" · "}
        <a href={`/patients/${note.patientId}/notes`}>{t("notes.backToList")}</a>
      </p>
      <h1>{props.patientName}</h1>
      <p>
        {t("notes.meta", { title, author: note.authorName, date: moment(page.lang, note.createdAt) })}
        {note.appointmentStartsAt && (
          <>
            <br />
            {t("notes.appointmentOn", { date: moment(page.lang, note.appointmentStartsAt) })}
          </>
        )}
      </p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      {note.status === "draft" ? <Draft {...props} /> : <Finalized {...props} />}
    </Layout>
  );
}

function Draft(props: NotePageProps) {
  const { page, note } = props;
  const t = page.t;
  const status = (
    <p class="notice">
      <strong>{t("notes.status.draft")}.</strong> {t("notes.draftDue", { date: moment(page.lang, note.finalizeDueAt) })}
      {props.canEdit && <>{" "}{t("notes.draftHint")}</>}
    </p>
  );
  if (!props.canEdit) {
    return (
      <>
        {status}
        <p class="muted">{t("notes.draftOf", { name: note.authorName })}</p>
        <section class="panel">
          <NoteContent page={page} fields={note.fields} />
        </section>
      </>
    );
  }
  if (props.confirmFinalize) return <ConfirmFinalize {...props} />;
  const errors = props.errors ?? {};
  return (
    <>
      {status}
      <section class="panel">
        <h2>{t("notes.edit")}</h2>
        <ErrorSummary page={page} errors={errors} />
        <form method="post" action={`/notes/${note.id}`} class="stack" hx-boost="false" novalidate>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(note.version)} />
          <NoteFieldInputs
            page={page}
            headings={note.fields.map((field) => field.heading)}
            values={props.values ?? fieldValues(note.fields)}
            errors={errors}
          />
          <button type="submit" class="primary">{t("notes.saveDraft")}</button>
        </form>
      </section>
      <section class="panel">
        <h2>{t("notes.finalize")}</h2>
        <p>{t("notes.finalizeHint")}</p>
        {/* A GET first: the confirmation step below, also without JavaScript. */}
        <form method="get" action={`/notes/${note.id}/finalize`} class="stack">
          <button type="submit" class="primary">{t("notes.finalize")}</button>
        </form>
      </section>
      <section class="panel">
        <h2>{t("notes.discard")}</h2>
        <p>{t("notes.discardHint")}</p>
        <form method="post" action={`/notes/${note.id}/discard`} class="stack">
          <CsrfField token={page.csrfToken} />
          <button type="submit">{t("notes.discard")}</button>
        </form>
      </section>
    </>
  );
}

/** Finalizing cannot be undone: the entry as it will stay, then a confirmation that says so. */
function ConfirmFinalize(props: NotePageProps) {
  const { page, note } = props;
  const t = page.t;
  return (
    <>
      <section class="panel" aria-labelledby="finalize-confirm">
        <h2 id="finalize-confirm">{t("notes.finalizeConfirmTitle")}</h2>
        <p class="error-summary" role="alert">{t("notes.finalizeConfirmBody")}</p>
        <NoteContent page={page} fields={note.fields} />
        <form method="post" action={`/notes/${note.id}/finalize`} class="stack">
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="primary">{t("notes.finalizeConfirm")}</button>
        </form>
        <p>
          <a href={`/notes/${note.id}`}>{t("notes.finalizeCancel")}</a>
        </p>
      </section>
    </>
  );
}

function Finalized(props: NotePageProps) {
  const { page, note } = props;
  const t = page.t;
  const errors = props.errors ?? {};
  const latest = note.amendments.at(-1)?.fields ?? note.fields;
  return (
    <>
      <p class="notice">
        <strong>{t("notes.status.final")}.</strong> {note.finalizedByName
          ? t("notes.finalizedBy", { date: moment(page.lang, note.finalizedAt), name: note.finalizedByName })
          : t("notes.finalizedAutomatically", { date: moment(page.lang, note.finalizedAt) })}
      </p>
      {note.amendments.length === 0
        ? (
          <section class="panel">
            <h2>{t("notes.original")}</h2>
            <NoteContent page={page} fields={note.fields} />
          </section>
        )
        : (
          <section>
            <h2>{t("notes.amendments")}</h2>
            {note.amendments.map((amendment) => (
              <div class="note-compare">
                <section class="panel" aria-label={t("notes.original")}>
                  <h3>{t("notes.original")}</h3>
                  <NoteContent page={page} fields={note.fields} />
                </section>
                <section class="panel note-amendment">
                  <h3>
                    {t("notes.amendment", { name: amendment.authorName, date: moment(page.lang, amendment.createdAt) })}
                  </h3>
                  <p class="note-reason">{t("notes.amendmentReason", { reason: amendment.reason })}</p>
                  <NoteContent page={page} fields={amendment.fields} />
                </section>
              </div>
            ))}
          </section>
        )}
      {props.canAmend && (
        <details class="panel disclosure" open={Object.keys(errors).length > 0}>
          <summary>
            <h2>{t("notes.amend")}</h2>
          </summary>
          <p class="field-hint">{t("notes.amendHint")}</p>
          <ErrorSummary page={page} errors={errors} />
          <form method="post" action={`/notes/${note.id}/amendments`} class="stack" hx-boost="false" novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField
              page={page}
              name="reason"
              label={t("notes.reason")}
              value={props.values?.reason}
              error={errors.reason}
              maxLength={500}
            />
            <NoteFieldInputs
              page={page}
              headings={note.fields.map((field) => field.heading)}
              values={props.values ?? fieldValues(latest)}
              errors={errors}
            />
            <button type="submit" class="primary">{t("notes.saveAmendment")}</button>
          </form>
        </details>
      )}
    </>
  );
}
