// The pages after the booking form: the code page of the double opt-in, the mailed link's page
// (a button: a mail scanner's visit confirms nothing), the answers, a waiting-list offer and an
// appointment proposal (Terminzettel) to choose from.
import { BookingLayout } from "./booking-layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { FieldMessage, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { OfferView } from "../../db/waiting-list.ts";
import type { ProposalView } from "../../db/proposals.ts";
import { momentText } from "../availability/format.ts";

export function CodePage(
  props: { page: PageContext; practiceName: string; action: string; errors: FieldErrors; status?: MessageKey },
) {
  const { page } = props;
  const t = page.t;
  return (
    <BookingLayout page={page} title={t("booking.codeTitle")} practice={props.practiceName}>
      <h1>{t("booking.codeTitle")}</h1>
      <p>{t("booking.codeIntro")}</p>
      <form method="post" action={props.action} class="booking-form">
        <input type="hidden" name="lang" value={page.lang} />
        <TextField
          page={page}
          name="code"
          label={t("booking.code")}
          inputmode="numeric"
          autocomplete="one-time-code"
          maxLength={20}
          error={props.errors.code}
        />
        <button type="submit" class="primary">{t("booking.confirm")}</button>
      </form>
    </BookingLayout>
  );
}

export function LinkPage(props: { page: PageContext; practiceName: string; action: string; label: MessageKey }) {
  const t = props.page.t;
  return (
    <BookingLayout page={props.page} title={t("booking.linkTitle")} practice={props.practiceName}>
      <h1>{t("booking.linkTitle")}</h1>
      <form method="post" action={props.action}>
        <input type="hidden" name="lang" value={props.page.lang} />
        <button type="submit" class="primary">{t(props.label)}</button>
      </form>
    </BookingLayout>
  );
}

export function OutcomePage(props: { page: PageContext; practiceName: string; message: MessageKey; back?: string }) {
  const t = props.page.t;
  return (
    <BookingLayout page={props.page} title={t("booking.title")} practice={props.practiceName}>
      <h1>{t("booking.title")}</h1>
      <p class="notice" role="status">{t(props.message)}</p>
      {props.back && (
        <p>
          <a href={props.back}>{t("booking.back")}</a>
        </p>
      )}
    </BookingLayout>
  );
}

export function OfferPage(props: { page: PageContext; offer: OfferView; action: string }) {
  const { page, offer } = props;
  const t = page.t;
  return (
    <BookingLayout page={page} title={t("booking.offerTitle")} practice={offer.practiceName}>
      <h1>{t("booking.offerTitle")}</h1>
      <p>{t("booking.offerAt", { at: momentText(page.lang, offer.startsAt) })}</p>
      {offer.open
        ? (
          <form method="post" action={props.action}>
            <input type="hidden" name="lang" value={page.lang} />
            <button type="submit" class="primary">{t("booking.takeOffer")}</button>
          </form>
        )
        : <p class="notice" role="status">{t("booking.offerGone")}</p>}
    </BookingLayout>
  );
}

export function ProposalPage(
  props: { page: PageContext; proposal: ProposalView; action: string; errors: FieldErrors; problem?: MessageKey },
) {
  const { page, proposal } = props;
  const t = page.t;
  return (
    <BookingLayout page={page} title={t("booking.proposalTitle")} practice={proposal.practiceName}>
      <h1>{t("booking.proposalTitle")}</h1>
      {props.problem && <p class="error-summary" role="alert">{t(props.problem)}</p>}
      {proposal.status === "open"
        ? (
          <form method="post" action={props.action} class="booking-form">
            <input type="hidden" name="lang" value={page.lang} />
            <fieldset class={props.errors.slot ? "field field-invalid" : "field"}>
              <legend>{t("booking.proposalChoose", { until: momentText(page.lang, proposal.expiresAt) })}</legend>
              <ul class="booking-slots">
                {proposal.slots.map((slot) => (
                  <li>
                    <label>
                      <input type="radio" name="slot" value={slot.id} required />
                      {` ${momentText(page.lang, slot.startsAt)}`}
                      <span class="muted">{` · ${slot.practitionerName} · ${slot.locationName}`}</span>
                    </label>
                  </li>
                ))}
              </ul>
              <FieldMessage page={page} id="slot-error" error={props.errors.slot} />
            </fieldset>
            <button type="submit" class="primary">{t("booking.confirm")}</button>
          </form>
        )
        : (
          <p class="notice" role="status">
            {proposal.status === "confirmed" && proposal.chosen
              ? t("booking.proposalConfirmedAt", { at: momentText(page.lang, proposal.chosen) })
              : t(proposal.status === "expired" ? "booking.proposalExpired" : "booking.proposalClosed")}
          </p>
        )}
    </BookingLayout>
  );
}
