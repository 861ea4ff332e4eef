// Tables of the documents area: uploaded documents, their encrypted content and share links.
import type { Generated } from "kysely";
import type { CreatedAt, Timestamp } from "./schema.ts";
import type { DocumentContentType } from "../lib/file-type.ts";

export type DocumentKind = "general" | "consent";
export type { DocumentContentType };

export interface DocumentsTable {
  id: Generated<string>;
  practice_id: string;
  patient_id: string;
  kind: DocumentKind;
  /** The sanitized file name, sealed with associated data `document-name:${practiceId}:${id}`. */
  file_name_ciphertext: Uint8Array;
  /** The data key version of file_name_ciphertext (each chunk records its own). */
  key_version: number;
  /** Sniffed from the bytes, never taken from the client. */
  content_type: DocumentContentType;
  byte_size: number;
  chunk_count: number;
  uploaded_by: string;
  uploaded_at: CreatedAt;
}

export interface DocumentChunksTable {
  document_id: string;
  practice_id: string;
  chunk_index: number;
  key_version: number;
  /** Sealed with `document:${practiceId}:${documentId}:${index}:${isLast}`. */
  ciphertext: Uint8Array;
}

/** Chunks of an upload still streaming in; moved to document_chunks with the document's row. */
export interface DocumentUploadChunksTable {
  /** The id the document will have: the chunk is sealed with it already. */
  upload_id: string;
  practice_id: string;
  chunk_index: number;
  key_version: number;
  ciphertext: Uint8Array;
  staged_at: CreatedAt;
}

export interface ShareLinksTable {
  id: Generated<string>;
  practice_id: string;
  document_id: string;
  /** SHA-256 (hex) of the token in the link; the token itself is shown once. */
  token_hash: string;
  created_by: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  max_uses: number;
  use_count: Generated<number>;
  /** Argon2id hash of the code passed on separately, or null when the link needs none. */
  code_hash: string | null;
  failed_code_attempts: Generated<number>;
  recipient_note: Generated<string>;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoked_reason: "revoked" | "code_attempts" | null;
}

/** Wrong codes of one link from one client address (an IPv6 /64), with its lockout. */
export interface ShareLinkAttemptsTable {
  share_link_id: string;
  practice_id: string;
  address: string;
  failures: Generated<number>;
  lockouts: Generated<number>;
  locked_until: Timestamp | null;
  updated_at: Timestamp;
}

export interface DocumentTables {
  documents: DocumentsTable;
  document_chunks: DocumentChunksTable;
  document_upload_chunks: DocumentUploadChunksTable;
  share_links: ShareLinksTable;
  share_link_attempts: ShareLinkAttemptsTable;
}
