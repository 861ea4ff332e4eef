// Load as people make it: each of the clients sends a request, reads the answer, then pauses
// (half a second to one and a half, like someone reading and typing) before the next. Unlike
// the closed loop of load.ts (every client asks again the moment it is answered, which measures
// the server at saturation), this measures how long one answer takes while the others work.
import { type Exchange, type LoadResult, summarizeLatencies } from "./load.ts";

export interface PacedOptions {
  clients: number;
  seconds: number;
  /** Pause between a client's requests, uniformly distributed. */
  pauseMs: [number, number];
}

export async function pacedLoad(exchange: Exchange, options: PacedOptions): Promise<LoadResult> {
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: options.clients });
  const abandon = new AbortController();
  const stop = setTimeout(() => abandon.abort(), options.seconds * 1000 + 5_000);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const [low, high] = options.pauseMs;
  const pause = () => new Promise((resolve) => setTimeout(resolve, low + Math.random() * (high - low)));
  const worker = async (number: number) => {
    // Spread the first requests over one pause, so the clients do not start in step.
    await pause();
    while (performance.now() < end && !abandon.signal.aborted) {
      const sent = performance.now();
      try {
        if (await exchange(number, { client, signal: abandon.signal })) latencies.push(performance.now() - sent);
        else errors++;
      } catch {
        errors++;
      }
      await pause();
    }
  };
  try {
    await Promise.all(Array.from({ length: options.clients }, (_, number) => worker(number)));
  } finally {
    clearTimeout(stop);
    client.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    requestsPerSecond: latencies.length / elapsed,
    ...summarizeLatencies(latencies),
  };
}
