// The database's share of the two pages, without HTTP and HTML: the app's own db functions
// (searchPatients; listAppointments as the week view calls it) one after the other for varied
// input, so the growth with the data shows without the cost of rendering.
import { readPatientQuery } from "../lib/patient-query.ts";
import type { Db } from "../db/database.ts";
import type { PracticeScope } from "../db/practice-scope.ts";
import { searchPatients } from "../db/patients.ts";
import { listAppointments } from "../db/appointments.ts";
import { addDays, mondayOf, startOfBerlinDay } from "../lib/berlin-time.ts";
import { type Latencies, summarizeLatencies } from "./load.ts";
import type { SearchTerm, WeekView } from "./clinical-queries.ts";

type Timed = Latencies & { count: number };

export interface QueryTimes {
  search: Timed;
  /** The same searches by kind of term: which kind grows with the data. */
  searchByKind: Map<SearchTerm["kind"], Timed>;
  /** The term of each kind that took longest, for a look at its plan. */
  slowestByKind: Map<SearchTerm["kind"], SearchTerm>;
  week: Timed;
}

export interface QueryTarget {
  db: Db;
  scope: PracticeScope;
  weeks: WeekView[];
}

/**
 * The same searches and week reads on every target, interleaved (the i-th on each before the
 * next), so a burst of other work on the machine hits all targets alike.
 */
export async function timeQueries(targets: QueryTarget[], terms: SearchTerm[], count = 400): Promise<QueryTimes[]> {
  const measure = async (run: (target: QueryTarget, i: number) => Promise<unknown>) => {
    const latencies = targets.map((): number[] => []);
    for (let i = -10; i < count; i++) {
      for (const [t, target] of targets.entries()) {
        const started = performance.now();
        await run(target, Math.max(i, 0));
        if (i >= 0) latencies[t].push(performance.now() - started);
      }
    }
    return latencies;
  };
  const timed = (latencies: number[]): Timed => ({ count: latencies.length, ...summarizeLatencies(latencies) });
  const searches = await measure((target, i) =>
    searchPatients(target.db, target.scope, {
      query: readPatientQuery(terms[i % terms.length].q, new Date()),
      includeArchived: false,
      limit: 25,
      offset: 0,
    })
  );
  const weekReads = await measure((target, i) => {
    const view = target.weeks[i % target.weeks.length];
    const monday = mondayOf(view.date);
    return listAppointments(target.db, target.scope, {
      from: startOfBerlinDay(monday),
      to: startOfBerlinDay(addDays(monday, 7)),
      practitionerId: view.practitionerId,
      locationId: null,
    });
  });
  return targets.map((_, t) => {
    const byKind = new Map<SearchTerm["kind"], number[]>();
    const slowest = new Map<SearchTerm["kind"], { term: SearchTerm; ms: number }>();
    searches[t].forEach((ms, i) => {
      const term = terms[i % terms.length];
      byKind.set(term.kind, [...byKind.get(term.kind) ?? [], ms]);
      if (ms > (slowest.get(term.kind)?.ms ?? -1)) slowest.set(term.kind, { term, ms });
    });
    return {
      search: timed(searches[t]),
      searchByKind: new Map([...byKind].map(([kind, latencies]) => [kind, timed(latencies)])),
      slowestByKind: new Map([...slowest].map(([kind, { term }]) => [kind, term])),
      week: timed(weekReads[t]),
    };
  });
}
