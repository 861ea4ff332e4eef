// The restore drill: a practice with a second factor and an encrypted document is backed up,
// the database is gone, the backup is restored into an empty one, and every table holds the
// same rows, the document decrypts to the same bytes and the owner signs in with the same
// authenticator app. On embedded PGlite (a data folder) always, on Postgres in CI's Postgres pass.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import { type DatabaseHandle, openEmbedded, openPostgres } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { ensureShippedTerms } from "../../db/terms.ts";
import { takeBackup } from "../../db/backup-job.ts";
import { recentBackupRuns } from "../../db/backup-runs.ts";
import { restoreBackup, RestoreRefused, type RestoreTarget } from "../../db/backup-restore.ts";
import { BackupCheckError, manifestPathOf } from "../../lib/backup-archive.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { createMemoryLogger } from "../../lib/log.ts";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner, signInWithTotp } from "../support/practice-fixtures.ts";
import { addPatient, fetchRaw, pdfBytes, uploadDocument } from "../support/document-fixtures.ts";
import { createScratchDatabase } from "../support/test-database.ts";

type Fingerprints = Record<string, string>;

/** Row count and a hash of every row's text per table: equal fingerprints, equal data. */
async function fingerprints(handle: DatabaseHandle): Promise<Fingerprints> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'backup_runs'
    order by table_name`.execute(handle.db);
  const result: Fingerprints = {};
  for (const { name } of tables.rows) {
    const row = await sql<{ rows: number; digest: string | null }>`select count(*)::int as rows,
      md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.table(name)} t`
      .execute(handle.db);
    result[name] = `${row.rows[0].rows}:${row.rows[0].digest}`;
  }
  return result;
}

async function practiceWithDocument(handle: DatabaseHandle, masterKey: Uint8Array) {
  await migrateToLatest(handle.db);
  await ensureShippedTerms(handle.db, CURRENT_TERMS, new Date());
  const { app, clock } = await createTestApp({}, {}, { db: handle.db, masterKey });
  const client = new TestClient(app);
  const owner = await signedInOwner(client, handle.db, clock);
  const patientId = await addPatient(handle.db, owner.practiceId, "Müller", "Anna");
  const pdf = pdfBytes(700 * 1024, "SICHERUNG-7731");
  assert.is((await uploadDocument(client, patientId, "Befund Müller.pdf", pdf)).status, 303);
  const document = await handle.db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  return { clock, owner, pdf, documentId: document.id };
}

async function drill(
  source: DatabaseHandle,
  target: RestoreTarget,
  openTarget: () => Promise<DatabaseHandle>,
) {
  const masterKey = crypto.getRandomValues(new Uint8Array(32));
  const identity = await generateX25519Identity();
  const backupDir = await Deno.makeTempDir({ prefix: "kartei-backups-" });
  const seeded = await practiceWithDocument(source, masterKey);

  const outcome = await takeBackup(
    source,
    {
      dir: backupDir,
      keepDays: 35,
      recipient: await identityToRecipient(identity),
      consoleUrl: "http://kartei.test/operator/backups",
    },
    "command",
    seeded.clock,
    createMemoryLogger(),
  );
  if (outcome.status !== "succeeded") throw new Error(`backup ${outcome.status}`);
  const runs = await recentBackupRuns(source.db);
  assert.is(runs[0].status, "succeeded");
  assert.is(runs[0].fileName, outcome.manifest.file);
  const archive = `${backupDir}/${outcome.manifest.file}`;
  assert.not.ok(
    new TextDecoder("latin1").decode(await Deno.readFile(archive)).includes("Müller"),
    "nothing readable in the encrypted file",
  );
  const before = await fingerprints(source);
  await source.close();

  const restored = await restoreBackup(archive, identity, target);
  assert.is(restored.manifest.schemaVersion, outcome.manifest.schemaVersion);
  const handle = await openTarget();
  try {
    assert.equal(await fingerprints(handle), before, "every table holds the same rows");

    const { app, clock } = await createTestApp({}, {}, { db: handle.db, masterKey });
    clock.set(new Date(seeded.clock.now().getTime() + 60_000));
    const client = new TestClient(app);
    const signedIn = await signInWithTotp(
      client,
      clock,
      seeded.owner.email,
      seeded.owner.password,
      seeded.owner.totpSecret,
    );
    assert.is(signedIn.status, 303, "the owner signs in with the same authenticator app");
    assert.is(signedIn.location, "/");
    const download = await fetchRaw(app, client, `/documents/${seeded.documentId}/download`);
    assert.is(download.status, 200);
    assert.equal(download.bytes, seeded.pdf, "the document decrypts unchanged");
  } finally {
    await handle.close();
  }
  try {
    await restoreBackup(archive, identity, target);
    assert.unreachable("a second restore into the same database must be refused");
  } catch (error) {
    assert.instance(error, RestoreRefused);
    assert.match((error as Error).message, /not empty/);
  }
  return { archive, identity, backupDir };
}

const backups = suite("backup and restore");

backups("on embedded PGlite: backup → data folder gone → restore gives the same data and sign-in", async () => {
  const sourceDir = await Deno.makeTempDir({ prefix: "kartei-source-" });
  const targetDir = await Deno.makeTempDir({ prefix: "kartei-target-" });
  const { archive, identity } = await drill(
    await openEmbedded(sourceDir),
    { kind: "pglite", dataDir: targetDir },
    () => openEmbedded(targetDir),
  );
  await Deno.remove(sourceDir, { recursive: true });

  // --force moves the restored folder aside and restores again.
  await restoreBackup(archive, identity, { kind: "pglite", dataDir: targetDir }, { force: true });
  const entries = [...Deno.readDirSync(targetDir)].map((entry) => entry.name);
  assert.ok(entries.some((name) => name.startsWith("pglite.before-restore-")), "the old folder is kept aside");
});

backups("a tampered file, a wrong key, a foreign schema and the wrong kind of database are refused", async () => {
  const sourceDir = await Deno.makeTempDir({ prefix: "kartei-source-" });
  const identity = await generateX25519Identity();
  const backupDir = await Deno.makeTempDir({ prefix: "kartei-backups-" });
  const source = await openEmbedded(sourceDir);
  await migrateToLatest(source.db);
  const outcome = await takeBackup(
    source,
    {
      dir: backupDir,
      keepDays: 35,
      recipient: await identityToRecipient(identity),
      consoleUrl: "http://kartei.test/operator/backups",
    },
    "command",
    { now: () => new Date() },
    createMemoryLogger(),
  );
  await source.close();
  if (outcome.status !== "succeeded") throw new Error(`backup ${outcome.status}`);
  const archive = `${backupDir}/${outcome.manifest.file}`;
  const wrongIdentity = await generateX25519Identity();
  const target = (): RestoreTarget => ({ kind: "pglite", dataDir: Deno.makeTempDirSync({ prefix: "kartei-t-" }) });

  const refusal = async (run: () => Promise<unknown>, kind: new (message: string) => Error, pattern: RegExp) => {
    try {
      await run();
      assert.unreachable("must be refused");
    } catch (error) {
      assert.instance(error, kind);
      assert.match((error as Error).message, pattern);
    }
  };
  await refusal(() => restoreBackup(archive, wrongIdentity, target()), BackupCheckError, /key/);
  await refusal(
    () => restoreBackup(archive, identity, { kind: "postgres", url: "postgres://x@127.0.0.1:1/x" }),
    RestoreRefused,
    /pglite database/,
  );

  const manifest = JSON.parse(await Deno.readTextFile(manifestPathOf(archive)));
  await Deno.writeTextFile(
    manifestPathOf(archive),
    JSON.stringify({ ...manifest, schemaVersion: "29991231_9999_future" }),
  );
  await refusal(() => restoreBackup(archive, identity, target()), RestoreRefused, /does not know/);
  await Deno.writeTextFile(manifestPathOf(archive), JSON.stringify(manifest));

  const bytes = await Deno.readFile(archive);
  bytes[bytes.length - 10] ^= 0xff;
  await Deno.writeFile(archive, bytes);
  await refusal(() => restoreBackup(archive, identity, target()), BackupCheckError, /does not match its manifest/);
});

if (Deno.env.get("TEST_DATABASE_URL")) {
  backups("on Postgres: pg_dump backup → restore into an empty database gives the same data and sign-in", async () => {
    const source = await createScratchDatabase();
    const target = await createScratchDatabase();
    try {
      await drill(
        openPostgres(source!.url, 2),
        { kind: "postgres", url: target!.url },
        () => Promise.resolve(openPostgres(target!.url, 2)),
      );
    } finally {
      await source!.drop();
      await target!.drop();
    }
  });
}

backups.run();
