// The direction of the code, pinned: routes → views, routes → db → lib, routes → lib. lib
// imports neither db nor routes, views take only types from db, routes leave SQL to db/, and
// the db modules import each other without a cycle.
import { suite } from "uvu";
import * as assert from "uvu/assert";

const root = new URL("../../", import.meta.url);

interface Import {
  from: string;
  /** `import type …`, `export type …`, or every name marked `type`. */
  typeOnly: boolean;
}

async function sourceFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(dir: string) {
    for await (const entry of Deno.readDir(new URL(dir, root))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(entry.name)) files.push(path);
    }
  }
  await walk(folder);
  return files.sort();
}

function importsOf(text: string): Import[] {
  const found: Import[] = [];
  const pattern = /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+"([^"]+)"/gms;
  for (const match of text.matchAll(pattern)) {
    const clause = match[2].trim();
    const names = /^\{([^}]*)\}$/s.exec(clause)?.[1].split(",").map((name) => name.trim()).filter(Boolean);
    const everyNameTyped = !!names?.length && names.every((name) => name.startsWith("type "));
    found.push({ from: match[3], typeOnly: !!match[1] || everyNameTyped });
  }
  // Side-effect imports: import "./x.ts";
  for (const match of text.matchAll(/^import\s+"([^"]+)"/gm)) found.push({ from: match[1], typeOnly: false });
  return found;
}

/** The folder-relative path an import resolves to, e.g. "db/patients.ts". */
function resolve(file: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  return new URL(specifier, new URL(file, root)).href.slice(root.href.length);
}

async function read(file: string) {
  return await Deno.readTextFile(new URL(file, root));
}

const layering = suite("the direction of the code");

layering("the import reader tells type-only imports from runtime ones", () => {
  const imports = importsOf(`import type { A } from "./a.ts";
import { type B, type C } from "./b.ts";
import { type D, E } from "./c.ts";
import {
  type F,
  G,
} from "./d.ts";
import * as h from "./e.ts";
export { I } from "./f.ts";
import "./g.ts";`);
  assert.equal(imports.map((i) => `${i.from} ${i.typeOnly}`), [
    "./a.ts true",
    "./b.ts true",
    "./c.ts false",
    "./d.ts false",
    "./e.ts false",
    "./f.ts false",
    "./g.ts false",
  ]);
});

layering("no lib file imports from db/ or routes/ (or views/)", async () => {
  const offending: string[] = [];
  for (const file of await sourceFiles("lib")) {
    for (const { from } of importsOf(await read(file))) {
      const target = resolve(file, from);
      if (target && /^(db|routes|views)\//.test(target)) offending.push(`${file} → ${target}`);
    }
  }
  assert.equal(offending, []);
});

layering("views take nothing but types from db/, and never import routes/", async () => {
  const offending: string[] = [];
  for (const file of await sourceFiles("views")) {
    for (const { from, typeOnly } of importsOf(await read(file))) {
      const target = resolve(file, from);
      if (!target) continue;
      if (target.startsWith("routes/") || (target.startsWith("db/") && !typeOnly)) {
        offending.push(`${file} → ${target}`);
      }
    }
  }
  assert.equal(offending, []);
});

layering("db modules never import routes/ or views/", async () => {
  const offending: string[] = [];
  for (const file of await sourceFiles("db")) {
    for (const { from } of importsOf(await read(file))) {
      const target = resolve(file, from);
      if (target && /^(routes|views)\//.test(target)) offending.push(`${file} → ${target}`);
    }
  }
  assert.equal(offending, []);
});

layering("routes write no SQL and build no queries: that is db/'s work", async () => {
  const offending: string[] = [];
  const query = /\bsql`|\.(selectFrom|insertInto|updateTable|deleteFrom)\(|from "kysely"/;
  for (const file of await sourceFiles("routes")) {
    const lines = (await read(file)).split("\n");
    lines.forEach((line, index) => {
      if (query.test(line)) offending.push(`${file}:${index + 1}`);
    });
  }
  assert.equal(offending, []);
});

layering("mail texts are composed in lib/mail-templates.ts alone: others pass facts to the queue", async () => {
  const offending: string[] = [];
  for (const file of [...await sourceFiles("db"), ...await sourceFiles("routes"), ...await sourceFiles("lib")]) {
    if (file === "lib/mail-templates.ts") continue;
    const text = await read(file);
    // Only the queue composes (db/outgoing-mails.ts); everyone else names a MailOrder.
    for (const { from, typeOnly } of importsOf(text)) {
      if (resolve(file, from) === "lib/mail-templates.ts" && !typeOnly && file !== "db/outgoing-mails.ts") {
        offending.push(`${file} imports the composer`);
      }
    }
    if (/t\("mail\./.test(text)) offending.push(`${file} words a mail itself`);
  }
  assert.equal(offending, []);
});

layering("the db modules' runtime imports form no cycle", async () => {
  const graph = new Map<string, string[]>();
  for (const file of await sourceFiles("db")) {
    const targets = importsOf(await read(file)).filter((i) => !i.typeOnly)
      .map((i) => resolve(file, i.from)).filter((target): target is string => !!target?.startsWith("db/"));
    graph.set(file, targets);
  }
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === "open") cycles.push([...path.slice(path.indexOf(target)), target].join(" → "));
      else if (!state.has(target)) visit(target);
    }
    path.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  assert.equal(cycles, []);
  // The reader found the graph at all: the calendar's modules import what they use.
  assert.ok(graph.get("db/appointment-placement.ts")?.includes("db/calendar-access.ts"));
});

layering.run();
