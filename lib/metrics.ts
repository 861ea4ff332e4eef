// Prometheus metrics of one app process (prom-client). Labels carry route patterns, methods,
// status codes, job names and outcomes: never a concrete path, an id or anything personal.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export type JobOutcome = "succeeded" | "failed" | "skipped";

/** Read at scrape time; null leaves the gauge without a value. */
export type GaugeSource = () => Promise<number | null>;

export interface Metrics {
  readonly contentType: string;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  jobRun(job: string, outcome: JobOutcome, seconds: number): void;
  /** A gauge whose value is read when Prometheus scrapes (e.g. the outbox backlog from the database). */
  gauge(name: string, help: string, source: GaugeSource): void;
  render(): Promise<string>;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "kartei_" });
  const requests = new Counter({
    name: "kartei_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const durations = new Histogram({
    name: "kartei_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method and route pattern",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: "kartei_job_runs_total",
    help: "Background job runs, by job and outcome",
    labelNames: ["job", "outcome"],
    registers: [registry],
  });
  const jobDurations = new Histogram({
    name: "kartei_job_duration_seconds",
    help: "Time a background job run took",
    labelNames: ["job"],
    buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120, 600, 3600],
    registers: [registry],
  });
  return {
    contentType: registry.contentType,
    observeRequest(method, route, status, seconds) {
      const m = METHODS.has(method) ? method : "OTHER";
      // Unmatched paths share one label: a scanner's random paths must not grow the series.
      const r = route && route !== "*" && route !== "/*" ? route : "unmatched";
      requests.inc({ method: m, route: r, status: String(status) });
      durations.observe({ method: m, route: r }, seconds);
    },
    jobRun(job, outcome, seconds) {
      jobRuns.inc({ job, outcome });
      jobDurations.observe({ job }, seconds);
    },
    gauge(name, help, source) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          const value = await source().catch(() => null);
          if (value === null) this.reset();
          else this.set(value);
        },
      });
    },
    render: () => registry.metrics(),
  };
}
