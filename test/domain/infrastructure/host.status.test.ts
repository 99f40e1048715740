import { describe, it } from 'vitest';
import {
  type HostEvent,
  type HostStatus,
  type HostStatusEvent,
  hostDecider,
} from '../../../src/domain/host/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { hostAdded, hostId, hostRemoved, resourceChanged, statusChanged, upHost } from './fixtures.ts';

const spec = DeciderSpecification.for(hostDecider);

const record = (event: HostStatusEvent) =>
  ({ type: 'RecordHostStatusEvent', data: { hostId, event } }) as const;

/** Real histories that bring a host to each Status. */
const up = upHost();
const histories: Record<Exclude<HostStatus, 'Removed'>, HostEvent[]> = {
  Creating: [hostAdded()],
  Connecting: [hostAdded(), statusChanged('AgentConnected', 'Creating', 'Connecting')],
  Up: up,
  Down: [...up, statusChanged('HostDown', 'Up', 'Down')],
  Disconnected: [...up, statusChanged('ShutdownRequested', 'Up', 'Disconnected')],
  Alert: [...up, statusChanged('PingTimeout', 'Up', 'Alert')],
  Error: [hostAdded(), statusChanged('Error', 'Creating', 'Error')],
  Rebalancing: [...up, statusChanged('StartAgentRebalance', 'Up', 'Rebalancing')],
};

/** §2.1, written out independently of the table under test: [event, target] per status; self-loops included. */
const expected: Record<Exclude<HostStatus, 'Removed'>, [HostStatusEvent, HostStatus][]> = {
  Creating: [
    ['AgentConnected', 'Connecting'],
    ['Error', 'Error'],
  ],
  Connecting: [
    ['AgentConnected', 'Connecting'],
    ['Ready', 'Up'],
    ['PingTimeout', 'Alert'],
    ['ShutdownRequested', 'Disconnected'],
    ['HostDown', 'Down'],
    ['Ping', 'Connecting'],
    ['ManagementServerDown', 'Disconnected'],
    ['AgentDisconnected', 'Alert'],
  ],
  Up: [
    ['PingTimeout', 'Alert'],
    ['AgentDisconnected', 'Alert'],
    ['ShutdownRequested', 'Disconnected'],
    ['HostDown', 'Down'],
    ['Ping', 'Up'],
    ['AgentConnected', 'Connecting'],
    ['ManagementServerDown', 'Disconnected'],
    ['StartAgentRebalance', 'Rebalancing'],
  ],
  Disconnected: [
    ['ShutdownRequested', 'Disconnected'],
    ['ManagementServerDown', 'Disconnected'],
    ['AgentDisconnected', 'Disconnected'],
    ['PingTimeout', 'Alert'],
    ['AgentConnected', 'Connecting'],
    ['Ping', 'Up'],
    ['HostDown', 'Down'],
    ['WaitedTooLong', 'Alert'],
  ],
  Down: [
    ['AgentConnected', 'Connecting'],
    ['ManagementServerDown', 'Down'],
    ['AgentDisconnected', 'Down'],
    ['PingTimeout', 'Down'],
    ['HostDown', 'Down'],
  ],
  Alert: [
    ['AgentConnected', 'Connecting'],
    ['Ping', 'Up'],
    ['ManagementServerDown', 'Alert'],
    ['AgentDisconnected', 'Alert'],
    ['ShutdownRequested', 'Disconnected'],
    ['HostDown', 'Down'],
  ],
  Rebalancing: [
    ['RebalanceFailed', 'Disconnected'],
    ['RebalanceCompleted', 'Connecting'],
    ['ManagementServerDown', 'Disconnected'],
    ['AgentConnected', 'Connecting'],
    ['AgentDisconnected', 'Rebalancing'],
  ],
  Error: [['AgentConnected', 'Connecting']],
};

const allEvents: HostStatusEvent[] = [
  'AgentConnected',
  'PingTimeout',
  'ShutdownRequested',
  'AgentDisconnected',
  'HostDown',
  'Ping',
  'ManagementServerDown',
  'WaitedTooLong',
  'Ready',
  'StartAgentRebalance',
  'RebalanceCompleted',
  'RebalanceFailed',
  'Error',
];

for (const [from, rows] of Object.entries(expected) as [
  Exclude<HostStatus, 'Removed'>,
  [HostStatusEvent, HostStatus][],
][]) {
  describe(`host status: ${from}`, () => {
    for (const [event, to] of rows.filter(([, to]) => to !== from))
      it(`${event} moves it to ${to}`, () =>
        spec
          .given(histories[from])
          .when(record(event))
          .then([statusChanged(event, from, to)]));

    for (const [event] of rows.filter(([, to]) => to === from))
      it(`${event} keeps it ${from} and produces nothing`, () =>
        spec.given(histories[from]).when(record(event)).thenNothingHappened());

    const accepted = new Set(rows.map(([event]) => event));
    for (const event of allEvents.filter((e) => !accepted.has(e)))
      it(`refuses ${event}`, () =>
        spec.given(histories[from]).when(record(event)).thenThrows('HOST_STATUS_TRANSITION_INVALID'));
  });
}

describe('host status: Up (the heartbeat)', () => {
  it('a Ping on an Up host produces nothing', () =>
    spec.given(upHost()).when(record('Ping')).thenNothingHappened());
});

describe('host status: Removed', () => {
  it('refuses any status event once the host is removed', () =>
    spec
      .given([
        ...upHost(),
        resourceChanged('AdminAskMaintenance', 'Enabled', 'PrepareForMaintenance'),
        resourceChanged('InternalEnterMaintenance', 'PrepareForMaintenance', 'Maintenance'),
        hostRemoved,
      ])
      .when(record('AgentConnected'))
      .thenThrows('HOST_NOT_FOUND'));
});

describe('host status: unknown host', () => {
  it('refuses a status event for a host never added', () =>
    spec.given([]).when(record('Ping')).thenThrows('HOST_NOT_FOUND'));
});
