// Anchors of the audit chains outside the database: once a day the head of each practice's
// chain (its event count and hash) is appended to a file of its own under ANCHOR_DIR, and mailed
// to the owners. Someone who rewrites the log and all its hashes in the database cannot rewrite
// these lines (or the owners' mail), so verification against them finds the rewrite.
import { join } from "node:path";

export interface AuditAnchor {
  /** When the head was taken (ISO). */
  at: string;
  events: number;
  hash: string;
}

function anchorFile(dir: string, practiceId: string): string {
  return join(dir, `${practiceId}.jsonl`);
}

/** The anchors kept for one chain, oldest first; none when the file does not exist yet. */
export async function readAnchors(dir: string, practiceId: string): Promise<AuditAnchor[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(anchorFile(dir, practiceId));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  const anchors: AuditAnchor[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const value = JSON.parse(line) as Partial<AuditAnchor>;
    if (typeof value.events === "number" && typeof value.hash === "string" && typeof value.at === "string") {
      anchors.push({ at: value.at, events: value.events, hash: value.hash });
    }
  }
  return anchors;
}

/** Appends one head to the chain's file (created with the folder when missing). */
export async function appendAnchor(dir: string, practiceId: string, anchor: AuditAnchor): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(anchorFile(dir, practiceId), `${JSON.stringify(anchor)}\n`, { append: true });
}

/** The first 16 hex digits in groups of four: short enough to compare by eye with a mail. */
export function shortHash(hash: string): string {
  return hash.slice(0, 16).match(/.{4}/g)!.join(" ");
}
