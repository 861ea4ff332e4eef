// The protocol export's formats: JSON with everything the chain's hashes cover (so
// bin/recheck-audit-export.ts can recompute them) and the heads to compare with, and CSV for a
// spreadsheet (text that starts like a formula gets a leading apostrophe; recheck the JSON).
import { spreadsheetSafe } from "./billing-export-files.ts";
import type { AuditAnchor } from "./audit-anchors.ts";

export interface ExportedEvent {
  sequence: number;
  occurredAt: Date;
  action: string;
  actorAccountId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

export interface ExportHeader {
  practiceId: string;
  from: string;
  to: string;
  exportedAt: string;
  /** The chain's head when the export began, and the anchors kept outside the database. */
  head: { events: number; hash: string | null };
  anchors: AuditAnchor[];
}

export function eventRecord(practiceId: string, event: ExportedEvent) {
  return {
    practice_id: practiceId,
    sequence: event.sequence,
    occurred_at: event.occurredAt.toISOString(),
    action: event.action,
    actor_account_id: event.actorAccountId,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    request_id: event.requestId,
    details: event.details,
    previous_hash: event.previousHash,
    hash: event.hash,
  };
}

/** The JSON file's opening, up to the events array; events follow comma-separated, then JSON_END. */
export function jsonStart(header: ExportHeader): string {
  const head = JSON.stringify({
    format: "kartei-audit-export-1",
    recheck: "deno run --allow-read bin/recheck-audit-export.ts <this file>",
    practice_id: header.practiceId,
    from: header.from,
    to: header.to,
    exported_at: header.exportedAt,
    head: header.head,
    anchors: header.anchors,
  });
  return `${head.slice(0, -1)},"events":[\n`;
}

export const JSON_END = "\n]}\n";

export const CSV_HEADER =
  "sequence,occurred_at,action,actor_account_id,subject_type,subject_id,request_id,details,previous_hash,hash\r\n";

function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : spreadsheetSafe(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(event: ExportedEvent): string {
  return [
    event.sequence,
    event.occurredAt.toISOString(),
    event.action,
    event.actorAccountId,
    event.subjectType,
    event.subjectId,
    event.requestId,
    JSON.stringify(event.details),
    event.previousHash,
    event.hash,
  ].map(cell).join(",") + "\r\n";
}
