// Backup files: their names carry the time, a round trip through age gives the same bytes and
// a manifest that matches, and pruning removes exactly what is older than the kept days.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import {
  backupFileName,
  backupTimeOf,
  checkArchive,
  manifestPathOf,
  openArchive,
  pruneArchives,
  readManifest,
  writeArchive,
} from "../../lib/backup-archive.ts";

const archive = suite("backup archive");

archive("file names carry the time to the second, and foreign files are not ours", () => {
  const at = new Date("2026-12-07T03:04:05.678Z");
  assert.is(backupFileName(at), "kartei-backup-20261207T030405Z.age");
  assert.equal(backupTimeOf(backupFileName(at)), new Date("2026-12-07T03:04:05Z"));
  assert.is(backupTimeOf("notes.txt"), null);
  assert.is(backupTimeOf("kartei-backup-20261207T030405Z.age.partial"), null);
});

archive("a dump written and read back is the same, and the manifest records both forms", async () => {
  const dir = await Deno.makeTempDir();
  const identity = await generateX25519Identity();
  const plain = crypto.getRandomValues(new Uint8Array(65536)).map((b, i) => (i % 3 ? b : 0));
  const big = new Uint8Array(200_000 + plain.length);
  big.set(plain, 200_000);
  const manifest = await writeArchive(new Blob([big]).stream(), dir, {
    createdAt: new Date("2026-12-07T03:00:00Z"),
    database: "pglite",
    schemaVersion: "20261207_0018_backup_runs",
    recipient: await identityToRecipient(identity),
  });
  assert.is(manifest.plaintextBytes, big.length);
  assert.ok(manifest.encryptedBytes > big.length, "age adds a header and tags");
  const path = `${dir}/${manifest.file}`;
  assert.equal(await readManifest(path), manifest);
  await checkArchive(path, manifest);
  const back = new Uint8Array(await new Response(await openArchive(path, manifest, identity)).arrayBuffer());
  assert.equal(back, big);
  assert.is((await Deno.stat(path)).mode! & 0o077, 0, "readable by the owner only");
  assert.is((await Deno.stat(manifestPathOf(path))).mode! & 0o077, 0);
});

archive("pruning removes backups older than the kept days with their manifests, and nothing else", async () => {
  const dir = await Deno.makeTempDir();
  const now = new Date("2026-12-07T12:00:00Z");
  const day = 24 * 60 * 60_000;
  const names = [36, 35.5, 34, 1].map((days) => backupFileName(new Date(now.getTime() - days * day)));
  for (const name of names) {
    await Deno.writeTextFile(`${dir}/${name}`, "x");
    await Deno.writeTextFile(manifestPathOf(`${dir}/${name}`), "{}");
  }
  await Deno.writeTextFile(`${dir}/operator-notes.txt`, "keep me");
  const removed = await pruneArchives(dir, 35, now);
  assert.equal(removed, names.slice(0, 2).sort());
  const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.equal(
    left,
    [...names.slice(2).flatMap((n) => [n, n.replace(/\.age$/, ".json")]), "operator-notes.txt"].sort(),
  );
});

archive.run();
