import { suite } from "uvu";
import * as assert from "uvu/assert";
import { appFlags, tempFolder, writableFolders } from "../../bin/start.ts";
import { loadConfig } from "../../lib/config.ts";

const test = suite("Launcher: the app's permissions");

function config(env: Record<string, string>) {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.errors.join("; "));
  return loaded.config;
}

test("the app may write the configured data, backup and anchor folders and nothing else", () => {
  assert.equal(writableFolders(config({ DATA_DIR: "/var/lib/kartei", BACKUP_DIR: "/srv/backups" })), [
    ["DATA_DIR", "/var/lib/kartei"],
    ["BACKUP_DIR", "/srv/backups"],
    ["ANCHOR_DIR", "/var/lib/kartei/anchors"],
  ]);
  assert.equal(writableFolders(config({ DATA_DIR: "/var/lib/kartei" }))[1], ["BACKUP_DIR", "/var/lib/kartei/backups"]);
  const flags = appFlags(["/var/lib/kartei", "/srv/backups"]);
  assert.equal(flags.filter((flag) => flag.startsWith("--allow-write")), [
    "--allow-write=/var/lib/kartei,/srv/backups",
  ]);
  assert.ok(flags.includes("--allow-read=.,/usr/bin/ldd,/tmp,/var/lib/kartei,/srv/backups"));
  assert.ok(flags.includes("--allow-run=pg_dump"), "pg_dump for backups, no other program");
  assert.not.ok(flags.some((flag) => flag === "--allow-all" || flag === "-A" || flag === "--allow-write"));
  assert.not.ok(flags.some((flag) => flag === "--allow-run"));
});

test("with a Postgres server, a master key and a backup recipient only the backup and anchor folders are written", () => {
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
  const recipient = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
  const server = { DATABASE_URL: "postgres://kartei@db/kartei", KARTEI_MASTER_KEY: key, BACKUP_DIR: "/srv/b" };
  assert.equal(writableFolders(config({ ...server, BACKUP_RECIPIENT: recipient, ANCHOR_DIR: "/srv/anchors" })), [
    ["BACKUP_DIR", "/srv/b"],
    ["ANCHOR_DIR", "/srv/anchors"],
  ]);
  assert.not.ok(appFlags([]).some((flag) => flag.startsWith("--allow-write")), "an empty --allow-write= allows all");
  assert.equal(writableFolders(config(server)).length, 3, "development generates the backup key into DATA_DIR");
  assert.equal(
    writableFolders(config({ DATABASE_URL: "postgres://kartei@db/kartei", BACKUP_RECIPIENT: recipient })).length,
    3,
    "the master key goes there",
  );
});

test("a restore may read the backup and its key wherever they are, and run pg_restore only", () => {
  const flags = appFlags(["/var/lib/kartei"], "bin/restore.ts");
  assert.ok(flags.includes("--allow-read"));
  assert.ok(flags.includes("--allow-run=pg_restore"));
  assert.equal(flags.filter((flag) => flag.startsWith("--allow-write")), ["--allow-write=/var/lib/kartei"]);
});

test("the temp folder is named as Node's os.tmpdir() names it, without a trailing slash", () => {
  assert.is(tempFolder({}), "/tmp");
  assert.is(tempFolder({ TMP: "/var/tmp/" }), "/var/tmp");
  assert.is(tempFolder({ TMPDIR: "/run/user/1000/", TMP: "/var/tmp" }), "/run/user/1000");
  assert.is(tempFolder({ TMPDIR: "/" }), "/");
});

test("with exactly the app's permissions an e-invoice is produced (its library resolves the temp folder)", async () => {
  const root = new URL("../../", import.meta.url).pathname;
  const temp = await Deno.makeTempDir({ prefix: "kartei-tmp-" });
  try {
    const env = { ...Deno.env.toObject(), TMPDIR: temp };
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", ...appFlags([], "main.ts", tempFolder(env)), "tests/support/e-invoice-probe.ts"],
      cwd: root,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.is(new TextDecoder().decode(output.stderr).trim(), "", "no permission prompt or error");
    assert.is(new TextDecoder().decode(output.stdout).trim(), "2026-0007");
    assert.equal([...Deno.readDirSync(temp)], [], "nothing written to the temp folder");
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

test.run();
