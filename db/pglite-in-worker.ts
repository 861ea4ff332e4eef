// Embedded PGlite on the second core: the database runs in a Web Worker (db/pglite-worker.ts)
// and this object stands in for it on the main thread, with the part of PGlite's interface that
// Kysely's PGlite dialect uses (query, transaction, close). A transaction is one open
// transaction in the worker, named by its id, so interactive transactions keep working.

export type WorkerCall =
  & { id: number }
  & (
    | { kind: "open"; dataDir: string | null }
    | { kind: "query"; transaction: number | null; sql: string; parameters: readonly unknown[] }
    | { kind: "begin"; transaction: number }
    | { kind: "end"; transaction: number; commit: boolean }
    | { kind: "dump" }
    | { kind: "close" }
  );

export type WorkerAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: Record<string, unknown> };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface QueryResult<T> {
  rows: T[];
  affectedRows?: number;
  fields: { name: string; dataTypeID: number }[];
}

export class PGliteInWorker {
  #worker: Worker;
  #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextCall = 1;
  #nextTransaction = 1;
  #failure: Error | undefined;
  closed = false;
  readonly ready = true;
  readonly waitReady = Promise.resolve();

  private constructor() {
    this.#worker = new Worker(new URL("./pglite-worker.ts", import.meta.url), { type: "module" });
    this.#worker.onmessage = ({ data }: MessageEvent<WorkerAnswer>) => {
      const waiting = this.#pending.get(data.id);
      if (!waiting) return;
      this.#pending.delete(data.id);
      if (data.ok) waiting.resolve(data.value);
      else waiting.reject(Object.assign(new Error(String(data.error.message)), data.error));
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#fail(new Error(`the PGlite worker failed: ${event.message}`));
    };
  }

  /** A PGlite in a new worker, on the data folder (created when new), or in memory without one. */
  static async open(dataDir: string | null): Promise<PGliteInWorker> {
    const client = new PGliteInWorker();
    try {
      await client.#call({ kind: "open", dataDir });
    } catch (error) {
      client.#worker.terminate();
      throw error;
    }
    return client;
  }

  async query<T>(sql: string, parameters: readonly unknown[] = [], _options?: unknown): Promise<QueryResult<T>> {
    return await this.#query<T>(null, sql, parameters);
  }

  async transaction<T>(
    callback: (tx: { query: PGliteInWorker["query"]; rollback(): Promise<void> }) => Promise<T>,
  ): Promise<T> {
    const transaction = this.#nextTransaction++;
    await this.#call({ kind: "begin", transaction });
    let result: T;
    try {
      result = await callback({
        query: (sql, parameters = []) => this.#query(transaction, sql, parameters),
        rollback: () => Promise.reject(new Error("roll back by throwing from the transaction's callback")),
      });
    } catch (error) {
      await this.#call({ kind: "end", transaction, commit: false }).catch(() => {});
      throw error;
    }
    await this.#call({ kind: "end", transaction, commit: true });
    return result;
  }

  /** PGlite's dumpDataDir, taken in the worker (a Blob crosses to this thread as it is). */
  async dumpDataDir(_compression: "gzip"): Promise<Blob> {
    return await this.#call({ kind: "dump" }) as Blob;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.#failure) await this.#call({ kind: "close" });
    } finally {
      this.#worker.terminate();
    }
  }

  async #query<T>(transaction: number | null, sql: string, parameters: readonly unknown[]) {
    const answer = await this.#call({ kind: "query", transaction, sql, parameters }) as QueryResult<T>;
    return { rows: answer.rows, affectedRows: answer.affectedRows, fields: [] };
  }

  #call(call: DistributiveOmit<WorkerCall, "id">): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextCall++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...call, id });
    });
  }

  #fail(error: Error) {
    this.#failure = error;
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}
