// deno task assets: copies htmx and @simplewebauthn/browser's self-contained bundle from their
// npm packages into static/ (never a CDN), joins styles/*.css (in name order: the numeric prefix
// sets the cascade) into the one cached static/app.css, and writes gzip and brotli siblings of
// every static file, so the server sends them precompressed.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const staticDir = fileURLToPath(new URL("../static", import.meta.url));
const stylesDir = fileURLToPath(new URL("../styles", import.meta.url));
const htmxSource = import.meta.resolve("htmx.org/dist/htmx.min.js");

// The package exports only its ES module entry (many files); its UMD bundle sits beside it.
const webauthnSource = new URL("../dist/bundle/index.umd.min.js", import.meta.resolve("@simplewebauthn/browser"));

/** Writes the file only when its content changed, so the compressed siblings stay current. */
async function copyIfChanged(from: string, to: string) {
  await writeIfChanged(to, await Deno.readFile(from));
}

async function writeIfChanged(to: string, content: Uint8Array) {
  const existing = await Deno.readFile(to).catch(() => null);
  if (!existing || existing.length !== content.length || existing.some((byte, i) => byte !== content[i])) {
    await Deno.writeFile(to, content);
  }
}

await copyIfChanged(fileURLToPath(htmxSource), `${staticDir}/htmx.min.js`);
await writeIfChanged(`${staticDir}/app.css`, await joinedStyles());
await copyIfChanged(fileURLToPath(webauthnSource), `${staticDir}/simplewebauthn-browser.min.js`);

/** One stylesheet from the area files in styles/, each introduced by its name. */
async function joinedStyles(): Promise<Uint8Array> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(stylesDir)) {
    if (entry.isFile && entry.name.endsWith(".css")) names.push(entry.name);
  }
  names.sort();
  const parts = await Promise.all(
    names.map(async (name) => `/* ${name} */\n${await Deno.readTextFile(`${stylesDir}/${name}`)}`),
  );
  return new TextEncoder().encode(parts.join("\n"));
}

const modified = async (path: string) => (await Deno.stat(path).catch(() => null))?.mtime?.getTime() ?? 0;

for await (const entry of Deno.readDir(staticDir)) {
  if (!entry.isFile || /\.(gz|br)$/.test(entry.name) || !/\.(css|js|svg|txt)$/.test(entry.name)) continue;
  const path = `${staticDir}/${entry.name}`;
  // Brotli at level 11 is slow: compress again only what changed since the last run.
  const source = await modified(path);
  if (await modified(`${path}.gz`) >= source && await modified(`${path}.br`) >= source) continue;
  const body = await Deno.readFile(path);
  await Deno.writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
  await Deno.writeFile(
    `${path}.br`,
    brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
}
console.log("static assets ready in", staticDir);
