// The shipped systemd unit: sandboxed as the README promises, granting the same permissions as
// `deno task start` for the server's folders, and accepted by systemd-analyze where it exists.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { appFlags } from "../../bin/start.ts";

const root = new URL("../../", import.meta.url);
// The README's "Running on a server" names these folders.
const unitText = await Deno.readTextFile(new URL("deploy/kartei.service", root));

function directives(text: string): Map<string, string> {
  const joined = text.replace(/\\\n\s*/g, " ");
  const map = new Map<string, string>();
  for (const line of joined.split("\n")) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) map.set(match[1], match[2].trim());
  }
  return map;
}

function flagsOf(command: string): Map<string, string> {
  return new Map(
    command.split(/\s+/).filter((part) => part.startsWith("--allow-")).map((part) => {
      const [name, value = ""] = part.split("=");
      return [name, value];
    }),
  );
}

const unit = suite("systemd unit");

unit("runs as a dedicated user with the file system read-only but for the data and backup folders", () => {
  const d = directives(unitText);
  assert.is(d.get("User"), "kartei");
  assert.is(d.get("ProtectSystem"), "strict");
  assert.is(d.get("NoNewPrivileges"), "yes");
  assert.is(d.get("ProtectHome"), "yes");
  assert.is(d.get("CapabilityBoundingSet"), "");
  assert.equal(d.get("ReadWritePaths")!.split(" ").sort(), ["/var/backups/kartei", "/var/lib/kartei"]);
  const flags = flagsOf(d.get("ExecStart")!);
  assert.equal(flags.get("--allow-write")!.split(",").sort(), ["/var/backups/kartei", "/var/lib/kartei"]);
  assert.is(flags.get("--allow-run"), "pg_dump");
});

unit("grants the permissions the launcher gives the app (bin/start.ts), for the server's folders", () => {
  const service = flagsOf(directives(unitText).get("ExecStart")!);
  const app = flagsOf(appFlags(["/var/lib/kartei", "/var/backups/kartei"]).join(" "));
  assert.equal([...service.keys()].sort(), [...app.keys()].sort(), "the same kinds of permission");
  for (const name of ["--allow-net", "--allow-env", "--allow-ffi", "--allow-sys", "--allow-run", "--allow-write"]) {
    assert.is(service.get(name), app.get(name), name);
  }
  // The launcher reads the project as "."; the unit names the install folder.
  assert.is(service.get("--allow-read"), app.get("--allow-read")!.replace(/^\./, "/opt/kartei"));
});

const analyze = (() => {
  try {
    return new Deno.Command("systemd-analyze", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
})();
if (analyze) {
  unit("systemd-analyze verify accepts the unit without a complaint", async () => {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/kartei.service`;
    // The unit names /usr/local/bin/deno; verify checks that the binary exists, so point it at ours.
    await Deno.writeTextFile(path, unitText.replace("/usr/local/bin/deno", Deno.execPath()));
    const result = await new Deno.Command("systemd-analyze", { args: ["verify", path] }).output();
    const complaints = new TextDecoder().decode(result.stderr).split("\n").filter((line) => line.includes(path));
    assert.ok(result.success, "exit code 0");
    assert.equal(complaints, [], "no line about the unit");
  });
}

unit.run();
