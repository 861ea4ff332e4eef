// The public booking page: choose a type (and, if one likes, a practitioner and location),
// a day with free slots, a slot, then one's name and address; or ask for the waiting list.
// Plain forms: the choice is a GET form, the booking a POST form; no script needed.
import { BookingLayout } from "./booking-layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { ErrorSummary, FieldMessage, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { BookingOffer } from "../../db/online-booking.ts";
import { dayText } from "../availability/format.ts";

export interface BookingChoice {
  typeId: string;
  practitionerId: string;
  locationId: string;
  day: string;
}

export interface BookingPageProps {
  page: PageContext;
  practiceName: string;
  publicId: string;
  ticket: string;
  offer: BookingOffer;
  birthDateRequired: boolean;
  choice: BookingChoice;
  /** Days with free slots, from the first one shown; `more`: the day the next page starts. */
  days: { day: string; count: number }[];
  moreFrom: string | null;
  slots: { value: string; time: string; practitionerName: string }[];
  values: Record<string, string>;
  errors: FieldErrors;
  problem?: MessageKey;
}

function query(choice: BookingChoice, extra: Record<string, string>) {
  const params = new URLSearchParams({ typ: choice.typeId, behandler: choice.practitionerId, ort: choice.locationId });
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `?${params}`;
}

export function BookingPage(props: BookingPageProps) {
  const { page, offer, choice } = props;
  const t = page.t;
  const action = `/buchen/${props.publicId}`;
  return (
    <BookingLayout page={page} title={t("booking.title")} practice={props.practiceName}>
      <h1>{t("booking.title")}</h1>
      {props.problem && <p class="error-summary" role="alert">{t(props.problem)}</p>}
      {offer.types.length === 0
        ? <p>{t("booking.nothingOffered")}</p>
        : (
          <form method="get" action={action} class="booking-choice">
            <input type="hidden" name="lang" value={page.lang} />
            <div class="field">
              <label for="typ">{t("booking.type")}</label>
              <select id="typ" name="typ" required>
                {offer.types.map((type) => (
                  <option value={type.id} selected={type.id === choice.typeId}>
                    {t("appointmentTypes.option", { name: type.name, minutes: type.durationMinutes })}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="behandler">{t("booking.practitioner")}</label>
              <select id="behandler" name="behandler">
                <option value="">{t("booking.anyone")}</option>
                {offer.practitioners.map((p) => (
                  <option value={p.id} selected={p.id === choice.practitionerId}>{p.name}</option>
                ))}
              </select>
            </div>
            {offer.locations.length > 1 && (
              <div class="field">
                <label for="ort">{t("booking.location")}</label>
                <select id="ort" name="ort">
                  <option value="">{t("booking.anywhere")}</option>
                  {offer.locations.map((l) => (
                    <option value={l.id} selected={l.id === choice.locationId}>{l.name}</option>
                  ))}
                </select>
              </div>
            )}
            <button type="submit">{t("booking.showSlots")}</button>
          </form>
        )}
      {choice.typeId && <Days {...props} />}
      {choice.typeId && props.slots.length > 0 && (
        <form method="post" action={action} class="booking-form">
          <BookingHidden {...props} />
          <fieldset class={props.errors.slot ? "field field-invalid" : "field"}>
            <legend>{t("booking.slotsOf", { day: dayText(page.lang, choice.day) })}</legend>
            <ul class="booking-slots">
              {props.slots.map((slot) => (
                <li>
                  <label>
                    <input
                      type="radio"
                      name="slot"
                      value={slot.value}
                      required
                      checked={props.values.slot === slot.value}
                    />
                    {` ${slot.time}`}
                    {!choice.practitionerId && <span class="muted">{` · ${slot.practitionerName}`}</span>}
                  </label>
                </li>
              ))}
            </ul>
            <FieldMessage page={page} id="slot-error" error={props.errors.slot} />
          </fieldset>
          <PersonFields {...props} />
          <button type="submit" class="primary">{t("booking.request")}</button>
        </form>
      )}
      {choice.typeId && (
        <p class="booking-waiting">
          <a href={`${action}/warteliste${query(choice, { lang: page.lang })}`}>{t("booking.waitingList")}</a>
        </p>
      )}
    </BookingLayout>
  );
}

function Days(props: BookingPageProps) {
  const t = props.page.t;
  if (props.days.length === 0) return <p>{t("booking.noSlots")}</p>;
  return (
    <nav aria-label={t("booking.days")} class="booking-days">
      <ul>
        {props.days.map(({ day, count }) => (
          <li>
            <a href={query(props.choice, { tag: day })} aria-current={day === props.choice.day ? "true" : undefined}>
              {dayText(props.page.lang, day)}
            </a>
            <span class="muted">{` ${t("booking.slotCount", { count })}`}</span>
          </li>
        ))}
      </ul>
      {props.moreFrom && <a href={query(props.choice, { ab: props.moreFrom })}>{t("booking.laterDays")}</a>}
    </nav>
  );
}

export function BookingHidden(props: Pick<BookingPageProps, "ticket" | "page" | "choice">) {
  return (
    <>
      <input type="hidden" name="ticket" value={props.ticket} />
      <input type="hidden" name="lang" value={props.page.lang} />
      <input type="hidden" name="typ" value={props.choice.typeId} />
      <input type="hidden" name="ort" value={props.choice.locationId} />
      <input type="hidden" name="tag" value={props.choice.day} />
    </>
  );
}

export function PersonFields(
  props: Pick<BookingPageProps, "page" | "values" | "errors" | "birthDateRequired">,
) {
  const { page, values, errors } = props;
  const t = page.t;
  return (
    <>
      <ErrorSummary page={page} errors={errors} />
      <TextField
        page={page}
        name="given_names"
        label={t("booking.givenNames")}
        value={values.given_names}
        error={errors.given_names}
        autocomplete="given-name"
        maxLength={200}
      />
      <TextField
        page={page}
        name="family_name"
        label={t("booking.familyName")}
        value={values.family_name}
        error={errors.family_name}
        autocomplete="family-name"
        maxLength={200}
      />
      <TextField
        page={page}
        name="email"
        type="email"
        label={t("booking.email")}
        hint={t("booking.emailHint")}
        value={values.email}
        error={errors.email}
        autocomplete="email"
        maxLength={254}
      />
      <TextField
        page={page}
        name="phone"
        label={t("booking.phone")}
        value={values.phone}
        error={errors.phone}
        autocomplete="tel"
        maxLength={40}
        optional
      />
      <div class={errors.date_of_birth ? "field field-invalid" : "field"}>
        <label for="date_of_birth">
          {t(props.birthDateRequired ? "booking.birthDate" : "booking.birthDateOptional")}
        </label>
        <input
          id="date_of_birth"
          name="date_of_birth"
          type="date"
          value={values.date_of_birth}
          required={props.birthDateRequired}
          autocomplete="bday"
          aria-describedby="date_of_birth-error"
        />
        <FieldMessage page={page} id="date_of_birth-error" error={errors.date_of_birth} />
      </div>
      {/* Left empty by people (hidden from them); filled by form-filling robots. */}
      <div class="booking-trap" aria-hidden="true">
        <label for="website">{t("booking.trap")}</label>
        <input id="website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
      </div>
    </>
  );
}

export function WaitingListPage(
  props:
    & Pick<
      BookingPageProps,
      "page" | "practiceName" | "publicId" | "ticket" | "choice" | "values" | "errors" | "birthDateRequired" | "problem"
    >
    & { typeName: string },
) {
  const { page, choice } = props;
  const t = page.t;
  return (
    <BookingLayout page={page} title={t("booking.waitingList")} practice={props.practiceName}>
      <h1>{t("booking.waitingList")}</h1>
      {props.problem && <p class="error-summary" role="alert">{t(props.problem)}</p>}
      <p>{t("booking.waitingListIntro", { type: props.typeName })}</p>
      <form method="post" action={`/buchen/${props.publicId}/warteliste`} class="booking-form">
        <BookingHidden {...props} />
        <input type="hidden" name="behandler" value={choice.practitionerId} />
        <PersonFields {...props} />
        <button type="submit" class="primary">{t("booking.joinWaitingList")}</button>
      </form>
      <p>
        <a href={`/buchen/${props.publicId}${query(choice, { lang: page.lang })}`}>{t("booking.back")}</a>
      </p>
    </BookingLayout>
  );
}
