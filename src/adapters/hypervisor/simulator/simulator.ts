import { interval, map, mergeMap, type Observable, from as rxFrom, share } from 'rxjs';
import {
  type HostHeartbeat,
  type HypervisorDriver,
  HypervisorError,
  type HypervisorOperation,
  type VmSpec,
  type VmStats,
} from '../port.ts';
import { FailurePlan, type FailureRule } from './failures.ts';
import { newVmMetrics, sample, type VmMetricsState } from './metrics.ts';

export type SimulatorOptions = {
  /** Makes failures and metrics reproducible. */
  readonly seed?: number;
  /** Milliseconds each operation takes; per operation, else `default` (0). */
  readonly latencyMs?: Partial<Record<HypervisorOperation | 'default', number>>;
  /** Chance (0–1) that any operation fails. */
  readonly failureRate?: number;
  readonly heartbeatIntervalMs?: number;
  readonly metricsIntervalMs?: number;
  /** Injected clock for the metrics, so tests can move time. */
  readonly now?: () => Date;
};

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/**
 * The simulator hypervisor, like CloudStack's Simulator: it keeps which VMs run where, answers
 * every operation after a configurable latency, fails where told to, reports metrics for running
 * VMs, and sends heartbeats for hosts that are up. `takeHostDown` makes a host unreachable and
 * its VMs stop existing, as a crashed host's would.
 */
export class SimulatorDriver implements HypervisorDriver {
  private readonly failures: FailurePlan;
  private readonly running = new Map<string, VmMetricsState>();
  private readonly hosts = new Set<string>();
  private readonly downHosts = new Set<string>();
  private readonly now: () => Date;
  private readonly seed: number;
  private metricsTimer: NodeJS.Timeout | undefined;
  private readonly beats: Observable<HostHeartbeat>;

  constructor(private readonly options: SimulatorOptions = {}) {
    this.seed = options.seed ?? 1;
    this.now = options.now ?? (() => new Date());
    this.failures = new FailurePlan(this.seed, options.failureRate ?? 0);
    this.beats = interval(options.heartbeatIntervalMs ?? 10_000).pipe(
      mergeMap(() => rxFrom([...this.hosts].filter((h) => !this.downHosts.has(h)))),
      map((hostId) => ({ hostId, at: this.now() })),
      share(),
    );
    if (options.metricsIntervalMs)
      this.metricsTimer = setInterval(() => this.sampleAll(), options.metricsIntervalMs).unref();
  }

  // ---- test and operator controls ----

  addHost(hostId: string): void {
    this.hosts.add(hostId);
  }
  failWhen(rule: FailureRule): void {
    this.failures.add(rule);
  }
  clearFailures(): void {
    this.failures.clear();
  }
  takeHostDown(hostId: string): void {
    this.downHosts.add(hostId);
    for (const [vmId, vm] of this.running) if (vm.spec.hostId === hostId) this.running.delete(vmId);
  }
  bringHostUp(hostId: string): void {
    this.downHosts.delete(hostId);
  }
  isRunning(vmId: string): boolean {
    return this.running.has(vmId);
  }
  runningOn(hostId: string): string[] {
    return [...this.running.values()].filter((v) => v.spec.hostId === hostId).map((v) => v.spec.vmId);
  }
  /** Advances every running VM's counters to now. */
  sampleAll(): void {
    const at = this.now();
    for (const vm of this.running.values()) sample(vm, at);
  }

  // ---- the driver ----

  async startVm(spec: VmSpec): Promise<void> {
    await this.operate('startVm', spec.vmId, spec.hostId);
    this.hosts.add(spec.hostId);
    if (!this.running.has(spec.vmId)) this.running.set(spec.vmId, newVmMetrics(spec, this.seed, this.now()));
  }
  async stopVm({ vmId, hostId }: { vmId: string; hostId: string; forced: boolean }): Promise<void> {
    await this.operate('stopVm', vmId, hostId);
    this.running.delete(vmId);
  }
  async rebootVm({ vmId, hostId }: { vmId: string; hostId: string }): Promise<void> {
    await this.operate('rebootVm', vmId, hostId);
    if (!this.running.has(vmId))
      throw new HypervisorError('rebootVm', 'VM_NOT_FOUND', `VM ${vmId} is not running on ${hostId}`);
  }
  async migrateVm({
    vmId,
    sourceHostId,
    targetHostId,
  }: {
    vmId: string;
    sourceHostId: string;
    targetHostId: string;
  }) {
    await this.operate('migrateVm', vmId, sourceHostId);
    this.assertReachable('migrateVm', targetHostId);
    const vm = this.running.get(vmId);
    if (!vm)
      throw new HypervisorError('migrateVm', 'VM_NOT_FOUND', `VM ${vmId} is not running on ${sourceHostId}`);
    this.running.set(vmId, {
      ...vm,
      spec: { ...vm.spec, hostId: targetHostId },
      stats: { ...vm.stats, hostId: targetHostId },
    });
  }
  async expungeVm({ vmId }: { vmId: string }): Promise<void> {
    await this.operate('expungeVm', vmId, null);
    this.running.delete(vmId);
  }
  async createVolume({ volumeId }: { volumeId: string; poolId: string; sizeBytes: number }) {
    await this.operate('createVolume', volumeId, null);
  }
  async attachVolume({
    volumeId,
    hostId,
  }: {
    volumeId: string;
    vmId: string;
    hostId: string | null;
    deviceId: number;
  }) {
    await this.operate('attachVolume', volumeId, hostId);
  }
  async detachVolume({ volumeId, hostId }: { volumeId: string; vmId: string; hostId: string | null }) {
    await this.operate('detachVolume', volumeId, hostId);
  }
  async resizeVolume({ volumeId }: { volumeId: string; poolId: string; newSizeBytes: number }) {
    await this.operate('resizeVolume', volumeId, null);
  }
  async deleteVolume({ volumeId }: { volumeId: string; poolId: string | null }) {
    await this.operate('deleteVolume', volumeId, null);
  }
  async takeSnapshot({ snapshotId, sizeBytes }: { snapshotId: string; volumeId: string; sizeBytes: number }) {
    await this.operate('takeSnapshot', snapshotId, null);
    // A full copy of the data written so far: simulated as a fixed share of the volume.
    return { physicalSizeBytes: Math.round(sizeBytes * 0.4) };
  }
  async deleteSnapshot({ snapshotId }: { snapshotId: string }) {
    await this.operate('deleteSnapshot', snapshotId, null);
  }
  async revertSnapshot({ snapshotId }: { snapshotId: string; volumeId: string }) {
    await this.operate('revertSnapshot', snapshotId, null);
  }
  async createTemplate({
    templateId,
    sizeBytes,
  }: {
    templateId: string;
    sourceId: string;
    sizeBytes: number;
  }) {
    await this.operate('createTemplate', templateId, null);
    return { sizeBytes };
  }

  vmStats(vmId: string): VmStats | null {
    const vm = this.running.get(vmId);
    if (!vm) return null;
    sample(vm, this.now());
    return vm.stats;
  }

  heartbeats(): Observable<HostHeartbeat> {
    return this.beats;
  }

  async close(): Promise<void> {
    if (this.metricsTimer) clearInterval(this.metricsTimer);
  }

  private assertReachable(operation: HypervisorOperation, hostId: string | null): void {
    if (hostId && this.downHosts.has(hostId))
      throw new HypervisorError(operation, 'HOST_UNREACHABLE', `host ${hostId} is unreachable`);
  }

  private async operate(
    operation: HypervisorOperation,
    subject: string,
    hostId: string | null,
  ): Promise<void> {
    await sleep(this.options.latencyMs?.[operation] ?? this.options.latencyMs?.default ?? 0);
    this.assertReachable(operation, hostId);
    if (this.failures.shouldFail(operation, subject, hostId))
      throw new HypervisorError(
        operation,
        'OPERATION_FAILED',
        `simulated failure of ${operation} on ${subject}`,
      );
  }
}
