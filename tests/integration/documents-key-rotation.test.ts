import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { addPatient, fetchRaw, pdfBytes, uploadDocument } from "../support/document-fixtures.ts";
import { createNote, finalizeNote, readNote } from "../../db/notes.ts";
import { amendNote } from "../../db/note-amendments.ts";
import type { PracticeScope } from "../../db/practice-scope.ts";
import { finishDataKeyRotations } from "../../db/key-rotation-job.ts";
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

    const membership = await db.selectFrom("memberships").select("id").where("account_id", "=", owner.accountId)
      .executeTakeFirstOrThrow();
    const scope: PracticeScope = {
      practiceId: owner.practiceId,
      accountId: owner.accountId,
      membershipId: membership.id,
      role: "owner",
      areas: [],
    };
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
    const waiting = de("dataKey.progress", { version: 2, documents: 4, notes: 3 });
    assert.ok(running.html.includes(waiting), "3 + 1 chunks; 2 notes and 1 amendment still on version 1");
    assert.not.ok(running.html.includes(de("dataKey.rotate")), "no second rotation while one runs");
    const polled = await client.get("/practice/data-key/status");
    assert.is(polled.status, 200);
    assert.ok(polled.html.includes('hx-trigger="every 3s"') && polled.html.includes(waiting), "the status polls");

    assert.is(await finishDataKeyRotations(db, masterKey, clock), 1);
    assert.is(await finishDataKeyRotations(db, masterKey, clock), 0, "nothing left for the next round");

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
      .where("practice_id", "=", owner.practiceId).where("action", "like", "data_key.%").orderBy("sequence").execute();
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
  assert.is(a + b, 1, "one of them retires the old key");
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

rotation.run();
