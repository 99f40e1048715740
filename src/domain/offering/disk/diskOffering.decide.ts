import { changedFields } from '../../shared/index.ts';
import {
  assertAccepts,
  normaliseCommonPatch,
  normaliseIds,
  normaliseOfferingTags,
  requireActiveOffering,
  validateDescriptor,
} from '../shared/index.ts';
import type {
  CreateDiskOffering,
  DeleteDiskOffering,
  DiskOfferingCommand,
  UpdateDiskOffering,
} from './diskOffering.commands.ts';
import type { DiskOfferingEvent } from './diskOffering.events.ts';
import { diskOfferingNoun, normaliseQos, validateDiskSizing } from './diskOffering.sizing.ts';
import type { DiskOfferingState } from './diskOffering.state.ts';

const create = ({ data }: CreateDiskOffering, state: DiskOfferingState): DiskOfferingEvent[] => {
  assertAccepts(diskOfferingNoun, state.status, 'create', data.offeringId);
  const descriptor = validateDescriptor(data.name, data.displayText);
  validateDiskSizing(data.sizing);
  return [
    {
      type: 'DiskOfferingCreated',
      data: {
        offeringId: data.offeringId,
        ...descriptor,
        sizing: data.sizing,
        storageType: data.storageType,
        storageTags: normaliseOfferingTags('storageTags', data.storageTags),
        qos: normaliseQos(data.qos),
        domainIds: normaliseIds('domainIds', data.domainIds),
        zoneIds: normaliseIds('zoneIds', data.zoneIds),
        createdAt: data.now,
      },
    },
  ];
};

const update = ({ data }: UpdateDiskOffering, state: DiskOfferingState): DiskOfferingEvent[] => {
  const offering = requireActiveOffering(diskOfferingNoun, state, data.offeringId);
  const { offeringId, ...patch } = data;
  const changes = changedFields(offering, normaliseCommonPatch(patch));
  return Object.keys(changes).length === 0
    ? []
    : [{ type: 'DiskOfferingUpdated', data: { offeringId, changes } }];
};

const remove = ({ data }: DeleteDiskOffering, state: DiskOfferingState): DiskOfferingEvent[] => {
  const offering = requireActiveOffering(diskOfferingNoun, state, data.offeringId);
  return [
    {
      type: 'DiskOfferingDeleted',
      data: { offeringId: data.offeringId, name: offering.name, removedAt: data.now },
    },
  ];
};

export const decide = (command: DiskOfferingCommand, state: DiskOfferingState): DiskOfferingEvent[] => {
  switch (command.type) {
    case 'CreateDiskOffering':
      return create(command, state);
    case 'UpdateDiskOffering':
      return update(command, state);
    case 'DeleteDiskOffering':
      return remove(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
};
