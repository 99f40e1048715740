import type { ComputeRequest } from '../../domain/capacity/index.ts';
import { encodeEvent } from '../../domain/events.ts';
import {
  type HostCommand,
  type HostEvent,
  type HostState,
  hostCategory,
  hostDecider,
} from '../../domain/host/index.ts';
import { type Command, type Decider, streamName } from '../../domain/shared/index.ts';
import { handleCommand } from '../handleCommand.ts';
import type { CapacityIndex } from './capacityIndex.ts';
import { type Runner, retryOnConflict } from './steps.ts';

/**
 * Scaling a running VM changes what it holds on its host. The host ledger keeps one placement per
 * VM, so the new size can't be reserved beside the old one; releasing first and reserving after
 * would let another VM take the room in between and leave this one running uncounted. So both are
 * decided against ONE revision of the host stream and appended together: the old reservation
 * released, the new size reserved and committed, or (when it does not fit) nothing at all.
 */
export type ResizeHostReservation = Command<
  'ResizeHostReservation',
  {
    readonly hostId: string;
    readonly vmId: string;
    readonly fromReservationId: string;
    readonly toReservationId: string;
    readonly size: ComputeRequest;
    readonly now: string;
    readonly expiresAt: string;
  }
>;

const decideAll = (commands: readonly HostCommand[], state: HostState): HostEvent[] => {
  const events: HostEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decided = hostDecider.decide(command, current);
    events.push(...decided);
    current = decided.reduce(hostDecider.evolve, current);
  }
  return events;
};

export const resizeDecider: Decider<ResizeHostReservation, HostState, HostEvent> = {
  initialState: hostDecider.initialState,
  evolve: hostDecider.evolve,
  decide: ({ data: c }, state) => {
    if (state?.reservations[c.toReservationId]?.status === 'Used') return [];
    return decideAll(
      [
        { type: 'ReleaseHostCapacity', data: { hostId: c.hostId, reservationId: c.fromReservationId } },
        {
          type: 'ReserveHostCapacity',
          data: {
            hostId: c.hostId,
            vmId: c.vmId,
            reservationId: c.toReservationId,
            ...c.size,
            now: c.now,
            expiresAt: c.expiresAt,
          },
        },
        { type: 'CommitHostCapacity', data: { hostId: c.hostId, reservationId: c.toReservationId } },
      ],
      state,
    );
  },
};

/** Swaps the VM's reservation on `hostId` for one of `size`, atomically; refused when it does not fit. */
export const resizeOnHost = async (
  runner: Runner,
  capacity: CapacityIndex,
  name: string,
  command: ResizeHostReservation['data'],
): Promise<void> => {
  const result = await retryOnConflict(() =>
    handleCommand(
      runner.bus.store,
      resizeDecider,
      streamName(hostCategory, command.hostId),
      { type: 'ResizeHostReservation', data: command },
      runner.context(name),
      { encode: encodeEvent },
    ),
  );
  capacity.observe('host', command.hostId, result);
};
