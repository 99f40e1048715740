import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDone, openWorld, type World } from '../http/rest/tenant/world.ts';

/** What /metrics tells an operator after a tenant deploys a VM through the API. */

let w: World;
let metrics: string;

/** The value of one sample line, e.g. `skyledger_jobs_total{command="DeployVm",outcome="succeeded"}`. */
const sample = (name: string, labels: Record<string, string> = {}): number | undefined => {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0]!;
    if (wanted.every((l) => labelText.includes(l))) return Number(line.split(' ').at(-1));
  }
  return undefined;
};

beforeAll(async () => {
  w = await openWorld();
  const deployed = await w.server.signed(
    'POST',
    '/v1/vms',
    { zoneId: w.zoneId, serviceOfferingId: w.offeringId, templateId: w.templateId },
    w.alice.keys,
  );
  expect(deployed.status).toBe(202);
  expect(await jobDone(w, deployed.body.jobId, w.alice.keys)).toMatchObject({ state: 'succeeded' });
  metrics = await (await fetch(`${w.server.base}/metrics`)).text();
}, 120_000);
afterAll(() => w?.server.close());

describe('/metrics', () => {
  it('counts jobs by command and outcome, with their durations', () => {
    expect(sample('skyledger_jobs_total', { command: 'DeployVm', outcome: 'succeeded' })).toBe(1);
    expect(sample('skyledger_job_duration_seconds_count', { command: 'DeployVm' })).toBe(1);
    expect(sample('skyledger_job_duration_seconds_sum', { command: 'DeployVm' })).toBeGreaterThan(0);
  });

  it('times event store appends', () => {
    // Bootstrap, the cloud's setup and the deploy all appended.
    expect(sample('skyledger_event_store_append_duration_seconds_count')).toBeGreaterThan(20);
  });

  it('shows the lag of the projections this node runs', () => {
    expect(sample('skyledger_projection_lag_seconds', { projection: 'vms' })).toBeGreaterThanOrEqual(0);
  });

  it('times requests by route and status', () => {
    expect(
      sample('skyledger_http_request_duration_seconds_count', {
        method: 'post',
        route: '/v1/vms',
        status: '202',
      }),
    ).toBe(1);
  });
});
