// The background side of data key rotation: every few seconds, each practice with a rotation
// under way is moved on (re-encrypted in short batches, old versions retired at the end). Runs in
// every app process; the batches lock their rows, so processes working at once share the work.
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/log.ts";
import type { Db } from "./database.ts";
import { continueDataKeyRotation, practicesRotating } from "./key-rotation.ts";

/** Moves every rotation under way to its end; returns how many finished. */
export async function finishDataKeyRotations(db: Db, masterKey: Uint8Array, clock: Clock): Promise<number> {
  let finished = 0;
  for (const practiceId of await practicesRotating(db)) {
    const result = await continueDataKeyRotation(db, masterKey, practiceId, clock.now());
    if (result && result.retiredVersions.length) finished++;
  }
  return finished;
}

export function startKeyRotationJob(
  db: Db,
  masterKey: Uint8Array,
  clock: Clock,
  log: Logger,
  intervalMs = 5_000,
): { kick(): void; stop(): void } {
  let running = false;
  const run = async () => {
    // A long rotation outlasts many intervals: one round at a time per process.
    if (running) return;
    running = true;
    try {
      const finished = await finishDataKeyRotations(db, masterKey, clock);
      if (finished) log.info("data key rotations finished", { count: finished });
    } catch (error) {
      log.error("data key rotation failed", { error: error instanceof Error ? error.name : "unknown" });
    } finally {
      running = false;
    }
  };
  const every = setInterval(run, intervalMs);
  Deno.unrefTimer(every);
  return { kick: () => void run(), stop: () => clearInterval(every) };
}
