// The launcher behind `deno task start` (and dev, migrate, seed, operator:create). Deno fixes
// permissions when a process starts, so this small process reads the configuration first and
// then runs the real entry point with write access to exactly the configured folders:
//   deno run --allow-env --allow-run --allow-read bin/start.ts [--watch] main.ts [args…]
// A folder that cannot be used ends the start with one line instead of a stack trace.
import { resolve } from "node:path";
import { type Config, loadConfig } from "../lib/config.ts";

/** Every folder the app writes, by the variable that names it (BACKUP_DIR and ANCHOR_DIR are one more line each). */
export function writableFolders(config: Config): Array<[variable: string, path: string]> {
  // The data folder holds the embedded database and a generated master key: with a Postgres
  // server and KARTEI_MASTER_KEY nothing is written there (a read-only container is fine).
  // Development also generates the backup key there while BACKUP_RECIPIENT is not set.
  const usesDataDir = !config.databaseUrl || !config.masterKey || !config.backupRecipient;
  return [
    ...(usesDataDir ? [["DATA_DIR", config.dataDir] as [string, string]] : []),
    ["BACKUP_DIR", config.backupDir],
    ["ANCHOR_DIR", config.anchorDir],
  ];
}

/** The system temp folder as Node's os.tmpdir() names it on Linux (TMPDIR, TMP, TEMP, else /tmp). */
export function tempFolder(env: Record<string, string | undefined>): string {
  const named = env.TMPDIR || env.TMP || env.TEMP || "/tmp";
  return named.length > 1 ? named.replace(/\/+$/, "") : named;
}

/**
 * The permission flags of the app process: the network, Argon2 by FFI, pg_dump for backups, and
 * writes to `folders` only. A restore reads the backup and its key wherever the operator keeps them.
 * The temp folder is readable (never writable) because a dependency of the e-invoice library
 * resolves it when it loads; the systemd unit gives the service a private /tmp.
 */
export function appFlags(folders: string[], entry = "main.ts", temp = "/tmp"): string[] {
  const restore = entry.endsWith("restore.ts");
  return [
    "--allow-net",
    "--allow-env",
    "--allow-ffi",
    "--allow-sys=hostname,osRelease,homedir",
    restore ? "--allow-read" : `--allow-read=${[".", "/usr/bin/ldd", temp, ...folders].join(",")}`,
    restore ? "--allow-run=pg_restore" : "--allow-run=pg_dump",
    // An empty --allow-write= would allow every path: no folder, no flag.
    ...(folders.length ? [`--allow-write=${folders.join(",")}`] : []),
  ];
}

const SIGNAL_NUMBERS: Partial<Record<Deno.Signal, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
const PROBE = new URL("./data-folder.ts", import.meta.url).pathname;

/** Asks a child with the same grant as the app whether it can create and write `folder`. */
async function folderProblem(folder: string): Promise<string | undefined> {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", `--allow-read=${folder}`, `--allow-write=${folder}`, PROBE, folder],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  return code === 0 ? undefined : new TextDecoder().decode(stdout).trim() || "unknown problem";
}

if (import.meta.main) {
  const watch = Deno.args[0] === "--watch";
  const [entry, ...rest] = watch ? Deno.args.slice(1) : Deno.args;
  const loaded = loadConfig(Deno.env.toObject());
  if (!loaded.ok) {
    console.error("Kartei cannot start, the configuration has problems:\n  " + loaded.errors.join("\n  "));
    Deno.exit(1);
  }
  const folders = writableFolders(loaded.config).map(([variable, path]) => [variable, resolve(path)]);
  for (const [variable, folder] of folders) {
    const problem = await folderProblem(folder);
    if (problem) {
      console.error(`Kartei cannot use ${variable}=${folder}: ${problem}`);
      Deno.exit(1);
    }
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...(watch ? ["--watch"] : []),
      ...appFlags(folders.map(([, folder]) => folder), entry, tempFolder(Deno.env.toObject())),
      entry,
      ...rest,
    ],
  }).spawn();
  // Ctrl-C in a terminal reaches the whole process group, the app included: forward SIGINT only
  // when it came some other way, so that the app sees each signal once.
  const forwarded = Deno.stdin.isTerminal() ? ["SIGTERM"] as const : ["SIGINT", "SIGTERM"] as const;
  for (const signal of forwarded) {
    Deno.addSignalListener(signal, () => {
      try {
        child.kill(signal);
      } catch {
        // already ended
      }
    });
  }
  if (Deno.stdin.isTerminal()) Deno.addSignalListener("SIGINT", () => {});
  const status = await child.status;
  Deno.exit(status.signal ? 128 + (SIGNAL_NUMBERS[status.signal] ?? 0) : status.code);
}
