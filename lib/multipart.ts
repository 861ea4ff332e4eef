// A multipart/form-data body read as a stream (RFC 7578): one part after the other, each part's
// bytes handed on as they arrive, so a file of any size passes through a few network chunks of
// memory. Nothing is read from the body before the caller asks for it.

/** A body that is not well-formed multipart (a 400, never a 500). */
export class MultipartError extends Error {
  override name = "MultipartError";
}

export interface MultipartLimits {
  /** Largest header block of one part. */
  maxHeaderBytes: number;
  /** Most parts in one body. */
  maxParts: number;
}

const DEFAULT_LIMITS: MultipartLimits = { maxHeaderBytes: 16 * 1024, maxParts: 1000 };

export interface MultipartPart {
  name: string;
  /** The file name a browser sends for a file input ("" for an empty one), null for a text field. */
  fileName: string | null;
  /** The part's bytes as they arrive; read them (or leave them) before asking for the next part. */
  chunks(): AsyncGenerator<Uint8Array>;
  /** The whole part as UTF-8 text, refused past maxBytes. */
  text(maxBytes: number): Promise<string>;
}

const CR = 13;
const LF = 10;
const HYPHEN = 45;
const encoder = new TextEncoder();

/** The boundary of a multipart/form-data content type, or null. */
export function multipartBoundary(contentType: string): string | null {
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

/** Where needle starts in haystack at or after from, or -1. */
function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(needle[0], from); i !== -1 && i <= last; i = haystack.indexOf(needle[0], i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Parameters of a Content-Disposition value (quoted or token; filename* as RFC 5987). */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    const key = match[1].toLowerCase();
    let text = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3].trim();
    if (key === "filename*") {
      const extended = /^utf-8'[^']*'(.*)$/i.exec(text);
      if (!extended) continue;
      try {
        text = decodeURIComponent(extended[1]);
      } catch {
        continue;
      }
    }
    if (!params.has(key)) params.set(key, text);
  }
  return params;
}

/**
 * Reads the parts of a multipart body in order. The delimiter is CRLF "--" boundary; the body is
 * read as if a CRLF came first, so the first delimiter needs no special case.
 */
export class MultipartReader {
  readonly #source: ReadableStreamDefaultReader<Uint8Array>;
  readonly #delimiter: Uint8Array;
  readonly #limits: MultipartLimits;
  #buffer: Uint8Array = new Uint8Array([CR, LF]);
  #sourceDone = false;
  #parts = 0;
  #finished = false;
  #current: { done: boolean; drain(): Promise<void> } | null = null;

  constructor(body: ReadableStream<Uint8Array>, boundary: string, limits: Partial<MultipartLimits> = {}) {
    this.#source = body.getReader();
    this.#delimiter = encoder.encode(`\r\n--${boundary}`);
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Appends the next chunk of the body; false at its end. */
  async #fill(): Promise<boolean> {
    if (this.#sourceDone) return false;
    const { done, value } = await this.#source.read();
    if (done) {
      this.#sourceDone = true;
      return false;
    }
    this.#buffer = concat(this.#buffer, value);
    return true;
  }

  async #need(bytes: number): Promise<void> {
    while (this.#buffer.length < bytes) {
      if (!await this.#fill()) throw new MultipartError("body ends inside a part");
    }
  }

  /** The next part, or null after the closing delimiter. The previous part's rest is skipped. */
  async next(): Promise<MultipartPart | null> {
    if (this.#finished) return null;
    if (this.#current) {
      if (!this.#current.done) await this.#current.drain();
    } else {
      await this.#skipPreamble();
    }
    // After a delimiter: "--" closes the body, otherwise optional padding and CRLF open a part.
    await this.#need(2);
    if (this.#buffer[0] === HYPHEN && this.#buffer[1] === HYPHEN) {
      this.#finished = true;
      await this.#source.cancel().catch(() => {});
      return null;
    }
    if (++this.#parts > this.#limits.maxParts) throw new MultipartError("too many parts");
    const headers = await this.#readHeaders();
    const disposition = headers.get("content-disposition") ?? "";
    if (!/^form-data\s*(;|$)/i.test(disposition)) throw new MultipartError("part is not form-data");
    const params = dispositionParams(disposition);
    const name = params.get("name");
    if (name === undefined) throw new MultipartError("part without a name");
    const fileName = params.get("filename*") ?? params.get("filename") ?? null;
    return this.#part(name, fileName);
  }

  async #skipPreamble(): Promise<void> {
    for (;;) {
      const at = indexOfBytes(this.#buffer, this.#delimiter, 0);
      if (at !== -1) {
        this.#buffer = this.#buffer.subarray(at + this.#delimiter.length);
        return;
      }
      if (this.#buffer.length > this.#limits.maxHeaderBytes) throw new MultipartError("no opening delimiter");
      if (!await this.#fill()) throw new MultipartError("no opening delimiter");
    }
  }

  async #readHeaders(): Promise<Map<string, string>> {
    const end = encoder.encode("\r\n\r\n");
    let at = -1;
    // The part's line starts after the delimiter with optional padding and CRLF; an empty header
    // block leaves CRLF CRLF right there.
    for (;;) {
      at = indexOfBytes(this.#buffer, end, 0);
      if (at !== -1) break;
      if (this.#buffer.length > this.#limits.maxHeaderBytes) throw new MultipartError("part headers too long");
      if (!await this.#fill()) throw new MultipartError("body ends inside part headers");
    }
    if (at > this.#limits.maxHeaderBytes) throw new MultipartError("part headers too long");
    const block = new TextDecoder("utf-8", { fatal: false }).decode(this.#buffer.subarray(0, at));
    this.#buffer = this.#buffer.subarray(at + end.length);
    const [first, ...lines] = block.split("\r\n");
    if (first.trim() !== "") throw new MultipartError("text after the delimiter");
    const headers = new Map<string, string>();
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon <= 0) throw new MultipartError("malformed part header");
      const key = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(key)) headers.set(key, line.slice(colon + 1).trim());
    }
    return headers;
  }

  #part(name: string, fileName: string | null): MultipartPart {
    const body = () => this.#body(state);
    const state = {
      done: false,
      started: false,
      async drain() {
        for await (const _ of body()) { /* skipped */ }
      },
    };
    this.#current = state;
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      if (state.started) throw new Error("a part's bytes can be read once");
      state.started = true;
      yield* body();
    };
    return {
      name,
      fileName,
      chunks,
      async text(maxBytes: number) {
        let bytes: Uint8Array = new Uint8Array();
        for await (const chunk of chunks()) {
          if (bytes.length + chunk.length > maxBytes) throw new MultipartError("field too long");
          bytes = concat(bytes, chunk);
        }
        return new TextDecoder().decode(bytes);
      },
    };
  }

  /** The bytes up to the next delimiter; the last delimiter.length - 1 bytes wait for more input. */
  async *#body(state: { done: boolean }): AsyncGenerator<Uint8Array> {
    const keep = this.#delimiter.length - 1;
    for (;;) {
      const at = indexOfBytes(this.#buffer, this.#delimiter, 0);
      if (at !== -1) {
        const last = this.#buffer.subarray(0, at);
        this.#buffer = this.#buffer.subarray(at + this.#delimiter.length);
        state.done = true;
        if (last.length > 0) yield last;
        return;
      }
      if (this.#buffer.length > keep) {
        const ready = this.#buffer.subarray(0, this.#buffer.length - keep);
        this.#buffer = this.#buffer.slice(this.#buffer.length - keep);
        yield ready;
      }
      if (!await this.#fill()) throw new MultipartError("body ends inside a part");
    }
  }

  /** Stops reading the body (after a refusal that needs none of the rest). */
  async cancel(): Promise<void> {
    this.#finished = true;
    await this.#source.cancel().catch(() => {});
  }
}
