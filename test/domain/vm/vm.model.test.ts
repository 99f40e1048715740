import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HypervisorType, hypervisorTypes } from '../../../src/domain/hypervisor/index.ts';
import { DomainError, fold } from '../../../src/domain/shared/index.ts';
import {
  next,
  type VmCommand,
  type VmEvent,
  type VmState,
  type VmStatus,
  vmDecider,
  vmEventSchemas,
  vmEventTransitions,
  vmStatuses,
} from '../../../src/domain/vm/index.ts';
import { cmd, hostA, hostB, hostC, large, small } from './fixtures.ts';

/**
 * Model-based test: a small model of the VM (its status, host and the few facts the rules read)
 * says what each command must do; the real decider must agree, command after command, for random
 * sequences. The model is written from the reference (§1.2–§1.4), not from the decider's code.
 */
type Status = VmStatus | 'Initial';
type Model = {
  status: Status;
  host: string | null;
  target: string | null;
  everStarted: boolean;
  hypervisor: HypervisorType;
  imageKind: 'template' | 'iso';
  offering: 'so-small' | 'so-large';
  haEnabled: boolean;
  vmScaling: boolean;
  templateScalable: boolean;
  rootVolumeId: string;
};
type Real = { state: VmState; history: VmEvent[] };
type Outcome = { refused: string } | { next: Partial<Model>; events: number };

const hosts = { 'host-a': hostA, 'host-b': hostB, 'host-c': hostC } as const;
type HostId = keyof typeof hosts;
const hostIds = Object.keys(hosts) as HostId[];

// What the hypervisors can do, per §3 of the reference.
const liveMigratesAcrossClusters: HypervisorType[] = ['XenServer', 'VMware', 'Simulator'];
const liveMigratesInCluster: HypervisorType[] = ['KVM', 'Ovm'];
const scalesRunningVms: HypervisorType[] = ['KVM', 'XenServer', 'VMware', 'Simulator'];
const restartedByCloudStackHa: HypervisorType[] = ['KVM', 'XenServer', 'Ovm', 'Simulator'];

const alive: Status[] = ['Stopped', 'Starting', 'Running', 'Stopping', 'Migrating'];
const goneCodes: Partial<Record<Status, string>> = {
  Initial: 'VM_NOT_FOUND',
  Destroyed: 'VM_ALREADY_DESTROYED',
  Expunging: 'VM_EXPUNGING',
  Expunged: 'VM_EXPUNGED',
};

const ok = (next: Partial<Model> = {}, events = 1): Outcome => ({ next, events });
const nothing: Outcome = { next: {}, events: 0 };
const refused = (code: string): Outcome => ({ refused: code });
const inState = (m: Model, allowed: Status[], code: string, then: () => Outcome): Outcome =>
  allowed.includes(m.status) ? then() : refused(goneCodes[m.status] ?? code);

const offeringSize = { 'so-small': small, 'so-large': large } as const;

/** The oracle for each command. */
const oracle = {
  deploy: (hypervisor: HypervisorType, iso: boolean) => (m: Model) =>
    m.status === 'Initial'
      ? ok({ status: 'Stopped', hypervisor, imageKind: iso ? 'iso' : 'template', templateScalable: true })
      : refused('VM_ALREADY_EXISTS'),
  requestStart: (h: HostId) => (m: Model) =>
    inState(m, ['Stopped'], 'VM_NOT_STOPPED', () => ok({ status: 'Starting', host: h })),
  completeStart: () => (m: Model) =>
    inState(m, ['Starting'], 'VM_NOT_STARTING', () => ok({ status: 'Running', everStarted: true })),
  failStart: (toError: boolean) => (m: Model) =>
    toError
      ? inState(m, ['Starting', 'Stopped'], 'VM_NOT_STARTING', () =>
          m.everStarted
            ? refused('VM_NOT_NEWLY_CREATED')
            : ok({ status: 'Error', host: null }, m.status === 'Starting' ? 2 : 1),
        )
      : inState(m, ['Starting'], 'VM_NOT_STARTING', () => ok({ status: 'Stopped', host: null })),
  requestStop: (forced: boolean) => (m: Model) =>
    inState(m, forced ? ['Running', 'Stopping'] : ['Running'], 'VM_NOT_RUNNING', () =>
      ok({ status: 'Stopping' }),
    ),
  completeStop: () => (m: Model) =>
    inState(m, ['Stopping'], 'VM_NOT_STOPPING', () => ok({ status: 'Stopped', host: null })),
  failStop: () => (m: Model) => inState(m, ['Stopping'], 'VM_NOT_STOPPING', () => ok({ status: 'Running' })),
  reboot: () => (m: Model) => inState(m, ['Running'], 'VM_NOT_RUNNING', () => ok()),
  destroy: (expunge: boolean, allowed: boolean) => (m: Model) => {
    if (expunge && !allowed) return refused('VM_EXPUNGE_NOT_ALLOWED');
    if (m.status === 'Running') return refused('VM_MUST_BE_STOPPED');
    return inState(m, ['Stopped', 'Error'], 'VM_NOT_STOPPED', () =>
      m.status === 'Error'
        ? ok({ status: 'Expunging' })
        : ok({ status: expunge ? 'Expunging' : 'Destroyed' }, expunge ? 2 : 1),
    );
  },
  recover: (ownerRemoved: boolean, allowed: boolean) => (m: Model) =>
    allowed
      ? inState(m, ['Destroyed'], 'VM_NOT_DESTROYED', () =>
          ownerRemoved ? refused('VM_OWNER_REMOVED') : ok({ status: 'Stopped' }),
        )
      : refused('VM_RECOVER_NOT_ALLOWED'),
  expunge: () => (m: Model) =>
    inState(m, ['Destroyed', 'Error', 'Expunging'], 'VM_NOT_DESTROYED', () =>
      ok({ status: 'Expunged' }, m.status === 'Expunging' ? 1 : 2),
    ),
  restore:
    (iso: boolean, ownerDisabled: boolean, templateScalable: boolean, rootVolumeId: string) => (m: Model) =>
      inState(m, ['Running', 'Stopped'], 'VM_NOT_RUNNING_OR_STOPPED', () => {
        if (ownerDisabled) return refused('VM_OWNER_DISABLED');
        if ((iso ? 'iso' : 'template') !== m.imageKind) return refused('VM_IMAGE_KIND_CHANGE');
        if (rootVolumeId === m.rootVolumeId) return refused('VM_ROOT_VOLUME_ID_REUSED');
        return ok({ templateScalable, rootVolumeId });
      }),
  migrate: (h: HostId, rootAdmin: boolean, local: boolean) => (m: Model) => {
    if (!rootAdmin) return refused('VM_MIGRATION_NOT_ALLOWED');
    return inState(m, ['Running'], 'VM_NOT_RUNNING', () => {
      const crossCluster = m.host !== null && hosts[m.host as HostId].clusterId !== hosts[h].clusterId;
      if (h === m.host) return refused('VM_ALREADY_ON_HOST');
      if (!liveMigratesAcrossClusters.includes(m.hypervisor) && !liveMigratesInCluster.includes(m.hypervisor))
        return refused('HYPERVISOR_MIGRATION_UNSUPPORTED');
      if (local && !liveMigratesAcrossClusters.includes(m.hypervisor))
        return refused('VM_LOCAL_STORAGE_MIGRATION_UNSUPPORTED');
      if (crossCluster && liveMigratesInCluster.includes(m.hypervisor))
        return refused('VM_MIGRATION_ACROSS_CLUSTERS_UNSUPPORTED');
      return ok({ status: 'Migrating', target: h });
    });
  },
  completeMigration: () => (m: Model) =>
    inState(m, ['Migrating'], 'VM_NOT_MIGRATING', () =>
      ok({ status: 'Running', host: m.target, target: null }),
    ),
  failMigration: () => (m: Model) =>
    inState(m, ['Migrating'], 'VM_NOT_MIGRATING', () => ok({ status: 'Running', target: null })),
  changeOffering: (offering: Model['offering'], snapshots: boolean) => (m: Model) =>
    inState(m, ['Stopped'], 'VM_NOT_STOPPED', () => {
      if (snapshots) return refused('VM_HAS_VM_SNAPSHOTS');
      return offering === m.offering ? refused('VM_OFFERING_UNCHANGED') : ok({ offering });
    }),
  scale: (offering: Model['offering'], zone: boolean, offeringFlag: boolean) => (m: Model) =>
    inState(m, ['Running'], 'VM_NOT_RUNNING', () => {
      if (
        !(
          zone &&
          offeringFlag &&
          m.templateScalable &&
          m.vmScaling &&
          scalesRunningVms.includes(m.hypervisor)
        )
      )
        return refused('VM_DYNAMIC_SCALING_DISABLED');
      if (offering === m.offering) return refused('VM_OFFERING_UNCHANGED');
      return offering === 'so-small' ? refused('VM_SCALE_DOWN_NOT_SUPPORTED') : ok({ offering });
    }),
  update: (haEnabled: boolean, vmScaling: boolean) => (m: Model) =>
    inState(m, alive, 'VM_IN_ERROR', () =>
      haEnabled === m.haEnabled && vmScaling === m.vmScaling ? nothing : ok({ haEnabled, vmScaling }),
    ),
  consoleToken: () => (m: Model) => inState(m, ['Running'], 'VM_NOT_RUNNING', () => ok()),
  resetPassword: (enabled: boolean) => (m: Model) =>
    inState(m, ['Stopped'], 'VM_NOT_STOPPED', () =>
      enabled ? ok() : refused('VM_TEMPLATE_NOT_PASSWORD_ENABLED'),
    ),
  powerOn: (h: HostId) => (m: Model) =>
    inState(m, alive, 'VM_UNEXPECTEDLY_RUNNING', () => {
      if (m.status === 'Stopped' || m.status === 'Starting')
        return ok({ status: 'Running', host: h, everStarted: true });
      if ((m.status === 'Running' || m.status === 'Migrating') && h !== m.host)
        return ok({ status: 'Running', host: h, target: null });
      return nothing;
    }),
  powerOff: (h: HostId) => (m: Model) =>
    inState(m, [...alive, 'Destroyed', 'Expunging', 'Error'], 'VM_EXPUNGED', () =>
      (m.status === 'Running' || m.status === 'Stopping') && h === m.host
        ? ok({ status: 'Stopped', host: null })
        : nothing,
    ),
  hostDown: (h: HostId) => (m: Model) =>
    inState(m, ['Running', 'Stopping', 'Migrating'], 'VM_NOT_RUNNING', () => {
      if (!restartedByCloudStackHa.includes(m.hypervisor)) return refused('HYPERVISOR_HA_NOT_MANAGED');
      return h === m.host ? ok({ status: 'Stopped', host: null, target: null }) : refused('VM_NOT_ON_HOST');
    }),
};

const statusOf = (state: VmState): Status => state.status;
const visited = new Set<Status>();
/** `<event type>@<state it followed>`: which edges the runs exercised. */
const exercised = new Set<string>();

/** Every emitted event is one legal edge of the table (VmCreated: the stream's first event). */
const assertLegalStep = (before: VmState, event: VmEvent, after: VmState) => {
  expect(() => vmEventSchemas[event.type].schema.parse(event.data), event.type).not.toThrow();
  if (event.type === 'VmCreated') {
    expect([statusOf(before), statusOf(after)]).toEqual(['Initial', 'Stopped']);
    return;
  }
  const from = statusOf(before);
  exercised.add(`${event.type}@${from}`);
  const { from: allowed, fsm } = vmEventTransitions[event.type];
  expect(allowed, `${event.type} from ${from}`).toContain(from);
  const expected = fsm === null ? from : next(from as VmStatus, fsm);
  expect(statusOf(after), `${event.type} from ${from}`).toBe(expected);
  expect(vmStatuses).toContain(statusOf(after));
};

class Step implements fc.Command<Model, Real> {
  constructor(
    private readonly command: VmCommand,
    private readonly expected: (m: Model) => Outcome,
  ) {}

  check = () => true;

  run(m: Model, r: Real): void {
    const outcome = this.expected(m);
    const snapshot = structuredClone(r.state);
    let events: readonly VmEvent[] = [];
    let error: unknown;
    try {
      events = vmDecider.decide(this.command, r.state);
    } catch (e) {
      error = e;
    }
    expect(r.state, 'decide never mutates the state').toEqual(snapshot);
    if ('refused' in outcome) {
      expect(error, `${this} should be refused with ${outcome.refused}`).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(outcome.refused);
      return;
    }
    expect(error, `${this} should be allowed`).toBeUndefined();
    expect(events).toHaveLength(outcome.events);
    for (const event of events) {
      const after = vmDecider.evolve(r.state, event);
      assertLegalStep(r.state, event, after);
      r.state = after;
      r.history.push(event);
    }
    Object.assign(m, outcome.next);
    visited.add(m.status);
    const vm = r.state;
    expect(statusOf(vm)).toBe(m.status);
    if (vm.status !== 'Initial') {
      expect(vm.placement?.hostId ?? null).toBe(m.host);
      expect(vm.migrationTarget?.hostId ?? null).toBe(m.target);
      expect(vm.serviceOfferingId).toBe(m.offering);
      expect(vm.rootVolumeId).toBe(m.rootVolumeId);
    }
    expect(fold(vmDecider, r.history), 'folding all events from scratch gives the same state').toEqual(
      r.state,
    );
  }

  toString() {
    return `${this.command.type}(${JSON.stringify(this.command.data)})`;
  }
}

const host = fc.constantFrom(...hostIds);
const step = (command: VmCommand, expected: (m: Model) => Outcome) => new Step(command, expected);
const deployArb = fc
  .tuple(fc.constantFrom(...hypervisorTypes), fc.boolean())
  .map(([hypervisor, iso]) =>
    step(
      cmd.deploy({ hypervisor, ...(iso && { image: { kind: 'iso', isoId: 'iso-1' } }) }),
      oracle.deploy(hypervisor, iso),
    ),
  );
const offering = fc.constantFrom<Model['offering']>('so-small', 'so-large');

const commands = [
  // Deploy is weighted up so most runs get a VM early and spend their steps on its life.
  deployArb,
  deployArb,
  deployArb,
  host.map((h) => step(cmd.requestStart(hosts[h]), oracle.requestStart(h))),
  fc.constant(null).map(() => step(cmd.completeStart(), oracle.completeStart())),
  fc.boolean().map((toError) => step(cmd.failStart(toError), oracle.failStart(toError))),
  fc.boolean().map((forced) => step(cmd.requestStop(forced), oracle.requestStop(forced))),
  fc.constant(null).map(() => step(cmd.completeStop(), oracle.completeStop())),
  fc.constant(null).map(() => step(cmd.failStop(), oracle.failStop())),
  fc.constant(null).map(() => step(cmd.reboot(), oracle.reboot())),
  fc
    .tuple(fc.boolean(), fc.boolean())
    .map(([expunge, allowed]) => step(cmd.destroy(expunge, allowed), oracle.destroy(expunge, allowed))),
  fc
    .tuple(fc.boolean(), fc.boolean())
    .map(([removed, allowed]) => step(cmd.recover(removed, allowed), oracle.recover(removed, allowed))),
  fc.constant(null).map(() => step(cmd.expunge(), oracle.expunge())),
  fc
    .tuple(
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom('vol-root-1', 'vol-root-2', 'vol-root-3'),
    )
    .map(([iso, disabled, scalable, rootId]) =>
      step(
        cmd.restore(iso ? { kind: 'iso', isoId: 'iso-2' } : { kind: 'template', templateId: 'tpl-2' }, {
          ownerAccountDisabled: disabled,
          newRootVolumeId: rootId,
          dynamicallyScalable: scalable,
        }),
        oracle.restore(iso, disabled, scalable, rootId),
      ),
    ),
  fc
    .tuple(host, fc.boolean(), fc.boolean())
    .map(([h, root, local]) =>
      step(
        cmd.migrate(hosts[h], { callerIsRootAdmin: root, usesLocalStorage: local }),
        oracle.migrate(h, root, local),
      ),
    ),
  fc.constant(null).map(() => step(cmd.completeMigration(), oracle.completeMigration())),
  fc.constant(null).map(() => step(cmd.failMigration(), oracle.failMigration())),
  fc
    .tuple(offering, fc.boolean())
    .map(([o, snaps]) =>
      step(cmd.changeOffering(o, offeringSize[o], snaps), oracle.changeOffering(o, snaps)),
    ),
  fc
    .tuple(offering, fc.boolean(), fc.boolean())
    .map(([o, zone, flag]) =>
      step(cmd.scale(o, offeringSize[o], { zone, offering: flag }), oracle.scale(o, zone, flag)),
    ),
  fc
    .tuple(fc.boolean(), fc.boolean())
    .map(([ha, scaling]) =>
      step(cmd.update({ haEnabled: ha, dynamicScalingEnabled: scaling }), oracle.update(ha, scaling)),
    ),
  fc.constant(null).map(() => step(cmd.consoleToken(), oracle.consoleToken())),
  fc.boolean().map((enabled) => step(cmd.resetPassword(enabled), oracle.resetPassword(enabled))),
  host.map((h) => step(cmd.power('On', hosts[h]), oracle.powerOn(h))),
  host.map((h) => step(cmd.power('Off', hosts[h]), oracle.powerOff(h))),
  host.map((h) => step(cmd.hostDown(h), oracle.hostDown(h))),
];

const setup = () => ({
  model: {
    status: 'Initial',
    host: null,
    target: null,
    everStarted: false,
    hypervisor: 'XenServer',
    imageKind: 'template',
    offering: 'so-small',
    haEnabled: true,
    vmScaling: true,
    templateScalable: true,
    rootVolumeId: 'vol-root-1',
  } satisfies Model as Model,
  real: { state: vmDecider.initialState(), history: [] } as Real,
});

/**
 * Random sequences alone seldom get deep (Running, then migrating...): each run starts from one of
 * these prefixes, run through the same oracle, then goes on at random.
 */
const prefix = fc
  .tuple(fc.constantFrom(...hypervisorTypes), fc.integer({ min: 0, max: 4 }))
  .map(([hv, depth]) => {
    const deploy = step(cmd.deploy({ hypervisor: hv }), oracle.deploy(hv, false));
    const start = [
      step(cmd.requestStart(hostA), oracle.requestStart('host-a')),
      step(cmd.completeStart(), oracle.completeStart()),
    ];
    const stop = [
      step(cmd.requestStop(false), oracle.requestStop(false)),
      step(cmd.completeStop(), oracle.completeStop()),
    ];
    const paths: Step[][] = [
      [],
      [deploy],
      [deploy, ...start],
      [deploy, ...start, step(cmd.migrate(hostB), oracle.migrate('host-b', true, false))],
      [deploy, ...start, ...stop, step(cmd.destroy(), oracle.destroy(false, true))],
    ];
    return paths[depth] ?? [];
  });

describe('the VM decider against its model', () => {
  it('agrees with the model on every random command sequence; events are legal edges and fold back to the state', () => {
    fc.assert(
      fc.property(prefix, fc.commands(commands, { maxCommands: 100, size: 'max' }), (start, steps) => {
        fc.modelRun(setup, [...start, ...steps]);
      }),
      { numRuns: 300 },
    );
    expect(vmDecider.initialState()).toEqual({ status: 'Initial' });
  });

  it('the random sequences reach every state of the machine', () =>
    expect(new Set(visited)).toEqual(new Set<Status>([...vmStatuses])));

  it('the random sequences emit every event from every state it may follow', () =>
    expect(exercised).toEqual(
      new Set(
        Object.entries(vmEventTransitions).flatMap(([type, { from }]) =>
          from.map((status) => `${type}@${status}`),
        ),
      ),
    ));
});
