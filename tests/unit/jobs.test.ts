import { suite } from "uvu";
import * as assert from "uvu/assert";
import { everyInterval, Jobs } from "../../lib/jobs.ts";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const test = suite("background jobs");

test("stopping a job waits for the step it is running, and no step starts afterwards", async () => {
  const events: string[] = [];
  let release: () => void = () => {};
  const job = everyInterval(
    async () => {
      events.push("step started");
      await new Promise<void>((resolve) => (release = resolve));
      events.push("step finished");
    },
    5,
    0,
  );
  while (!events.length) await pause(1);
  const stopped = Promise.resolve(job.stop()).then(() => events.push("stopped"));
  await pause(20);
  assert.equal(events, ["step started"], "one step at a time, and stop waits for it");
  release();
  await stopped;
  await pause(20);
  assert.equal(events, ["step started", "step finished", "stopped"]);
});

test("shutdown stops every registered job, also when one of them fails to stop", async () => {
  const jobs = new Jobs();
  const stopped: string[] = [];
  jobs.add("mail delivery", { stop: () => void stopped.push("mail delivery") });
  jobs.add("broken", {
    stop: () => Promise.reject(new Error("stuck")),
  });
  jobs.add("auto-lock", { stop: () => Promise.resolve(void stopped.push("auto-lock")) });
  assert.equal(await jobs.stopAll(), ["broken"]);
  assert.equal(stopped.sort(), ["auto-lock", "mail delivery"]);
  assert.equal(await jobs.stopAll(), [], "stopped jobs are not stopped twice");
});

test.run();
