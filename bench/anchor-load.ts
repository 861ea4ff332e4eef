// What the anchor benchmark sends, and how it watches the app's memory meanwhile.
import { type Exchange, generateLoad, type LoadResult } from "./load.ts";
import type { BenchPractice } from "./anchor-data.ts";
import { descendantPids } from "./processes.ts";

export type PracticeUnderLoad = BenchPractice;

/**
 * GET /patients/:id, cycling through the practice's patients; with several practices the
 * connections alternate between them (connection n works in practice n mod count).
 */
export function recordExchange(baseUrl: string, practices: PracticeUnderLoad[]): Exchange {
  const next = practices.map(() => 0);
  return async (worker, { client, signal }) => {
    const p = worker % practices.length;
    const { patientIds, practitioner } = practices[p];
    const id = patientIds[next[p]++ % patientIds.length];
    const response = await fetch(`${baseUrl}/patients/${id}`, {
      client,
      signal,
      headers: { Cookie: practitioner.cookie },
      redirect: "manual",
    });
    await response.arrayBuffer();
    return response.status === 200;
  };
}

/** A GET per request, the URL varied by a counter shared by all connections; a 200 counts. */
export function pageExchange(url: (i: number) => string, headers: Record<string, string>): Exchange {
  let next = 0;
  return async (_worker, { client, signal }) => {
    const response = await fetch(url(next++), { client, signal, headers, redirect: "manual" });
    await response.arrayBuffer();
    return response.status === 200;
  };
}

async function statusField(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
  const kilobytes = Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN);
  return Math.round(kilobytes / 102.4) / 10;
}

/** The peak resident set size of the process so far (VmHWM), in MB. */
export async function peakMemory(pid: number): Promise<number> {
  return await statusField(pid, "VmHWM");
}

/** The process that serves: the `deno run … main.ts` below the spawned `deno task`, or the spawned one. */
export async function servingPid(spawnedPid: number): Promise<number> {
  for (const candidate of await descendantPids(spawnedPid)) {
    const cmdline = await Deno.readTextFile(`/proc/${candidate}/cmdline`).catch(() => "");
    // The launcher (bin/start.ts) names main.ts too; the serving process is the one it starts.
    if (cmdline.includes("main.ts") && !cmdline.includes("bin/start.ts")) return candidate;
  }
  return spawnedPid;
}

/** CPU time (user + system, ms) a process has used so far, by thread: its JavaScript main thread, Web Workers, the rest. */
export interface ThreadCpu {
  main: number;
  workers: number;
  rest: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

export async function threadCpu(pid: number): Promise<ThreadCpu> {
  const used: ThreadCpu = { main: 0, workers: 0, rest: 0 };
  for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
    const stat = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/stat`).catch(() => "");
    if (!stat) continue;
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    // From the state on (the 3rd field of the line): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    if (task.name === String(pid)) used.main += ms;
    else if (name.startsWith("worker-")) used.workers += ms;
    else used.rest += ms;
  }
  return used;
}

export interface MeasuredLoad extends LoadResult {
  /** CPU ms per answered request of each watched process, by thread. */
  cpuPerRequest: ThreadCpu[];
}

/** One second of warm-up, then the measured load, with the CPU time the given processes spent on it. */
export async function measuredLoad(
  url: string,
  exchange: Exchange,
  options: { connections: number; seconds: number },
  pids: number[],
): Promise<MeasuredLoad> {
  await generateLoad(url, { connections: options.connections, seconds: 1, warmupSeconds: 0, exchange });
  const before = await Promise.all(pids.map(threadCpu));
  const result = await generateLoad(url, { ...options, warmupSeconds: 0, exchange });
  const after = await Promise.all(pids.map(threadCpu));
  const per = (a: number, b: number) => (a - b) / Math.max(1, result.requests);
  const cpuPerRequest = after.map((used, i) => ({
    main: per(used.main, before[i].main),
    workers: per(used.workers, before[i].workers),
    rest: per(used.rest, before[i].rest),
  }));
  return { ...result, cpuPerRequest };
}

/** Samples the resident set size of the process every 100 ms while started. */
export async function sampleMemory(pid: number) {
  let peak = 0;
  let current = await statusField(pid, "VmRSS");
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    pid,
    current: () => current,
    peak: () => peak,
    start() {
      timer = setInterval(async () => {
        current = await statusField(pid, "VmRSS");
        peak = Math.max(peak, current);
      }, 100);
    },
    stop: () => clearInterval(timer),
  };
}
