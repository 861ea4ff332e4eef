// Bytes over the wire for a first visit: the page and everything it links, fetched over raw
// HTTP/1.1 so the count is what the socket received (status line, headers, body as sent),
// not what fetch() hands back after decompressing.
import { brotliDecompressSync } from "node:zlib";

const ACCEPT_ENCODING = "br, gzip";
const READ_TIMEOUT_MS = 10_000;

export interface WireResource {
  path: string;
  status: number;
  contentType: string;
  encoding: string;
  headerBytes: number;
  bodyBytes: number;
  decodedBytes: number;
}

/**
 * GET the page (with empty cookies unless a Cookie header is given), then each stylesheet, script
 * and icon it links, and what the page loads by itself once shown (hx-trigger="load" sections).
 */
export async function measureFirstVisit(
  base: string,
  pagePath: string,
  headers: Record<string, string> = {},
): Promise<WireResource[]> {
  const page = await rawGet(base, pagePath, headers);
  const html = new TextDecoder().decode(page.decoded);
  const linked = [...html.matchAll(/<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"/g)]
    .map((match) => match[1])
    .filter((url) => url.startsWith("/"));
  const resources = [page.resource];
  for (const path of new Set(linked)) resources.push((await rawGet(base, path)).resource);
  const loadedByPage = [...html.matchAll(/<[^>]*\bhx-get="([^"]+)"[^>]*\bhx-trigger="load"/g)].map((match) => match[1]);
  for (const path of loadedByPage) {
    resources.push((await rawGet(base, path, { ...headers, "HX-Request": "true" })).resource);
  }
  return resources;
}

async function rawGet(
  base: string,
  path: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ resource: WireResource; decoded: Uint8Array }> {
  const { hostname, port, host } = new URL(base);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const timer = setTimeout(() => conn.close(), READ_TIMEOUT_MS);
  let received: Uint8Array;
  try {
    const extra = Object.entries(extraHeaders).map(([name, value]) => `${name}: ${value}\r\n`).join("");
    const request = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept: */*\r\n` +
      `Accept-Encoding: ${ACCEPT_ENCODING}\r\n${extra}Connection: close\r\n\r\n`;
    await conn.write(new TextEncoder().encode(request));
    received = new Uint8Array(await new Response(conn.readable).arrayBuffer());
  } finally {
    clearTimeout(timer);
  }
  const end = indexOfHeaderEnd(received);
  if (end < 0) throw new Error(`no complete response for ${path}`);
  const head = new TextDecoder().decode(received.subarray(0, end));
  const [statusLine, ...headerLines] = head.split("\r\n");
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const wireBody = received.subarray(end + 4);
  const body = /chunked/i.test(headers.get("Transfer-Encoding") ?? "") ? dechunk(wireBody) : wireBody;
  const encoding = headers.get("Content-Encoding") ?? "";
  const decoded = await decode(body, encoding);
  return {
    resource: {
      path,
      status: Number(statusLine.split(" ")[1]),
      contentType: (headers.get("Content-Type") ?? "").split(";")[0],
      encoding: encoding || "none",
      headerBytes: end + 4,
      bodyBytes: wireBody.length,
      decodedBytes: decoded.length,
    },
    decoded,
  };
}

function indexOfHeaderEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}

/** The payload of a chunked body: hex size line, data, CRLF, until the zero chunk. */
function dechunk(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    let lineEnd = at;
    while (lineEnd + 1 < bytes.length && !(bytes[lineEnd] === 13 && bytes[lineEnd + 1] === 10)) lineEnd++;
    const size = parseInt(new TextDecoder().decode(bytes.subarray(at, lineEnd)).split(";")[0], 16);
    if (!size) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

async function decode(body: Uint8Array, encoding: string): Promise<Uint8Array> {
  if (encoding === "br") return new Uint8Array(brotliDecompressSync(body));
  if (encoding === "gzip" || encoding === "deflate") {
    const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
      new DecompressionStream(encoding),
    );
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return body;
}
