import {
  type SnapshotCommand,
  type SnapshotEvent,
  type SnapshotEventType,
  snapshotDecider,
  type TakeSnapshot,
} from '../../../src/domain/snapshot/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { commandOf } from '../helpers.ts';

export const spec = DeciderSpecification.for(snapshotDecider);

export const GiB = 1024 ** 3;
export const now = '2026-05-01T10:00:00.000Z';

const facts = {
  snapshotId: 'snap-1',
  volumeId: 'vol-1',
  accountId: 'acct-1',
  tenantDomainId: 'tdom-1',
  zoneId: 'zone-1',
  snapshotType: 'MANUAL',
  policyId: null,
  volumeSizeBytes: 20 * GiB,
  physicalSizeBytes: null,
} as const;
type Facts = {
  -readonly [K in keyof typeof facts]: Extract<SnapshotEvent, { type: 'SnapshotAllocated' }>['data'][K];
};

type EventOf<T extends SnapshotEventType> = Extract<SnapshotEvent, { type: T }>;

/** An event of snap-1, its own fields given and any fact overridden. */
export const ev = <T extends SnapshotEventType>(
  type: T,
  extra: Omit<EventOf<T>['data'], keyof Facts> & Partial<Facts> = {} as Omit<EventOf<T>['data'], keyof Facts>,
): EventOf<T> => ({ type, data: { ...facts, ...extra } }) as unknown as EventOf<T>;

export const cmd = commandOf<SnapshotCommand>();

export const take = (over: Partial<TakeSnapshot['data']> = {}) =>
  cmd('TakeSnapshot', {
    snapshotId: 'snap-1',
    volumeId: 'vol-1',
    accountId: 'acct-1',
    tenantDomainId: 'tdom-1',
    zoneId: 'zone-1',
    name: 'vm-1_ROOT-1_20260501100000',
    hypervisor: 'KVM',
    vmRunning: false,
    volumeState: 'Ready',
    volumeSizeBytes: 20 * GiB,
    type: 'MANUAL',
    now,
    ...over,
  });

export const allocatedOn = (hypervisor: EventOf<'SnapshotAllocated'>['data']['hypervisor']) =>
  ev('SnapshotAllocated', { name: 'vm-1_ROOT-1_20260501100000', hypervisor, createdAt: now });

export const allocated = allocatedOn('KVM');
export const creating = [allocated, ev('SnapshotCreationStarted')];
export const onPrimary = [...creating, ev('SnapshotCreatedOnPrimary')];
export const backingUp = [...onPrimary, ev('SnapshotBackupStarted')];
export const backedUpEvent = ev('SnapshotBackedUp', { physicalSizeBytes: 3 * GiB });
/** A KVM snapshot of vol-1, backed up to secondary storage, 3 GiB. */
export const backedUp = [...backingUp, backedUpEvent];
/** After SnapshotBackedUp the physical size is a fact of every event. */
export const evBacked = <T extends SnapshotEventType>(
  type: T,
  extra: Omit<EventOf<T>['data'], keyof Facts> = {} as Omit<EventOf<T>['data'], keyof Facts>,
) => ev(type, { ...extra, physicalSizeBytes: 3 * GiB } as Parameters<typeof ev<T>>[1]);
