// The patient's appointment page behind the link in their messages: when, with whom, where;
// cancel and move (to one of the free times offered) until the practice's deadline. Plain forms,
// no script; nothing about anyone else.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice } from "../components/form.tsx";
import type { LinkedAppointment } from "../../db/appointment-links.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { berlinParts, formatDay } from "../../lib/berlin-time.ts";
import { moment } from "../practice/format.ts";

export function AppointmentLinkPage(props: {
  page: PageContext;
  token: string;
  appointment: LinkedAppointment;
  slots: { start: Date; end: Date }[];
  now: Date;
  notice?: MessageKey;
  problem?: MessageKey;
  errors?: FieldErrors;
}) {
  const { page, appointment: a } = props;
  const t = page.t;
  const errors = props.errors ?? {};
  const start = berlinParts(a.startsAt);
  const end = berlinParts(a.endsAt);
  const base = `/termin/${props.token}`;
  return (
    <Layout page={page} title={t("appointmentLink.title")}>
      <h1>{t("appointmentLink.title")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.problem && <div class="error-summary" role="alert">{t(props.problem)}</div>}
      <ErrorSummary page={page} errors={errors} />
      <dl class="facts">
        <dt>{t("appointmentLink.when")}</dt>
        <dd>{formatDay(start.date, page.lang, "long")}, {start.time}–{end.time}</dd>
        <dt>{t("appointmentLink.with")}</dt>
        <dd>{a.practitionerName}</dd>
        <dt>{t("appointmentLink.where")}</dt>
        <dd>{a.practiceName} · {a.locationName}{a.locationAddress && `, ${a.locationAddress}`}</dd>
      </dl>
      {a.cancelled
        ? <p class="appointment-link-state">{t("appointmentLink.cancelled")}</p>
        : a.endsAt <= props.now
        ? <p class="appointment-link-state">{t("appointmentLink.past")}</p>
        : !a.changeable
        ? <p class="appointment-link-state">{t("appointmentLink.tooLate")}</p>
        : (
          <>
            <p>{t("appointmentLink.deadline", { at: moment(page.lang, a.changeUntil) })}</p>
            <section class="panel" aria-labelledby="move-heading">
              <h2 id="move-heading">{t("appointmentLink.moveHeading")}</h2>
              {props.slots.length === 0
                ? <p>{t("appointmentLink.noSlots")}</p>
                : (
                  <form method="post" action={`${base}/move`} class="stack" novalidate>
                    <CsrfField token={page.csrfToken} />
                    <fieldset class={errors.start ? "field field-invalid" : "field"}>
                      <legend>{t("appointmentLink.moveIntro", { practitioner: a.practitionerName })}</legend>
                      {props.slots.map((slot, index) => {
                        const local = berlinParts(slot.start);
                        return (
                          <label class="radio">
                            <input
                              type="radio"
                              name="start"
                              value={slot.start.toISOString()}
                              required
                              checked={index === 0}
                            />{" "}
                            {t("appointmentLink.slotOption", {
                              day: formatDay(local.date, page.lang, "long"),
                              time: local.time,
                            })}
                          </label>
                        );
                      })}
                      <FieldMessage page={page} id="start-error" error={errors.start} />
                    </fieldset>
                    <button type="submit" class="primary">{t("appointmentLink.move")}</button>
                  </form>
                )}
            </section>
            <section class="panel" aria-labelledby="cancel-heading">
              <h2 id="cancel-heading">{t("appointmentLink.cancelHeading")}</h2>
              <form method="post" action={`${base}/cancel`} class="inline-form">
                <CsrfField token={page.csrfToken} />
                <button type="submit" class="danger">{t("appointmentLink.cancel")}</button>
              </form>
            </section>
          </>
        )}
    </Layout>
  );
}
