// The background jobs of one app process, so that shutdown stops every one of them: a job
// registers how it stops (clear its timers, then wait for the step it is running).
//   jobs.add("auto-lock", startAutoLock(db, clock, log));
export interface Job {
  stop(): void | Promise<void>;
}

export class Jobs {
  #running: Array<{ name: string; job: Job }> = [];

  add<T extends Job>(name: string, job: T): T {
    this.#running.push({ name, job });
    return job;
  }

  /** Stops all jobs at once; resolves with the names of those whose stop failed. */
  async stopAll(): Promise<string[]> {
    const jobs = this.#running.splice(0);
    const outcomes = await Promise.allSettled(jobs.map(({ job }) => job.stop()));
    return jobs.filter((_, i) => outcomes[i].status === "rejected").map(({ name }) => name);
  }
}

/** A job that runs `step` every `intervalMs` (first after `firstAfterMs`), one step at a time. */
export function everyInterval(step: () => Promise<void>, intervalMs: number, firstAfterMs = intervalMs): Job {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= step().finally(() => running = null);
  };
  const first = setTimeout(run, firstAfterMs);
  const every = setInterval(run, intervalMs);
  Deno.unrefTimer(first);
  Deno.unrefTimer(every);
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
