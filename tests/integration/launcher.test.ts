// `deno task start` as a self-hoster runs it: the launcher (bin/start.ts) in a real process,
// with DATA_DIR outside the project.
import { suite } from "uvu";
import * as assert from "uvu/assert";

const root = new URL("../../", import.meta.url).pathname;
const launcher = suite("Launcher: DATA_DIR anywhere");

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

function launch(env: Record<string, string>, stdout: "piped" | "null" = "piped") {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", "--allow-run", "--allow-read", "bin/start.ts", "main.ts"],
    cwd: root,
    env: { KARTEI_MODE: "development", KARTEI_DEMO: "0", DATABASE_URL: "", KARTEI_MASTER_KEY: "", ...env },
    stdout,
    stderr: "piped",
  });
}

launcher("a DATA_DIR under a file gives one line naming it and exit 1, not a stack trace", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/file`, "");
    const { code, stderr } = await launch({ DATA_DIR: `${dir}/file/kartei`, PORT: String(freePort()) }).output();
    const lines = new TextDecoder().decode(stderr).trim().split("\n");
    assert.is(code, 1);
    assert.equal(lines, [
      `Kartei cannot use DATA_DIR=${dir}/file/kartei: a file is in the way where a folder should be`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

launcher("a bad configuration is named before any folder is touched", async () => {
  const { code, stderr } = await launch({ DATA_DIR: "/nonexistent-kartei", PORT: "none" }).output();
  assert.is(code, 1);
  assert.match(new TextDecoder().decode(stderr), "PORT: must be a whole number");
  assert.not.ok(await Deno.stat("/nonexistent-kartei").then(() => true, () => false));
});

launcher(
  "with DATA_DIR in a temporary folder outside the project the app starts, answers /healthz and ends on SIGTERM",
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "kartei-data-" });
    const port = freePort();
    const child = launch({ DATA_DIR: `${dir}/var/lib/kartei`, PORT: String(port), LOG_LEVEL: "warn" }, "null").spawn();
    try {
      let health: unknown;
      // PGlite creates its database on the first start: seconds, more on a busy machine.
      for (let attempt = 0; attempt < 600 && health === undefined; attempt++) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/healthz`);
          health = await response.json();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      assert.equal(health, { status: "ok" });
      assert.ok((await Deno.stat(`${dir}/var/lib/kartei/pglite`)).isDirectory);
      child.kill("SIGTERM");
      const status = await child.status;
      assert.is(status.code, 0);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch {
        // ended
      }
      await child.stderr.cancel().catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
);

launcher.run();
