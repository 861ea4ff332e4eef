import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { ownerScopeOf, signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { addPatient, fetchRaw, pdfBytes, uploadDocument } from "../support/document-fixtures.ts";
import { createNote, finalizeNote, readNote } from "../../db/notes.ts";
import { amendNote } from "../../db/note-amendments.ts";
import { finishDataKeyRotations } from "../../db/key-rotation-job.ts";
import { startDataKeyRotation } from "../../db/key-rotation.ts";
import { insertDocument, stageUpload, storeStagedUpload } from "../../db/documents.ts";
import { isRetiredKeyError } from "../../db/practice-keys.ts";
import { createMemoryLogger } from "../../lib/log.ts";
import { translator } from "../../lib/i18n/mod.ts";

const de = translator("de");

const rotation = suite("rotating the practice's data key");

rotation(
  "after rotation documents, finalized notes and amendments still decrypt and no row uses the old key",
  async () => {
    const { app, db, clock, masterKey } = await createTestApp();
    const client = new TestClient(app);
    const owner = await signedInOwner(client, db, clock);
    const patientId = await addPatient(db, owner.practiceId, "Weber", "Lena");
    const big = pdfBytes(700 * 1024, "ROTATION");
    const small = pdfBytes(5000, "KLEIN");
    await uploadDocument(client, patientId, "Groß.pdf", big);
    await uploadDocument(client, patientId, "Klein.pdf", small);

    const scope = await ownerScopeOf(db, owner);
    const facts = { requestId: "test", now: clock.now() };
    const fields = [{ heading: "Befund", text: "Schulter frei beweglich" }];
    const finalNote = await createNote(db, masterKey, scope, {
      patientId,
      appointmentId: null,
      templateId: null,
      title: "Erstgespräch",
      fields,
    }, facts);
    const draftNote = await createNote(db, masterKey, scope, {
      patientId,
      appointmentId: null,
      templateId: null,
      title: "Entwurf",
      fields,
    }, facts);
    assert.ok(finalNote.ok && draftNote.ok);
    if (!finalNote.ok || !draftNote.ok) return;
    assert.is(await finalizeNote(db, scope, finalNote.id, facts), "ok");
    assert.is(await amendNote(db, masterKey, scope, finalNote.id, { reason: "Ergänzung", fields }, facts), "ok");

    const page = await client.get("/practice/data-key");
    assert.is(page.status, 200);
    const rotated = await client.post("/practice/data-key/rotate", {});
    assert.is(rotated.status, 303);
    assert.is(rotated.location, "/practice/data-key?notice=started");
    // The request only starts it: the new key exists, the data waits for the background job.
    const running = await client.get(rotated.location!);
    assert.ok(running.html.includes(de("dataKey.started")));
    const waiting = "Wechsel auf Version 2 läuft: noch 6 Dokumentteile und 3 Einträge mit älterem Schlüssel.";
    assert.ok(running.html.includes(waiting), "3 + 1 chunks and 2 names; 2 notes and 1 amendment on version 1");
    assert.not.ok(running.html.includes(de("dataKey.rotate")), "no second rotation while one runs");
    assert.match(running.html, /hx-get="\/practice\/data-key\/status\?polls=1"/, "the page polls its status");
    const polled = await client.get("/practice/data-key/status?polls=7");
    assert.is(polled.status, 200);
    assert.ok(polled.html.includes("polls=8") && polled.html.includes(waiting), "and goes on polling");
    const tired = await client.get("/practice/data-key/status?polls=200");
    assert.not.ok(tired.html.includes("hx-trigger"), "ten minutes of polling are enough");
    assert.ok(tired.html.includes(de("dataKey.refresh")) && tired.html.includes(waiting));

    assert.equal(await finishDataKeyRotations(db, masterKey, clock), { finished: 1, failed: 0 });
    assert.equal(await finishDataKeyRotations(db, masterKey, clock), { finished: 0, failed: 0 }, "nothing left");

    const keys = await db.selectFrom("practice_keys").select(["version", "retired_at"])
      .where("practice_id", "=", owner.practiceId).orderBy("version").execute();
    assert.is(keys.length, 2);
    assert.ok(keys[0].retired_at, "the old key is retired");
    assert.is(keys[1].retired_at, null);
    for (const table of ["documents", "document_chunks", "notes", "note_amendments"] as const) {
      const old = await db.selectFrom(table).select("key_version").where("practice_id", "=", owner.practiceId)
        .where("key_version", "<>", 2).execute();
      assert.is(old.length, 0, `${table} all sealed with version 2`);
    }

    const stored = await db.selectFrom("documents").select(["id", "byte_size"]).where("patient_id", "=", patientId)
      .execute();
    for (const document of stored) {
      const download = await fetchRaw(app, client, `/documents/${document.id}/download`);
      assert.is(download.status, 200);
      assert.equal(download.bytes, document.byte_size === big.length ? big : small);
    }
    const list = await client.get(`/patients/${patientId}/documents`);
    assert.ok(list.html.includes("Groß.pdf") && list.html.includes("Klein.pdf"), "file names decrypt");
    const note = await readNote(db, masterKey, scope, finalNote.id, facts);
    assert.equal(note?.fields, fields);
    assert.is(note?.amendments.length, 1);
    assert.equal(note?.amendments[0].fields, fields);

    const events = await db.selectFrom("audit_events").select(["action", "actor_account_id", "details"])
      .where("practice_id", "=", owner.practiceId).where("action", "like", "data_key.%").orderBy("id").execute();
    assert.equal(events, [
      { action: "data_key.rotated", actor_account_id: owner.accountId, details: { previous_version: 1, version: 2 } },
      { action: "data_key.rotation_finished", actor_account_id: null, details: { version: 2, retired_versions: "1" } },
    ]);

    const landing = await client.get("/practice/data-key/status");
    assert.ok(landing.html.includes("stillgelegt am"));
    assert.not.ok(landing.html.includes("hx-trigger"), "polling ends with the rotation");
    assert.ok(landing.html.includes(de("dataKey.rotate")), "the next rotation may start");

    await uploadDocument(client, patientId, "Neu.pdf", small);
    const newest = await db.selectFrom("documents").select("key_version").where("patient_id", "=", patientId)
      .orderBy("uploaded_at", "desc").limit(1).executeTakeFirstOrThrow();
    assert.is(newest.key_version, 2, "new uploads use the new key");

    const practitioner = await signedInMember(
      app,
      clock,
      await addMember(db, masterKey, owner.practiceId, "practitioner"),
    );
    assert.is((await practitioner.post("/practice/data-key/rotate", {})).status, 403, "owners only");

    // Some minutes later (the session kept alive), a new key needs the second factor again.
    for (let minute = 0; minute < 11; minute++) {
      clock.advance(60_000);
      await client.get("/practice/data-key");
    }
    const stale = await client.post("/practice/data-key/rotate", {});
    assert.is(stale.status, 303);
    assert.match(stale.location ?? "", /^\/step-up\?return_to=/);
    const versions = await db.selectFrom("practice_keys").select("version").where("practice_id", "=", owner.practiceId)
      .execute();
    assert.is(versions.length, 2, "no key was created");
  },
);

rotation("two requests at once start one rotation; two processes finishing it at once end with one key", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const client = new TestClient(app);
  const owner = await signedInOwner(client, db, clock);
  const patientId = await addPatient(db, owner.practiceId, "Zweimal", "Rita");
  const big = pdfBytes(2 * 1024 * 1024, "DOPPELT");
  await uploadDocument(client, patientId, "Doppelt.pdf", big);
  const [first, second] = await Promise.all([
    client.post("/practice/data-key/rotate", {}),
    client.post("/practice/data-key/rotate", {}),
  ]);
  assert.equal([first.location, second.location].sort(), [
    "/practice/data-key?notice=running",
    "/practice/data-key?notice=started",
  ]);
  const [a, b] = await Promise.all([
    finishDataKeyRotations(db, masterKey, clock),
    finishDataKeyRotations(db, masterKey, clock),
  ]);
  assert.is(a.finished + b.finished, 1, "one of them retires the old key");
  const keys = await db.selectFrom("practice_keys").select(["version", "retired_at"])
    .where("practice_id", "=", owner.practiceId).orderBy("version").execute();
  const newest = 2;
  assert.equal(keys.map((key) => [key.version, key.retired_at === null]), [[1, false], [2, true]]);
  for (const table of ["documents", "document_chunks"] as const) {
    const old = await db.selectFrom(table).select("key_version")
      .where("practice_id", "=", owner.practiceId).where("key_version", "<>", newest).execute();
    assert.is(old.length, 0, table);
  }
  const document = await db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  const download = await fetchRaw(app, client, `/documents/${document.id}/download`);
  assert.equal(download.bytes, big);
  const finished = await db.selectFrom("audit_events").select("action").where("practice_id", "=", owner.practiceId)
    .where("action", "=", "data_key.rotation_finished").execute();
  assert.is(finished.length, 1, "the end is audited once");
});

rotation(
  "an upload staged before a rotation retired its key is refused by the database and sealed again",
  async () => {
    const { app, db, clock, masterKey } = await createTestApp();
    const client = new TestClient(app);
    const owner = await signedInOwner(client, db, clock);
    const scope = await ownerScopeOf(db, owner);
    const facts = { requestId: "test", now: clock.now() };
    const patientId = await addPatient(db, owner.practiceId, "Spät", "Ida");
    const bytes = pdfBytes(300 * 1024, "SPAET");
    // Staged with version 1 while streaming in; the rotation starts and ends before it is stored.
    const staged = await stageUpload(db, masterKey, owner.practiceId, {
      fileName: "Spät.pdf",
      content: [bytes],
    }, 1024 * 1024);
    assert.ok(staged.ok);
    if (!staged.ok) return;
    const upload = staged.upload;
    const stagedVersions = await db.selectFrom("document_upload_chunks").select("key_version")
      .where("upload_id", "=", upload.id).orderBy("chunk_index").execute();
    assert.equal(stagedVersions.map((chunk) => chunk.key_version), [1, 1]);
    await startDataKeyRotation(db, masterKey, scope, facts);
    assert.equal(await finishDataKeyRotations(db, masterKey, clock), { finished: 1, failed: 0 });

    let attempts = 0;
    const write = () => {
      attempts++;
      return db.transaction().execute((trx) =>
        insertDocument(trx, masterKey, scope, { patientId, kind: "general", upload, facts })
      );
    };
    try {
      await write();
      assert.unreachable("chunks sealed with the retired key must be refused");
    } catch (error) {
      assert.ok(isRetiredKeyError(error), String(error));
    }
    attempts = 0;
    const id = await storeStagedUpload(db, masterKey, upload, write);
    assert.is(attempts, 2, "sealed again once");
    const stored = await db.selectFrom("documents").select("key_version").where("id", "=", id)
      .executeTakeFirstOrThrow();
    assert.is(stored.key_version, 2);
    const chunks = await db.selectFrom("document_chunks").select("key_version").where("document_id", "=", id).execute();
    assert.equal(chunks.map((chunk) => chunk.key_version), [2, 2]);
    const left = await db.selectFrom("document_upload_chunks").select("upload_id").execute();
    assert.is(left.length, 0, "nothing stays staged");
    const download = await fetchRaw(app, client, `/documents/${id}/download`);
    assert.equal(download.bytes, bytes);
  },
);

rotation("a practice whose rotation fails is logged by id and does not hold up the others", async () => {
  const { app, db, clock, masterKey } = await createTestApp();
  const broken = await signedInOwner(new TestClient(app), db, clock);
  const healthy = await signedInOwner(new TestClient(app), db, clock);
  const facts = { requestId: "test", now: clock.now() };
  for (const owner of [broken, healthy]) {
    const patientId = await addPatient(db, owner.practiceId, "Keller", "Tom");
    const staged = await stageUpload(db, masterKey, owner.practiceId, {
      fileName: "Brief.pdf",
      content: [pdfBytes(2000, "BRIEF")],
    }, 1024 * 1024);
    if (!staged.ok) throw new Error("staging failed");
    const scope = await ownerScopeOf(db, owner);
    await db.transaction().execute((trx) =>
      insertDocument(trx, masterKey, scope, { patientId, kind: "general", upload: staged.upload, facts })
    );
    await startDataKeyRotation(db, masterKey, scope, facts);
  }
  // A damaged chunk: it no longer decrypts.
  await db.updateTable("document_chunks").set({ ciphertext: new Uint8Array(64) })
    .where("practice_id", "=", broken.practiceId).execute();
  const log = createMemoryLogger();
  const outcome = await finishDataKeyRotations(db, masterKey, clock, log);
  assert.ok(outcome.failed >= 1 && outcome.finished >= 1, JSON.stringify(outcome));
  const retired = async (practiceId: string) =>
    (await db.selectFrom("practice_keys").select("retired_at").where("practice_id", "=", practiceId)
      .where("version", "=", 1).executeTakeFirstOrThrow()).retired_at !== null;
  assert.ok(await retired(healthy.practiceId), "the healthy practice finished");
  assert.not.ok(await retired(broken.practiceId), "the broken one is still under way");
  assert.ok(
    log.lines.some((line) => line.includes("rotation of a practice failed") && line.includes(broken.practiceId)),
    log.lines.join("\n"),
  );
  // Once the damaged document is gone, the next round finishes that practice too.
  await db.deleteFrom("document_chunks").where("practice_id", "=", broken.practiceId).execute();
  await db.deleteFrom("documents").where("practice_id", "=", broken.practiceId).execute();
  const again = await finishDataKeyRotations(db, masterKey, clock, log);
  assert.equal(again, { finished: 1, failed: 0 });
  assert.ok(await retired(broken.practiceId));
});

rotation.run();
