// A small closed-loop load generator: a fixed number of connections, each sending the next
// request when the previous answer is read, for a fixed time. Loopback only, and bounded:
// every request is abandoned at the end of its phase plus a grace period.

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const GRACE_MS = 5_000;

/** One request of connection number `worker` and its whole answer; true when it succeeded. */
export type Exchange = (worker: number, via: { client: Deno.HttpClient; signal: AbortSignal }) => Promise<boolean>;

export interface LoadOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** What each connection sends; a GET of the url that must answer 200 unless given. */
  exchange?: Exchange;
}

export interface Latencies {
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadResult extends Latencies {
  requests: number;
  /** Unsuccessful answers, and requests that failed or were abandoned. */
  errors: number;
  seconds: number;
  requestsPerSecond: number;
}

/** A GET with the given headers that counts when it answers 200 itself (redirects are not followed). */
export function getExpecting200(url: string, headers: HeadersInit = {}): Exchange {
  return async (_worker, { client, signal }) => {
    const response = await fetch(url, { client, signal, headers, redirect: "manual" });
    await response.arrayBuffer();
    return response.status === 200;
  };
}

export async function generateLoad(url: string, options: LoadOptions): Promise<LoadResult> {
  if (!LOOPBACK.has(new URL(url).hostname)) throw new Error(`load goes to loopback only, not ${url}`);
  if (options.connections > 256 || options.seconds > 60) throw new Error("load is bounded: ≤ 256 connections, ≤ 60 s");
  const exchange = options.exchange ?? getExpecting200(url);
  // The client pool holds one idle keep-alive connection per worker, like a browser's.
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: options.connections });
  try {
    await phase(client, exchange, options.connections, options.warmupSeconds);
    return await phase(client, exchange, options.connections, options.seconds);
  } finally {
    client.close();
  }
}

async function phase(client: Deno.HttpClient, exchange: Exchange, connections: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const abandon = new AbortController();
  const stop = setTimeout(() => abandon.abort(), seconds * 1000 + GRACE_MS);
  const started = performance.now();
  const end = started + seconds * 1000;
  const worker = async (number: number) => {
    while (performance.now() < end && !abandon.signal.aborted) {
      const sent = performance.now();
      try {
        if (await exchange(number, { client, signal: abandon.signal })) latencies.push(performance.now() - sent);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, number) => worker(number)));
  clearTimeout(stop);
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    requestsPerSecond: latencies.length / elapsed,
    ...summarizeLatencies(latencies),
  };
}

export function summarizeLatencies(latencies: number[]): Latencies {
  const sorted = latencies.toSorted((a, b) => a - b);
  const at = (q: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
  return {
    meanMs: sorted.length ? sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length : NaN,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: sorted.at(-1) ?? NaN,
  };
}
