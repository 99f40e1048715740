import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HypervisorError } from '../../src/adapters/hypervisor/port.ts';
import { SimulatorDriver } from '../../src/adapters/hypervisor/simulator/simulator.ts';

const spec = (vmId: string, hostId = 'h1') => ({
  vmId,
  hostId,
  cpuNumber: 2,
  cpuSpeedMhz: 1000,
  memoryMiB: 2048,
});

describe('simulator hypervisor', () => {
  it('runs a started VM and forgets a stopped one', async () => {
    const sim = new SimulatorDriver();
    await sim.startVm(spec('vm1'));
    expect(sim.isRunning('vm1')).toBe(true);
    await sim.stopVm({ vmId: 'vm1', hostId: 'h1', forced: false });
    expect(sim.isRunning('vm1')).toBe(false);
  });

  it('waits the configured latency per operation', async () => {
    const sim = new SimulatorDriver({ latencyMs: { startVm: 60 } });
    const t0 = performance.now();
    await sim.startVm(spec('vm1'));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it('fails by rule on an operation and a host, only as often as told', async () => {
    const sim = new SimulatorDriver();
    sim.failWhen({ operation: 'startVm', hostId: 'h2', times: 1 });
    await sim.startVm(spec('vm1', 'h1'));
    await expect(sim.startVm(spec('vm2', 'h2'))).rejects.toBeInstanceOf(HypervisorError);
    await sim.startVm(spec('vm2', 'h2'));
    expect(sim.isRunning('vm2')).toBe(true);
  });

  it('fails at a rate, reproducibly under the same seed whatever the call order', async () => {
    const outcomes = async (seed: number, order: string[]) => {
      const sim = new SimulatorDriver({ seed, failureRate: 0.5 });
      const result: Record<string, boolean> = {};
      for (const id of order)
        result[id] = await sim.createVolume({ volumeId: id, poolId: 'p', sizeBytes: 1 }).then(
          () => true,
          () => false,
        );
      return result;
    };
    const ids = Array.from({ length: 40 }, (_, i) => `vol${i}`);
    const forwards = await outcomes(7, ids);
    expect(await outcomes(7, [...ids].reverse())).toEqual(forwards);
    const failed = Object.values(forwards).filter((ok) => !ok).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('takes a host down: its VMs are gone, operations on it fail, heartbeats stop', async () => {
    const sim = new SimulatorDriver({ heartbeatIntervalMs: 5 });
    sim.addHost('h1');
    sim.addHost('h2');
    await sim.startVm(spec('vm1', 'h1'));
    sim.takeHostDown('h1');
    expect(sim.isRunning('vm1')).toBe(false);
    await expect(sim.startVm(spec('vm2', 'h1'))).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
    const beats = await firstValueFrom(sim.heartbeats().pipe(take(4), toArray()));
    expect(new Set(beats.map((b) => b.hostId))).toEqual(new Set(['h2']));
  });

  it('reports growing metrics for a running VM and none for a stopped one', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const sim = new SimulatorDriver({ seed: 3, now: () => now });
    await sim.startVm(spec('vm1'));
    now = new Date('2026-01-01T00:01:00Z');
    const first = sim.vmStats('vm1')!;
    now = new Date('2026-01-01T00:02:00Z');
    const second = sim.vmStats('vm1')!;
    expect(first.cpuUsedPercent).toBeGreaterThan(0);
    expect(second.networkReadBytes).toBeGreaterThan(first.networkReadBytes);
    expect(second.diskWriteBytes).toBeGreaterThan(first.diskWriteBytes);
    expect(sim.vmStats('other')).toBeNull();
  });

  it('migrates a running VM to the target host', async () => {
    const sim = new SimulatorDriver();
    await sim.startVm(spec('vm1', 'h1'));
    await sim.migrateVm({ vmId: 'vm1', sourceHostId: 'h1', targetHostId: 'h2' });
    expect(sim.runningOn('h2')).toEqual(['vm1']);
    expect(sim.vmStats('vm1')!.hostId).toBe('h2');
  });
});
