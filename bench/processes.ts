// The processes the benchmarks measure, each on its own loopback port: Kartei exactly as
// `deno task start` runs it, and a bare Hono hello-world to compare it with.
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const READY_DEADLINE_MS = 120_000;
const STOP_GRACE_MS = 10_000;

export interface Served {
  url: string;
  /** The last lines the process wrote, for the error message when it dies. */
  output: string[];
  /** The process that was spawned (for the app: `deno task`, whose child serves). */
  pid: number;
  stop(): Promise<void>;
}

export interface StartedApp {
  served: Served;
  /** From spawning `deno task start` to the first 200 on /readyz. */
  readyMs: number;
  /** What main.ts itself logs: from its first line to listening (database, migrations, assets). */
  reportedStartupMs: number | undefined;
}

export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Starts Kartei on embedded PGlite in dataDir (a path under ./data, where start may write), or
 * on the Postgres server that `environment` names (DATABASE_URL), with its settings on top.
 */
export async function startApp(dataDir: string, environment: Record<string, string> = {}): Promise<StartedApp> {
  const port = freePort();
  const env = Deno.env.toObject();
  // A benchmark of the zero-setup default: no Postgres server, no SMTP, whatever the shell says.
  for (const name of ["DATABASE_URL", "SMTP_URL", "KARTEI_MASTER_KEY"]) delete env[name];
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "start"],
    cwd: ROOT,
    env: {
      ...env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      BASE_URL: `http://127.0.0.1:${port}`,
      KARTEI_MODE: "development",
      LOG_LEVEL: "info",
      ...environment,
    },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const served = watch(child, `http://127.0.0.1:${port}`);
  try {
    await waitFor200(`${served.url}/readyz`, child, served.output);
  } catch (error) {
    await served.stop();
    throw error;
  }
  const readyMs = performance.now() - started;
  const listening = served.output.map(parseLogLine).find((line) => line?.msg === "Kartei is listening");
  const reportedStartupMs = typeof listening?.startupMs === "number" ? listening.startupMs : undefined;
  return { served, readyMs, reportedStartupMs };
}

export async function startHelloWorld(): Promise<Served> {
  return await startScript(["--allow-net=127.0.0.1", "bench/hello-server.ts"], [], "/");
}

/** The bare Hono + postgres.js record page (bench/anchor-server.ts) on the given database. */
export async function startAnchorServer(databaseUrl: string, auditPracticeId: string): Promise<Served> {
  return await startScript(
    ["--allow-net=127.0.0.1", "--allow-env", "--allow-sys=hostname,osRelease", "bench/anchor-server.ts"],
    [databaseUrl, auditPracticeId],
    "/readyz",
  );
}

/** `deno run` of a script (the last of `flags`) with its port and further arguments. */
async function startScript(flags: string[], args: string[], readyPath: string): Promise<Served> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, String(port), ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const served = watch(child, `http://127.0.0.1:${port}`);
  try {
    await waitFor200(`${served.url}${readyPath}`, child, served.output);
  } catch (error) {
    await served.stop();
    throw error;
  }
  return served;
}

function watch(child: Deno.ChildProcess, url: string): Served {
  const output: string[] = [];
  const keep = async (stream: ReadableStream<Uint8Array>) => {
    let rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      output.push(...lines);
      if (output.length > 200) output.splice(0, output.length - 200);
    }
  };
  const drained = Promise.all([keep(child.stdout), keep(child.stderr)]);
  return {
    url,
    pid: child.pid,
    output,
    async stop() {
      await stopProcessTree(child);
      await drained;
    },
  };
}

async function waitFor200(url: string, child: Deno.ChildProcess, output: string[]) {
  let exited: Deno.CommandStatus | undefined;
  child.status.then((status) => exited = status);
  const deadline = performance.now() + READY_DEADLINE_MS;
  while (performance.now() < deadline) {
    if (exited) {
      throw new Error(`the process exited with ${exited.code} before answering:\n  ${output.slice(-10).join("\n  ")}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} did not answer 200 within ${READY_DEADLINE_MS / 1000} s`);
}

/**
 * SIGTERM lets Kartei close PGlite cleanly (deno task passes the signal on to `deno run`). The
 * children are noted first and killed by id if they outlive their parent, so no process keeps
 * the data folder locked.
 */
async function stopProcessTree(child: Deno.ChildProcess) {
  const descendants = await descendantPids(child.pid);
  try {
    child.kill("SIGTERM");
  } catch {
    // Already gone.
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), STOP_GRACE_MS));
  const outcome = await Promise.race([child.status.then(() => "exited" as const), grace]);
  clearTimeout(timer);
  if (outcome === "late") child.kill("SIGKILL");
  await child.status;
  for (const pid of descendants) {
    const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => "");
    if (cmdline.includes("deno")) Deno.kill(pid, "SIGKILL");
  }
}

export async function descendantPids(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`).catch(() => "");
    // Field 4 is the parent's id; field 2, the name in parentheses, may itself hold spaces.
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(Number(entry.name));
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const pid of children.get(queue.shift()!) ?? []) {
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
