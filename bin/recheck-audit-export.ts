// Rechecks a Kartei audit protocol export (the JSON file from Protokoll → Exportieren) without
// Kartei and without its database: recomputes every event's SHA-256 hash from its content and
// the previous hash, checks that consecutive events link, and compares the export's end with the
// chain head and the anchors (the daily heads kept outside the database and mailed to the owners)
// the file names. Standalone on purpose: it imports nothing, so it can be read in one sitting.
//
//   deno run --allow-read bin/recheck-audit-export.ts protokoll-2026-01-01-2026-12-31.json
//
// Prints one line per finding and a summary; exits 0 when everything holds, 1 otherwise.
//
// The hash of an event is sha256(hex) over the canonical JSON (object keys sorted, no spaces) of
//   [previous_hash, practice_id, sequence, occurred_at, action, actor_account_id,
//    subject_type, subject_id, request_id, details]
// and the first event of a chain has the previous hash "000…0" (64 zeros).

interface ExportedEvent {
  practice_id: string;
  sequence: number;
  occurred_at: string;
  action: string;
  actor_account_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  previous_hash: string;
  hash: string;
}

interface AuditExport {
  format: string;
  head: { events: number; hash: string | null };
  anchors: { at: string; events: number; hash: string }[];
  events: ExportedEvent[];
}

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

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The findings for one export: empty when every event, link, head and anchor holds. */
export async function recheckExport(data: AuditExport): Promise<string[]> {
  const problems: string[] = [];
  if (data.format !== "kartei-audit-export-1") problems.push(`unknown format ${JSON.stringify(data.format)}`);
  const bySequence = new Map<number, string>();
  let previous: ExportedEvent | null = null;
  for (const event of data.events) {
    if (event.sequence === 1 && event.previous_hash !== "0".repeat(64)) {
      problems.push(`event 1: the chain does not start from the zero hash`);
    }
    if (previous && event.sequence === previous.sequence + 1 && event.previous_hash !== previous.hash) {
      problems.push(`event ${event.sequence}: does not link to event ${previous.sequence}`);
    }
    const recomputed = await sha256Hex(canonicalJson([
      event.previous_hash,
      event.practice_id,
      event.sequence,
      event.occurred_at,
      event.action,
      event.actor_account_id,
      event.subject_type,
      event.subject_id,
      event.request_id,
      event.details,
    ]));
    if (recomputed !== event.hash) problems.push(`event ${event.sequence}: content does not match its hash`);
    bySequence.set(event.sequence, event.hash);
    previous = event;
  }
  const compare = (what: string, events: number, hash: string | null) => {
    const found = bySequence.get(events);
    if (found !== undefined && found !== hash) problems.push(`${what} (event ${events}) differs from the export`);
  };
  compare("the chain head", data.head.events, data.head.hash);
  for (const anchor of data.anchors) compare(`the anchor of ${anchor.at}`, anchor.events, anchor.hash);
  return problems;
}

if (import.meta.main) {
  const path = Deno.args[0];
  if (!path) {
    console.error("usage: deno run --allow-read bin/recheck-audit-export.ts <export.json>");
    Deno.exit(2);
  }
  const data = JSON.parse(await Deno.readTextFile(path)) as AuditExport;
  const problems = await recheckExport(data);
  for (const problem of problems) console.log(problem);
  const anchored = data.anchors.filter((a) => data.events.some((e) => e.sequence === a.events)).length;
  console.log(
    problems.length
      ? `${problems.length} problem(s) in ${data.events.length} events`
      : `${data.events.length} events recomputed, intact; head and ${anchored} anchor(s) within the period agree`,
  );
  Deno.exit(problems.length ? 1 : 0);
}
