// The practice's settings for messages to patients, its templates and the text messages sent
// per month (what a host passes on as costs).
import { Layout } from "../layout.tsx";
import type { FieldErrors, PageContext } from "../page-context.ts";
import { CsrfField, ErrorSummary, FieldMessage, Notice, TextField } from "../components/form.tsx";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import {
  MESSAGE_KINDS,
  type MessageChannel,
  type MessageKind,
  TEMPLATE_PLACEHOLDERS,
} from "../../lib/patient-message-kinds.ts";

export interface MessageSettingsProps {
  page: PageContext;
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: MessageKey;
  channels: MessageChannel[];
  ownTemplates: Set<string>;
  perMonth: { month: string; channel: MessageChannel; count: number }[];
}

export function MessageSettingsPage(props: MessageSettingsProps) {
  const { page, values } = props;
  const t = page.t;
  const errors = props.errors ?? {};
  return (
    <Layout page={page} title={t("patientMessages.settingsTitle")}>
      <h1>{t("patientMessages.settingsTitle")}</h1>
      <p>{t("patientMessages.settingsIntro")}</p>
      <p>
        {t("patientMessages.channelsConfigured", {
          channels: props.channels.map((channel) => t(`patientMessages.channel.${channel}`)).join(", "),
        })}
      </p>
      <p>
        <a href="/calendar/messages/failed">{t("patientMessages.failedLink")}</a>
      </p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <ErrorSummary page={page} errors={errors} />

      <section class="panel" aria-labelledby="message-settings">
        <h2 id="message-settings">{t("patientMessages.settingsTitle")}</h2>
        <form method="post" action="/calendar/settings/messages" class="stack" novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            page={page}
            name="reminder_lead_hours"
            label={t("patientMessages.leadHours")}
            hint={t("patientMessages.leadHoursHint")}
            value={values.reminder_lead_hours}
            error={errors.reminder_lead_hours}
            maxLength={40}
            optional
          />
          <TextField
            page={page}
            name="patient_change_until_hours"
            label={t("patientMessages.changeUntilHours")}
            value={values.patient_change_until_hours}
            error={errors.patient_change_until_hours}
            inputmode="numeric"
            maxLength={4}
          />
          <div class="field-row">
            <TimeField
              page={page}
              name="quiet_from"
              label={t("patientMessages.quietFrom")}
              values={values}
              errors={errors}
            />
            <TimeField
              page={page}
              name="quiet_until"
              label={t("patientMessages.quietUntil")}
              values={values}
              errors={errors}
            />
          </div>
          <div class="field">
            <label class="checkbox">
              <input
                type="checkbox"
                name="names_in_short_text"
                value="yes"
                checked={values.names_in_short_text === "yes"}
                aria-describedby="names-hint"
              />
              <span>{t("patientMessages.namesInShortText")}</span>
            </label>
            <p class="field-hint" id="names-hint">{t("patientMessages.namesInShortTextHint")}</p>
          </div>
          <button type="submit" class="primary">{t("patientMessages.saveSettings")}</button>
        </form>
      </section>

      <section class="panel" aria-labelledby="message-templates">
        <h2 id="message-templates">{t("patientMessages.templates")}</h2>
        <p>
          {t("patientMessages.templatesIntro", { placeholders: TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(" ") })}
        </p>
        <table class="table">
          <tbody>
            {MESSAGE_KINDS.map((kind: MessageKind) => (
              <tr>
                <th scope="row">{t(`patientMessages.kind.${kind}`)}</th>
                {(["de", "en"] as const).map((language) => (
                  <td>
                    <a href={`/calendar/settings/messages/templates/${kind}/${language}`}>
                      {t(`language.${language}`)}
                    </a>{" "}
                    <span class="muted">
                      ({t(
                        props.ownTemplates.has(`${kind}:${language}`)
                          ? "patientMessages.ownTemplate"
                          : "patientMessages.defaultTemplate",
                      )})
                    </span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="panel" aria-labelledby="message-costs">
        <h2 id="message-costs">{t("patientMessages.costs")}</h2>
        <p>{t("patientMessages.costsIntro")}</p>
        {props.perMonth.length === 0
          ? <p class="muted">{t("patientMessages.costsEmpty")}</p>
          : (
            <table class="table message-costs">
              <thead>
                <tr>
                  <th scope="col">{t("patientMessages.month")}</th>
                  <th scope="col">{t("patientMessages.channel")}</th>
                  <th scope="col">{t("patientMessages.count")}</th>
                </tr>
              </thead>
              <tbody>
                {props.perMonth.map((row) => (
                  <tr data-month={row.month} data-channel={row.channel}>
                    <td>{row.month}</td>
                    <td>{t(`patientMessages.channel.${row.channel}`)}</td>
                    <td class="number">{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      </section>
    </Layout>
  );
}

function TimeField(props: {
  page: PageContext;
  name: string;
  label: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const error = props.errors[props.name];
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      <input id={props.name} name={props.name} type="time" value={props.values[props.name]} required />
      <FieldMessage page={props.page} id={`${props.name}-error`} error={error} />
    </div>
  );
}
