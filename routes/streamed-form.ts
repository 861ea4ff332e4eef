// The multipart form of a request, read once as a stream and shared along the request: the CSRF
// check reads the fields up to its token (which our forms put before any file), the handler
// reads on from there, so a file passes through without the body being held in memory.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { multipartBoundary, MultipartError, type MultipartPart, MultipartReader } from "../lib/multipart.ts";

/** Text fields of one form together; the body limit bounds files, this bounds what is kept. */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;

const forms = new WeakMap<Request, StreamedForm>();

export function isMultipart(c: Context): boolean {
  return /^multipart\/form-data/i.test(c.req.header("Content-Type") ?? "");
}

/** The request's form, opened on first use; a body without a boundary is a 400. */
export function streamedForm(c: Context): StreamedForm {
  let form = forms.get(c.req.raw);
  if (!form) {
    const boundary = multipartBoundary(c.req.header("Content-Type") ?? "");
    if (!boundary || !c.req.raw.body) throw new HTTPException(400, { message: "malformed form body" });
    form = new StreamedForm(new MultipartReader(c.req.raw.body, boundary));
    forms.set(c.req.raw, form);
  }
  return form;
}

/** A malformed body answers 400; other errors (the body limit's 413) pass as they are. */
async function parsing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MultipartError) throw new HTTPException(400, { message: "malformed form body" });
    throw error;
  }
}

export class StreamedForm {
  /** Text fields read so far, in order of arrival (a repeated name keeps every value). */
  readonly fields = new Map<string, string[]>();
  #reader: MultipartReader;
  #textBytes = 0;
  /** A file part the CSRF check stopped at, waiting for the handler. */
  #waiting: MultipartPart | null = null;

  constructor(reader: MultipartReader) {
    this.#reader = reader;
  }

  async #nextPart(): Promise<MultipartPart | null> {
    const waiting = this.#waiting;
    this.#waiting = null;
    return waiting ?? await parsing(() => this.#reader.next());
  }

  async #keepText(part: MultipartPart): Promise<void> {
    const text = await parsing(() => part.text(MAX_TEXT_BYTES - this.#textBytes));
    this.#textBytes += new TextEncoder().encode(text).length;
    this.fields.set(part.name, [...this.fields.get(part.name) ?? [], text]);
  }

  /**
   * The first value of a text field that comes before every file, or undefined when a file (or
   * the end) comes first; the file then waits for the handler.
   */
  async fieldBeforeFiles(name: string): Promise<string | undefined> {
    const known = this.fields.get(name);
    if (known) return known[0];
    if (this.#waiting) return undefined;
    for (;;) {
      const part = await this.#nextPart();
      if (!part) return undefined;
      if (part.fileName !== null) {
        this.#waiting = part;
        return undefined;
      }
      await this.#keepText(part);
      if (part.name === name) return this.fields.get(name)![0];
    }
  }

  /** The next file part, keeping the text fields before it; null at the end of the form. */
  async nextFile(): Promise<MultipartPart | null> {
    for (;;) {
      const part = await this.#nextPart();
      if (!part || part.fileName !== null) return part;
      await this.#keepText(part);
    }
  }

  /** Reads the chunks of a file part, turning a malformed body into a 400. */
  async *fileChunks(part: MultipartPart): AsyncGenerator<Uint8Array> {
    const chunks = part.chunks();
    for (;;) {
      const next = await parsing(() => chunks.next());
      if (next.done) return;
      yield next.value;
    }
  }

  /** Reads the rest of the form: its text fields are kept, files are skipped and counted. */
  async rest(): Promise<{ files: string[] }> {
    const files: string[] = [];
    for (let part = await this.nextFile(); part; part = await this.nextFile()) files.push(part.name);
    return { files };
  }

  /** Every text field as parseBody({ all: true }) gives it: one value as text, several as a list. */
  async textFields(): Promise<Record<string, string | string[]>> {
    await this.rest();
    return this.textFieldsRead();
  }

  /** The text fields read so far, shaped as textFields gives them. */
  textFieldsRead(): Record<string, string | string[]> {
    return Object.fromEntries(
      [...this.fields].map(([name, values]) => [name, values.length === 1 ? values[0] : values]),
    );
  }

  /** Stops reading after a refusal. */
  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}
