// Form building blocks: every field shows its server-side error right beside it.
import type { Child } from "hono/jsx";
import type { FieldError, FieldErrors, PageContext } from "../page-context.ts";

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function ErrorSummary(props: { page: PageContext; errors: FieldErrors }) {
  if (!Object.values(props.errors).some(Boolean)) return null;
  return (
    <div class="error-summary" role="alert">
      {props.page.t("form.errorSummary")}
    </div>
  );
}

export function FieldMessage(props: { page: PageContext; id: string; error?: FieldError }) {
  return (
    <p class="field-error" id={props.id} aria-live="polite">
      {props.error ? props.page.t(props.error.key, props.error.values) : ""}
    </p>
  );
}

interface TextFieldProps {
  page: PageContext;
  name: string;
  label: string;
  value?: string;
  error?: FieldError;
  type?: "text" | "email" | "password";
  autocomplete?: string;
  inputmode?: "numeric" | "email" | "text";
  maxLength?: number;
  hint?: string;
  /** Not required: one of several ways to give the same information. */
  optional?: boolean;
  /** htmx attributes for inline validation, e.g. hx-post and hx-target. */
  live?: Record<string, string>;
}

export function TextField(props: TextFieldProps) {
  const errorId = `${props.name}-error`;
  const hintId = `${props.name}-hint`;
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.hint && <p class="field-hint" id={hintId}>{props.hint}</p>}
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        value={props.type === "password" ? undefined : props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxLength}
        required={!props.optional}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.hint ? `${hintId} ${errorId}` : errorId}
        {...props.live}
      />
      <FieldMessage page={props.page} id={errorId} error={props.error} />
    </div>
  );
}

export function CheckboxField(props: {
  page: PageContext;
  name: string;
  checked: boolean;
  error?: FieldError;
  children: Child;
}) {
  const errorId = `${props.name}-error`;
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label class="checkbox">
        <input
          type="checkbox"
          name={props.name}
          value="yes"
          checked={props.checked}
          required
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={errorId}
        />
        <span>{props.children}</span>
      </label>
      <FieldMessage page={props.page} id={errorId} error={props.error} />
    </div>
  );
}

export function Notice(props: { children: Child }) {
  return <div class="notice" role="status">{props.children}</div>;
}
