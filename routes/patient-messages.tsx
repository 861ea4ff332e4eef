// Messages to patients, the practice's side: a patient's consent per channel, preferences and
// send log; an appointment's messages and its "not notified" mark; the failed messages (dead
// letters) with "send again"; the settings, templates and text messages per month.
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { authorize } from "./middleware/access.ts";
import { pageContext, practiceScope, queryNotice, requestFacts } from "./page.ts";
import { checkForm, parseForm, readForm } from "./validation.ts";
import {
  channelConsentForm,
  minuteText,
  preferencesForm,
  settingsForm,
  templateForm,
  withdrawalForm,
} from "./patient-message-forms.ts";
import { findPatient } from "../db/patients.ts";
import { findAppointment } from "../db/appointments.ts";
import {
  auditMessagesRead,
  patientMessaging,
  recordChannelConsent,
  savePreferences,
  withdrawChannelConsent,
} from "../db/patient-messaging.ts";
import {
  dismissUnnotified,
  failedMessages,
  messageLog,
  resendMessage,
  shortMessagesPerMonth,
} from "../db/patient-messages.ts";
import {
  messageSettings,
  messageTemplate,
  resetMessageTemplate,
  saveMessageSettings,
  saveMessageTemplate,
} from "../db/message-settings.ts";
import { isLanguage, type MessageKey } from "../lib/i18n/mod.ts";
import { MESSAGE_CHANNELS, MESSAGE_KINDS, type MessageKind } from "../lib/patient-message-kinds.ts";
import { berlinDate } from "../lib/clock.ts";
import { patientDisplayName } from "../lib/patient-name.ts";
import { isUuid } from "../lib/uuid.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { PatientMessagesPage } from "../views/messages/patient-messages-page.tsx";
import { FailedMessagesPage } from "../views/messages/failed-page.tsx";
import { MessageSettingsPage } from "../views/messages/settings-page.tsx";
import { TemplatePage } from "../views/messages/template-page.tsx";
import { AppointmentMessagesPage } from "../views/messages/appointment-messages-page.tsx";

const PATIENT_NOTICES: Record<string, MessageKey> = {
  consent: "patientMessages.consentRecorded",
  present: "patientMessages.consentPresent",
  withdrawn: "patientMessages.consentWithdrawnNotice",
  preferences: "patientMessages.preferencesSaved",
};

async function patientPage(
  c: Context<AppEnv>,
  id: string,
  options: { errors?: FieldErrors; values?: Record<string, string>; status?: 200 | 422 } = {},
) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const patient = await findPatient(db, scope, id);
  if (!patient) return c.notFound();
  const [messaging, log] = await Promise.all([
    patientMessaging(db, scope.practiceId, patient.id),
    messageLog(db, scope, { patientId: patient.id }),
    auditMessagesRead(db, scope, patient.id, requestFacts(c)),
  ]);
  return c.html(
    <PatientMessagesPage
      page={pageContext(c)}
      patientId={patient.id}
      patientName={patientDisplayName(patient)}
      consents={messaging.consents}
      preferences={messaging.preferences}
      log={log}
      today={berlinDate(clock.now())}
      notice={queryNotice(c, PATIENT_NOTICES)}
      errors={options.errors}
      values={options.values}
    />,
    options.status ?? 200,
  );
}

async function settingsPage(
  c: Context<AppEnv>,
  options: { values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const { db, clock, config } = c.var.deps;
  const scope = practiceScope(c);
  const [settings, own, perMonth] = await Promise.all([
    messageSettings(db, scope.practiceId),
    Promise.all(
      MESSAGE_KINDS.flatMap((kind) =>
        (["de", "en"] as const).map(async (language) =>
          (await messageTemplate(db, scope.practiceId, kind, language)).own ? `${kind}:${language}` : null
        )
      ),
    ),
    shortMessagesPerMonth(db, scope, clock.now()),
  ]);
  const values = options.values ?? {
    reminder_lead_hours: settings.reminderLeadHours.join(", "),
    patient_change_until_hours: String(settings.patientChangeUntilHours),
    quiet_from: minuteText(settings.quietFromMinute),
    quiet_until: minuteText(settings.quietUntilMinute),
    names_in_short_text: settings.namesInShortText ? "yes" : "",
  };
  const notices: Record<string, MessageKey> = {
    saved: "patientMessages.settingsSaved",
    template: "patientMessages.templateSaved",
    reset: "patientMessages.templateReset",
  };
  return c.html(
    <MessageSettingsPage
      page={pageContext(c)}
      values={values}
      errors={options.errors}
      notice={queryNotice(c, notices)}
      channels={MESSAGE_CHANNELS.filter((channel) =>
        channel === "email" || (channel === "sms" ? !!config.sevenSms : !!config.threema)
      )}
      ownTemplates={new Set(own.filter((key): key is string => key !== null))}
      perMonth={perMonth}
    />,
    options.status ?? 200,
  );
}

function templateOf(c: Context<AppEnv>) {
  const kind = c.req.param("kind") as MessageKind;
  const language = c.req.param("language");
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind) || !isLanguage(language)) return null;
  return { kind, language };
}

export function patientMessageRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/patients/:id/messages", authorize("patients.master"), (c) => patientPage(c, c.req.param("id")));

  app.post("/patients/:id/messages/consents", authorize("patients.master"), async (c) => {
    const id = c.req.param("id");
    const form = await parseForm(c, channelConsentForm);
    if (!form.success) return await patientPage(c, id, { errors: form.errors, values: form.values, status: 422 });
    if (!isUuid(id)) return c.notFound();
    const outcome = await recordChannelConsent(c.var.deps.db, practiceScope(c), id, {
      channel: form.data.channel,
      givenOn: form.data.given_on,
    }, requestFacts(c));
    if (outcome === "unknown") return c.notFound();
    return c.redirect(`/patients/${id}/messages?notice=${outcome === "recorded" ? "consent" : "present"}`, 303);
  });

  app.post("/patients/:id/messages/consents/:channelConsentId/withdraw", authorize("patients.master"), async (c) => {
    const id = c.req.param("id");
    const consentId = c.req.param("channelConsentId");
    const form = await parseForm(c, withdrawalForm);
    if (!form.success) return await patientPage(c, id, { errors: form.errors, status: 422 });
    if (!isUuid(id) || !isUuid(consentId)) return c.notFound();
    const outcome = await withdrawChannelConsent(
      c.var.deps.db,
      practiceScope(c),
      id,
      consentId,
      form.data.withdrawn_on,
      requestFacts(c),
    );
    if (outcome === "unknown") return c.notFound();
    if (outcome === "before_given") {
      return await patientPage(c, id, {
        errors: { withdrawn_on: { key: "patientMessages.withdrawBeforeGiven" } },
        status: 422,
      });
    }
    return c.redirect(`/patients/${id}/messages?notice=withdrawn`, 303);
  });

  app.post("/patients/:id/messages/preferences", authorize("patients.master"), async (c) => {
    const id = c.req.param("id");
    const form = await parseForm(c, preferencesForm);
    if (!form.success) return await patientPage(c, id, { errors: form.errors, values: form.values, status: 422 });
    if (!isUuid(id)) return c.notFound();
    const saved = await savePreferences(c.var.deps.db, practiceScope(c), id, {
      preferredChannel: form.data.preferred_channel || null,
      language: form.data.language,
      threemaId: form.data.threema_id,
    }, requestFacts(c));
    if (!saved) return c.notFound();
    return c.redirect(`/patients/${id}/messages?notice=preferences`, 303);
  });

  app.get("/calendar/messages/failed", authorize("calendar.write"), async (c) => {
    const entries = await failedMessages(c.var.deps.db, practiceScope(c));
    return c.html(
      <FailedMessagesPage
        page={pageContext(c)}
        entries={entries}
        notice={queryNotice(c, { resent: "patientMessages.resent" })}
      />,
    );
  });

  app.post("/calendar/messages/:id/resend", authorize("calendar.write"), async (c) => {
    const id = c.req.param("id");
    if (!isUuid(id)) return c.notFound();
    await readForm(c);
    if (!await resendMessage(c.var.deps.db, practiceScope(c), id, requestFacts(c))) return c.notFound();
    return c.redirect("/calendar/messages/failed?notice=resent", 303);
  });

  app.get("/calendar/appointments/:id/messages", authorize("calendar.read"), async (c) => {
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const id = c.req.param("id");
    const appointment = isUuid(id) ? await findAppointment(db, scope, id) : undefined;
    if (!appointment) return c.notFound();
    const entries = await messageLog(db, scope, { appointmentId: appointment.id });
    return c.html(
      <AppointmentMessagesPage
        page={pageContext(c)}
        appointmentId={appointment.id}
        unnotified={appointment.unnotifiedChangeAt !== null}
        entries={entries}
        notice={queryNotice(c, { dismissed: "patientMessages.dismissed" })}
      />,
    );
  });

  app.post("/calendar/appointments/:id/notice-dismissed", authorize("calendar.write"), async (c) => {
    const { db } = c.var.deps;
    const scope = practiceScope(c);
    const id = c.req.param("id");
    await readForm(c);
    // Only an appointment the member may see (a location of theirs): others are not found.
    const appointment = isUuid(id) ? await findAppointment(db, scope, id) : undefined;
    if (!appointment) return c.notFound();
    await dismissUnnotified(db, scope, appointment.id, requestFacts(c));
    return c.redirect(`/calendar/appointments/${appointment.id}/messages?notice=dismissed`, 303);
  });

  app.get("/calendar/settings/messages", authorize("calendar.manage"), (c) => settingsPage(c));

  app.post("/calendar/settings/messages", authorize("calendar.manage"), async (c) => {
    const form = await parseForm(c, settingsForm);
    if (!form.success) return await settingsPage(c, { values: form.values, errors: form.errors, status: 422 });
    await saveMessageSettings(c.var.deps.db, practiceScope(c), {
      reminderLeadHours: form.data.reminder_lead_hours,
      namesInShortText: form.data.names_in_short_text,
      patientChangeUntilHours: form.data.patient_change_until_hours,
      quietFromMinute: form.data.quiet_from,
      quietUntilMinute: form.data.quiet_until,
    }, requestFacts(c));
    return c.redirect("/calendar/settings/messages?notice=saved", 303);
  });

  const templatePath = "/calendar/settings/messages/templates/:kind/:language";

  app.get(templatePath, authorize("calendar.manage"), async (c) => {
    const which = templateOf(c);
    if (!which) return c.notFound();
    const template = await messageTemplate(c.var.deps.db, practiceScope(c).practiceId, which.kind, which.language);
    return c.html(
      <TemplatePage
        page={pageContext(c)}
        {...which}
        own={template.own}
        values={{ subject: template.subject, email_body: template.emailBody, short_body: template.shortBody }}
      />,
    );
  });

  app.post(templatePath, authorize("calendar.manage"), async (c) => {
    const which = templateOf(c);
    const values = await readForm(c);
    if (!which) return c.notFound();
    const form = checkForm(templateForm, values);
    if (!form.success) {
      const current = await messageTemplate(c.var.deps.db, practiceScope(c).practiceId, which.kind, which.language);
      return c.html(
        <TemplatePage page={pageContext(c)} {...which} own={current.own} values={values} errors={form.errors} />,
        422,
      );
    }
    await saveMessageTemplate(c.var.deps.db, practiceScope(c), which.kind, which.language, {
      subject: form.data.subject,
      emailBody: form.data.email_body,
      shortBody: form.data.short_body,
    }, requestFacts(c));
    return c.redirect("/calendar/settings/messages?notice=template", 303);
  });

  app.post(`${templatePath}/reset`, authorize("calendar.manage"), async (c) => {
    const which = templateOf(c);
    await readForm(c);
    if (!which) return c.notFound();
    await resetMessageTemplate(c.var.deps.db, practiceScope(c), which.kind, which.language, requestFacts(c));
    return c.redirect("/calendar/settings/messages?notice=reset", 303);
  });

  return app;
}
