import { describe, expect, it } from 'vitest';
import type { HostCommand, HostEvent, ResourceState } from '../../../src/domain/host/index.ts';
import { hostDecider } from '../../../src/domain/host/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { hostAdded, hostId, resourceChanged, statusChanged, upHost } from './fixtures.ts';

const spec = DeciderSpecification.for(hostDecider);

const noVms = { clusterHostsPreparing: 0, vmsStarting: 0, vmsStopping: 0, vmsInError: 0, vmsMigratingIn: 0 };
const commands = {
  EnableHost: { type: 'EnableHost', data: { hostId } },
  DisableHost: { type: 'DisableHost', data: { hostId } },
  PrepareHostForMaintenance: { type: 'PrepareHostForMaintenance', data: { hostId, ...noVms } },
  CompleteHostMaintenance: { type: 'CompleteHostMaintenance', data: { hostId } },
  'FailHostMaintenance(UnableToMigrate)': {
    type: 'FailHostMaintenance',
    data: { hostId, reason: 'UnableToMigrate' },
  },
  'FailHostMaintenance(UnableToMaintain)': {
    type: 'FailHostMaintenance',
    data: { hostId, reason: 'UnableToMaintain' },
  },
  CancelHostMaintenance: { type: 'CancelHostMaintenance', data: { hostId } },
  DeclareHostDegraded: { type: 'DeclareHostDegraded', data: { hostId } },
  CancelHostDegraded: { type: 'CancelHostDegraded', data: { hostId } },
} satisfies Record<string, HostCommand>;
type CommandName = keyof typeof commands;

/** The ResourceState.Event each command raises (what HostResourceStateChanged records). */
const raises = {
  EnableHost: 'Enable',
  DisableHost: 'Disable',
  PrepareHostForMaintenance: 'AdminAskMaintenance',
  CompleteHostMaintenance: 'InternalEnterMaintenance',
  'FailHostMaintenance(UnableToMigrate)': 'UnableToMigrate',
  'FailHostMaintenance(UnableToMaintain)': 'UnableToMaintain',
  CancelHostMaintenance: 'AdminCancelMaintenance',
  DeclareHostDegraded: 'DeclareHostDegraded',
  CancelHostDegraded: 'EnableDegradedHost',
} as const;

const down = statusChanged('HostDown', 'Up', 'Down');
const ask = resourceChanged('AdminAskMaintenance', 'Enabled', 'PrepareForMaintenance');

/** Real histories reaching each ResourceState; Degraded needs a Down host first. */
const histories: Record<Exclude<ResourceState, 'Creating'>, HostEvent[]> = {
  Enabled: upHost(),
  Disabled: [...upHost(), resourceChanged('Disable', 'Enabled', 'Disabled')],
  PrepareForMaintenance: [...upHost(), ask],
  ErrorInPrepareForMaintenance: [
    ...upHost(),
    ask,
    resourceChanged('UnableToMigrate', 'PrepareForMaintenance', 'ErrorInPrepareForMaintenance'),
  ],
  ErrorInMaintenance: [
    ...upHost(),
    ask,
    resourceChanged('UnableToMaintain', 'PrepareForMaintenance', 'ErrorInMaintenance'),
  ],
  Maintenance: [
    ...upHost(),
    ask,
    resourceChanged('InternalEnterMaintenance', 'PrepareForMaintenance', 'Maintenance'),
  ],
  Degraded: [...upHost(), down, resourceChanged('DeclareHostDegraded', 'Enabled', 'Degraded')],
  // No Skyledger command leads to Error; an imported history may.
  Error: [...upHost(), resourceChanged('Disable', 'Enabled', 'Error')],
};

/** §2.2 written out: the target of each command per state, 'same' for a no-op, a code for a refusal. */
type Outcome =
  | ResourceState
  | 'same'
  | 'HOST_RESOURCE_STATE_TRANSITION_INVALID'
  | 'HOST_ALREADY_IN_MAINTENANCE';
const invalidMove = 'HOST_RESOURCE_STATE_TRANSITION_INVALID';
const expected: Record<Exclude<ResourceState, 'Creating'>, Partial<Record<CommandName, Outcome>>> = {
  Enabled: {
    EnableHost: 'same',
    DisableHost: 'Disabled',
    PrepareHostForMaintenance: 'PrepareForMaintenance',
    CompleteHostMaintenance: 'Maintenance',
    'FailHostMaintenance(UnableToMigrate)': invalidMove,
    CancelHostMaintenance: invalidMove,
    DeclareHostDegraded: 'Degraded',
    CancelHostDegraded: invalidMove,
  },
  Disabled: {
    EnableHost: 'Enabled',
    DisableHost: 'same',
    PrepareHostForMaintenance: 'PrepareForMaintenance',
    CompleteHostMaintenance: 'Maintenance',
    DeclareHostDegraded: 'Degraded',
    CancelHostMaintenance: invalidMove,
  },
  PrepareForMaintenance: {
    CompleteHostMaintenance: 'Maintenance',
    CancelHostMaintenance: 'Enabled',
    'FailHostMaintenance(UnableToMigrate)': 'ErrorInPrepareForMaintenance',
    'FailHostMaintenance(UnableToMaintain)': 'ErrorInMaintenance',
    PrepareHostForMaintenance: 'HOST_ALREADY_IN_MAINTENANCE',
    EnableHost: invalidMove,
    DisableHost: invalidMove,
    DeclareHostDegraded: invalidMove,
  },
  ErrorInPrepareForMaintenance: {
    CompleteHostMaintenance: 'Maintenance',
    CancelHostMaintenance: 'Enabled',
    DisableHost: 'Disabled',
    PrepareHostForMaintenance: 'HOST_ALREADY_IN_MAINTENANCE',
    EnableHost: invalidMove,
  },
  ErrorInMaintenance: {
    PrepareHostForMaintenance: 'PrepareForMaintenance',
    CancelHostMaintenance: 'Enabled',
    DisableHost: 'Disabled',
    CompleteHostMaintenance: invalidMove,
    EnableHost: invalidMove,
  },
  Maintenance: {
    CancelHostMaintenance: 'Enabled',
    DeclareHostDegraded: 'Degraded',
    PrepareHostForMaintenance: 'HOST_ALREADY_IN_MAINTENANCE',
    EnableHost: invalidMove,
    DisableHost: invalidMove,
    'FailHostMaintenance(UnableToMaintain)': invalidMove,
  },
  Degraded: {
    CancelHostDegraded: 'Enabled',
    PrepareHostForMaintenance: 'Maintenance',
    EnableHost: invalidMove,
    DisableHost: invalidMove,
    CancelHostMaintenance: invalidMove,
  },
  Error: {
    EnableHost: invalidMove,
    CancelHostMaintenance: invalidMove,
    PrepareHostForMaintenance: invalidMove,
  },
};

for (const [from, rows] of Object.entries(expected) as [
  Exclude<ResourceState, 'Creating'>,
  Partial<Record<CommandName, Outcome>>,
][]) {
  describe(`host resource state: ${from}`, () => {
    for (const [name, outcome] of Object.entries(rows) as [CommandName, Outcome][]) {
      // Degraded is only for a host the management server has lost.
      const given =
        name === 'DeclareHostDegraded' && from !== 'Degraded' ? [...histories[from], down] : histories[from];
      const when = spec.given(given).when(commands[name]);
      if (outcome === 'same') it(`${name} changes nothing`, () => when.thenNothingHappened());
      else if (outcome === invalidMove || outcome === 'HOST_ALREADY_IN_MAINTENANCE')
        it(`refuses ${name}`, () => when.thenThrows(outcome));
      else
        it(`${name} moves it to ${outcome}`, () => when.then([resourceChanged(raises[name], from, outcome)]));
    }
  });
}

describe('host resource state: maintenance preconditions (Enabled host)', () => {
  const prepare = (counts: Partial<typeof noVms>): HostCommand => ({
    type: 'PrepareHostForMaintenance',
    data: { hostId, ...noVms, ...counts },
  });

  it('refuses while another host of the cluster is preparing for maintenance', () =>
    spec
      .given(upHost())
      .when(prepare({ clusterHostsPreparing: 1 }))
      .thenThrows('HOST_CLUSTER_PREPARING_MAINTENANCE', (e) =>
        expect(e.details).toMatchObject({ clusterHostsPreparing: 1 }),
      ));

  it('refuses while a VM is starting on the host', () =>
    spec
      .given(upHost())
      .when(prepare({ vmsStarting: 1 }))
      .thenThrows('HOST_HAS_TRANSITIONING_VMS'));

  it('refuses while a VM is stopping on the host', () =>
    spec
      .given(upHost())
      .when(prepare({ vmsStopping: 2 }))
      .thenThrows('HOST_HAS_TRANSITIONING_VMS'));

  it('refuses while a VM is migrating into the host', () =>
    spec
      .given(upHost())
      .when(prepare({ vmsMigratingIn: 1 }))
      .thenThrows('HOST_HAS_TRANSITIONING_VMS'));

  it('refuses while a VM on the host is in Error', () =>
    spec
      .given(upHost())
      .when(prepare({ vmsInError: 1 }))
      .thenThrows('HOST_HAS_ERROR_VMS', (e) => expect(e.details).toMatchObject({ vmsInError: 1 })));
});

describe('host resource state: degrading (Enabled host)', () => {
  it('refuses to degrade a host that is Up', () =>
    spec.given(upHost()).when(commands.DeclareHostDegraded).thenThrows('HOST_NOT_DOWN'));

  it('degrades a Disconnected host', () =>
    spec
      .given([...upHost(), statusChanged('ShutdownRequested', 'Up', 'Disconnected')])
      .when(commands.DeclareHostDegraded)
      .then([resourceChanged('DeclareHostDegraded', 'Enabled', 'Degraded')]));

  it('degrades an Alert host', () =>
    spec
      .given([...upHost(), statusChanged('PingTimeout', 'Up', 'Alert')])
      .when(commands.DeclareHostDegraded)
      .then([resourceChanged('DeclareHostDegraded', 'Enabled', 'Degraded')]));
});

describe('host resource state: unknown host', () => {
  it('refuses to enable a host never added', () =>
    spec.given([]).when(commands.EnableHost).thenThrows('HOST_NOT_FOUND'));

  it('a freshly added host is Enabled but not yet connected', () =>
    spec.given([hostAdded()]).when(commands.EnableHost).thenNothingHappened());
});
