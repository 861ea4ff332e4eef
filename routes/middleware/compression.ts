// Gzip for pages and fragments. Hono's compress middleware pipes every body through a
// CompressionStream, which costs a week view about 0.5 ms of CPU in stream machinery; pages here
// are rendered whole anyway, so the body is compressed in one call (zlib level 6, the same
// size as before) at about a third of the cost. Only textual types are touched: documents
// (PDFs, images) keep streaming as they are.
import type { MiddlewareHandler } from "hono";
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from "hono/compress";
import { gzipSync } from "node:zlib";

/** Below this, the gzip header and the CPU cost more than they save. */
const THRESHOLD_BYTES = 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const VARIES_BY_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

/** Whether an Accept-Encoding header admits gzip (explicitly, or by a wildcard it does not exclude). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = 0;
  for (const part of header.split(",")) {
    const [name, ...parameters] = part.trim().toLowerCase().split(";");
    const qParameter = parameters.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    const weight = Number.isFinite(q) ? q : 0;
    if (name === "gzip" || name === "x-gzip") return weight > 0;
    if (name === "*") wildcard = weight;
  }
  return wildcard > 0;
}

/** A Node Buffer as the plain Uint8Array a Response takes, without copying. */
function asBytes(buffer: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength);
}

export function compression(): MiddlewareHandler {
  return async function compress(c, next) {
    await next();
    const res = c.res;
    const type = res.headers.get("Content-Type");
    if (
      !res.body || c.req.method === "HEAD" || res.status === 206 || res.headers.has("Content-Encoding") ||
      !type || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || NO_TRANSFORM.test(res.headers.get("Cache-Control") ?? "")
    ) return;
    const vary = res.headers.get("Vary");
    if (vary !== "*" && !(vary && VARIES_BY_ENCODING.test(vary))) {
      res.headers.set("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    }
    if (!acceptsGzip(c.req.header("Accept-Encoding"))) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const compressed = body.byteLength >= THRESHOLD_BYTES;
    c.res = new Response(compressed ? asBytes(gzipSync(body, { level: 6 })) : body, res);
    c.res.headers.delete("Content-Length");
    if (compressed) c.res.headers.set("Content-Encoding", "gzip");
  };
}
