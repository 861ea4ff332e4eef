// What every route and middleware may read from the request context.
import type { Config } from "../lib/config.ts";
import type { Logger } from "../lib/log.ts";
import type { Clock } from "../lib/clock.ts";
import type { Language, Translate } from "../lib/i18n/mod.ts";
import type { StaticAssets } from "../lib/static-assets.ts";
import type { Db } from "../db/database.ts";
import type { SignedInSession } from "../db/sessions.ts";
import type { Metrics } from "../lib/metrics.ts";

export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  clock: Clock;
  masterKey: Uint8Array;
  assets: StaticAssets;
  /** Asks the mail delivery to look at the queue now instead of at its next tick. */
  kickMailDelivery(): void;
  /** Asks the data key rotation job to start now (absent where no job runs, as in tests). */
  kickKeyRotation?(): void;
  /** True once the process is shutting down: /readyz then sends the load balancer elsewhere. */
  shuttingDown?(): boolean;
  /** Starts a backup now (the operator console's button); absent where no backup job runs. */
  startBackup?(): "started" | "busy";
  /** The process's metrics; createApp makes its own when none is given (tests). */
  metrics?: Metrics;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    lang: Language;
    t: Translate;
    csrfToken: string;
    session: SignedInSession | null;
    /** The one origin that may frame this answer (the practice's website, on its booking page). */
    frameAncestor?: string;
  };
}
