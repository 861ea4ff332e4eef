import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DEFAULT_CHROMIUM, findExecutable, planChromium } from "../support/chromium.ts";

const plan = suite("Chromium for the browser tests on a fresh machine");
const nothing = { override: undefined, onPath: undefined, defaultExists: false, isRoot: false, hasAptGet: false };

plan("chromium on PATH is used", () => {
  assert.equal(planChromium({ ...nothing, onPath: "/opt/bin/chromium" }), { kind: "found", path: "/opt/bin/chromium" });
});

plan("Debian's /usr/bin/chromium is used when PATH lacks it", () => {
  assert.equal(planChromium({ ...nothing, defaultExists: true }), { kind: "found", path: DEFAULT_CHROMIUM });
});

plan("missing, as root with apt-get: install Debian's package", () => {
  assert.equal(planChromium({ ...nothing, isRoot: true, hasAptGet: true }), { kind: "install" });
});

plan("missing, not root: one line that says what to run", () => {
  const result = planChromium({ ...nothing, hasAptGet: true });
  assert.is(result.kind, "missing");
  if (result.kind !== "missing") return;
  assert.not.match(result.message, "\n");
  assert.match(result.message, "apt-get install chromium");
});

plan("missing, root without apt-get: the same line instead of an install", () => {
  assert.is(planChromium({ ...nothing, isRoot: true }).kind, "missing");
});

plan("a CHROMIUM override that does not exist is named and never installed", () => {
  const result = planChromium({ ...nothing, override: "/nowhere/chromium", isRoot: true, hasAptGet: true });
  assert.equal(result, {
    kind: "missing",
    message: "browser tests: CHROMIUM=/nowhere/chromium is not an executable file",
  });
});

plan("findExecutable looks through PATH and finds nothing in an empty one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/chromium`, "#!/bin/sh\n", { mode: 0o755 });
    await Deno.writeTextFile(`${dir}/not-executable`, "", { mode: 0o644 });
    assert.is(findExecutable("chromium", `/nowhere:${dir}`), `${dir}/chromium`);
    assert.is(findExecutable("not-executable", dir), undefined);
    assert.is(findExecutable("chromium", "/nowhere"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

plan.run();
