// Form fields of the calendar forms that views/components/form.tsx does not have: selects,
// date/time/number inputs and radio groups, each with its message beside it.
import type { Child } from "hono/jsx";
import type { FieldError, FieldErrors, PageContext } from "../page-context.ts";
import { FieldMessage } from "../components/form.tsx";

export function SelectField(props: {
  page: PageContext;
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  error?: FieldError;
  required?: boolean;
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
        required={props.required}
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

interface PlacementChoices {
  practitioners: { id: string; name: string }[];
  locations: { id: string; name: string }[];
  rooms: { id: string; name: string; location_id: string }[];
}

/** The room, "none" first; with several locations each room names its own. */
export function RoomField(props: {
  page: PageContext;
  rooms: PlacementChoices["rooms"];
  locations: PlacementChoices["locations"];
  value: string;
  error?: FieldError;
}) {
  const t = props.page.t;
  const locationName = new Map(props.locations.map((l) => [l.id, l.name]));
  return (
    <SelectField
      page={props.page}
      name="room_id"
      label={t("calendar.room")}
      value={props.value}
      options={[
        { value: "", label: t("calendar.noRoom") },
        ...props.rooms.map((r) => ({
          value: r.id,
          label: props.locations.length > 1 ? `${r.name} (${locationName.get(r.location_id) ?? ""})` : r.name,
        })),
      ]}
      error={props.error}
    />
  );
}

/** Who, where and in which room: the same three choices when booking and when moving. */
export function PlacementFields(
  props: {
    page: PageContext;
    choices: PlacementChoices;
    values: Record<string, string>;
    errors: FieldErrors;
    /** htmx attributes for the practitioner's choice (booking: the form follows it). */
    live?: Record<string, string>;
  },
) {
  const { page, choices, values, errors } = props;
  const t = page.t;
  return (
    <>
      <SelectField
        page={page}
        name="practitioner_id"
        label={t("calendar.practitioner")}
        value={values.practitioner_id ?? ""}
        options={choices.practitioners.map((p) => ({ value: p.id, label: p.name }))}
        error={errors.practitioner_id}
        live={props.live}
      />
      <SelectField
        page={page}
        name="location_id"
        label={t("calendar.location")}
        value={values.location_id ?? ""}
        options={choices.locations.map((l) => ({ value: l.id, label: l.name }))}
        error={errors.location_id}
      />
      <RoomField
        page={page}
        rooms={choices.rooms}
        locations={choices.locations}
        value={values.room_id ?? ""}
        error={errors.room_id}
      />
    </>
  );
}

/** Date, start time (Europe/Berlin) and duration in minutes. */
export function WhenFields(props: { page: PageContext; values: Record<string, string>; errors: FieldErrors }) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <>
      <InputField
        page={page}
        name="date"
        type="date"
        label={t("calendar.date")}
        value={values.date}
        error={errors.date}
        required
      />
      <InputField
        page={page}
        name="time"
        type="time"
        step="300"
        label={t("calendar.time")}
        value={values.time}
        error={errors.time}
        required
      />
      <InputField
        page={page}
        name="duration"
        type="number"
        min="5"
        max="720"
        step="5"
        label={t("calendar.duration")}
        value={values.duration ?? "30"}
        error={errors.duration}
        required
      />
    </>
  );
}

/** The explicit permission to overlap another appointment of the practitioner or room. */
export function AllowOverlapField(props: { page: PageContext; values: Record<string, string> }) {
  return (
    <div class="field">
      <label class="checkbox">
        <input type="checkbox" name="allow_overlap" value="yes" checked={props.values.allow_overlap === "yes"} />
        <span>{props.page.t("calendar.allowOverlap")}</span>
      </label>
    </div>
  );
}
