import { suite } from "uvu";
import * as assert from "uvu/assert";
import { appFlags, writableFolders } from "../../bin/start.ts";
import { loadConfig } from "../../lib/config.ts";

const test = suite("Launcher: the app's permissions");

function config(env: Record<string, string>) {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.errors.join("; "));
  return loaded.config;
}

test("the app may write the configured data folder and nothing else", () => {
  assert.equal(writableFolders(config({ DATA_DIR: "/var/lib/kartei" })), [["DATA_DIR", "/var/lib/kartei"]]);
  const flags = appFlags(["/var/lib/kartei"]);
  assert.equal(flags.filter((flag) => flag.startsWith("--allow-write")), ["--allow-write=/var/lib/kartei"]);
  assert.ok(flags.includes("--allow-read=.,/usr/bin/ldd,/var/lib/kartei"));
  assert.not.ok(flags.some((flag) => flag === "--allow-all" || flag === "-A" || flag === "--allow-write"));
});

test("with a Postgres server and a master key no folder is written, and no write flag is given at all", () => {
  const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
  assert.equal(writableFolders(config({ DATABASE_URL: "postgres://kartei@db/kartei", KARTEI_MASTER_KEY: key })), []);
  assert.not.ok(appFlags([]).some((flag) => flag.startsWith("--allow-write")), "an empty --allow-write= allows all");
  assert.equal(
    writableFolders(config({ DATABASE_URL: "postgres://kartei@db/kartei" })).length,
    1,
    "the key goes there",
  );
});

test.run();
