// A patient's documents: sealed (type sniffed, content encrypted in chunks with the practice's
// data key) before the transaction that stores them, read back chunk by chunk for streaming.
// Every read that returns content or a file name is audited by the caller in the same request.
import type { Transaction } from "kysely";
import type { Db } from "./database.ts";
import type { Database } from "./schema.ts";
import type { DocumentKind } from "./schema-documents.ts";
import type { PracticeScope } from "./practice-scope.ts";
import { appendAuditEvent, type RequestFacts } from "./audit.ts";
import { currentDataKey, dataKeyVersion } from "./practice-keys.ts";
import { decryptBytes, encryptBytes } from "../lib/envelope-encryption.ts";
import { type DocumentContentType, sanitizeFileName, sniffContentType } from "../lib/file-type.ts";

/** Plaintext bytes per chunk: big enough for few rows, small enough to stream with little memory. */
export const CHUNK_BYTES = 256 * 1024;

export interface SealedDocument {
  id: string;
  contentType: DocumentContentType;
  byteSize: number;
  keyVersion: number;
  fileNameCiphertext: Uint8Array;
  chunks: Uint8Array[];
}

export type SealResult = { ok: true; sealed: SealedDocument } | { ok: false; problem: "type" | "size" | "empty" };

export const chunkAssociatedData = (practiceId: string, documentId: string, index: number, isLast: boolean) =>
  `document:${practiceId}:${documentId}:${index}:${isLast}`;

export const fileNameAssociatedData = (practiceId: string, documentId: string) =>
  `document-name:${practiceId}:${documentId}`;

/** Checks and encrypts an upload; writes nothing. */
export async function sealDocument(
  db: Db,
  masterKey: Uint8Array,
  practiceId: string,
  input: { fileName: string; bytes: Uint8Array },
  maxBytes: number,
): Promise<SealResult> {
  const { bytes } = input;
  if (bytes.length === 0) return { ok: false, problem: "empty" };
  if (bytes.length > maxBytes) return { ok: false, problem: "size" };
  const contentType = sniffContentType(bytes);
  if (!contentType) return { ok: false, problem: "type" };
  const id = crypto.randomUUID();
  const { version, key } = await currentDataKey(db, masterKey, practiceId);
  const count = Math.ceil(bytes.length / CHUNK_BYTES);
  const chunks: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const plain = bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
    chunks.push(await encryptBytes(key, plain, chunkAssociatedData(practiceId, id, index, index === count - 1)));
  }
  const fileName = sanitizeFileName(input.fileName, contentType);
  const fileNameCiphertext = await encryptBytes(
    key,
    new TextEncoder().encode(fileName),
    fileNameAssociatedData(practiceId, id),
  );
  return {
    ok: true,
    sealed: { id, contentType, byteSize: bytes.length, keyVersion: version, fileNameCiphertext, chunks },
  };
}

/** Stores a sealed document of the patient and audits the upload; the caller checked the patient. */
export async function insertDocument(
  trx: Transaction<Database>,
  scope: PracticeScope,
  input: {
    patientId: string;
    kind: DocumentKind;
    sealed: SealedDocument;
    facts: RequestFacts;
  },
): Promise<string> {
  const { sealed, facts } = input;
  await trx.insertInto("documents").values({
    id: sealed.id,
    practice_id: scope.practiceId,
    patient_id: input.patientId,
    kind: input.kind,
    file_name_ciphertext: sealed.fileNameCiphertext,
    key_version: sealed.keyVersion,
    content_type: sealed.contentType,
    byte_size: sealed.byteSize,
    chunk_count: sealed.chunks.length,
    uploaded_by: scope.accountId,
    uploaded_at: facts.now,
  }).execute();
  for (let index = 0; index < sealed.chunks.length; index++) {
    await trx.insertInto("document_chunks").values({
      document_id: sealed.id,
      practice_id: scope.practiceId,
      chunk_index: index,
      key_version: sealed.keyVersion,
      ciphertext: sealed.chunks[index],
    }).execute();
  }
  await appendAuditEvent(trx, {
    practiceId: scope.practiceId,
    action: "document.uploaded",
    actorAccountId: scope.accountId,
    subjectType: "document",
    subjectId: sealed.id,
    requestId: facts.requestId,
    occurredAt: facts.now,
    details: {
      patient_id: input.patientId,
      kind: input.kind,
      content_type: sealed.contentType,
      byte_size: sealed.byteSize,
    },
  });
  return sealed.id;
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
