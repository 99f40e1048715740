import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasLibcloud, python, skipReason } from './clients.ts';
import { type DemoCloud, startDemoCloud } from './demoCloud.ts';

if (!hasLibcloud) console.warn(skipReason('Apache Libcloud (python3-libcloud)'));

describe.skipIf(!hasLibcloud)("Apache Libcloud's CloudStack driver against Skyledger", () => {
  let cloud: DemoCloud;
  beforeAll(async () => {
    cloud = await startDemoCloud();
  }, 120_000);
  afterAll(() => cloud?.close());

  it('runs the whole flow and sees the errors', async () => {
    const { stdout } = await python(join(import.meta.dirname, 'libcloud', 'flow.py'), [], {
      CS_ENDPOINT: cloud.endpoint,
      CS_KEY: cloud.user.apiKey,
      CS_SECRET: cloud.user.secretKey,
      CS_ADMIN_KEY: cloud.server.admin.apiKey,
      CS_ADMIN_SECRET: cloud.server.admin.secretKey,
    });
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      created: 'stopped',
      first_start: 'Running',
      listed: ['lc-1'],
      stopped: 'Stopped',
      started: 'Running',
      rebooted: true,
      volume: 'lc-data',
      detached: true,
      attached: true,
      detached_again: true,
      deleted_volume: true,
      snapshots: 1,
      deleted_snapshot: true,
      destroyed: true,
      wrong_secret: 'refused',
    });
    expect(out.events).toBeGreaterThan(0);
    expect(out.missing_param).toMatch(/missing parameter templatefilter/);
    expect(out.unknown_id).toMatch(/does not exist/);
  }, 300_000);
});
