// The operator console's backups: the state of the daily backup, and a backup started now.
import { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";
import { pageContext, queryNotice } from "./page.ts";
import { backupState, recentBackupRuns } from "../db/backup-runs.ts";
import { OperatorBackupsPage } from "../views/operator/backups-page.tsx";

const NOTICES = { started: "backups.started", busy: "backups.alreadyRunning" } as const;

export function operatorBackupRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/operator/backups", async (c) => {
    const { db, config, clock } = c.var.deps;
    const [state, runs] = await Promise.all([backupState(db, clock.now()), recentBackupRuns(db)]);
    return c.html(
      <OperatorBackupsPage
        page={pageContext(c)}
        dir={config.backupDir}
        keepDays={config.backupKeepDays}
        lastGoodAt={state.lastGoodAt}
        stale={state.stale}
        runs={runs}
        notice={queryNotice(c, NOTICES)}
      />,
    );
  });

  app.post("/operator/backups", (c) => {
    const outcome = c.var.deps.startBackup?.() ?? "busy";
    c.var.deps.log.info("backup requested by an operator", { outcome, account: c.var.session!.account.id });
    return c.redirect(`/operator/backups?notice=${outcome === "started" ? "started" : "busy"}`, 303);
  });

  return app;
}
