// A patient's documents: an upload streams in chunk by chunk (type sniffed from its first bytes,
// each 256 KiB chunk encrypted with the practice's data key and written to the upload's staging
// rows), then the transaction that creates the document moves the chunks in and audits it; read
// back chunk by chunk for streaming. Every read that returns content or a file name is audited
// by the caller in the same request.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { DocumentKind } from "./schema-documents.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { currentDataKey, dataKeyVersion, isRetiredKeyError } from "./practice-keys.ts";
import { decryptBytes, encryptBytes } from "../lib/envelope-encryption.ts";
import { type DocumentContentType, sanitizeFileName, sniffContentType } from "../lib/file-type.ts";

/** Plaintext bytes per chunk: big enough for few rows, small enough to stream with little memory. */
export const CHUNK_BYTES = 256 * 1024;

/** Bytes sniffContentType needs to tell every accepted type. */
const SNIFF_BYTES = 12;

/** An upload whose chunks are staged; insertDocument turns it into a document. */
export interface StagedUpload {
  id: string;
  practiceId: string;
  contentType: DocumentContentType;
  byteSize: number;
  chunkCount: number;
  fileName: string;
}

export type StageResult = { ok: true; upload: StagedUpload } | { ok: false; problem: "type" | "size" | "empty" };

export const chunkAssociatedData = (practiceId: string, documentId: string, index: number, isLast: boolean) =>
  `document:${practiceId}:${documentId}:${index}:${isLast}`;

export const fileNameAssociatedData = (practiceId: string, documentId: string) =>
  `document-name:${practiceId}:${documentId}`;

/**
 * Checks and encrypts an upload as its bytes arrive, writing each chunk to the staging rows, so
 * memory holds about two chunks whatever the size. A chunk is sealed once the next byte shows
 * whether it is the last. A refusal (type, size, empty) or an error while reading leaves nothing
 * staged; the size refusal comes as soon as the limit is passed.
 */
export async function stageUpload(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  input: { fileName: string; content: AsyncIterable<Uint8Array> | Iterable<Uint8Array> },
  maxBytes: number,
): Promise<StageResult> {
  const id = crypto.randomUUID();
  const held = new Uint8Array(CHUNK_BYTES);
  let filled = 0;
  let byteSize = 0;
  let chunkCount = 0;
  let contentType: DocumentContentType | null = null;
  let key: { version: number; key: Uint8Array } | null = null;
  const writeChunk = async (isLast: boolean) => {
    key ??= await currentDataKey(db, masterKey, practiceId);
    const associated = chunkAssociatedData(practiceId, id, chunkCount, isLast);
    const ciphertext = await encryptBytes(key.key, held.subarray(0, filled), associated);
    await db.insertInto("document_upload_chunks").values({
      upload_id: id,
      practice_id: practiceId,
      chunk_index: chunkCount,
      key_version: key.version,
      ciphertext,
    }).execute();
    chunkCount++;
    filled = 0;
  };
  const refuse = async (problem: "type" | "size" | "empty"): Promise<StageResult> => {
    if (chunkCount > 0) await discardStagedUpload(db, { id, practiceId });
    return { ok: false, problem };
  };
  try {
    for await (const piece of input.content) {
      byteSize += piece.length;
      if (byteSize > maxBytes) return await refuse("size");
      for (let offset = 0; offset < piece.length;) {
        if (filled === CHUNK_BYTES) await writeChunk(false);
        const take = Math.min(CHUNK_BYTES - filled, piece.length - offset);
        held.set(piece.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (!contentType && chunkCount === 0 && filled >= SNIFF_BYTES) {
          contentType = sniffContentType(held.subarray(0, filled));
          if (!contentType) return await refuse("type");
        }
      }
    }
    if (byteSize === 0) return await refuse("empty");
    contentType ??= sniffContentType(held.subarray(0, filled));
    if (!contentType) return await refuse("type");
    await writeChunk(true);
  } catch (error) {
    if (chunkCount > 0) await discardStagedUpload(db, { id, practiceId });
    throw error;
  }
  const fileName = sanitizeFileName(input.fileName, contentType);
  return { ok: true, upload: { id, practiceId, contentType, byteSize, chunkCount, fileName } };
}

/** Deletes what an upload staged (a refusal, an error, a form that was not valid after all). */
export async function discardStagedUpload(db: Db, upload: Pick<StagedUpload, "id" | "practiceId">): Promise<void> {
  await db.deleteFrom("document_upload_chunks")
    .where("upload_id", "=", upload.id).where("practice_id", "=", upload.practiceId).execute();
}

/**
 * Seals the staged chunks again with the practice's current key, one chunk at a time: a rotation
 * retired the key they were sealed with while the upload streamed in.
 */
export async function resealStagedUpload(db: Db, masterKey: Uint8Array, upload: StagedUpload): Promise<void> {
  const { practiceId } = upload;
  const current = await currentDataKey(db, masterKey, practiceId);
  for (let index = 0; index < upload.chunkCount; index++) {
    const chunk = await db.selectFrom("document_upload_chunks").select(["ciphertext", "key_version"])
      .where("upload_id", "=", upload.id).where("practice_id", "=", practiceId)
      .where("chunk_index", "=", index).executeTakeFirstOrThrow();
    if (chunk.key_version === current.version) continue;
    const associated = chunkAssociatedData(practiceId, upload.id, index, index === upload.chunkCount - 1);
    const old = await dataKeyVersion(db, masterKey, practiceId, chunk.key_version);
    const plain = await decryptBytes(old, chunk.ciphertext, associated);
    await db.updateTable("document_upload_chunks")
      .set({ key_version: current.version, ciphertext: await encryptBytes(current.key, plain, associated) })
      .where("upload_id", "=", upload.id).where("practice_id", "=", practiceId)
      .where("chunk_index", "=", index).execute();
  }
}

/**
 * Runs the transaction that stores a staged upload; when a rotation retired the upload's key in
 * the meantime (the database refuses it, KR001), seals the staged chunks anew and runs it once
 * more. Whatever fails, the staged chunks are deleted.
 */
export async function storeStagedUpload<T>(
  db: Db,
  masterKey: Uint8Array,
  upload: StagedUpload,
  store: () => Promise<T>,
): Promise<T> {
  try {
    try {
      return await store();
    } catch (error) {
      if (!isRetiredKeyError(error)) throw error;
    }
    await resealStagedUpload(db, masterKey, upload);
    return await store();
  } catch (error) {
    await discardStagedUpload(db, upload);
    throw error;
  }
}

/**
 * Creates the document of a staged upload for the patient, moves its chunks in and audits the
 * upload; the caller checked the patient. The file name is sealed here with the current key.
 */
export async function insertDocument(
  trx: Transaction<Database>,
  masterKey: Uint8Array,
  scope: PracticeScope,
  input: {
    patientId: string;
    kind: DocumentKind;
    upload: StagedUpload;
    facts: RequestFacts;
  },
): Promise<string> {
  const { upload, facts } = input;
  const { practiceId } = scope;
  if (upload.practiceId !== practiceId) throw new Error("upload staged for another practice");
  const key = await currentDataKey(trx, masterKey, practiceId);
  const fileNameCiphertext = await encryptBytes(
    key.key,
    new TextEncoder().encode(upload.fileName),
    fileNameAssociatedData(practiceId, upload.id),
  );
  await trx.insertInto("documents").values({
    id: upload.id,
    practice_id: practiceId,
    patient_id: input.patientId,
    kind: input.kind,
    file_name_ciphertext: fileNameCiphertext,
    key_version: key.version,
    content_type: upload.contentType,
    byte_size: upload.byteSize,
    chunk_count: upload.chunkCount,
    uploaded_by: scope.accountId,
    uploaded_at: facts.now,
  }).execute();
  const moved = await trx.insertInto("document_chunks")
    .columns(["document_id", "practice_id", "chunk_index", "key_version", "ciphertext"])
    .expression((eb) =>
      eb.selectFrom("document_upload_chunks")
        .select(["upload_id", "practice_id", "chunk_index", "key_version", "ciphertext"])
        .where("upload_id", "=", upload.id).where("practice_id", "=", practiceId)
    ).executeTakeFirstOrThrow();
  // Staged rows cleared by housekeeping meanwhile must not leave a document short of chunks.
  if (Number(moved.numInsertedOrUpdatedRows) !== upload.chunkCount) throw new Error("staged chunks missing");
  await trx.deleteFrom("document_upload_chunks")
    .where("upload_id", "=", upload.id).where("practice_id", "=", practiceId).execute();
  await appendAuditEvent(trx, {
    practiceId,
    action: "document.uploaded",
    actorAccountId: scope.accountId,
    subjectType: "document",
    subjectId: upload.id,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details: {
      patient_id: input.patientId,
      kind: input.kind,
      content_type: upload.contentType,
      byte_size: upload.byteSize,
    },
  });
  return upload.id;
}

export interface DocumentSummary {
  id: string;
  patientId: string;
  kind: DocumentKind;
  fileName: string;
  contentType: DocumentContentType;
  byteSize: number;
  chunkCount: number;
  uploadedAt: Date;
  uploadedBy: string;
}

type DocumentRow = {
  id: string;
  patient_id: string;
  kind: DocumentKind;
  file_name_ciphertext: Uint8Array;
  key_version: number;
  content_type: DocumentContentType;
  byte_size: number;
  chunk_count: number;
  uploaded_at: Date;
  uploaded_by_name: string;
};

const SUMMARY_COLUMNS = [
  "documents.id",
  "documents.patient_id",
  "documents.kind",
  "documents.file_name_ciphertext",
  "documents.key_version",
  "documents.content_type",
  "documents.byte_size",
  "documents.chunk_count",
  "documents.uploaded_at",
  "accounts.name as uploaded_by_name",
] as const;

async function summaryOf(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  row: DocumentRow,
): Promise<DocumentSummary> {
  const key = await dataKeyVersion(db, masterKey, practiceId, row.key_version);
  const name = await decryptBytes(key, row.file_name_ciphertext, fileNameAssociatedData(practiceId, row.id));
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind,
    fileName: new TextDecoder().decode(name),
    contentType: row.content_type,
    byteSize: row.byte_size,
    chunkCount: row.chunk_count,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by_name,
  };
}

/** The patient's documents, newest first (the caller checked the patient exists in the practice). */
export async function listPatientDocuments(
  db: Db,
  masterKey: Uint8Array,
  scope: PracticeScope,
  patientId: string,
): Promise<DocumentSummary[]> {
  const rows = await db.selectFrom("documents")
    .innerJoin("accounts", "accounts.id", "documents.uploaded_by")
    .select(SUMMARY_COLUMNS)
    .where("documents.practice_id", "=", scope.practiceId)
    .where("documents.patient_id", "=", patientId)
    .orderBy("documents.uploaded_at", "desc")
    .execute();
  return await Promise.all(rows.map((row) => summaryOf(db, masterKey, scope.practiceId, row)));
}

/** One document of the practice, or undefined (another practice's id is simply not found). */
export async function findDocument(
  db: Db,
  masterKey: Uint8Array,
  scope: Pick<PracticeScope, "practiceId">,
  documentId: string,
): Promise<DocumentSummary | undefined> {
  const row = await db.selectFrom("documents")
    .innerJoin("accounts", "accounts.id", "documents.uploaded_by")
    .select(SUMMARY_COLUMNS)
    .where("documents.practice_id", "=", scope.practiceId)
    .where("documents.id", "=", documentId)
    .executeTakeFirst();
  return row ? await summaryOf(db, masterKey, scope.practiceId, row) : undefined;
}

export type DocumentReadAction = "document.viewed" | "document.downloaded";

/** Records that someone of the practice read a document (page with preview, or download). */
export async function auditDocumentRead(
  db: Db,
  scope: PracticeScope,
  document: DocumentSummary,
  action: DocumentReadAction,
  facts: RequestFacts,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await appendAuditEvent(trx, {
      practiceId: scope.practiceId,
      action,
      actorAccountId: scope.accountId,
      subjectType: "document",
      subjectId: document.id,
      requestId: facts.requestId,
      occurredAt: facts.now,
      details: { patient_id: document.patientId },
    });
  });
}

/**
 * The plaintext as a stream: one chunk is read and decrypted at a time, so a large document
 * never sits in memory whole. A chunk that is missing, moved or altered ends the stream with
 * an error instead of handing out wrong bytes.
 */
export function documentContentStream(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  document: Pick<DocumentSummary, "id" | "chunkCount">,
): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index >= document.chunkCount) {
        controller.close();
        return;
      }
      controller.enqueue(await readChunk(db, masterKey, practiceId, document, index));
      index++;
    },
  });
}

async function readChunk(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  document: Pick<DocumentSummary, "id" | "chunkCount">,
  index: number,
): Promise<Uint8Array> {
  const chunk = await db.selectFrom("document_chunks").select(["ciphertext", "key_version"])
    .where("practice_id", "=", practiceId).where("document_id", "=", document.id)
    .where("chunk_index", "=", index).executeTakeFirstOrThrow();
  const key = await dataKeyVersion(db, masterKey, practiceId, chunk.key_version);
  const isLast = index === document.chunkCount - 1;
  return await decryptBytes(key, chunk.ciphertext, chunkAssociatedData(practiceId, document.id, index, isLast));
}

/** The whole plaintext (small documents, tests). */
export async function readDocumentBytes(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  document: Pick<DocumentSummary, "id" | "chunkCount" | "byteSize">,
): Promise<Uint8Array> {
  const out = new Uint8Array(document.byteSize);
  let offset = 0;
  for (let index = 0; index < document.chunkCount; index++) {
    const plain = await readChunk(db, masterKey, practiceId, document, index);
    out.set(plain, offset);
    offset += plain.length;
  }
  return out;
}
