// Where the browser tests find Debian's Chromium, and what the runner does when it is missing:
// as root with apt-get it installs the package (as .ci/run did), otherwise it says in one line
// what to run. `CHROMIUM=/path/to/chromium` names another executable (and is never installed).

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";
export const APT_INSTALL = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium";

export interface ChromiumFacts {
  /** The CHROMIUM environment variable, when set. */
  override: string | undefined;
  /** `chromium` (or the override) found on PATH, when it is. */
  onPath: string | undefined;
  /** Whether /usr/bin/chromium is an executable file. */
  defaultExists: boolean;
  isRoot: boolean;
  hasAptGet: boolean;
}

export type ChromiumPlan =
  | { kind: "found"; path: string }
  | { kind: "install" }
  | { kind: "missing"; message: string };

/** The decision alone, so that a unit test can walk every case without touching the machine. */
export function planChromium(facts: ChromiumFacts): ChromiumPlan {
  if (facts.override !== undefined) {
    return facts.onPath
      ? { kind: "found", path: facts.onPath }
      : { kind: "missing", message: `browser tests: CHROMIUM=${facts.override} is not an executable file` };
  }
  if (facts.onPath) return { kind: "found", path: facts.onPath };
  if (facts.defaultExists) return { kind: "found", path: DEFAULT_CHROMIUM };
  if (facts.isRoot && facts.hasAptGet) return { kind: "install" };
  return {
    kind: "missing",
    message: "browser tests: Chromium is missing; install it with `sudo apt-get install chromium` " +
      "(Debian/Ubuntu) or set CHROMIUM=/path/to/chromium, then run the tests again",
  };
}

function isExecutableFile(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The first executable `name` in PATH (or the path itself when it contains a slash). */
export function findExecutable(name: string, path = Deno.env.get("PATH") ?? ""): string | undefined {
  if (name.includes("/")) return isExecutableFile(name) ? name : undefined;
  for (const dir of path.split(":")) {
    if (dir && isExecutableFile(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return undefined;
}

export function chromiumFacts(): ChromiumFacts {
  const override = Deno.env.get("CHROMIUM") || undefined;
  return {
    override,
    onPath: findExecutable(override ?? "chromium"),
    defaultExists: isExecutableFile(DEFAULT_CHROMIUM),
    isRoot: Deno.uid() === 0,
    hasAptGet: findExecutable("apt-get") !== undefined,
  };
}

/** The Chromium executable for the browser tests (after the runner has made sure of it). */
export function chromiumPath(): string {
  const plan = planChromium(chromiumFacts());
  return plan.kind === "found" ? plan.path : DEFAULT_CHROMIUM;
}

/**
 * Makes sure Chromium is there before the browser tests: found, or installed (root with
 * apt-get), or a one-line message saying what to run (returned, the caller fails the tests).
 */
export async function ensureChromium(): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
  let plan = planChromium(chromiumFacts());
  if (plan.kind === "install") {
    console.log("browser tests: installing Debian's chromium (apt-get install chromium)");
    const { success } = await new Deno.Command("sh", { args: ["-c", APT_INSTALL], stdout: "null" }).output();
    plan = planChromium(chromiumFacts());
    if (!success || plan.kind !== "found") {
      return { ok: false, message: "browser tests: installing chromium with apt-get failed; run: " + APT_INSTALL };
    }
  }
  return plan.kind === "found" ? { ok: true, path: plan.path } : { ok: false, message: plan.message };
}
