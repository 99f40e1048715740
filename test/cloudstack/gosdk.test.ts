import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goRun, hasGoSdk, skipReason } from './clients.ts';
import { type DemoCloud, startDemoCloud } from './demoCloud.ts';

if (!hasGoSdk) console.warn(skipReason('the Go SDK (golang-go, golang-github-xanzy-go-cloudstack-dev)'));

describe.skipIf(!hasGoSdk)('the Go SDK (xanzy/go-cloudstack) against Skyledger', () => {
  let cloud: DemoCloud;
  beforeAll(async () => {
    cloud = await startDemoCloud();
  }, 120_000);
  afterAll(() => cloud?.close());

  it('runs the whole flow and sees the errors', async () => {
    const { stdout } = await goRun(join(import.meta.dirname, 'gosdk'), {
      CS_ENDPOINT: cloud.endpoint,
      CS_KEY: cloud.user.apiKey,
      CS_SECRET: cloud.user.secretKey,
      CS_ADMIN_KEY: cloud.server.admin.apiKey,
      CS_ADMIN_SECRET: cloud.server.admin.secretKey,
    });
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      deployed: 'Running',
      listed: 'go-1',
      stopped: 'Stopped',
      started: 'Running',
      rebooted: 'Running',
      volume: 'go-data',
      volumeDeleted: true,
      snapshot: 'BackedUp',
      snapshots: 1,
      afterExpunge: 0,
    });
    expect(out.attachedTo).toBeTruthy();
    expect(out.events).toBeGreaterThan(0);
    expect(out.wrongSecret).toMatch(/401/);
    expect(out.unknownId).toMatch(/431|does not exist/);
    expect(out.missingParam).toMatch(/431|templatefilter/);
  }, 300_000);
});
