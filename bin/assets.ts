// deno task assets: copies htmx from its npm package into static/ (never a CDN) and writes
// gzip and brotli siblings of every static file, so the server sends them precompressed.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const staticDir = fileURLToPath(new URL("../static", import.meta.url));
const htmxSource = import.meta.resolve("htmx.org/dist/htmx.min.js");

await Deno.writeFile(`${staticDir}/htmx.min.js`, await Deno.readFile(fileURLToPath(htmxSource)));

for await (const entry of Deno.readDir(staticDir)) {
  if (!entry.isFile || /\.(gz|br)$/.test(entry.name) || !/\.(css|js|svg|txt)$/.test(entry.name)) continue;
  const path = `${staticDir}/${entry.name}`;
  const body = await Deno.readFile(path);
  await Deno.writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
  await Deno.writeFile(
    `${path}.br`,
    brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
}
console.log("static assets ready in", staticDir);
