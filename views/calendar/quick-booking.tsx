// Quick booking: the small booking form that a free cell of the day or week grid opens in a
// <dialog> (loaded by htmx, opened and closed by static/quick-booking.js). It posts to the same
// booking route as the full page; a refusal comes back as this form with the messages, a booking
// as a short confirmation that the script announces before it closes the dialog and swaps the grid.
import type { PageContext } from "../page-context.ts";
import { CsrfField } from "../components/form.tsx";
import { InputField, RoomField, SelectField, WhenFields } from "./fields.tsx";
import { type BookingFormProps, PatientField, TypeField } from "./appointment-form.tsx";
import { formatDay } from "../../lib/berlin-time.ts";

const FORM_ID = "quick-booking-form";

// A type or room chosen shows the form again, filled from the type, inside the dialog.
const FOLLOW_TYPE = {
  "hx-post": "/calendar/new",
  "hx-trigger": "change",
  "hx-target": `#${FORM_ID}`,
  "hx-swap": "outerHTML",
};

/** What a GET from a grid cell gets with htmx: the dialog with the form. */
export function QuickBookingDialog(props: BookingFormProps) {
  const t = props.page.t;
  return (
    <dialog id="quick-booking" class="quick-booking" aria-labelledby="quick-booking-title">
      <div class="quick-booking-head">
        <h2 id="quick-booking-title">{t("quickBooking.title")}</h2>
        <form method="dialog">
          <button type="submit" class="secondary">{t("quickBooking.close")}</button>
        </form>
      </div>
      <QuickBookingForm {...props} />
    </dialog>
  );
}

/** The form alone: what a type chosen or a refused booking swaps in. */
export function QuickBookingForm(props: BookingFormProps) {
  const { page, choices, values, errors } = props;
  const t = page.t;
  const practitioner = choices.practitioners.find((p) => p.id === values.practitioner_id);
  const fullForm = new URLSearchParams({
    practitioner: values.practitioner_id ?? "",
    start: `${values.date ?? ""}T${values.time ?? ""}`,
  });
  if (values.location_id) fullForm.set("location", values.location_id);
  const refused = Object.keys(errors).length > 0;
  return (
    <form
      method="post"
      action="/calendar/appointments"
      id={FORM_ID}
      class="quick-booking-form"
      hx-post="/calendar/appointments"
      hx-target={`#${FORM_ID}`}
      hx-swap="outerHTML"
      novalidate
    >
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="quick" value="1" />
      <input type="hidden" name="practitioner_id" value={values.practitioner_id ?? ""} />
      {values.location_id && <input type="hidden" name="location_id" value={values.location_id} />}
      <input type="hidden" name="shown_practitioner_id" value={values.shown_practitioner_id ?? ""} />
      <input type="hidden" name="shown_type_id" value={values.shown_type_id ?? ""} />
      <input type="hidden" name="filled_duration" value={values.filled_duration ?? ""} />
      <input type="hidden" name="filled_room" value={values.filled_room ?? ""} />
      {values.back && <input type="hidden" name="back" value={values.back} />}
      <p class="quick-booking-slot">
        {t("quickBooking.slot", {
          practitioner: practitioner?.name ?? "",
          date: values.date ? formatDay(values.date, page.lang, "long") : "",
        })}
      </p>
      <p class="quick-booking-result" role="alert">{refused ? t("quickBooking.refused") : ""}</p>
      {errors.practitioner_id && (
        <p class="field-error">{t(errors.practitioner_id.key, errors.practitioner_id.values)}</p>
      )}
      {values.location_id && errors.location_id && (
        <p class="field-error">{t(errors.location_id.key, errors.location_id.values)}</p>
      )}
      {/* No location from the grid or the practitioner: the person chooses (the first, as on the full page). */}
      {!values.location_id && (
        <SelectField
          page={page}
          name="location_id"
          label={t("calendar.location")}
          value=""
          options={choices.locations.map((l) => ({ value: l.id, label: l.name }))}
          error={errors.location_id}
        />
      )}
      <PatientField {...props} />
      {props.types.length > 0 && <TypeField {...props} live={FOLLOW_TYPE} />}
      <div class="quick-booking-when">
        <WhenFields page={page} values={values} errors={errors} />
      </div>
      <RoomField
        page={page}
        rooms={choices.rooms.filter((room) => !values.location_id || room.location_id === values.location_id)}
        locations={[]}
        value={values.room_id ?? ""}
        error={errors.room_id}
      />
      <InputField
        page={page}
        name="title"
        type="text"
        maxLength={200}
        label={t("calendar.appointmentTitle")}
        value={values.title}
        error={errors.title}
      />
      <div class="quick-booking-actions">
        <button type="submit" class="primary">{t("calendar.book")}</button>
        <a href={`/calendar/new?${fullForm}`}>{t("quickBooking.fullForm")}</a>
      </div>
    </form>
  );
}

/** A booking made: the confirmation the script reads (data-booked) and announces. */
export function QuickBookingDone(props: { page: PageContext; appointmentId: string; date: string; time: string }) {
  const { page } = props;
  return (
    <p id={FORM_ID} class="quick-booking-done" data-booked={props.appointmentId} role="status">
      {page.t("quickBooking.booked", { date: formatDay(props.date, page.lang, "long"), time: props.time })}
    </p>
  );
}
