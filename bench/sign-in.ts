// Sign-in under Argon2id (lib/password.ts: 19 MiB, 2 iterations, 1 lane): the password step's
// latency one request at a time next to one hash in this process, and an authenticated page's
// throughput alone and while other clients keep signing in with correct passwords.
import { hashPassword, verifyPassword } from "../lib/password.ts";
import { Browser } from "./browser.ts";
import { type BenchAccount, prepareAccount, signInCompletely } from "./accounts.ts";
import {
  type Exchange,
  generateLoad,
  getExpecting200,
  type Latencies,
  type LoadOptions,
  type LoadResult,
  summarizeLatencies,
} from "./load.ts";
import { formatTable, note, section } from "./table.ts";

const SEQUENTIAL_WARMUP = 5;
const SEQUENTIAL_SIGN_INS = 200;
const SEQUENTIAL_DEADLINE_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
const IN_PROCESS_HASHES = 20;
const HAMMER_CONNECTIONS = 20;
// Four connections per account: every attempt reserves one of the account's five failure slots
// before the password is checked, so a fifth in flight would be refused, not measured.
const HAMMER_ACCOUNTS = 5;

interface Timed extends Latencies {
  count: number;
  errors: number;
}

export async function benchmarkSignIn(base: string, load: LoadOptions) {
  const accounts: BenchAccount[] = [];
  for (let i = 0; i <= HAMMER_ACCOUNTS; i++) accounts.push(await prepareAccount(base, `bench${i}`));
  const [reader, ...signers] = accounts;

  section(
    `Sign-in, password step: ${SEQUENTIAL_SIGN_INS} sequential POST /sign-in with the right password ` +
      `after ${SEQUENTIAL_WARMUP} warm-up, Argon2id m=19456 KiB, t=2, p=1`,
  );
  const overHttp = await timeSequentialSignIns(base, signers[0]);
  const stored = await hashPassword(signers[0].password);
  const hashing = await timeInProcess(() => hashPassword(signers[0].password));
  const verifying = await timeInProcess(() => verifyPassword(stored, signers[0].password));
  console.log(formatTable(["measured", "count", "errors", "mean (ms)", "p50 (ms)", "p95 (ms)", "max (ms)"], [
    ["POST /sign-in → 303 /sign-in/second-factor", ...timedCells(overHttp)],
    ["hashPassword in this process", ...timedCells(hashing)],
    ["verifyPassword in this process (what sign-in runs)", ...timedCells(verifying)],
  ]));
  note("each sign-in also reserves and releases the address and account slots, starts a session (ending the");
  note("previous one) and appends an audit event; the accounts were registered and enrolled over HTTP first");

  section(
    `Authenticated page under sign-in load: GET / with a complete session (password and TOTP), ` +
      `${load.connections} connections, ${load.seconds} s after ${load.warmupSeconds} s warm-up`,
  );
  const page = await signInCompletely(base, reader);
  const pageLoad = { ...load, exchange: getExpecting200(`${base}/`, { Cookie: page.cookieHeader() }) };
  const alone = await generateLoad(`${base}/`, pageLoad);
  const hammer = { ...load, connections: HAMMER_CONNECTIONS, exchange: await signInHammer(base, signers) };
  const [during, signIns] = await Promise.all([
    generateLoad(`${base}/`, pageLoad),
    generateLoad(`${base}/sign-in`, hammer),
  ]);
  console.log(formatTable(
    ["measured", "requests", "errors", "req/s", "mean (ms)", "p50 (ms)", "p95 (ms)", "p99 (ms)", "max (ms)"],
    [
      ["GET / alone", ...loadCells(alone)],
      [`GET / while ${HAMMER_CONNECTIONS} clients sign in`, ...loadCells(during)],
      [`POST /sign-in by those ${HAMMER_CONNECTIONS} clients`, ...loadCells(signIns)],
    ],
  ));
  note(
    `${signIns.requestsPerSecond.toFixed(1)} password steps per second during the hammering, ` +
      `${HAMMER_ACCOUNTS} accounts × ${HAMMER_CONNECTIONS / HAMMER_ACCOUNTS} clients, correct passwords only`,
  );
  note(
    `at most ${navigator.hardwareConcurrency} hashes run at once (the semaphore in lib/password.ts, one per CPU); ` +
      "every query waits for PGlite's one connection",
  );
  note("both loads start together, each with its own warm-up; errors are answers other than the expected one");
}

/** One browser with its own cookies per connection, each posting its account's right password. */
async function signInHammer(base: string, accounts: BenchAccount[]): Promise<Exchange> {
  const browsers = Array.from({ length: HAMMER_CONNECTIONS }, () => new Browser(base));
  for (const browser of browsers) await browser.get("/sign-in");
  return async (worker, via) => {
    const { email, password } = accounts[worker % accounts.length];
    const answer = await browsers[worker].post("/sign-in", { email, password }, via);
    return answer.status === 303 && answer.location === "/sign-in/second-factor";
  };
}

async function timeSequentialSignIns(base: string, account: BenchAccount): Promise<Timed> {
  const browser = new Browser(base);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SEQUENTIAL_DEADLINE_MS;
  for (let i = 0; i < SEQUENTIAL_WARMUP + SEQUENTIAL_SIGN_INS && performance.now() < deadline; i++) {
    const sent = performance.now();
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const answer = await browser.post("/sign-in", { email: account.email, password: account.password }, { signal })
      .catch(() => undefined);
    if (i < SEQUENTIAL_WARMUP) continue;
    if (answer?.status === 303 && answer.location === "/sign-in/second-factor") {
      latencies.push(performance.now() - sent);
    } else errors++;
  }
  return { count: latencies.length, errors, ...summarizeLatencies(latencies) };
}

async function timeInProcess(task: () => Promise<unknown>): Promise<Timed> {
  await task();
  const latencies: number[] = [];
  for (let i = 0; i < IN_PROCESS_HASHES; i++) {
    const started = performance.now();
    await task();
    latencies.push(performance.now() - started);
  }
  return { count: latencies.length, errors: 0, ...summarizeLatencies(latencies) };
}

function timedCells(t: Timed): number[] {
  return [t.count, t.errors, t.meanMs, t.p50Ms, t.p95Ms, t.maxMs];
}

function loadCells(r: LoadResult): number[] {
  return [r.requests, r.errors, Math.round(r.requestsPerSecond), r.meanMs, r.p50Ms, r.p95Ms, r.p99Ms, r.maxMs];
}
