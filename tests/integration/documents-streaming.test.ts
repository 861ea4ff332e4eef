// Uploads stream from the request body into the encrypted chunks: sent here as a browser sends a
// large file, in many pieces and without a Content-Length, so every refusal happens while the
// body is still arriving and must leave nothing behind, staged chunks included.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addPatient, documentBytes, fetchRaw, pdfBytes } from "../support/document-fixtures.ts";
import { CHUNK_BYTES } from "../../db/documents.ts";
import type { Db } from "../../db/database.ts";

// Not a multiple of the chunk size: the last chunk is a short one.
const MAX_BYTES = 3 * CHUNK_BYTES + 12345;
const BOUNDARY = "----KarteiTestBoundary7MA4YWxkTrZu0gW";

let shared: ReturnType<typeof setUp> | undefined;
function practice() {
  return shared ??= setUp();
}
async function setUp() {
  const test = await createTestApp({}, { documentMaxBytes: MAX_BYTES });
  const client = new TestClient(test.app);
  const owner = await signedInOwner(client, test.db, test.clock);
  const patientId = await addPatient(test.db, owner.practiceId, "Streuer", "Lena");
  return { ...test, client, owner, patientId };
}

type Part = { name: string; value: string } | { name: string; fileName: string; bytes: Uint8Array };

/** A multipart body in the order given, cut into pieces of 7,001 bytes (an odd size on purpose). */
function multipartStream(parts: Part[], pieceBytes = 7001): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    const head = "fileName" in part
      ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n`
      : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n`;
    pieces.push(encoder.encode(head), "fileName" in part ? part.bytes : encoder.encode(part.value));
    pieces.push(encoder.encode("\r\n"));
  }
  pieces.push(encoder.encode(`--${BOUNDARY}--\r\n`));
  const body = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    body.set(piece, offset);
    offset += piece.length;
  }
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= body.length) return controller.close();
      controller.enqueue(body.slice(sent, sent + pieceBytes));
      sent += pieceBytes;
    },
  });
}

async function postStream(client: TestClient, patientId: string, parts: Part[]) {
  return await client.send(`/patients/${patientId}/documents`, {
    method: "POST",
    headers: { Origin: TEST_BASE_URL, "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipartStream(parts),
    duplex: "half",
  } as RequestInit);
}

/** Documents, their chunks, staged chunks and upload audit events: all that an upload writes. */
async function written(db: Db, practiceId: string) {
  const count = async (query: Promise<{ count: number | string | bigint }>) => Number((await query).count);
  return {
    documents: await count(
      db.selectFrom("documents").select((eb) => eb.fn.countAll().as("count")).where("practice_id", "=", practiceId)
        .executeTakeFirstOrThrow(),
    ),
    chunks: await count(
      db.selectFrom("document_chunks").select((eb) => eb.fn.countAll().as("count"))
        .where("practice_id", "=", practiceId).executeTakeFirstOrThrow(),
    ),
    staged: await count(
      db.selectFrom("document_upload_chunks").select((eb) => eb.fn.countAll().as("count"))
        .where("practice_id", "=", practiceId).executeTakeFirstOrThrow(),
    ),
    audited: await count(
      db.selectFrom("audit_events").select((eb) => eb.fn.countAll().as("count"))
        .where("practice_id", "=", practiceId).where("action", "=", "document.uploaded").executeTakeFirstOrThrow(),
    ),
  };
}

const streaming = suite("uploads streaming into encrypted chunks");

streaming("a file exactly at the limit, streamed in pieces, is stored and downloads byte for byte", async () => {
  const { app, db, client, owner, patientId } = await practice();
  const pdf = pdfBytes(MAX_BYTES, "AM-LIMIT-4711");
  const before = await written(db, owner.practiceId);
  const response = await postStream(client, patientId, [
    { name: "_csrf", value: client.csrfToken()! },
    { name: "file", fileName: "Befund am Limit.pdf", bytes: pdf },
  ]);
  assert.is(response.status, 303);
  const row = await db.selectFrom("documents").select(["id", "byte_size", "chunk_count"])
    .where("patient_id", "=", patientId).orderBy("uploaded_at", "desc").executeTakeFirstOrThrow();
  assert.is(row.byte_size, MAX_BYTES);
  assert.is(row.chunk_count, 4);
  const after = await written(db, owner.practiceId);
  assert.equal(after, {
    documents: before.documents + 1,
    chunks: before.chunks + 4,
    staged: 0,
    audited: before.audited + 1,
  });
  const download = await fetchRaw(app, client, `/documents/${row.id}/download`);
  assert.is(download.status, 200);
  assert.is(download.headers.get("Content-Length"), String(MAX_BYTES));
  assert.equal(download.bytes, pdf, "byte-identical");
});

streaming("one byte over the limit is refused beside the file field, with nothing written or staged", async () => {
  const { db, client, owner, patientId } = await practice();
  const before = await written(db, owner.practiceId);
  const response = await postStream(client, patientId, [
    { name: "_csrf", value: client.csrfToken()! },
    { name: "file", fileName: "zu gross.pdf", bytes: pdfBytes(MAX_BYTES + 1, "UEBER") },
  ]);
  assert.is(response.status, 422);
  assert.match(fieldError(response.html, "document-file"), /größer als/);
  // Three full chunks were staged before the limit was passed; they are gone again.
  assert.equal(await written(db, owner.practiceId), before);
});

streaming("a body far over the upload limit without a Content-Length answers 413 and writes nothing", async () => {
  const { db, client, owner, patientId } = await practice();
  const before = await written(db, owner.practiceId);
  const response = await postStream(client, patientId, [
    { name: "_csrf", value: client.csrfToken()! },
    { name: "file", fileName: "riesig.pdf", bytes: pdfBytes(MAX_BYTES * 2, "RIESIG") },
  ]);
  assert.is(response.status, 413);
  assert.equal(await written(db, owner.practiceId), before);
});

streaming("a file whose first bytes are no accepted type is refused while it streams, writing nothing", async () => {
  const { db, client, owner, patientId } = await practice();
  const before = await written(db, owner.practiceId);
  const html = documentBytes([...new TextEncoder().encode("<!doctype html><script>")], 2 * CHUNK_BYTES);
  const response = await postStream(client, patientId, [
    { name: "_csrf", value: client.csrfToken()! },
    { name: "file", fileName: "befund.pdf", bytes: html },
  ]);
  assert.is(response.status, 422);
  assert.match(fieldError(response.html, "document-file"), /kein PDF/);
  assert.equal(await written(db, owner.practiceId), before);
});

streaming("a second file in the same form is refused and the first one's staged chunks are removed", async () => {
  const { db, client, owner, patientId } = await practice();
  const before = await written(db, owner.practiceId);
  const response = await postStream(client, patientId, [
    { name: "_csrf", value: client.csrfToken()! },
    { name: "file", fileName: "eins.pdf", bytes: pdfBytes(CHUNK_BYTES + 10, "EINS") },
    { name: "file", fileName: "zwei.pdf", bytes: pdfBytes(100, "ZWEI") },
  ]);
  assert.is(response.status, 422);
  assert.match(fieldError(response.html, "document-file"), /nur eine Datei/);
  assert.equal(await written(db, owner.practiceId), before);
});

streaming("the CSRF token must come before the file: missing, wrong or after it, the upload is refused", async () => {
  const { db, client, owner, patientId } = await practice();
  const before = await written(db, owner.practiceId);
  const file = { name: "file", fileName: "befund.pdf", bytes: pdfBytes(CHUNK_BYTES + 10, "CSRF") };
  const token = client.csrfToken()!;
  const shapes: Part[][] = [
    [file],
    [{ name: "_csrf", value: "a".repeat(52) }, file],
    [file, { name: "_csrf", value: token }],
    [{ name: "note", value: "vorher" }, file, { name: "_csrf", value: token }],
  ];
  for (const parts of shapes) {
    const response = await postStream(client, patientId, parts);
    assert.is(response.status, 403, JSON.stringify(parts.map((part) => part.name)));
  }
  assert.equal(await written(db, owner.practiceId), before);
  // Other fields may come before the token; it still counts when it precedes the file.
  const accepted = await postStream(client, patientId, [{ name: "note", value: "vorher" }, {
    name: "_csrf",
    value: token,
  }, file]);
  assert.is(accepted.status, 303);
});

streaming("a body cut off inside the file answers 400 and leaves no staged chunks", async () => {
  const { db, client, owner, patientId } = await practice();
  const before = await written(db, owner.practiceId);
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrfToken()}\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n`;
  const pdf = pdfBytes(CHUNK_BYTES * 2, "CUT");
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(head));
      controller.enqueue(pdf);
      controller.close();
    },
  });
  const response = await client.send(`/patients/${patientId}/documents`, {
    method: "POST",
    headers: { Origin: TEST_BASE_URL, "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
    body,
    duplex: "half",
  } as RequestInit);
  assert.is(response.status, 400);
  assert.equal(await written(db, owner.practiceId), before);
});

streaming("a consent form with a streamed file and a bad field is refused and leaves nothing staged", async () => {
  const { db, client, owner, patientId } = await practice();
  const before = await written(db, owner.practiceId);
  const send = (subject: string) =>
    client.send(`/patients/${patientId}/consents`, {
      method: "POST",
      headers: { Origin: TEST_BASE_URL, "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
      body: multipartStream([
        { name: "_csrf", value: client.csrfToken()! },
        { name: "subject", value: subject },
        { name: "given_on", value: "2026-01-15" },
        { name: "file", fileName: "Einwilligung.pdf", bytes: pdfBytes(CHUNK_BYTES * 2 + 5, "EINWILLIGUNG") },
      ]),
      duplex: "half",
    } as RequestInit);
  const refused = await send("");
  assert.is(refused.status, 422);
  assert.ok(fieldError(refused.html, "subject"), "the message stands beside the subject");
  assert.equal(await written(db, owner.practiceId), before);
  const recorded = await send("Behandlung und Dokumentation");
  assert.is(recorded.status, 303);
  const after = await written(db, owner.practiceId);
  assert.equal(after, {
    ...before,
    documents: before.documents + 1,
    chunks: before.chunks + 3,
    audited: before.audited + 1,
  });
  const consent = await db.selectFrom("patient_consents").select("document_id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  assert.ok(consent.document_id, "the form is the consent's document");
});

streaming.run();
