// The parts every documentation page shares: one labelled text area per heading, and an
// entry's content as read (headings with their texts, line breaks kept).
import type { FieldErrors, PageContext } from "../page-context.ts";
import { FieldMessage } from "../components/form.tsx";
import type { NoteField } from "../../lib/note-content.ts";

export const NOTE_TEXT_MAX = 20_000;

/** Text areas named field_0, field_1, … in the order of the headings. */
export function NoteFieldInputs(props: {
  page: PageContext;
  headings: string[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  return (
    <>
      {props.headings.map((heading, index) => {
        const name = `field_${index}`;
        const error = props.errors[name];
        return (
          <div class={error ? "field field-invalid" : "field"}>
            <label for={name}>{heading}</label>
            <textarea
              id={name}
              name={name}
              rows={6}
              maxlength={NOTE_TEXT_MAX}
              aria-invalid={error ? "true" : undefined}
              aria-describedby={`${name}-error`}
            >
              {props.values[name] ?? ""}
            </textarea>
            <FieldMessage page={props.page} id={`${name}-error`} error={error} />
          </div>
        );
      })}
    </>
  );
}

export function NoteContent(props: { page: PageContext; fields: NoteField[] }) {
  return (
    <div class="note-content">
      {props.fields.map((field) => (
        <>
          <h3>{field.heading}</h3>
          {field.text ? <p class="note-text">{field.text}</p> : <p class="muted">{props.page.t("notes.emptyField")}</p>}
        </>
      ))}
    </div>
  );
}

/** Form values field_i from the texts of an entry. */
export function fieldValues(fields: NoteField[]): Record<string, string> {
  return Object.fromEntries(fields.map((field, index) => [`field_${index}`, field.text]));
}
