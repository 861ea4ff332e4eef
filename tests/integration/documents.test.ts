import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createTestApp, TEST_BASE_URL } from "../support/test-app.ts";
import { fieldError, TestClient } from "../support/http-client.ts";
import { signedInOwner } from "../support/practice-fixtures.ts";
import { addMember, signedInMember } from "../support/team-fixtures.ts";
import { addPatient, documentBytes, fetchRaw, pdfBytes, uploadDocument } from "../support/document-fixtures.ts";
import { readDocumentBytes } from "../../db/documents.ts";

const MAX_BYTES = 1024 * 1024;

let shared: ReturnType<typeof setUp> | undefined;
function practice() {
  return shared ??= setUp();
}
async function setUp() {
  const test = await createTestApp({}, { documentMaxBytes: MAX_BYTES });
  const client = new TestClient(test.app);
  const owner = await signedInOwner(client, test.db, test.clock);
  const patientId = await addPatient(test.db, owner.practiceId, "Müller", "Anna");
  return { ...test, client, owner, patientId };
}

const documents = suite("documents of a patient");

documents("a PDF uploads and downloads unchanged, stored encrypted in chunks, every read audited", async () => {
  const { app, db, client, owner, patientId } = await practice();
  const pdf = pdfBytes(600 * 1024, "BEFUND-KLARTEXT-7781");
  const uploaded = await uploadDocument(client, patientId, "Befund Müller 2026.pdf", pdf);
  assert.is(uploaded.status, 303);
  assert.is(uploaded.location, `/patients/${patientId}/documents?uploaded=1`);

  const row = await db.selectFrom("documents").selectAll().where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  assert.is(row.content_type, "application/pdf");
  assert.is(row.byte_size, pdf.length);
  assert.is(row.chunk_count, 3, "256 KiB chunks");
  const chunks = await db.selectFrom("document_chunks").select(["ciphertext", "chunk_index"])
    .where("document_id", "=", row.id).orderBy("chunk_index").execute();
  assert.is(chunks.length, 3);
  const marker = new TextEncoder().encode("BEFUND-KLARTEXT-7781");
  for (const chunk of chunks) assert.not.ok(contains(chunk.ciphertext, marker), "no plaintext at rest");
  assert.not.ok(contains(row.file_name_ciphertext, new TextEncoder().encode("Müller")), "name sealed too");

  const list = await client.get(`/patients/${patientId}/documents`, { "HX-Request": "true" });
  assert.is(list.status, 200);
  assert.ok(list.html.includes("Befund Müller 2026.pdf"));
  assert.not.ok(list.html.includes("<html"), "a fragment for htmx");
  const boosted = await client.get(`/patients/${patientId}/documents?uploaded=1`, {
    "HX-Request": "true",
    "HX-Request-Type": "full",
  });
  assert.ok(boosted.html.includes("<html"), "a boosted navigation (the upload's redirect) gets the whole page");

  const download = await fetchRaw(app, client, `/documents/${row.id}/download`);
  assert.is(download.status, 200);
  assert.is(download.headers.get("Content-Type"), "application/pdf");
  assert.is(download.headers.get("X-Content-Type-Options"), "nosniff");
  assert.is(download.headers.get("Cache-Control"), "no-store");
  assert.match(
    download.headers.get("Content-Security-Policy") ?? "",
    /(^|; )sandbox(;|$)/,
    "served files are sandboxed",
  );
  assert.match(
    download.headers.get("Content-Disposition") ?? "",
    /^attachment; .*filename\*=UTF-8''Befund%20M%C3%BCller%202026\.pdf/,
  );
  assert.equal(download.bytes, pdf, "bytes equal");

  const page = await client.get(`/documents/${row.id}`);
  assert.is(page.status, 200);
  assert.ok(page.html.includes(`/documents/${row.id}/download`));
  assert.is((await client.get(`/documents/${row.id}/preview`)).status, 404, "no inline preview of PDFs");

  const events = await db.selectFrom("audit_events").select(["action", "details", "actor_account_id"])
    .where("practice_id", "=", owner.practiceId).where("subject_id", "=", row.id).orderBy("id").execute();
  assert.equal(events.map((e) => e.action), ["document.uploaded", "document.downloaded", "document.viewed"]);
  for (const event of events) {
    assert.is(event.actor_account_id, owner.accountId);
    assert.is((event.details as Record<string, unknown>).patient_id, patientId);
  }
});

documents("chunks swapped or cut off at rest fail to decrypt instead of handing out wrong bytes", async () => {
  const { db, client, masterKey, owner, patientId } = await practice();
  await uploadDocument(client, patientId, "Drei Teile.pdf", pdfBytes(600 * 1024, "TEILE"));
  const row = await db.selectFrom("documents").select(["id", "chunk_count", "byte_size"])
    .where("patient_id", "=", patientId).where("chunk_count", "=", 3).orderBy("uploaded_at", "desc")
    .executeTakeFirstOrThrow();
  const document = { id: row.id, chunkCount: row.chunk_count, byteSize: row.byte_size };
  assert.is((await readDocumentBytes(db, masterKey, owner.practiceId, document)).length, row.byte_size);

  const chunks = await db.selectFrom("document_chunks").select(["chunk_index", "ciphertext"])
    .where("document_id", "=", row.id).orderBy("chunk_index").execute();
  const put = (index: number, ciphertext: Uint8Array) =>
    db.updateTable("document_chunks").set({ ciphertext }).where("document_id", "=", row.id)
      .where("chunk_index", "=", index).execute();
  await put(0, chunks[1].ciphertext);
  await put(1, chunks[0].ciphertext);
  await rejects(() => readDocumentBytes(db, masterKey, owner.practiceId, document), "reordered");
  await put(0, chunks[0].ciphertext);
  await put(1, chunks[1].ciphertext);
  const truncated = { ...document, chunkCount: 2 };
  await rejects(() => readDocumentBytes(db, masterKey, owner.practiceId, truncated), "cut after chunk 2");
  const otherPractice = crypto.randomUUID();
  await rejects(() => readDocumentBytes(db, masterKey, otherPractice, document), "bound to its practice");
});

documents("an image gets an inline preview with the sniffed type, whatever the client claimed", async () => {
  const { app, db, client, patientId } = await practice();
  const png = documentBytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 2000);
  const uploaded = await uploadDocument(client, patientId, "../../etc/Röntgen\u202e.pdf", png, "application/pdf");
  assert.is(uploaded.status, 303);
  const row = await db.selectFrom("documents").select(["id", "content_type"]).where("patient_id", "=", patientId)
    .where("content_type", "=", "image/png").executeTakeFirstOrThrow();
  const preview = await fetchRaw(app, client, `/documents/${row.id}/preview`);
  assert.is(preview.status, 200);
  assert.is(preview.headers.get("Content-Type"), "image/png");
  assert.match(preview.headers.get("Content-Disposition") ?? "", /^inline; filename="Rontgen\.png"/);
  assert.equal(preview.bytes, png);
  const page = await client.get(`/documents/${row.id}`);
  assert.ok(page.html.includes(`src="/documents/${row.id}/preview"`));
  assert.ok(page.html.includes("Röntgen.png"), "path and bidi control removed, extension of the real type");
});

documents("an HTML file named .pdf is refused next to the file field and nothing is stored", async () => {
  const { db, client, patientId } = await practice();
  const before = await countDocuments(db, patientId);
  const html = new TextEncoder().encode("<!DOCTYPE html><html><script>alert(document.cookie)</script></html>");
  const refused = await uploadDocument(client, patientId, "befund.pdf", html, "application/pdf");
  assert.is(refused.status, 422);
  assert.match(fieldError(refused.html, "document-file"), /kein PDF- oder Bilddokument/);
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  assert.is((await uploadDocument(client, patientId, "bild.png", svg, "image/png")).status, 422, "SVG refused");
  const empty = await uploadDocument(client, patientId, "leer.pdf", new Uint8Array(), "application/pdf");
  assert.is(empty.status, 422);
  assert.match(fieldError(empty.html, "document-file"), /Datei aus/);
  assert.is(await countDocuments(db, patientId), before);
});

documents("odd upload shapes answer 422 beside the file field and store nothing", async () => {
  const { db, client, patientId } = await practice();
  const before = await countDocuments(db, patientId);
  const post = async (fill: (form: FormData) => void) => {
    const form = new FormData();
    form.set("_csrf", client.csrfToken() ?? "");
    fill(form);
    return await client.send(`/patients/${patientId}/documents`, {
      method: "POST",
      headers: { Origin: TEST_BASE_URL },
      body: form,
    });
  };
  const noField = await post(() => {});
  assert.is(noField.status, 422);
  assert.match(fieldError(noField.html, "document-file"), /Datei aus/);
  const textField = await post((form) => form.set("file", "%PDF-1.7 als Text"));
  assert.is(textField.status, 422);
  const pdf = pdfBytes(100, "x");
  const two = await post((form) => {
    form.append("file", new File([pdf as BlobPart], "eins.pdf"));
    form.append("file", new File([pdf as BlobPart], "zwei.pdf"));
  });
  assert.is(two.status, 422, "two files in the one field");
  assert.match(fieldError(two.html, "document-file"), /nur eine Datei/);
  const spaced = new TextEncoder().encode("  \n<html><script>alert(1)</script></html>");
  assert.is((await uploadDocument(client, patientId, "a.pdf", spaced)).status, 422, "HTML after whitespace");
  assert.is(await countDocuments(db, patientId), before);

  const longName = "Ä".repeat(5000) + "\u202e.pdf";
  assert.is((await uploadDocument(client, patientId, longName, pdf)).status, 303);
  const dots = await uploadDocument(client, patientId, "....", pdf);
  assert.is(dots.status, 303);
  const list = await client.get(`/patients/${patientId}/documents`);
  assert.ok(list.html.includes("dokument.pdf"), "a name of dots becomes a plain name");
});

documents("a file over the configured limit is refused: 422 just above it, 413 far above it", async () => {
  const { db, client, patientId } = await practice();
  const before = await countDocuments(db, patientId);
  const justOver = await uploadDocument(client, patientId, "gross.pdf", pdfBytes(MAX_BYTES + 1000, "x"));
  assert.is(justOver.status, 422);
  assert.match(fieldError(justOver.html, "document-file"), /größer als 1 MB/);
  const farOver = await uploadDocument(client, patientId, "riesig.pdf", pdfBytes(MAX_BYTES * 2, "x"));
  assert.is(farOver.status, 413);
  assert.is(await countDocuments(db, patientId), before);
});

documents("front desk cannot list, read, download or upload documents", async () => {
  const { app, db, clock, masterKey, owner, patientId } = await practice();
  const document = await db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  const desk = await signedInMember(app, clock, await addMember(db, masterKey, owner.practiceId, "front_desk"));
  assert.is((await desk.get(`/patients/${patientId}/documents`)).status, 403);
  assert.is((await desk.get(`/documents/${document.id}`)).status, 403);
  assert.is((await desk.get(`/documents/${document.id}/download`)).status, 403);
  assert.is((await uploadDocument(desk, patientId, "a.pdf", pdfBytes(100, "x"))).status, 403);
  const reads = await db.selectFrom("audit_events").select("id").where("subject_id", "=", document.id)
    .where("actor_account_id", "<>", owner.accountId).execute();
  assert.is(reads.length, 0);
});

documents("another practice's documents and patients answer 404", async () => {
  const { app, db, clock, patientId } = await practice();
  const document = await db.selectFrom("documents").select("id").where("patient_id", "=", patientId)
    .executeTakeFirstOrThrow();
  const stranger = new TestClient(app);
  await signedInOwner(stranger, db, clock);
  assert.is((await stranger.get(`/patients/${patientId}/documents`)).status, 404);
  assert.is((await stranger.get(`/documents/${document.id}`)).status, 404);
  assert.is((await stranger.get(`/documents/${document.id}/download`)).status, 404);
  assert.is((await stranger.get(`/documents/${document.id}/preview`)).status, 404);
  assert.is((await uploadDocument(stranger, patientId, "a.pdf", pdfBytes(100, "x"))).status, 404);
  assert.is(
    (await stranger.post(`/documents/${document.id}/share-links`, { valid_hours: "24", max_uses: "1" })).status,
    404,
  );
  assert.is((await stranger.get(`/documents/not-a-uuid`)).status, 404);
  assert.is((await stranger.get(`/patients/not-a-uuid/documents`)).status, 404);
});

documents.run();

async function rejects(read: () => Promise<unknown>, what: string) {
  try {
    await read();
  } catch {
    return;
  }
  assert.unreachable(`${what}: expected the read to fail`);
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

async function countDocuments(db: Awaited<ReturnType<typeof practice>>["db"], patientId: string) {
  return (await db.selectFrom("documents").select("id").where("patient_id", "=", patientId).execute()).length;
}
