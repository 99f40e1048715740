import { seededRandom, seedOf } from '../../../domain/shared/random.ts';
import type { VmSpec, VmStats } from '../port.ts';

/**
 * Simulated guest metrics: each VM gets a steady load profile from the seed, and its counters
 * grow with that profile over time, so repeated samples are monotonic and plausible.
 */
export type VmMetricsState = {
  readonly spec: VmSpec;
  readonly profile: {
    cpu: number;
    netIn: number;
    netOut: number;
    diskRead: number;
    diskWrite: number;
    memory: number;
  };
  stats: VmStats;
};

export const newVmMetrics = (spec: VmSpec, seed: number, at: Date): VmMetricsState => {
  const random = seededRandom(seedOf(`${seed}|metrics|${spec.vmId}`));
  return {
    spec,
    profile: {
      cpu: 5 + random() * 80,
      netIn: random() * 2_000_000,
      netOut: random() * 1_000_000,
      diskRead: random() * 4_000_000,
      diskWrite: random() * 2_000_000,
      memory: 0.3 + random() * 0.6,
    },
    stats: {
      vmId: spec.vmId,
      hostId: spec.hostId,
      cpuUsedPercent: 0,
      networkReadBytes: 0,
      networkWriteBytes: 0,
      diskReadBytes: 0,
      diskWriteBytes: 0,
      diskReadIops: 0,
      diskWriteIops: 0,
      memoryUsedMiB: 0,
      sampledAt: at,
    },
  };
};

/** Advances a VM's counters to `at`, at its profile's rates (bytes per second). */
export const sample = (m: VmMetricsState, at: Date): void => {
  const seconds = Math.max(0, (at.getTime() - m.stats.sampledAt.getTime()) / 1000);
  const { profile, stats } = m;
  m.stats = {
    ...stats,
    cpuUsedPercent: Math.round(profile.cpu * 100) / 100,
    networkReadBytes: stats.networkReadBytes + Math.round(profile.netIn * seconds),
    networkWriteBytes: stats.networkWriteBytes + Math.round(profile.netOut * seconds),
    diskReadBytes: stats.diskReadBytes + Math.round(profile.diskRead * seconds),
    diskWriteBytes: stats.diskWriteBytes + Math.round(profile.diskWrite * seconds),
    diskReadIops: Math.round(profile.diskRead / 4096),
    diskWriteIops: Math.round(profile.diskWrite / 4096),
    memoryUsedMiB: Math.round(m.spec.memoryMiB * profile.memory),
    sampledAt: at,
  };
};
