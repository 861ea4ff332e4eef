// The rooms of each location; adding, renaming and archiving for those who manage the calendar.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { SelectField } from "../calendar/fields.tsx";
import { ArchiveToggle } from "./archive-toggle.tsx";

export interface RoomRow {
  id: string;
  name: string;
  location_id: string;
  location_name: string;
  archived_at: Date | null;
}

export interface RoomsPageProps {
  page: PageContext;
  rooms: RoomRow[];
  locations: { id: string; name: string }[];
  canManage: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
  /** The room whose rename was refused, to show the message beside it. */
  failedRoomId?: string;
  notice?: MessageKey;
}

export function RoomsPage(props: RoomsPageProps) {
  const { page, errors, values } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("availability.rooms")}>
      <p>
        <a href="/calendar/settings">{t("availability.back")}</a>
      </p>
      <h1>{t("availability.rooms")}</h1>
      <p>{t("availability.roomsIntro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />
      {props.locations.map((location) => {
        const rooms = props.rooms.filter((room) => room.location_id === location.id);
        return (
          <section class="panel" key={location.id}>
            <h2>{location.name}</h2>
            {rooms.length === 0 ? <p>{t("availability.roomsNone")}</p> : (
              <ul class="availability-list">
                {rooms.map((room) => <RoomItem key={room.id} {...props} room={room} />)}
              </ul>
            )}
          </section>
        );
      })}
      {props.canManage && (
        <section class="panel">
          <h2>{t("availability.addRoom")}</h2>
          <form method="post" action="/calendar/settings/rooms" class="stack" novalidate>
            <CsrfField token={page.csrfToken} />
            <SelectField
              page={page}
              name="location_id"
              label={t("availability.location")}
              value={values.location_id}
              error={errors.location_id}
              required
              options={props.locations.map((location) => ({ value: location.id, label: location.name }))}
            />
            <TextField
              page={page}
              name="name"
              label={t("availability.roomName")}
              value={props.failedRoomId ? undefined : values.name}
              error={props.failedRoomId ? undefined : errors.name}
              maxLength={80}
            />
            <button type="submit" class="primary">{t("availability.addRoomSubmit")}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

function RoomItem(props: RoomsPageProps & { room: RoomRow }) {
  const { page, room } = props;
  const t = page.t;
  const failed = props.failedRoomId === room.id;
  const archived = room.archived_at !== null;
  if (!props.canManage) {
    return (
      <li>
        {room.name} {archived && <span class="muted">({t("availability.archived")})</span>}
      </li>
    );
  }
  const fieldId = `room-${room.id}`;
  return (
    <li>
      {archived
        ? (
          <>
            {room.name} <span class="muted">({t("availability.archived")})</span>
          </>
        )
        : (
          <form method="post" action={`/calendar/settings/rooms/${room.id}`} class="inline-form" novalidate>
            <CsrfField token={page.csrfToken} />
            <label for={fieldId} class="visually-hidden">{t("availability.roomName")}</label>
            <input
              id={fieldId}
              name="name"
              type="text"
              maxlength={80}
              required
              value={failed ? props.values.name : room.name}
              aria-invalid={failed ? "true" : undefined}
              aria-describedby={`${fieldId}-error`}
            />
            <button type="submit" class="link-button">{t("availability.rename")}</button>
            <FieldMessage page={page} id={`${fieldId}-error`} error={failed ? props.errors.name : undefined} />
          </form>
        )}
      <ArchiveToggle page={page} action={`/calendar/settings/rooms/${room.id}`} archived={archived} />
    </li>
  );
}
