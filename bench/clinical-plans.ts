// The query plans behind the measured pages: the app's own db functions (searchPatients, and
// what the week view calls) run on a Kysely instance that records every statement, and each
// recorded statement runs again under EXPLAIN (ANALYZE, BUFFERS), summarised as its plan tree
// (node types, index names, rows) with planning and execution time.
import { readPatientQuery } from "../lib/patient-query.ts";
import { CompiledQuery, Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import type { Database } from "../db/schema.ts";
import type { PracticeScope } from "../db/practice-scope.ts";
import { searchPatients } from "../db/patients.ts";
import { listAppointments } from "../db/appointments.ts";
import { calendarLocations, listPractitioners } from "../db/calendar-access.ts";
import { availabilityFor } from "../db/working-hours.ts";
import { addDays, mondayOf, startOfBerlinDay } from "../lib/berlin-time.ts";
import { berlinDate } from "../lib/clock.ts";
import type { SearchTerm } from "./clinical-queries.ts";
import { note } from "./table.ts";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

interface Explained {
  Plan: PlanNode;
  "Planning Time": number;
  "Execution Time": number;
}

export async function printPlans(
  databaseUrl: string,
  scope: PracticeScope,
  terms: SearchTerm[],
  slowest: SearchTerm[],
  practitionerId: string,
) {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const recorded: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresJSDialect({ postgres: client }),
    log: (event) => {
      if (event.level === "query") recorded.push(event.query);
    },
  });
  const explain = async (label: string, run: () => Promise<unknown>) => {
    recorded.length = 0;
    await run();
    const statements = [...recorded];
    console.log(`\n   ${label}`);
    for (const statement of statements) {
      const [row] = await client.unsafe(
        `explain (analyze, buffers, format json) ${statement.sql}`,
        statement.parameters as postgres.ParameterOrJSON<never>[],
      );
      const [plan] = (row as Record<string, Explained[]>)["QUERY PLAN"];
      const root = plan.Plan;
      note(
        `  ${describeStatement(statement.sql)}: planning ${plan["Planning Time"].toFixed(2)} ms, ` +
          `execution ${plan["Execution Time"].toFixed(2)} ms, buffers hit ${root["Shared Hit Blocks"] ?? 0}` +
          `, read ${root["Shared Read Blocks"] ?? 0}`,
      );
      for (const line of planLines(root, 2)) note(line);
    }
  };
  try {
    // The first term of each kind, and the one of each kind that took longest when measured.
    const kinds = new Map<string, SearchTerm>();
    for (const term of terms) if (!kinds.has(term.kind)) kinds.set(term.kind, term);
    const shown = [...kinds.values()];
    for (const term of slowest) if (!shown.includes(term)) shown.push(term);
    for (const [i, term] of shown.entries()) {
      await explain(
        `searchPatients, ${term.kind}: "${term.q}"${i >= kinds.size ? " (the slowest of its kind when measured)" : ""}`,
        () =>
          searchPatients(db, scope, {
            query: readPatientQuery(term.q, new Date()),
            includeArchived: false,
            limit: 25,
            offset: 0,
          }),
      );
    }
    const monday = mondayOf(berlinDate(new Date()));
    const from = startOfBerlinDay(monday), to = startOfBerlinDay(addDays(monday, 7));
    await explain(`week view of one practitioner, week of ${monday} (the route's queries)`, async () => {
      await listPractitioners(db, scope, new Date());
      await calendarLocations(db, scope);
      await listAppointments(db, scope, { from, to, practitionerId, locationId: null });
      await availabilityFor(db, scope.practiceId, [practitionerId], from, to);
    });
  } finally {
    await db.destroy();
  }
}

/** "select from <table>" of the outermost FROM (subqueries in parentheses are skipped). */
function describeStatement(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (depth === 0) {
      const from = /^\sfrom\s+(?:"?(\w+)"?|\()/i.exec(text.slice(i, i + 80));
      if (from) return `select from ${from[1] ?? "a subquery"}`;
    }
  }
  return text.trim().split(/\s+/)[0];
}

/** The plan as an indented tree: node type, index and relation, rows × loops. */
function planLines(node: PlanNode, depth: number): string[] {
  const using = node["Index Name"] ? ` using ${node["Index Name"]}` : "";
  const on = `${using}${node["Relation Name"] ? ` on ${node["Relation Name"]}` : ""}`;
  const loops = (node["Actual Loops"] ?? 1) > 1 ? ` × ${node["Actual Loops"]} loops` : "";
  const line = `${"  ".repeat(depth)}${node["Node Type"]}${on} (rows ${node["Actual Rows"] ?? "?"}${loops})`;
  return [line, ...(node.Plans ?? []).flatMap((child) => planLines(child, depth + 1))];
}
