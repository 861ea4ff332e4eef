// The audit log's hash chain: each event's hash covers its content and the previous hash,
// so any change to a stored event, or a removed one, breaks every link after it.
import { encodeHexLowerCase } from "@oslojs/encoding";
import { sha256 } from "@oslojs/crypto/sha2";

export const GENESIS_HASH = "0".repeat(64);

export interface ChainedEvent {
  practiceId: string | null;
  sequence: number;
  occurredAt: Date;
  action: string;
  actorAccountId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export function computeEventHash(previousHash: string, event: ChainedEvent): string {
  const content = canonicalJson([
    previousHash,
    event.practiceId,
    event.sequence,
    event.occurredAt.toISOString(),
    event.action,
    event.actorAccountId,
    event.subjectType,
    event.subjectId,
    event.requestId,
    event.details,
  ]);
  return encodeHexLowerCase(sha256(new TextEncoder().encode(content)));
}

/** JSON with object keys sorted, so the database's jsonb key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
