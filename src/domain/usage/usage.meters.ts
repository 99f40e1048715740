import type { ImageEvent } from '../image/image.events.ts';
import type { Event } from '../shared/index.ts';
import type { SnapshotEvent } from '../snapshot/snapshot.events.ts';
import { type VmEvent, type VmEventType, vmUsageEffects } from '../vm/vm.events.ts';
import type { VolumeEvent, VolumeEventType } from '../volume/volume.events.ts';
import { type MeteredUsageType, UsageType } from './usageTypes.ts';

/**
 * What a usage record of an interval says besides its time (CloudStack's usage record fields,
 * §6.2): owner, zone, offering, image, hypervisor (`type`), the VM's size, the storage sizes.
 * Anything that differs between two intervals puts them in different records.
 */
export type UsageFacts = {
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly zoneId: string;
  readonly name: string | null;
  readonly offeringId: string | null;
  readonly templateId: string | null;
  readonly hypervisor: string | null;
  readonly cpuNumber: number | null;
  readonly cpuSpeedMhz: number | null;
  readonly memoryMiB: number | null;
  readonly sizeBytes: number | null;
  readonly virtualSizeBytes: number | null;
};

/**
 * open: start an interval (re-keyed if one is open with other facts). close: end it. rekey: if one is
 * open, end it and open one with the new facts. closeAll: end every open interval of the usage type
 * (every zone's copy of a snapshot or an image). note: learn facts (a name) without changing time.
 */
export type UsageEffect = 'open' | 'close' | 'rekey' | 'closeAll' | 'note';

export type UsageMark = {
  readonly usageType: MeteredUsageType;
  /** One interval at a time per slot: the usage type, and the zone for per-zone copies. */
  readonly slot: string;
  readonly effect: UsageEffect;
  readonly facts: Partial<UsageFacts>;
};

export type UsageResourceKind = 'vm' | 'volume' | 'snapshot' | 'image';
export type UsageResource = { readonly kind: UsageResourceKind; readonly id: string };
export type MeteredEvent = { readonly resource: UsageResource; readonly marks: readonly UsageMark[] };

const mark = (
  usageType: MeteredUsageType,
  effect: UsageEffect,
  facts: Partial<UsageFacts> = {},
  zone?: string,
): UsageMark => ({
  usageType,
  slot: zone === undefined ? `${usageType}` : `${usageType}/${zone}`,
  effect,
  facts,
});

type VmData = VmEvent['data'];

/** The facts of a VM record, from any event that carries the VM's usage facts. */
const vmFacts = (d: VmData): Partial<UsageFacts> => {
  if (!('serviceOfferingId' in d)) return { accountId: d.accountId, tenantDomainId: d.tenantDomainId };
  return {
    accountId: d.accountId,
    tenantDomainId: d.tenantDomainId,
    zoneId: d.zoneId,
    name: d.name,
    offeringId: d.serviceOfferingId,
    templateId: d.image.kind === 'template' ? d.image.templateId : d.image.isoId,
    hypervisor: d.hypervisor,
    cpuNumber: d.size.cpuNumber,
    cpuSpeedMhz: d.size.cpuSpeedMhz,
    memoryMiB: d.size.memoryMiB,
  };
};

/** The VM aggregate documents its effects (vm.events.ts, vmUsageEffects): follow them to the letter. */
const meterVm = (e: VmEvent): MeteredEvent | null => {
  const effects = vmUsageEffects[e.type as VmEventType];
  if (!effects) return null;
  const facts = vmFacts(e.data);
  const marks: UsageMark[] = [];
  if (effects.runningVm) marks.push(mark(UsageType.RUNNING_VM, effects.runningVm, facts));
  if (effects.allocatedVm) marks.push(mark(UsageType.ALLOCATED_VM, effects.allocatedVm, facts));
  return { resource: { kind: 'vm', id: e.data.vmId }, marks };
};

/**
 * VOLUME (CloudStack's VOLUME.CREATE / DELETE / RESIZE usage events): metered from allocation (a
 * data disk is billed as soon as it exists in the database) until destroy, again from a recover;
 * a new size or disk offering starts a new record.
 */
const volumeEffects: Partial<Record<VolumeEventType, UsageEffect>> = {
  VolumeAllocated: 'open',
  RootVolumeAllocated: 'open',
  VolumeRecovered: 'open',
  VolumeResized: 'rekey',
  VolumeResizeCompleted: 'rekey',
  VolumeReverted: 'rekey',
  VolumeDestroyed: 'close',
  VolumeExpunged: 'close',
};

const meterVolume = (e: VolumeEvent): MeteredEvent | null => {
  const effect = volumeEffects[e.type];
  if (!effect) return null;
  const d = e.data;
  const facts: Partial<UsageFacts> = {
    accountId: d.accountId,
    tenantDomainId: d.tenantDomainId,
    zoneId: d.zoneId,
    offeringId: d.diskOfferingId,
    sizeBytes: d.sizeBytes,
    ...('name' in d ? { name: d.name } : {}),
    ...('templateId' in d ? { templateId: d.templateId } : {}),
  };
  return { resource: { kind: 'volume', id: d.volumeId }, marks: [mark(UsageType.VOLUME, effect, facts)] };
};

/**
 * SNAPSHOT (SNAPSHOT.CREATE / DELETE): metered once backed up, in its zone and in every zone it was
 * copied to, until destroyed; size is what it takes on storage, virtual size the volume's.
 */
const meterSnapshot = (e: SnapshotEvent): MeteredEvent | null => {
  const d = e.data;
  const base: Partial<UsageFacts> = {
    accountId: d.accountId,
    tenantDomainId: d.tenantDomainId,
    sizeBytes: d.physicalSizeBytes ?? d.volumeSizeBytes,
    virtualSizeBytes: d.volumeSizeBytes,
  };
  const resource = { kind: 'snapshot', id: d.snapshotId } as const;
  const one = (m: UsageMark) => ({ resource, marks: [m] });
  switch (e.type) {
    case 'SnapshotAllocated':
      return one(
        mark(UsageType.SNAPSHOT, 'note', { ...base, name: e.data.name, hypervisor: e.data.hypervisor }),
      );
    case 'SnapshotBackedUp':
      return one(mark(UsageType.SNAPSHOT, 'open', { ...base, zoneId: d.zoneId }, d.zoneId));
    case 'SnapshotCopied':
      return one(mark(UsageType.SNAPSHOT, 'open', { ...base, zoneId: e.data.toZoneId }, e.data.toZoneId));
    case 'SnapshotDestroyed':
      return one(mark(UsageType.SNAPSHOT, 'closeAll'));
    default:
      return null;
  }
};

/** TEMPLATE / ISO per zone copy, as image.events.ts documents: from downloaded to deleted. */
const meterImage = (e: ImageEvent): MeteredEvent | null => {
  const d = e.data;
  const usageType = d.kind === 'ISO' ? UsageType.ISO : UsageType.TEMPLATE;
  const owner = { accountId: d.ownerAccountId, tenantDomainId: d.tenantDomainId };
  const resource = { kind: 'image', id: d.imageId } as const;
  const one = (m: UsageMark) => ({ resource, marks: [m] });
  switch (e.type) {
    case 'ImageCreated':
      return one(mark(usageType, 'note', { ...owner, name: e.data.name, hypervisor: e.data.hypervisor }));
    case 'ImageUpdated':
      return e.data.changes.name === undefined
        ? null
        : one(mark(usageType, 'note', { name: e.data.changes.name }));
    case 'ImageZoneDownloaded': {
      const facts = {
        ...owner,
        zoneId: e.data.zoneId,
        templateId: d.imageId,
        sizeBytes: e.data.physicalSizeBytes,
        virtualSizeBytes: e.data.sizeBytes,
      };
      return one(mark(usageType, 'open', facts, e.data.zoneId));
    }
    case 'ImageZoneCopyDeleted':
      return one(mark(usageType, 'close', {}, e.data.zoneId));
    case 'ImageDeleted':
      return one(mark(usageType, 'closeAll'));
    default:
      return null;
  }
};

const metersByType = new Map<string, (e: Event) => MeteredEvent | null>();
const register = (types: Iterable<string>, meter: (e: never) => MeteredEvent | null) => {
  for (const t of types) metersByType.set(t, meter as (e: Event) => MeteredEvent | null);
};
register(Object.keys(vmUsageEffects), meterVm);
register(Object.keys(volumeEffects), meterVolume);
register(['SnapshotAllocated', 'SnapshotBackedUp', 'SnapshotCopied', 'SnapshotDestroyed'], meterSnapshot);
register(
  ['ImageCreated', 'ImageUpdated', 'ImageZoneDownloaded', 'ImageZoneCopyDeleted', 'ImageDeleted'],
  meterImage,
);

/** Every event type that can change usage: the only ones a usage projection reads. */
export const meteredEventTypes: readonly string[] = [...metersByType.keys()];

/** The usage marks an event makes on its resource, or null when it changes no usage. */
export const meterEvent = (event: Event): MeteredEvent | null =>
  metersByType.get(event.type)?.(event) ?? null;

/** The key of a resource's usage row. */
export const usageResourceKey = (r: UsageResource): string => `${r.kind}:${r.id}`;
