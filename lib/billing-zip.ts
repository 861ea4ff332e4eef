// A ZIP archive written as a stream (fflate): entries are produced one at a time as the reader
// pulls, so an export of a whole year holds one invoice PDF in memory, not the year's.
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

export interface ZipEntry {
  name: string;
  /** The content, whole or in pieces (a CSV journal written a batch at a time). */
  content: Uint8Array | AsyncIterable<Uint8Array>;
  /** PDFs are compressed already: stored as they are. */
  compress: boolean;
  modified: Date;
}

/** Keeps an entry name inside the archive: no folders climbed, no absolute paths, no odd characters. */
export function safeEntryName(name: string): string {
  const parts = name.split("/").map((part) => part.replace(/[^\p{L}\p{N} ._-]/gu, "_").replace(/^\.+/, "").trim())
    .filter((part) => part !== "");
  return parts.join("/") || "unbenannt";
}

export function zipStream(entries: AsyncIterable<ZipEntry>): ReadableStream<Uint8Array> {
  const iterator = entries[Symbol.asyncIterator]();
  const ready: Uint8Array[] = [];
  let failure: unknown = null;
  let finished = false;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else ready.push(chunk);
    if (final) finished = true;
  });

  async function addNext(): Promise<boolean> {
    const next = await iterator.next();
    if (next.done) {
      zip.end();
      return false;
    }
    const entry = next.value;
    const file = entry.compress
      ? new ZipDeflate(safeEntryName(entry.name), { level: 6 })
      : new ZipPassThrough(safeEntryName(entry.name));
    file.mtime = entry.modified;
    zip.add(file);
    if (entry.content instanceof Uint8Array) file.push(entry.content, true);
    else {
      for await (const piece of entry.content) file.push(piece, false);
      file.push(new Uint8Array(0), true);
    }
    return true;
  }

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Each pull adds entries until fflate has handed out bytes (or the archive is complete).
      while (ready.length === 0 && !finished && !failure) await addNext();
      if (failure) {
        controller.error(failure);
        return;
      }
      while (ready.length) controller.enqueue(ready.shift()!);
      if (finished) controller.close();
    },
    async cancel() {
      await iterator.return?.();
    },
  }, { highWaterMark: 1 });
}
