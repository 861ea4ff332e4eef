// The files under static/, read once at start with their precompressed siblings (made by
// `deno task assets`) and addressed by content hash, so browsers may cache them for a year.
import { encodeHexLowerCase } from "@oslojs/encoding";
import { sha256 } from "@oslojs/crypto/sha2";

export interface StaticAsset {
  contentType: string;
  body: Uint8Array;
  gzip?: Uint8Array;
  brotli?: Uint8Array;
  version: string;
}

export interface StaticAssets {
  /** The cache-busting URL of a file, e.g. /static/3f2a…/app.css */
  url(name: string): string;
  get(version: string, name: string): StaticAsset | undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
};

export async function loadStaticAssets(dir: string): Promise<StaticAssets> {
  const assets = new Map<string, StaticAsset>();
  // A compressed sibling older than its source is stale: better none than the wrong content.
  const readSibling = async (source: Deno.FileInfo, path: string) => {
    const sibling = await Deno.stat(path).catch(() => null);
    if (!sibling?.mtime || !source.mtime || sibling.mtime < source.mtime) return undefined;
    return await Deno.readFile(path);
  };
  for await (const entry of Deno.readDir(dir)) {
    const extension = entry.name.split(".").pop() ?? "";
    if (!entry.isFile || !(extension in CONTENT_TYPES)) continue;
    const path = `${dir}/${entry.name}`;
    const body = await Deno.readFile(path);
    const info = await Deno.stat(path);
    assets.set(entry.name, {
      contentType: CONTENT_TYPES[extension],
      body,
      gzip: await readSibling(info, `${path}.gz`),
      brotli: await readSibling(info, `${path}.br`),
      version: encodeHexLowerCase(sha256(body)).slice(0, 16),
    });
  }
  return {
    url(name) {
      const asset = assets.get(name);
      if (!asset) throw new Error(`static asset ${name} is missing: run deno task assets`);
      return `/static/${asset.version}/${name}`;
    },
    get(version, name) {
      const asset = assets.get(name);
      return asset && asset.version === version ? asset : undefined;
    },
  };
}
