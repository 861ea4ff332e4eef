// A body limit that counts the bytes as they stream through instead of collecting them (Hono's
// bodyLimit buffers a body sent without Content-Length): a declared length past the limit is
// refused at once, a body that runs past it errors with a 413 where it is being read.
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";

export function streamingBodyLimit(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return await next();
    const declared = c.req.header("Content-Length");
    if (declared !== undefined && !c.req.raw.headers.has("Transfer-Encoding") && Number(declared) > maxSize) {
      return await onError(c);
    }
    let size = 0;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          size += chunk.length;
          if (size > maxSize) controller.error(new HTTPException(413, { message: "body too large" }));
          else controller.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: "half" } as RequestInit);
    await next();
  };
}
