// The Web Worker that holds embedded PGlite when it runs beside the app (db/pglite-in-worker.ts):
// Postgres compiled to WebAssembly executes here, on its own thread, while the main thread
// serves requests. Each message is one call; transactions stay open across calls by their id,
// exactly as PGlite's own transaction() keeps them (every other query waits until they end).
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { WorkerAnswer, WorkerCall } from "./pglite-in-worker.ts";

declare const self: {
  onmessage: ((event: MessageEvent<WorkerCall>) => void) | null;
  postMessage(message: WorkerAnswer): void;
};

// The same contrib extensions as in-process PGlite (db/database.ts).
const EXTENSIONS = { pg_trgm, btree_gist };
let pglite: PGlite | undefined;
const transactions = new Map<number, { tx: Transaction; end: (commit: boolean) => void; ended: Promise<unknown> }>();

self.onmessage = async ({ data: call }) => {
  try {
    self.postMessage({ id: call.id, ok: true, value: await answer(call) });
  } catch (error) {
    self.postMessage({ id: call.id, ok: false, error: describe(error) });
  }
};

async function answer(call: WorkerCall): Promise<unknown> {
  switch (call.kind) {
    case "open":
      pglite = call.dataDir === null
        ? await PGlite.create({ extensions: EXTENSIONS })
        : await PGlite.create(call.dataDir, { extensions: EXTENSIONS });
      return null;
    case "query": {
      const on = call.transaction === null ? opened() : transactionOf(call.transaction).tx;
      const { rows, affectedRows } = await on.query(call.sql, call.parameters, { rowMode: "object" });
      return { rows, affectedRows };
    }
    case "begin": {
      let begun!: () => void;
      const ready = new Promise<void>((resolve) => begun = resolve);
      let end!: (commit: boolean) => void;
      const decided = new Promise<boolean>((resolve) => end = resolve);
      const ended = opened().transaction(async (tx) => {
        transactions.set(call.transaction, { tx, end, ended });
        begun();
        // Throwing inside PGlite's transaction rolls it back; returning commits it.
        if (!await decided) throw new RolledBack();
      });
      // A failing BEGIN ends the transaction before it was ever handed out.
      await Promise.race([ready, ended]);
      return null;
    }
    case "end": {
      const open = transactionOf(call.transaction);
      transactions.delete(call.transaction);
      open.end(call.commit);
      try {
        await open.ended;
      } catch (error) {
        if (!(error instanceof RolledBack)) throw error;
      }
      return null;
    }
    case "dump":
      return await opened().dumpDataDir("gzip");
    case "close":
      // The main thread ends the worker once this is answered.
      await pglite?.close();
      return null;
  }
}

class RolledBack extends Error {}

function opened(): PGlite {
  if (!pglite) throw new Error("PGlite is not open in this worker");
  return pglite;
}

function transactionOf(id: number) {
  const open = transactions.get(id);
  if (!open) throw new Error(`no open transaction ${id}`);
  return open;
}

/** A database error with its fields (code, constraint, detail, …): Error objects lose them in postMessage. */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { message: error.message, name: error.name };
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === "function" || typeof value === "object") continue;
    fields[key] = value;
  }
  return fields;
}
