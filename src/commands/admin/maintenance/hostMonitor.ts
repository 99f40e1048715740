import { randomUUID } from 'node:crypto';
import type { Subscription } from 'rxjs';
import type { HypervisorDriver } from '../../../adapters/hypervisor/port.ts';
import type { Host, HostStatusEvent } from '../../../domain/host/index.ts';
import { isDomainError } from '../../../domain/shared/index.ts';
import type { Vm } from '../../../domain/vm/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import type { CommandContext } from '../../context.ts';
import { links, liveChildren } from '../links.ts';
import { stepCtx } from '../shared.ts';
import { loadVms, usesLocalStorage, vmIdsOnHost } from './vmsOnHost.ts';

export type HostMonitorOptions = {
  readonly bus: CommandBus;
  readonly driver: Pick<HypervisorDriver, 'heartbeats'>;
  /** HA: restarts an HA-enabled VM of a dead host on another host (the VM side implements it). */
  readonly restartVmElsewhere: (vmId: string) => Promise<void>;
  /** Silence after which a host is declared down (CloudStack: ping.timeout × ping.interval). */
  readonly timeoutMs: number;
  readonly checkIntervalMs?: number;
  /** Milliseconds since the epoch; tests move it. */
  readonly clock?: () => number;
  readonly log?: (message: string) => void;
};

/** What one check did, for tests and logs. */
export type HostCheck = {
  readonly down: readonly string[];
  readonly reconnected: readonly string[];
  readonly restarted: readonly string[];
  readonly stopped: readonly string[];
};

/** Statuses a silent host is declared down from, and those a heartbeat brings back from. */
const watched: readonly Host['status'][] = ['Up', 'Connecting', 'Alert'];
const lost: readonly Host['status'][] = ['Alert', 'Down', 'Disconnected'];
/** The status events that bring a lost host back to Up, from each status. */
const reconnect: Readonly<Partial<Record<Host['status'], readonly HostStatusEvent[]>>> = {
  Alert: ['Ping'],
  Disconnected: ['Ping'],
  Down: ['AgentConnected', 'Ready'],
};

/**
 * Watches the hypervisor's heartbeats (state, not events) and turns a change of a host's health into
 * events: a host silent for `timeoutMs` gets PingTimeout (→ Alert) then HostDown (→ Down); each VM
 * it held is restarted elsewhere when HA-enabled and not on local storage, else fenced
 * (HostDownForVm → Stopped) and its capacity on the dead host released. A host that beats again
 * comes back Up. Heartbeats are kept in memory, so run ONE monitor per cluster (under leadership,
 * as the job executor does): a new leader starts counting from its own start.
 */
export class HostMonitor {
  private readonly lastSeen = new Map<string, number>();
  /** VMs of a down host already handed to HA: a later pass must not restart them twice. */
  private readonly handedOff = new Set<string>();
  private readonly clock: () => number;
  private readonly startedAt: number;
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<HostCheck> | null = null;

  constructor(private readonly options: HostMonitorOptions) {
    this.clock = options.clock ?? Date.now;
    this.startedAt = this.clock();
  }

  start(): void {
    this.subscription ??= this.options.driver.heartbeats().subscribe((beat) => {
      this.lastSeen.set(beat.hostId, this.clock());
    });
    const every = this.options.checkIntervalMs ?? Math.max(10, Math.floor(this.options.timeoutMs / 3));
    this.timer ??= setInterval(() => void this.check().catch((e) => this.options.log?.(String(e))), every);
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  /** One pass over every host; passes never overlap. */
  check(): Promise<HostCheck> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private silentFor(hostId: string, now: number): number {
    return now - (this.lastSeen.get(hostId) ?? this.startedAt);
  }

  private async pass(): Promise<HostCheck> {
    const { bus, timeoutMs } = this.options;
    const result = {
      down: [] as string[],
      reconnected: [] as string[],
      restarted: [] as string[],
      stopped: [] as string[],
    };
    const now = this.clock();
    for (const hostId of await liveChildren(bus.store, links.allHosts)) {
      const host = (await bus.load('host', hostId)).state;
      if (host === null || host.removed || host.resourceState === 'Maintenance') continue;
      const silent = this.silentFor(hostId, now) >= timeoutMs;
      if (!silent && lost.includes(host.status)) {
        await this.record(host, reconnect[host.status] ?? [], `reconnect:${now}`);
        for (const vmId of vmIdsOnHost(host)) this.handedOff.delete(vmId);
        result.reconnected.push(hostId);
      } else if (silent && watched.includes(host.status)) {
        await this.record(
          host,
          host.status === 'Alert' ? ['HostDown'] : ['PingTimeout', 'HostDown'],
          `down:${now}`,
        );
        result.down.push(hostId);
        await this.evacuate(host, result);
      } else if (host.status === 'Down' && vmIdsOnHost(host).length > 0) {
        // A pass interrupted after HostDown: finish what it started.
        await this.evacuate(host, result);
      }
    }
    return result;
  }

  private context(incident: string): CommandContext {
    return {
      commandId: `host-monitor:${incident}:${randomUUID()}`,
      correlationId: randomUUID(),
      actor: { userId: 'system' },
    };
  }

  private async record(host: Host, events: readonly HostStatusEvent[], incident: string): Promise<void> {
    const ctx = this.context(`${host.hostId}:${incident}`);
    for (const event of events)
      await this.options.bus.execute(
        'host',
        host.hostId,
        { type: 'RecordHostStatusEvent', data: { hostId: host.hostId, event } },
        stepCtx(ctx, event),
      );
  }

  /** Every VM of a dead host: HA restart elsewhere, or fenced to Stopped with its capacity released. */
  private async evacuate(host: Host, result: { restarted: string[]; stopped: string[] }): Promise<void> {
    const current = (await this.options.bus.load('host', host.hostId)).state ?? host;
    for (const vm of await loadVms(this.options.bus, vmIdsOnHost(current))) {
      if (this.handedOff.has(vm.vmId) && vm.placement?.hostId === host.hostId) continue;
      if (vm.placement?.hostId !== host.hostId) {
        // Restarted elsewhere, but its share of the dead host was never given back.
        await this.fence(host, vm);
        this.handedOff.delete(vm.vmId);
        continue;
      }
      if (vm.haEnabled && !(await usesLocalStorage(this.options.bus, vm))) {
        try {
          await this.options.restartVmElsewhere(vm.vmId);
          this.handedOff.add(vm.vmId);
          result.restarted.push(vm.vmId);
          continue;
        } catch (e) {
          this.options.log?.(
            `HA could not restart VM ${vm.vmId}: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      }
      if (await this.fence(host, vm)) result.stopped.push(vm.vmId);
    }
  }

  /** True when the VM is off the dead host and its capacity there released. */
  private async fence(host: Host, vm: Vm): Promise<boolean> {
    const { bus } = this.options;
    const ctx = this.context(`${host.hostId}:fence:${vm.vmId}`);
    if (vm.placement?.hostId === host.hostId) {
      const fenced = await bus
        .execute(
          'vm',
          vm.vmId,
          {
            type: 'HostDownForVm',
            data: { vmId: vm.vmId, hostId: host.hostId, reason: `Host ${host.name} is down` },
          },
          stepCtx(ctx, 'stop'),
        )
        .then(
          () => true,
          (e) => {
            // A hypervisor whose own manager handles HA (VMware): the VM is not ours to stop, nor its capacity.
            if (!isDomainError(e)) throw e;
            this.options.log?.(`VM ${vm.vmId} not fenced: ${e.message}`);
            return false;
          },
        );
      if (!fenced) return false;
    }
    await bus.execute(
      'host',
      host.hostId,
      { type: 'ReleaseHostCapacity', data: { hostId: host.hostId, vmId: vm.vmId } },
      stepCtx(ctx, 'release'),
    );
    return true;
  }
}
