// Kartei as a real process (`deno run main.ts`), for tests of what only a process shows: its
// start, its signals, its survival. It listens on a free port and logs JSON lines to stdout.
import type { Db } from "../../db/database.ts";
import { patientFields } from "./patient-fixtures.ts";
import { signedInOwner } from "./practice-fixtures.ts";
import { createTestApp } from "./test-app.ts";
import { TestClient } from "./http-client.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface AppProcess {
  port: number;
  url: string;
  /** Log lines so far (stdout) and everything on stderr. */
  lines: string[];
  stderr(): string;
  signal(signal: Deno.Signal): void;
  /** The exit status, once the process has ended. */
  status: Promise<Deno.CommandStatus>;
  /** Ends the process (SIGKILL) if it still runs. */
  kill(): Promise<void>;
}

// Only what deno itself needs (its cache); the app's settings come from the test alone.
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "DENO_DIR", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  return env;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Runs a deno entry point of the repository to its end; for refusals at start. */
export async function runEntryPoint(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", entry],
    cwd: ROOT,
    env: { ...inheritedEnv(), ...env, NO_COLOR: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: output.code, stdout: decoder.decode(output.stdout), stderr: decoder.decode(output.stderr) };
}

/** Starts main.ts with the given environment and waits until it listens. */
export async function startAppProcess(env: Record<string, string>, startTimeoutMs = 240_000): Promise<AppProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "main.ts"],
    cwd: ROOT,
    env: { ...inheritedEnv(), PORT: String(freePort()), HOST: "127.0.0.1", NO_COLOR: "1", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  let stderr = "";
  let listening: (port: number) => void = () => {};
  const listens = new Promise<number>((resolve) => (listening = resolve));
  const readStdout = (async () => {
    let rest = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      rest += chunk;
      const parts = rest.split("\n");
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line.includes('"msg":"Kartei is listening"')) listening(JSON.parse(line).port);
      }
    }
  })();
  const readStderr = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) stderr += chunk;
  })();
  const status = child.status.then(async (status) => {
    await Promise.allSettled([readStdout, readStderr]);
    return status;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([
    listens,
    status.then((s) => `ended with ${s.code} before listening: ${stderr.slice(0, 500)}`),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve("did not listen in time"), startTimeoutMs))),
  ]);
  clearTimeout(timer);
  const kill = async () => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already ended
    }
    await status;
  };
  if (typeof outcome === "string") {
    await kill();
    throw new Error(`Kartei ${outcome}`);
  }
  return {
    port: outcome,
    url: `http://127.0.0.1:${outcome}`,
    lines,
    stderr: () => stderr,
    signal: (signal) => child.kill(signal),
    status,
    kill,
  };
}

/** A signed-in browser's cookies (session, approved browser, CSRF), usable over real HTTP. */
export interface BrowserCookies {
  cookie: string;
  csrf: string;
}

export function browserCookies(cookies: Map<string, string>): BrowserCookies {
  return {
    cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; "),
    csrf: cookies.get("kartei_csrf") ?? "",
  };
}

export type Outcome =
  | { kind: "answered"; status: number; location: string | null; ms: number; sentAt: number }
  | { kind: "failed"; error: string; ms: number; sentAt: number };

/** Posts a new patient as the signed-in browser does; never throws. */
export async function createPatientOver(
  url: string,
  browser: BrowserCookies,
  familyName: string,
  timeoutMs = 30_000,
): Promise<Outcome> {
  const sentAt = performance.now();
  const body = new URLSearchParams(
    patientFields({ _csrf: browser.csrf, family_name: familyName, confirm_duplicate: "yes" }),
  );
  try {
    const response = await fetch(`${url}/patients`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: browser.cookie },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return {
      kind: "answered",
      status: response.status,
      location: response.headers.get("Location"),
      ms: performance.now() - sentAt,
      sentAt,
    };
  } catch (error) {
    return { kind: "failed", error: String(error).slice(0, 200), ms: performance.now() - sentAt, sentAt };
  }
}

/** The patient id of an acknowledged creation (303 to the new record), or null. */
export function createdPatientId(outcome: Outcome): string | null {
  if (outcome.kind !== "answered" || outcome.status !== 303) return null;
  return outcome.location?.match(/^\/patients\/([0-9a-f-]{36})\?notice=created$/)?.[1] ?? null;
}

/**
 * `count` owners of new practices, each signed in completely (password, authenticator app,
 * approved browser) through the real pages on `db`; their practice keys are wrapped with
 * `masterKey`, which the app process must be given.
 */
export async function signedInBrowsers(db: Db, count: number) {
  const { app, clock, masterKey } = await createTestApp({}, {}, { db });
  const browsers: BrowserCookies[] = [];
  for (let i = 0; i < count; i++) {
    const client = new TestClient(app);
    await signedInOwner(client, db, clock);
    browsers.push(browserCookies(client.cookies));
  }
  return { masterKey, browsers, masterKeyBase64: btoa(String.fromCharCode(...masterKey)) };
}
