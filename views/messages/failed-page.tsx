// The dead letters: messages to patients that did not go out, each with "send again".
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page-context.ts";
import { Notice } from "../components/form.tsx";
import type { MessageLogEntry } from "../../db/patient-messages.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { MessageLog } from "./message-log.tsx";

export function FailedMessagesPage(props: { page: PageContext; entries: MessageLogEntry[]; notice?: MessageKey }) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("patientMessages.failedTitle")}>
      <h1>{t("patientMessages.failedTitle")}</h1>
      <p>{t("patientMessages.failedIntro")}</p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {props.entries.length === 0
        ? <p class="muted">{t("patientMessages.failedEmpty")}</p>
        : <MessageLog page={page} entries={props.entries} showPatient resend />}
    </Layout>
  );
}
