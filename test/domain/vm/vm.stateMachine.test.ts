import { describe, expect, it } from 'vitest';
import {
  isUsageTransition,
  isVmCreated,
  isVmDestroyed,
  isVmMigrated,
  isVmStarted,
  isVmStopped,
  next,
  type VmEventType,
  type VmFsmEvent,
  type VmStatus,
  vmAuditEventTypes,
  vmEventSchemas,
  vmEventTransitions,
  vmFsmEvents,
  vmStatuses,
  vmTransitions,
  vmUsageEffects,
  vmUsageTransitions,
} from '../../../src/domain/vm/index.ts';

/** cloudstack-domain.md §1.2, transcribed edge by edge ("U" marks Impact.USAGE). */
const reference: ReadonlyArray<readonly [VmStatus, VmFsmEvent, VmStatus, 'U'?]> = [
  ['Stopped', 'StartRequested', 'Starting'],
  ['Stopped', 'DestroyRequested', 'Destroyed', 'U'],
  ['Stopped', 'StopRequested', 'Stopped'],
  ['Stopped', 'AgentReportStopped', 'Stopped'],
  ['Stopped', 'OperationFailedToError', 'Error', 'U'],
  ['Stopped', 'OperationFailed', 'Stopped'],
  ['Stopped', 'ExpungeOperation', 'Expunging', 'U'],
  ['Stopped', 'AgentReportShutdowned', 'Stopped'],
  ['Stopped', 'StorageMigrationRequested', 'Migrating'],
  ['Stopped', 'FollowAgentPowerOnReport', 'Running', 'U'],
  ['Stopped', 'FollowAgentPowerOffReport', 'Stopped'],
  ['Starting', 'OperationRetry', 'Starting'],
  ['Starting', 'OperationSucceeded', 'Running', 'U'],
  ['Starting', 'OperationFailed', 'Stopped'],
  ['Starting', 'AgentReportRunning', 'Running', 'U'],
  ['Starting', 'AgentReportStopped', 'Stopped'],
  ['Starting', 'AgentReportShutdowned', 'Stopped'],
  ['Starting', 'FollowAgentPowerOnReport', 'Running', 'U'],
  ['Starting', 'FollowAgentPowerOffReport', 'Stopped'],
  ['Running', 'MigrationRequested', 'Migrating'],
  ['Running', 'AgentReportRunning', 'Running'],
  ['Running', 'AgentReportStopped', 'Stopped', 'U'],
  ['Running', 'StopRequested', 'Stopping'],
  ['Running', 'AgentReportShutdowned', 'Stopped', 'U'],
  ['Running', 'AgentReportMigrated', 'Running'],
  ['Running', 'OperationSucceeded', 'Running'],
  ['Running', 'FollowAgentPowerOnReport', 'Running'],
  ['Running', 'FollowAgentPowerOffReport', 'Stopped', 'U'],
  ['Stopping', 'OperationSucceeded', 'Stopped', 'U'],
  ['Stopping', 'OperationFailed', 'Running'],
  ['Stopping', 'AgentReportRunning', 'Running'],
  ['Stopping', 'AgentReportStopped', 'Stopped', 'U'],
  ['Stopping', 'StopRequested', 'Stopping'],
  ['Stopping', 'AgentReportShutdowned', 'Stopped', 'U'],
  ['Stopping', 'FollowAgentPowerOnReport', 'Running'],
  ['Stopping', 'FollowAgentPowerOffReport', 'Stopped', 'U'],
  ['Migrating', 'MigrationRequested', 'Migrating'],
  ['Migrating', 'OperationSucceeded', 'Running'],
  ['Migrating', 'OperationFailed', 'Running'],
  ['Migrating', 'AgentReportRunning', 'Running'],
  ['Migrating', 'AgentReportStopped', 'Stopped'],
  ['Migrating', 'AgentReportShutdowned', 'Stopped'],
  ['Migrating', 'FollowAgentPowerOnReport', 'Running'],
  ['Migrating', 'FollowAgentPowerOffReport', 'Stopped'],
  ['Destroyed', 'RecoveryRequested', 'Stopped', 'U'],
  ['Destroyed', 'ExpungeOperation', 'Expunging'],
  ['Expunging', 'OperationFailed', 'Expunging'],
  ['Expunging', 'ExpungeOperation', 'Expunging'],
  ['Error', 'DestroyRequested', 'Expunging'],
  ['Error', 'ExpungeOperation', 'Expunging'],
  // Ours: the expunge completes and the VM is gone.
  ['Expunging', 'OperationSucceeded', 'Expunged'],
];

const tableEdges = () =>
  vmStatuses.flatMap((from) =>
    vmFsmEvents.flatMap((event) => {
      const to = next(from, event);
      return to === null ? [] : [[from, event, to] as const];
    }),
  );

describe('the transition table', () => {
  it('has exactly the edges of the reference, plus Expunging → Expunged', () =>
    expect(new Set(tableEdges().map((e) => e.join(' ')))).toEqual(
      new Set(reference.map(([from, event, to]) => [from, event, to].join(' '))),
    ));

  it('flags exactly the [U] edges of the reference as usage transitions', () =>
    expect(
      new Set(
        vmStatuses.flatMap((from) =>
          vmFsmEvents.filter((e) => isUsageTransition(from, e)).map((e) => `${from} ${e}`),
        ),
      ),
    ).toEqual(new Set(reference.filter((e) => e[3] === 'U').map(([from, event]) => `${from} ${event}`))));

  it('flags usage only on edges that exist', () =>
    vmStatuses.forEach((from) => {
      vmUsageTransitions[from].forEach((event) => {
        expect(next(from, event), `${from} ${event}`).not.toBeNull();
      });
    }));

  it('has no Created state and a terminal Expunged state', () => {
    expect(vmStatuses).not.toContain('Created');
    expect(vmTransitions.Expunged).toEqual({});
  });

  it('answers null for an edge it does not have', () => {
    expect(next('Destroyed', 'StartRequested')).toBeNull();
    expect(next('Running', 'DestroyRequested')).toBeNull();
  });

  it('no edge leads to a state outside the state list', () =>
    tableEdges().forEach(([, , to]) => {
      expect(vmStatuses).toContain(to);
    }));
});

describe('the classifier helpers', () => {
  it('started: Starting → Running', () => {
    expect(isVmStarted({ from: 'Starting', event: 'OperationSucceeded', to: 'Running' })).toBe(true);
    expect(isVmStarted({ from: 'Stopped', event: 'FollowAgentPowerOnReport', to: 'Running' })).toBe(false);
  });

  it('stopped: Stopping → Stopped, or Running → Stopped on a power-off report only', () => {
    expect(isVmStopped({ from: 'Stopping', event: 'OperationSucceeded', to: 'Stopped' })).toBe(true);
    expect(isVmStopped({ from: 'Running', event: 'FollowAgentPowerOffReport', to: 'Stopped' })).toBe(true);
    expect(isVmStopped({ from: 'Running', event: 'AgentReportStopped', to: 'Stopped' })).toBe(false);
  });

  it('migrated: Migrating → Running on success or an agent running report, not on failure', () => {
    expect(isVmMigrated({ from: 'Migrating', event: 'OperationSucceeded', to: 'Running' })).toBe(true);
    expect(isVmMigrated({ from: 'Migrating', event: 'AgentReportRunning', to: 'Running' })).toBe(true);
    expect(isVmMigrated({ from: 'Migrating', event: 'OperationFailed', to: 'Running' })).toBe(false);
  });

  it('created: Destroyed → Stopped (recover)', () => {
    expect(isVmCreated({ from: 'Destroyed', event: 'RecoveryRequested', to: 'Stopped' })).toBe(true);
    expect(isVmCreated({ from: 'Starting', event: 'OperationFailed', to: 'Stopped' })).toBe(false);
  });

  it('destroyed: Stopped → Destroyed, Error or Expunging', () => {
    expect(isVmDestroyed({ from: 'Stopped', event: 'DestroyRequested', to: 'Destroyed' })).toBe(true);
    expect(isVmDestroyed({ from: 'Stopped', event: 'OperationFailedToError', to: 'Error' })).toBe(true);
    expect(isVmDestroyed({ from: 'Stopped', event: 'ExpungeOperation', to: 'Expunging' })).toBe(true);
    expect(isVmDestroyed({ from: 'Error', event: 'DestroyRequested', to: 'Expunging' })).toBe(false);
  });
});

const recorded = Object.entries(vmEventTransitions) as [
  Exclude<VmEventType, 'VmCreated'>,
  (typeof vmEventTransitions)[keyof typeof vmEventTransitions],
][];

describe('the events and their edges', () => {
  it('every event type but VmCreated has an edge entry, and every entry is a schema', () =>
    expect(new Set([...Object.keys(vmEventTransitions), 'VmCreated'])).toEqual(
      new Set(Object.keys(vmEventSchemas)),
    ));

  it('every event that moves the VM does so along an edge of the table from each state it may follow', () =>
    recorded.forEach(([type, { from, fsm }]) => {
      from.forEach((status) => {
        if (fsm !== null) expect(next(status, fsm), `${type} from ${status}`).not.toBeNull();
      });
    }));

  it('every [U] edge an event records has a usage effect', () =>
    recorded.forEach(([type, { from, fsm }]) => {
      from.forEach((status) => {
        if (fsm !== null && isUsageTransition(status, fsm)) expect(vmUsageEffects[type], type).toBeDefined();
      });
    }));

  it('RUNNING_VM opens only on events that land in Running and closes only on events that land in Stopped', () =>
    recorded.forEach(([type, { from, fsm }]) => {
      const effect = vmUsageEffects[type]?.runningVm;
      const landings = from.map((status) => (fsm === null ? status : next(status, fsm)));
      if (effect === 'open') expect(new Set(landings), type).toEqual(new Set(['Running']));
      if (effect === 'close') expect(new Set(landings), type).toEqual(new Set(['Stopped']));
    }));

  it('ALLOCATED_VM opens on create and recover and closes on destroy and failed creation', () =>
    expect(
      Object.entries(vmUsageEffects)
        .filter(([, e]) => e.allocatedVm === 'open' || e.allocatedVm === 'close')
        .map(([type, e]) => `${type} ${e.allocatedVm}`)
        .sort(),
    ).toEqual(['VmCreated open', 'VmCreationFailed close', 'VmDestroyed close', 'VmRecovered open']));

  it('every event carries the VM, its account, tenant domain and zone', () =>
    Object.entries(vmEventSchemas).forEach(([type, { schema }]) => {
      expect(Object.keys(schema.shape), type).toEqual(
        expect.arrayContaining(['vmId', 'accountId', 'tenantDomainId', 'zoneId']),
      );
    }));

  it('every usage-relevant event carries offering, image, size, hypervisor and host', () =>
    (Object.keys(vmUsageEffects) as VmEventType[]).forEach((type) => {
      expect(Object.keys(vmEventSchemas[type].schema.shape), type).toEqual(
        expect.arrayContaining(['serviceOfferingId', 'image', 'size', 'hypervisor', 'hostId', 'name']),
      );
    }));

  it('every event type names its CloudStack audit event or none', () =>
    Object.values(vmAuditEventTypes).forEach((name) => {
      if (name !== null) expect(name).toMatch(/^(VM|VNC)\.[A-Z.]+$/);
    }));
});
