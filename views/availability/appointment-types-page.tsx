// The practice's appointment types: the list (with colour swatch and name, never colour alone),
// the form to add one, and the page to edit one; forms only for those who manage the calendar.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { TYPE_COLOURS, TYPE_MAX_MINUTES, TYPE_MIN_MINUTES } from "../../lib/appointment-colours.ts";
import type { AppointmentType } from "../../db/appointment-types.ts";
import { InputField, SelectField } from "../calendar/fields.tsx";
import { ArchiveToggle } from "./archive-toggle.tsx";

export interface RoomChoice {
  id: string;
  label: string;
}

export interface AppointmentTypesPageProps {
  page: PageContext;
  types: AppointmentType[];
  rooms: RoomChoice[];
  canManage: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: MessageKey;
}

/** The type's colour as a swatch beside its name, and the colour's name for those who cannot tell. */
export function TypeSwatch(props: { page: PageContext; type: { name: string; colour: string } }) {
  const colourName = props.page.t(`appointmentTypes.colour.${props.type.colour}` as MessageKey);
  return (
    <span class={`type-swatch type-colour-${props.type.colour}`}>
      <span class="type-swatch-mark" aria-hidden="true"></span>
      <span class="type-swatch-name">{props.type.name}</span> <span class="muted">({colourName})</span>
    </span>
  );
}

export function AppointmentTypesPage(props: AppointmentTypesPageProps) {
  const { page, errors } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("appointmentTypes.title")}>
      <p>
        <a href="/calendar/settings">{t("availability.back")}</a>
      </p>
      <h1>{t("appointmentTypes.title")}</h1>
      <p>{t("appointmentTypes.intro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      {props.types.length === 0 ? <p>{t("appointmentTypes.none")}</p> : (
        <table class="appointment-types">
          <caption class="visually-hidden">{t("appointmentTypes.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("appointmentTypes.name")}</th>
              <th scope="col">{t("appointmentTypes.duration")}</th>
              <th scope="col">{t("appointmentTypes.defaultRoom")}</th>
              <th scope="col">{t("appointmentTypes.bookableOnline")}</th>
              {props.canManage && <th scope="col">{t("appointmentTypes.actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {props.types.map((type) => <TypeRow key={type.id} {...props} type={type} />)}
          </tbody>
        </table>
      )}
      {props.canManage && (
        <section class="panel" aria-labelledby="add-type">
          <h2 id="add-type">{t("appointmentTypes.add")}</h2>
          <TypeForm
            page={page}
            action="/calendar/settings/types"
            rooms={props.rooms}
            values={props.values}
            errors={errors}
          >
            {t("appointmentTypes.addSubmit")}
          </TypeForm>
        </section>
      )}
    </Layout>
  );
}

function TypeRow(props: AppointmentTypesPageProps & { type: AppointmentType }) {
  const { page, type } = props;
  const t = page.t;
  const archived = type.archivedAt !== null;
  return (
    <tr class={archived ? "muted" : undefined}>
      <th scope="row">
        <TypeSwatch page={page} type={type} />
        {archived && <span class="muted">{` (${t("availability.archived")})`}</span>}
      </th>
      <td>{t("appointmentTypes.minutes", { minutes: type.durationMinutes })}</td>
      <td>{type.defaultRoomName ?? t("calendar.noRoom")}</td>
      <td>{type.bookableOnline ? t("appointmentTypes.yes") : t("appointmentTypes.no")}</td>
      {props.canManage && (
        <td>
          {!archived && <a href={`/calendar/settings/types/${type.id}`}>{t("appointmentTypes.edit")}</a>}{" "}
          <ArchiveToggle page={page} action={`/calendar/settings/types/${type.id}`} archived={archived} />
        </td>
      )}
    </tr>
  );
}

/** Name, duration, colour, default room and online booking: the same fields to add and to edit. */
function TypeForm(props: {
  page: PageContext;
  action: string;
  rooms: RoomChoice[];
  values: Record<string, string>;
  errors: FieldErrors;
  children: string;
}) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <CsrfField token={page.csrfToken} />
      <TextField
        page={page}
        name="name"
        label={t("appointmentTypes.name")}
        hint={t("appointmentTypes.nameHint")}
        value={values.name}
        error={errors.name}
        maxLength={60}
      />
      <InputField
        page={page}
        name="duration"
        type="number"
        min={String(TYPE_MIN_MINUTES)}
        max={String(TYPE_MAX_MINUTES)}
        step="5"
        label={t("appointmentTypes.durationMinutes")}
        value={values.duration}
        error={errors.duration}
        required
      />
      <SelectField
        page={page}
        name="colour"
        label={t("appointmentTypes.colour")}
        value={values.colour ?? TYPE_COLOURS[0]}
        options={TYPE_COLOURS.map((colour) => ({
          value: colour,
          label: t(`appointmentTypes.colour.${colour}` as MessageKey),
        }))}
        error={errors.colour}
      />
      <SelectField
        page={page}
        name="default_room_id"
        label={t("appointmentTypes.defaultRoom")}
        value={values.default_room_id ?? ""}
        options={[
          { value: "", label: t("calendar.noRoom") },
          ...props.rooms.map((r) => ({ value: r.id, label: r.label })),
        ]}
        error={errors.default_room_id}
      />
      <div class="field">
        <label class="checkbox">
          <input type="checkbox" name="bookable_online" value="yes" checked={values.bookable_online === "yes"} />
          <span>{t("appointmentTypes.bookableOnlineHint")}</span>
        </label>
      </div>
      <button type="submit" class="primary">{props.children}</button>
    </form>
  );
}

export function AppointmentTypePage(props: {
  page: PageContext;
  type: AppointmentType;
  rooms: RoomChoice[];
  values?: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, type } = props;
  const t = page.t;
  const values = props.values ?? {
    name: type.name,
    duration: String(type.durationMinutes),
    colour: type.colour,
    default_room_id: type.defaultRoomId ?? "",
    bookable_online: type.bookableOnline ? "yes" : "",
  };
  return (
    <Layout page={page} title={t("appointmentTypes.editTitle", { name: type.name })}>
      <p>
        <a href="/calendar/settings/types">{t("appointmentTypes.back")}</a>
      </p>
      <h1>{t("appointmentTypes.editTitle", { name: type.name })}</h1>
      <ErrorSummary page={page} errors={props.errors} />
      <TypeForm
        page={page}
        action={`/calendar/settings/types/${type.id}`}
        rooms={props.rooms}
        values={values}
        errors={props.errors}
      >
        {t("appointmentTypes.save")}
      </TypeForm>
    </Layout>
  );
}
