// Serves static files by content-hashed URL, precompressed when the browser accepts it.
import { Hono } from "hono";
import type { StaticAssets } from "../lib/static-assets.ts";

export function staticRoutes(assets: StaticAssets) {
  const app = new Hono();
  app.get("/:version/:name", (c) => {
    const asset = assets.get(c.req.param("version"), c.req.param("name"));
    if (!asset) return c.notFound();
    const accepted = c.req.header("Accept-Encoding") ?? "";
    const [body, encoding] = asset.brotli && /\bbr\b/.test(accepted)
      ? [asset.brotli, "br"]
      : asset.gzip && /\bgzip\b/.test(accepted)
      ? [asset.gzip, "gzip"]
      : [asset.body, undefined];
    c.header("Content-Type", asset.contentType);
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    c.header("Vary", "Accept-Encoding");
    if (encoding) c.header("Content-Encoding", encoding);
    return c.body(body as Uint8Array<ArrayBuffer>);
  });
  return app;
}
