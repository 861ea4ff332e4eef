// A patient's messages: consent per channel (record, withdraw), preferences (channel, language,
// Threema ID) and the send log.
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { ChannelConsent, MessagingPreferences } from "../../db/patient-messaging.ts";
import type { MessageLogEntry } from "../../db/patient-messages.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { MESSAGE_CHANNELS } from "../../lib/patient-message-kinds.ts";
import { calendarDay } from "../patients/format.ts";
import { MessageLog } from "./message-log.tsx";

export interface PatientMessagesProps {
  page: PageContext;
  patientId: string;
  patientName: string;
  consents: ChannelConsent[];
  preferences: MessagingPreferences;
  log: MessageLogEntry[];
  today: string;
  notice?: MessageKey;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

export function PatientMessagesPage(props: PatientMessagesProps) {
  const { page } = props;
  const t = page.t;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const base = `/patients/${props.patientId}/messages`;
  const preferences = {
    preferred_channel: props.preferences.preferredChannel ?? "",
    language: props.preferences.language,
    threema_id: props.preferences.threemaId,
    ...values,
  };
  return (
    <Layout page={page} title={t("patientMessages.title", { name: props.patientName })}>
      <h1>{t("patientMessages.title", { name: props.patientName })}</h1>
      <p>
        <a href={`/patients/${props.patientId}`}>{t("patientMessages.backToPatient")}</a>
      </p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />

      <section class="panel" aria-labelledby="channel-consents">
        <h2 id="channel-consents">{t("patientMessages.consents")}</h2>
        <p>{t("patientMessages.consentsIntro")}</p>
        {props.consents.length === 0
          ? <p class="muted">{t("patientMessages.noConsents")}</p>
          : (
            <ul class="channel-consents">
              {props.consents.map((consent) => (
                <li data-channel-consent={consent.channel}>
                  <strong>{t(`patientMessages.channel.${consent.channel}`)}</strong>{" "}
                  {t("patientMessages.consentGiven", { date: calendarDay(page.lang, consent.givenOn) })}
                  {consent.byOnlineBooking && ` · ${t("patientMessages.consentByOnlineBooking")}`}
                  {consent.withdrawnOn
                    ? ` · ${
                      t("patientMessages.consentWithdrawn", { date: calendarDay(page.lang, consent.withdrawnOn) })
                    }`
                    : (
                      <form method="post" action={`${base}/consents/${consent.id}/withdraw`} class="inline-form">
                        <CsrfField token={page.csrfToken} />
                        <label for={`withdrawn_on-${consent.id}`}>{t("patientMessages.withdrawnOn")}</label>
                        <input
                          id={`withdrawn_on-${consent.id}`}
                          name="withdrawn_on"
                          type="date"
                          value={props.today}
                          required
                        />
                        <button type="submit" class="link-button">{t("patientMessages.withdraw")}</button>
                        <FieldMessage page={page} id={`withdrawn_on-${consent.id}-error`} error={errors.withdrawn_on} />
                      </form>
                    )}
                </li>
              ))}
            </ul>
          )}
        <form method="post" action={`${base}/consents`} class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <ChannelSelect page={page} name="channel" value={values.channel ?? ""} error={errors.channel} />
          <div class={errors.given_on ? "field field-invalid" : "field"}>
            <label for="given_on">{t("patientMessages.givenOn")}</label>
            <input id="given_on" name="given_on" type="date" value={values.given_on ?? props.today} required />
            <FieldMessage page={page} id="given_on-error" error={errors.given_on} />
          </div>
          <button type="submit" class="primary">{t("patientMessages.recordConsent")}</button>
        </form>
      </section>

      <section class="panel" aria-labelledby="message-preferences">
        <h2 id="message-preferences">{t("patientMessages.preferences")}</h2>
        <form method="post" action={`${base}/preferences`} class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <ChannelSelect
            page={page}
            name="preferred_channel"
            value={preferences.preferred_channel}
            error={errors.preferred_channel}
            optional
          />
          <div class={errors.language ? "field field-invalid" : "field"}>
            <label for="language">{t("patientMessages.language")}</label>
            <select id="language" name="language">
              {(["de", "en"] as const).map((language) => (
                <option value={language} selected={preferences.language === language}>
                  {t(`language.${language}`)}
                </option>
              ))}
            </select>
            <FieldMessage page={page} id="language-error" error={errors.language} />
          </div>
          <TextField
            page={page}
            name="threema_id"
            label={t("patientMessages.threemaId")}
            hint={t("patientMessages.threemaIdHint")}
            value={preferences.threema_id}
            error={errors.threema_id}
            maxLength={8}
            optional
          />
          <button type="submit" class="primary">{t("patientMessages.savePreferences")}</button>
        </form>
      </section>

      <section class="panel" aria-labelledby="message-log">
        <h2 id="message-log">{t("patientMessages.log")}</h2>
        <MessageLog page={page} entries={props.log} />
      </section>
    </Layout>
  );
}

function ChannelSelect(props: {
  page: PageContext;
  name: string;
  value: string;
  error?: FieldErrors[string];
  optional?: boolean;
}) {
  const t = props.page.t;
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={props.name}>
        {t(props.optional ? "patientMessages.preferredChannel" : "patientMessages.channel")}
      </label>
      <select id={props.name} name={props.name} aria-describedby={`${props.name}-error`}>
        {props.optional && <option value="">{t("patientMessages.noPreference")}</option>}
        {MESSAGE_CHANNELS.map((channel) => (
          <option value={channel} selected={props.value === channel}>{t(`patientMessages.channel.${channel}`)}</option>
        ))}
      </select>
      <FieldMessage page={props.page} id={`${props.name}-error`} error={props.error} />
    </div>
  );
}
