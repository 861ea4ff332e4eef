// Renders a patient's record page; every rendering is a read of the record and is audited.
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, practiceScope, requestFacts } from "./page.ts";
import { berlinDate } from "../lib/clock.ts";
import { safeReturnPath } from "../lib/return-path.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import type { FieldErrors } from "../views/page-context.ts";
import { viewPatientRecord } from "../db/patients.ts";
import { RecordPage } from "../views/patients/record-page.tsx";

export interface RecordOptions {
  notice?: MessageKey;
  problem?: MessageKey;
  consentErrors?: FieldErrors;
  consentValues?: Record<string, string>;
  status?: 200 | 409 | 422;
}

export async function renderRecord(c: Context<AppEnv>, patientId: string, options: RecordOptions = {}) {
  const { db, clock } = c.var.deps;
  const scope = practiceScope(c);
  const record = await viewPatientRecord(db, scope, patientId, requestFacts(c));
  if (!record) return c.notFound();
  const { patient, consents } = record;
  return c.html(
    <RecordPage
      page={pageContext(c)}
      patient={patient}
      consents={consents}
      today={berlinDate(clock.now())}
      notice={options.notice}
      problem={options.problem}
      consentErrors={options.consentErrors}
      consentValues={options.consentValues}
      back={safeReturnPath(c.req.query("back"))}
    />,
    options.status ?? 200,
  );
}
