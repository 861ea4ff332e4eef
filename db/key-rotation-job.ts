// The background side of data key rotation: every few seconds, each practice with a rotation
// under way is moved on (re-encrypted in short batches, old versions retired at the end). Runs in
// every app process; the batches lock their rows, so processes working at once share the work.
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/log.ts";
import type { Db } from "./database.ts";
import { continueDataKeyRotation, practicesRotating } from "./key-rotation.ts";

/**
 * Moves every rotation under way to its end. A practice whose rotation fails (a row that does
 * not decrypt) is logged by id and tried again next round; the others go on.
 */
export async function finishDataKeyRotations(
  db: Db,
  masterKey: Uint8Array,
  clock: Clock,
  log?: Logger,
): Promise<{ finished: number; failed: number }> {
  let finished = 0;
  let failed = 0;
  for (const practiceId of await practicesRotating(db)) {
    try {
      const result = await continueDataKeyRotation(db, masterKey, practiceId, clock);
      if (result && result.retiredVersions.length) finished++;
    } catch (error) {
      failed++;
      log?.error("data key rotation of a practice failed", {
        practiceId,
        error: error instanceof Error ? error.name : "unknown",
      });
    }
  }
  return { finished, failed };
}

export function startKeyRotationJob(
  db: Db,
  masterKey: Uint8Array,
  clock: Clock,
  log: Logger,
  intervalMs = 5_000,
): { kick(): void; stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const round = async () => {
    try {
      const { finished } = await finishDataKeyRotations(db, masterKey, clock, log);
      if (finished) log.info("data key rotations finished", { count: finished });
    } catch (error) {
      log.error("data key rotation round failed", { error: error instanceof Error ? error.name : "unknown" });
    }
  };
  // A long rotation outlasts many intervals: one round at a time per process.
  const run = () => {
    running ??= round().finally(() => running = null);
  };
  const every = setInterval(run, intervalMs);
  Deno.unrefTimer(every);
  return {
    kick: run,
    async stop() {
      clearInterval(every);
      await running;
    },
  };
}
