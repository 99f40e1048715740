import { assertPositiveInteger, changedFields } from '../../shared/index.ts';
import {
  assertAccepts,
  normaliseCommonPatch,
  normaliseIds,
  normaliseOfferingTags,
  requireActiveOffering,
  validateDescriptor,
} from '../shared/index.ts';
import type {
  CreateServiceOffering,
  DeleteServiceOffering,
  ServiceOfferingCommand,
  UpdateServiceOffering,
} from './serviceOffering.commands.ts';
import type { ServiceOfferingEvent } from './serviceOffering.events.ts';
import { serviceOfferingNoun, validateComputeSizing } from './serviceOffering.sizing.ts';
import type { ServiceOfferingState } from './serviceOffering.state.ts';

const create = ({ data }: CreateServiceOffering, state: ServiceOfferingState): ServiceOfferingEvent[] => {
  assertAccepts(serviceOfferingNoun, state.status, 'create', data.offeringId);
  const descriptor = validateDescriptor(data.name, data.displayText);
  validateComputeSizing(data.sizing, data.isSystem);
  if (data.networkRateMbps !== null)
    assertPositiveInteger('SERVICE_OFFERING_NETWORK_RATE_INVALID', 'networkRateMbps', data.networkRateMbps);
  return [
    {
      type: 'ServiceOfferingCreated',
      data: {
        offeringId: data.offeringId,
        ...descriptor,
        sizing: data.sizing,
        networkRateMbps: data.networkRateMbps,
        offerHa: data.offerHa,
        storageType: data.storageType,
        hostTags: normaliseOfferingTags('hostTags', data.hostTags),
        storageTags: normaliseOfferingTags('storageTags', data.storageTags),
        dynamicScalingEnabled: data.dynamicScalingEnabled,
        limitCpuUse: data.limitCpuUse,
        isSystem: data.isSystem,
        domainIds: normaliseIds('domainIds', data.domainIds),
        zoneIds: normaliseIds('zoneIds', data.zoneIds),
        deploymentPlanner: data.deploymentPlanner,
        createdAt: data.now,
      },
    },
  ];
};

const update = ({ data }: UpdateServiceOffering, state: ServiceOfferingState): ServiceOfferingEvent[] => {
  const offering = requireActiveOffering(serviceOfferingNoun, state, data.offeringId);
  const { offeringId, hostTags, ...common } = data;
  const changes = changedFields(offering, {
    ...normaliseCommonPatch(common),
    ...(hostTags !== undefined && { hostTags: normaliseOfferingTags('hostTags', hostTags) }),
  });
  return Object.keys(changes).length === 0
    ? []
    : [{ type: 'ServiceOfferingUpdated', data: { offeringId, changes } }];
};

const remove = ({ data }: DeleteServiceOffering, state: ServiceOfferingState): ServiceOfferingEvent[] => {
  const offering = requireActiveOffering(serviceOfferingNoun, state, data.offeringId);
  return [
    {
      type: 'ServiceOfferingDeleted',
      data: { offeringId: data.offeringId, name: offering.name, removedAt: data.now },
    },
  ];
};

export const decide = (
  command: ServiceOfferingCommand,
  state: ServiceOfferingState,
): ServiceOfferingEvent[] => {
  switch (command.type) {
    case 'CreateServiceOffering':
      return create(command, state);
    case 'UpdateServiceOffering':
      return update(command, state);
    case 'DeleteServiceOffering':
      return remove(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
};
