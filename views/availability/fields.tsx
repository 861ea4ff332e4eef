// Date, time and choice fields of the availability forms, shaped like TextField: label, input,
// and the server's message beside it.
import type { FieldError, PageContext } from "../page-context.ts";
import { FieldMessage } from "../components/form.tsx";

interface InputProps {
  page: PageContext;
  name: string;
  label: string;
  value?: string;
  error?: FieldError;
  optional?: boolean;
  hint?: string;
}

function InputField(props: InputProps & { type: "date" | "time" | "text"; maxLength?: number }) {
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
        maxlength={props.maxLength}
        required={!props.optional}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.hint ? `${hintId} ${errorId}` : errorId}
      />
      <FieldMessage page={props.page} id={errorId} error={props.error} />
    </div>
  );
}

export function DateField(props: InputProps) {
  return <InputField {...props} type="date" />;
}

export function TimeField(props: InputProps) {
  return <InputField {...props} type="time" />;
}

export function SelectField(props: InputProps & { options: { value: string; label: string }[] }) {
  const errorId = `${props.name}-error`;
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      <select
        id={props.name}
        name={props.name}
        required={!props.optional}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={errorId}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessage page={props.page} id={errorId} error={props.error} />
    </div>
  );
}
