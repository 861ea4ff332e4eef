// The installation's backups: when the last good one was taken, the recent runs, and a button
// that starts one now.
import { Layout } from "../layout.tsx";
import { CsrfField, Notice } from "../components/form.tsx";
import type { PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { BackupRun } from "../../db/backup-runs.ts";
import { ConsoleNav } from "./reason-field.tsx";
import { atMinute } from "./time.ts";

function size(bytes: number | null): string {
  if (bytes === null) return "–";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function statusText(page: PageContext, run: BackupRun): string {
  if (run.status === "failed") return page.t("backups.status.failed", { failure: run.failure ?? "–" });
  return page.t(run.status === "running" ? "backups.status.running" : "backups.status.succeeded");
}

const TRIGGERS: Record<BackupRun["trigger"], MessageKey> = {
  schedule: "backups.trigger.schedule",
  operator: "backups.trigger.operator",
  command: "backups.trigger.command",
};

export function OperatorBackupsPage(props: {
  page: PageContext;
  dir: string;
  keepDays: number;
  lastGoodAt: Date | null;
  stale: boolean;
  runs: BackupRun[];
  notice?: MessageKey;
}) {
  const { page } = props;
  const t = page.t;
  return (
    <Layout page={page} title={t("backups.title")}>
      <h1>{t("backups.title")}</h1>
      <ConsoleNav page={page} />
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      <p>{t("backups.intro", { dir: props.dir, days: props.keepDays })}</p>
      <p id="last-good-backup">
        {props.lastGoodAt ? t("backups.lastGood", { at: atMinute(props.lastGoodAt) }) : t("backups.none")}
      </p>
      {props.stale && <p class="error-summary" role="alert" id="backup-stale">{t("backups.stale")}</p>}
      <form method="post" action="/operator/backups">
        <CsrfField token={page.csrfToken} />
        <button type="submit">{t("backups.runNow")}</button>
      </form>
      {props.runs.length === 0 ? <p class="muted">{t("backups.noRuns")}</p> : (
        <table class="table" id="backup-runs">
          <thead>
            <tr>
              <th>{t("backups.started.column")}</th>
              <th>{t("backups.finished.column")}</th>
              <th>{t("backups.trigger.column")}</th>
              <th>{t("backups.status.column")}</th>
              <th>{t("backups.file.column")}</th>
              <th>{t("backups.size.column")}</th>
            </tr>
          </thead>
          <tbody>
            {props.runs.map((run) => (
              <tr key={run.id}>
                <td>{atMinute(run.startedAt)}</td>
                <td>{atMinute(run.finishedAt)}</td>
                <td>{t(TRIGGERS[run.trigger])}</td>
                <td>{statusText(page, run)}</td>
                <td>{run.fileName ?? "–"}</td>
                <td>{size(run.encryptedBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
