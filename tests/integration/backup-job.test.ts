// The daily backup as the operator sees it: one backup at a time however many processes ask,
// a failure recorded and mailed to the operators, the state on the console and for monitoring.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import { takeBackup } from "../../db/backup-job.ts";
import { recentBackupRuns } from "../../db/backup-runs.ts";
import { createOperatorAccount } from "../../bin/operator-create.ts";
import { createMemoryLogger } from "../../lib/log.ts";
import { testDatabase } from "../support/test-database.ts";
import { createTestApp, uniqueEmail } from "../support/test-app.ts";
import { GOOD_PASSWORD } from "../support/practice-fixtures.ts";
import { signedInOperator } from "../support/operator-fixtures.ts";

async function settings(dir: string) {
  return {
    dir,
    keepDays: 35,
    recipient: await identityToRecipient(await generateX25519Identity()),
    consoleUrl: "http://kartei.test/operator/backups",
  };
}

const job = suite("daily backup");

job("two processes asking at once take one backup; the other is told one is running", async () => {
  const handle = await testDatabase();
  const dir = await Deno.makeTempDir();
  const backupSettings = await settings(dir);
  const clock = { now: () => new Date() };
  const outcomes = await Promise.all([
    takeBackup(handle, backupSettings, "schedule", clock, createMemoryLogger()),
    takeBackup(handle, backupSettings, "schedule", clock, createMemoryLogger()),
  ]);
  assert.equal(outcomes.map((o) => o.status).sort(), ["busy", "succeeded"]);
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.is(files.length, 2, "one archive and its manifest");
  assert.ok(files[0].endsWith(".age") && files[1].endsWith(".json"));
});

job("a failing backup is recorded as failed and the operators are mailed, without data in the mail", async () => {
  const handle = await testDatabase();
  const operatorEmail = uniqueEmail("operator");
  const created = await createOperatorAccount(
    handle.db,
    { email: operatorEmail, name: "Eva Betrieb", password: GOOD_PASSWORD },
    new Date(),
  );
  assert.ok(created.ok);
  const file = await Deno.makeTempFile();
  const log = createMemoryLogger();
  const outcome = await takeBackup(
    handle,
    await settings(`${file}/backups`),
    "schedule",
    { now: () => new Date() },
    log,
  );
  assert.is(outcome.status, "failed");
  const [latest] = await recentBackupRuns(handle.db, 1);
  assert.is(latest.status, "failed");
  assert.ok(latest.failure, "a failure code is kept");
  const mail = await handle.db.selectFrom("outgoing_mails").select(["subject", "body"])
    .where("recipient", "=", operatorEmail).orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.match(mail.subject, /Sicherung fehlgeschlagen/);
  assert.ok(mail.body.includes(latest.failure!));
  assert.ok(mail.body.includes("http://kartei.test/operator/backups"));
});

job("the console and /healthz/backup say when the last good backup is older than 26 hours", async () => {
  const handle = await testDatabase();
  const { app, db, clock } = await createTestApp();
  const first = await takeBackup(
    handle,
    await settings(await Deno.makeTempDir()),
    "operator",
    clock,
    createMemoryLogger(),
  );
  assert.is(first.status, "succeeded");
  const fresh = await app.request("/healthz/backup");
  assert.is(fresh.status, 200);
  assert.is((await fresh.json()).status, "ok");

  clock.advance(27 * 60 * 60_000);
  const stale = await app.request("/healthz/backup");
  assert.is(stale.status, 503);
  assert.is((await stale.json()).status, "stale");
  const operator = await signedInOperator(app, db, clock);
  const warned = await operator.client.get("/operator/backups");
  assert.is(warned.status, 200);
  assert.ok(warned.html.includes('id="backup-stale"'), "the console warns");

  const second = await takeBackup(
    handle,
    await settings(await Deno.makeTempDir()),
    "operator",
    clock,
    createMemoryLogger(),
  );
  if (second.status !== "succeeded") throw new Error(second.status);
  const page = await operator.client.get("/operator/backups");
  assert.ok(page.html.includes(second.manifest.file), "the run is listed with its file");
  assert.not.ok(page.html.includes('id="backup-stale"'));
  assert.is((await app.request("/healthz/backup")).status, 200);
});

job("a practice member cannot open the backups page", async () => {
  const { app } = await createTestApp();
  const response = await app.request("/operator/backups");
  assert.ok([303, 403, 404].includes(response.status), `answered ${response.status}`);
  assert.not.ok(response.status === 200);
});

job.run();
