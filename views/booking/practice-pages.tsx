// The practice's side of online booking: the requests to decide, the pending patients to
// confirm or merge, the owner's settings, and appointment proposals (Terminzettel).
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { PracticeBooking } from "../../db/online-booking-decisions.ts";
import type { PendingPatient } from "../../db/pending-patients.ts";
import type { BookingSettings } from "../../db/online-booking.ts";
import type { ProposalListItem } from "../../db/proposals.ts";
import { dayText, momentText } from "../availability/format.ts";

export function OnlineBookingsPage(props: {
  page: PageContext;
  bookings: PracticeBooking[];
  pending: PendingPatient[];
  canMerge: boolean;
  notice?: MessageKey;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("onlineBookings.title")}>
      <h1>{t("onlineBookings.title")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <p>
        <a href="/calendar/proposals">{t("proposals.title")}</a>
        {page.can("practice.policy") && (
          <>
            {" · "}
            <a href="/calendar/settings/online-booking">{t("onlineBookings.settings")}</a>
          </>
        )}
      </p>
      <section class="panel" aria-labelledby="requests-heading">
        <h2 id="requests-heading">{t("onlineBookings.requests")}</h2>
        {props.bookings.length === 0 ? <p>{t("onlineBookings.none")}</p> : (
          <table class="online-bookings">
            <thead>
              <tr>
                <th scope="col">{t("onlineBookings.when")}</th>
                <th scope="col">{t("onlineBookings.patient")}</th>
                <th scope="col">{t("onlineBookings.type")}</th>
                <th scope="col">{t("onlineBookings.status")}</th>
                <th scope="col">{t("onlineBookings.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {props.bookings.map((booking) => (
                <tr>
                  <td>
                    {booking.startsAt
                      ? (
                        <a href={`/calendar/appointments/${booking.appointmentId}`}>
                          {momentText(page.lang, booking.startsAt)}
                        </a>
                      )
                      : t("onlineBookings.waitingList")}
                    {booking.practitionerName && <span class="muted">{` · ${booking.practitionerName}`}</span>}
                  </td>
                  <td>{booking.patientName}</td>
                  <td>{booking.typeName}</td>
                  <td>{t(`onlineBookings.status.${booking.status}` as MessageKey)}</td>
                  <td>
                    {booking.status === "held" && (
                      <>
                        <form
                          method="post"
                          action={`/calendar/online-bookings/${booking.id}/confirm`}
                          class="inline-form"
                        >
                          <CsrfField token={page.csrfToken} />
                          <button type="submit" class="primary">{t("onlineBookings.confirm")}</button>
                        </form>
                        <form
                          method="post"
                          action={`/calendar/online-bookings/${booking.id}/decline`}
                          class="inline-form"
                        >
                          <CsrfField token={page.csrfToken} />
                          <button type="submit">{t("onlineBookings.decline")}</button>
                        </form>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t("onlineBookings.pendingPatients")}</h2>
        <p>{t("onlineBookings.pendingIntro")}</p>
        {props.pending.length === 0 ? <p>{t("onlineBookings.noPending")}</p> : (
          <ul class="pending-patients">
            {props.pending.map((patient) => (
              <li>
                <strong>{patient.name}</strong>
                <span class="muted">
                  {` · ${patient.email}${patient.phone ? ` · ${patient.phone}` : ""}${
                    patient.dateOfBirth ? ` · ${dayText(page.lang, patient.dateOfBirth)}` : ""
                  }`}
                </span>
                {props.canMerge && (
                  <>
                    <form
                      method="post"
                      action={`/calendar/online-bookings/patients/${patient.id}/accept`}
                      class="inline-form"
                    >
                      <CsrfField token={page.csrfToken} />
                      <button type="submit">{t("onlineBookings.acceptPatient")}</button>
                    </form>
                    {patient.candidates.length > 0 && (
                      <form
                        method="post"
                        action={`/calendar/online-bookings/patients/${patient.id}/merge`}
                        class="inline-form"
                      >
                        <CsrfField token={page.csrfToken} />
                        <label for={`merge-${patient.id}`}>{t("onlineBookings.mergeInto")}</label>
                        <select id={`merge-${patient.id}`} name="target_id">
                          {patient.candidates.map((candidate) => (
                            <option value={candidate.id}>
                              {candidate.dateOfBirth
                                ? `${candidate.name} (${dayText(page.lang, candidate.dateOfBirth)})`
                                : candidate.name}
                            </option>
                          ))}
                        </select>
                        <button type="submit">{t("onlineBookings.merge")}</button>
                      </form>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

export function BookingSettingsPage(props: {
  page: PageContext;
  settings: BookingSettings;
  pageUrl: string | null;
  values?: Record<string, string>;
  errors: FieldErrors;
  notice?: MessageKey;
}) {
  const { page, settings } = props;
  const t = page.t;
  const v = props.values ?? {
    lead_hours: String(settings.leadHours),
    horizon_weeks: String(settings.horizonWeeks),
    frame_origin: settings.frameOrigin ?? "",
  };
  const checked = (name: string, value: boolean) => props.values ? props.values[name] === "yes" : value;
  const box = (name: string, value: boolean, label: MessageKey) => (
    <div class="field">
      <label class="checkbox">
        <input type="checkbox" name={name} value="yes" checked={checked(name, value)} />
        <span>{t(label)}</span>
      </label>
    </div>
  );
  return (
    <Layout page={page} title={t("onlineBookings.settings")}>
      <h1>{t("onlineBookings.settings")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <p>{t("onlineBookings.settingsIntro")}</p>
      {props.pageUrl && settings.enabled && (
        <p>
          {t("onlineBookings.pageAddress")} <a href={props.pageUrl}>{props.pageUrl}</a>
        </p>
      )}
      <form method="post" action="/calendar/settings/online-booking" class="panel">
        <CsrfField token={page.csrfToken} />
        <ErrorSummary page={page} errors={props.errors} />
        {box("enabled", settings.enabled, "onlineBookings.enabled")}
        {box("auto_confirm", settings.autoConfirm, "onlineBookings.autoConfirm")}
        {box("birth_date_required", settings.birthDateRequired, "onlineBookings.birthDateRequired")}
        <TextField
          page={page}
          name="lead_hours"
          label={t("onlineBookings.leadHours")}
          value={v.lead_hours}
          error={props.errors.lead_hours}
          inputmode="numeric"
        />
        <TextField
          page={page}
          name="horizon_weeks"
          label={t("onlineBookings.horizonWeeks")}
          value={v.horizon_weeks}
          error={props.errors.horizon_weeks}
          inputmode="numeric"
        />
        <p class="muted">
          {t("onlineBookings.cancelDeadline")}
          <a href="/calendar/settings/messages">{t("patientMessages.settingsTitle")}</a>
        </p>
        <TextField
          page={page}
          name="frame_origin"
          label={t("onlineBookings.frameOrigin")}
          hint={t("onlineBookings.frameOriginHint")}
          value={v.frame_origin}
          error={props.errors.frame_origin}
          optional
        />
        <button type="submit" class="primary">{t("onlineBookings.save")}</button>
      </form>
    </Layout>
  );
}

export interface ProposalSlotChoice {
  value: string;
  label: string;
}

export function ProposalsPage(props: {
  page: PageContext;
  proposals: ProposalListItem[];
  patients: { id: string; name: string }[];
  types: { id: string; name: string }[];
  practitioners: { id: string; name: string }[];
  values: Record<string, string>;
  slots: ProposalSlotChoice[];
  errors: FieldErrors;
  notice?: MessageKey;
}) {
  const { page, values } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("proposals.title")}>
      <h1>{t("proposals.title")}</h1>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <p>{t("proposals.intro")}</p>
      <form method="get" action="/calendar/proposals" class="panel">
        <TextField page={page} name="patient_q" label={t("proposals.findPatient")} value={values.patient_q} optional />
        {props.patients.length > 0 && (
          <div class="field">
            <label for="patient_id">{t("proposals.patient")}</label>
            <select id="patient_id" name="patient_id">
              {props.patients.map((p) => (
                <option key={p.id} value={p.id} selected={p.id === values.patient_id}>{p.name}</option>
              ))}
            </select>
          </div>
        )}
        <div class="field">
          <label for="typ">{t("booking.type")}</label>
          <select id="typ" name="typ">
            {props.types.map((type) => (
              <option key={type.id} value={type.id} selected={type.id === values.typ}>{type.name}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="behandler">{t("booking.practitioner")}</label>
          <select id="behandler" name="behandler">
            {props.practitioners.map((p) => (
              <option key={p.id} value={p.id} selected={p.id === values.behandler}>{p.name}</option>
            ))}
          </select>
        </div>
        <button type="submit">{t("proposals.showSlots")}</button>
      </form>
      {values.patient_id && props.slots.length > 0 && (
        <form method="post" action="/calendar/proposals" class="panel">
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="patient_id" value={values.patient_id} />
          <input type="hidden" name="typ" value={values.typ} />
          <fieldset class={props.errors.slots ? "field field-invalid" : "field"}>
            <legend>{t("proposals.chooseSlots")}</legend>
            <ul class="booking-slots">
              {props.slots.map((slot) => (
                <li>
                  <label>
                    <input type="checkbox" name="slots" value={slot.value} />
                    {` ${slot.label}`}
                  </label>
                </li>
              ))}
            </ul>
            <FieldMessage page={page} id="slots-error" error={props.errors.slots} />
          </fieldset>
          <TextField
            page={page}
            name="valid_hours"
            label={t("proposals.validHours")}
            value={values.valid_hours ?? "48"}
            error={props.errors.valid_hours}
            inputmode="numeric"
          />
          <FieldMessage page={page} id="patient_id-error" error={props.errors.patient_id} />
          <button type="submit" class="primary">{t("proposals.send")}</button>
        </form>
      )}
      <section class="panel" aria-labelledby="sent-heading">
        <h2 id="sent-heading">{t("proposals.sent")}</h2>
        {props.proposals.length === 0 ? <p>{t("proposals.none")}</p> : (
          <ul>
            {props.proposals.map((proposal) => (
              <li>
                <a href={`/patients/${proposal.patientId}`}>{proposal.patientName}</a>
                {` · ${proposal.typeName} · ${t(`proposals.status.${proposal.status}` as MessageKey)} · `}
                {proposal.slots.map((slot) => momentText(page.lang, slot)).join(", ")}
                {proposal.status === "open" && (
                  <form method="post" action={`/calendar/proposals/${proposal.id}/withdraw`} class="inline-form">
                    <CsrfField token={page.csrfToken} />
                    <button type="submit" class="link-button">{t("proposals.withdraw")}</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
