import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type MetricsSources = {
  /** The projections this node runs and how far behind each is (read at every scrape). */
  readonly projections?: () => readonly { readonly name: string; readonly lagMs: number | null }[];
};

/** Prometheus metrics of one node (served at /metrics). */
export const createMetrics = (sources: MetricsSources = {}) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'skyledger_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsTotal: new Counter({
      name: 'skyledger_jobs_total',
      help: 'Async jobs ended, by command and outcome',
      labelNames: ['command', 'outcome'] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'skyledger_job_duration_seconds',
      help: 'Async job duration by command',
      labelNames: ['command'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    projectionLag: new Gauge({
      name: 'skyledger_projection_lag_seconds',
      help: 'Time from an event append to its projection, last batch',
      labelNames: ['projection'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const p of sources.projections?.() ?? [])
          if (p.lagMs !== null) this.set({ projection: p.name }, p.lagMs / 1000);
      },
    }),
    appendDuration: new Histogram({
      name: 'skyledger_event_store_append_duration_seconds',
      help: 'Event store append latency',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
};

export type Metrics = ReturnType<typeof createMetrics>;
