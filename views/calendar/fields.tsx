// Form fields of the calendar forms that views/components/form.tsx does not have: selects,
// date/time/number inputs and radio groups, each with its message beside it.
import type { Child } from "hono/jsx";
import type { FieldError, PageContext } from "../page-context.ts";
import { FieldMessage } from "../components/form.tsx";

export function SelectField(props: {
  page: PageContext;
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  error?: FieldError;
  /** htmx attributes, e.g. to reload dependent choices. */
  live?: Record<string, string>;
}) {
  const errorId = `${props.name}-error`;
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      <select
        id={props.name}
        name={props.name}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={errorId}
        {...props.live}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>{option.label}</option>
        ))}
      </select>
      <FieldMessage page={props.page} id={errorId} error={props.error} />
    </div>
  );
}

export function InputField(props: {
  page: PageContext;
  name: string;
  label: string;
  type: "date" | "time" | "number" | "text" | "search";
  value?: string;
  error?: FieldError;
  hint?: string;
  required?: boolean;
  min?: string;
  max?: string;
  step?: string;
  maxLength?: number;
  live?: Record<string, string>;
}) {
  const errorId = `${props.name}-error`;
  const hintId = `${props.name}-hint`;
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.hint && <p class="field-hint" id={hintId}>{props.hint}</p>}
      <input
        id={props.name}
        name={props.name}
        type={props.type}
        value={props.value}
        required={props.required}
        min={props.min}
        max={props.max}
        step={props.step}
        maxlength={props.maxLength}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.hint ? `${hintId} ${errorId}` : errorId}
        {...props.live}
      />
      <FieldMessage page={props.page} id={errorId} error={props.error} />
    </div>
  );
}

export function RadioGroup(props: {
  page: PageContext;
  name: string;
  legend: string;
  value: string;
  options: { value: string; label: Child }[];
  error?: FieldError;
}) {
  const errorId = `${props.name}-error`;
  return (
    <fieldset class={props.error ? "field field-invalid" : "field"} aria-describedby={errorId}>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label class="radio">
          <input type="radio" name={props.name} value={option.value} checked={option.value === props.value} />
          <span>{option.label}</span>
        </label>
      ))}
      <FieldMessage page={props.page} id={errorId} error={props.error} />
    </fieldset>
  );
}
