// What the anchor benchmark sends, and how it watches the app's memory meanwhile.
import type { Exchange } from "./load.ts";
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

/**
 * Samples the resident set size of the process that serves (the `deno run … main.ts` below the
 * spawned `deno task`) every 100 ms while started.
 */
export async function sampleMemory(spawnedPid: number) {
  let pid = spawnedPid;
  for (const candidate of await descendantPids(spawnedPid)) {
    const cmdline = await Deno.readTextFile(`/proc/${candidate}/cmdline`).catch(() => "");
    if (cmdline.includes("main.ts")) pid = candidate;
  }
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
