// A query that runs on every request, built and compiled by Kysely once per database instead of
// on every run: for a wide select, building and compiling costs the app more CPU than Postgres
// spends answering it. The query is built with marker strings in place of its inputs; each run
// puts the real values where the markers landed in the compiled parameter list.
import type { Compilable, CompiledQuery } from "kysely";
import type { Db } from "./database.ts";

export function compiledOnce<Name extends string, Row>(
  names: readonly Name[],
  build: (db: Db, input: Record<Name, string>) => Compilable<Row>,
): (db: Db, input: Record<Name, unknown>) => Promise<Row[]> {
  const compiled = new WeakMap<Db, { query: CompiledQuery<Row>; slots: (Name | null)[] }>();
  return async (db, input) => {
    let entry = compiled.get(db);
    if (!entry) {
      const markers = Object.fromEntries(names.map((name) => [name, `\u0000${name}\u0000`])) as Record<Name, string>;
      const query = build(db, markers).compile();
      const slots = query.parameters.map((value) => names.find((name) => value === markers[name]) ?? null);
      const missing = names.filter((name) => !slots.includes(name));
      if (missing.length) throw new Error(`compiledOnce: ${missing.join(", ")} not among the query's parameters`);
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const { query, slots } = entry;
    const parameters = query.parameters.map((value, i) => {
      const slot = slots[i];
      return slot === null ? value : input[slot];
    });
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
