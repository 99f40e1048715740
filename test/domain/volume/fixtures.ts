import type {
  CreateVolume,
  VolumeCommand,
  VolumeEvent,
  VolumeEventType,
  VolumeFacts,
} from '../../../src/domain/volume/index.ts';
import { volumeDecider } from '../../../src/domain/volume/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { commandOf } from '../helpers.ts';

export const spec = DeciderSpecification.for(volumeDecider);

export const GiB = 1024 ** 3;
export const now = '2026-05-01T10:00:00.000Z';

export const dataFacts: VolumeFacts = {
  volumeId: 'vol-data',
  type: 'DATADISK',
  accountId: 'acct-1',
  tenantDomainId: 'tdom-1',
  zoneId: 'zone-1',
  diskOfferingId: 'do-10g',
  sizeBytes: 10 * GiB,
};

export const rootFacts: VolumeFacts = {
  ...dataFacts,
  volumeId: 'vol-root',
  type: 'ROOT',
  diskOfferingId: null,
  sizeBytes: 20 * GiB,
};

type EventOf<T extends VolumeEventType> = Extract<VolumeEvent, { type: T }>;
type FactKey = keyof VolumeFacts;

/** An event of the data disk (or of `facts`), its own fields given and any fact overridden. */
export const ev = <T extends VolumeEventType>(
  type: T,
  extra: Omit<EventOf<T>['data'], FactKey> & Partial<VolumeFacts>,
  facts: VolumeFacts = dataFacts,
): EventOf<T> => ({ type, data: { ...facts, ...extra } }) as unknown as EventOf<T>;

export const cmd = commandOf<VolumeCommand>();

/** The command that allocates the data disk (`allocated` below). */
export const createData = (over: Partial<CreateVolume['data']> = {}) =>
  cmd('CreateVolume', {
    volumeId: 'vol-data',
    type: 'DATADISK',
    name: 'data-1',
    accountId: 'acct-1',
    tenantDomainId: 'tdom-1',
    zoneId: 'zone-1',
    diskOfferingId: 'do-10g',
    sizeBytes: 10 * GiB,
    now,
    ...over,
  });

export const allocated = ev('VolumeAllocated', { name: 'data-1', fromSnapshotId: null, createdAt: now });
export const placed = ev('VolumePlaced', { poolId: 'pool-1' });
export const created = ev('VolumeCreated', { poolId: 'pool-1' });

/** A data disk on pool-1, detached. */
export const ready: VolumeEvent[] = [allocated, placed, created];
/** The data disk attached to stopped VM vm-1 as device 1. */
export const attached: VolumeEvent[] = [...ready, ev('VolumeAttached', { vmId: 'vm-1', deviceId: 1 })];
export const destroyed: VolumeEvent[] = [...ready, ev('VolumeDestroyed', { destroyedAt: now })];

export const rootAllocated = ev(
  'RootVolumeAllocated',
  { name: 'ROOT-1', vmId: 'vm-1', deviceId: 0, templateId: 'tpl-1', createdAt: now },
  rootFacts,
);
/** The ROOT volume of vm-1 on pool-1. */
export const rootReady: VolumeEvent[] = [
  rootAllocated,
  ev('VolumePlaced', { poolId: 'pool-1' }, rootFacts),
  ev('VolumeCreated', { poolId: 'pool-1' }, rootFacts),
];

export const attachToStopped = (
  over: Partial<Extract<VolumeCommand, { type: 'AttachVolume' }>['data']> = {},
) =>
  cmd('AttachVolume', {
    volumeId: 'vol-data',
    vmId: 'vm-1',
    vmState: 'Stopped',
    vmZoneId: 'zone-1',
    hypervisor: 'KVM',
    attachedDataVolumeCount: 0,
    usedDeviceIds: [0],
    ...over,
  });
