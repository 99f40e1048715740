/**
 * The HTTP bench's load generator, run as a process of its own (so it doesn't share the server's
 * event loop): `tsx bench/http/load.ts <spec.json>` runs autocannon as the spec says and prints
 * the measured figures as one JSON line. With `paths`, each request takes a random one of them.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export type LoadSpec = {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly paths?: readonly string[];
};

export type Measured = {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Answers by status code, so a run that hit the rate limit or failed shows it. */
  statusCodes: Record<string, number>;
};

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const { paths } = spec;
const r = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.seconds,
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  ...(spec.body !== undefined && { body: spec.body }),
  ...(paths && {
    requests: [
      { setupRequest: (req) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)]! }) },
    ],
  }),
});
const measured: Measured = {
  reqPerSec: Math.round(r.requests.average),
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  requests: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
  statusCodes: Object.fromEntries(
    Object.entries(r.statusCodeStats ?? {}).map(([code, v]) => [code, (v as { count: number }).count]),
  ),
};
console.log(JSON.stringify(measured));
