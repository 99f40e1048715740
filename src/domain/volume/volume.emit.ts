import { invalid, notFound, requireCreated } from '../shared/index.ts';
import type { VolumeEvent, VolumeEventType } from './volume.events.ts';
import { transition, type VolumeOperation, volumeMachine } from './volume.machine.ts';
import type { PendingOperation, Volume, VolumeState } from './volume.state.ts';

type FactKey =
  | 'volumeId'
  | 'type'
  | 'accountId'
  | 'tenantDomainId'
  | 'zoneId'
  | 'diskOfferingId'
  | 'sizeBytes';
export type VolumeFacts = Pick<Volume, FactKey>;
type EventOf<T extends VolumeEventType> = Extract<VolumeEvent, { type: T }>;
/** An event's own fields, plus any facts that change with it (a new size, a new offering). */
type Extra<T extends VolumeEventType> = Omit<EventOf<T>['data'], FactKey> & Partial<VolumeFacts>;

export const factsOf = (v: Volume): VolumeFacts => ({
  volumeId: v.volumeId,
  type: v.type,
  accountId: v.accountId,
  tenantDomainId: v.tenantDomainId,
  zoneId: v.zoneId,
  diskOfferingId: v.diskOfferingId,
  sizeBytes: v.sizeBytes,
});

export const existing = (state: VolumeState, volumeId: string): Volume =>
  requireCreated(state, () =>
    notFound('VOLUME_NOT_FOUND', `Volume ${volumeId} does not exist`, { volumeId }),
  );

/**
 * The event an operation produces, once the state machine allows the operation. The event must be
 * the one that lands where the table says: a mismatch is a bug in this aggregate, not a refusal.
 */
export const emit = <T extends VolumeEventType>(
  volume: Volume,
  operation: VolumeOperation,
  type: T,
  extra: Extra<T>,
): EventOf<T> => {
  transition(volume, operation);
  volumeMachine.assertLands(volume.status, operation, type);
  // TypeScript can't relate a generic T to its payload; Extra<T> keeps callers honest.
  return { type, data: { ...factsOf(volume), ...extra } } as unknown as EventOf<T>;
};

/**
 * What a transitional state is waiting on, once the state machine allows `operation` (so a volume in
 * the wrong state gets the usual VOLUME_ILLEGAL_STATE refusal).
 */
export const pendingOf = <K extends PendingOperation['kind']>(
  volume: Volume,
  operation: VolumeOperation,
  kind: K,
): Extract<PendingOperation, { kind: K }> => {
  transition(volume, operation);
  const pending = volume.pending;
  if (pending?.kind !== kind) throw new Error(`volume: ${volume.status} without a pending ${kind}`);
  return pending as Extract<PendingOperation, { kind: K }>;
};

export const assertSize = (sizeBytes: number, field = 'sizeBytes'): void => {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0)
    throw invalid(
      'VOLUME_SIZE_INVALID',
      `The volume size must be a whole number of bytes above 0, not ${sizeBytes}`,
      {
        [field]: sizeBytes,
      },
    );
};
