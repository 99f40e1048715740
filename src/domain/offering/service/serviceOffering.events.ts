import { z } from 'zod';
import { type EventsOf, v1 } from '../../shared/index.ts';
import {
  commonOfferingChanges,
  commonOfferingFields,
  idSchema,
  offeringDeletedSchema,
  positiveInt,
  tagsSchema,
} from '../shared/index.ts';

/** CloudStack's deployment planners an offering may name (none = the zone's default). */
export const deploymentPlanners = [
  'FirstFitPlanner',
  'UserDispersingPlanner',
  'UserConcentratedPodPlanner',
  'ImplicitDedicationPlanner',
  'BareMetalPlanner',
] as const;
export type DeploymentPlanner = (typeof deploymentPlanners)[number];

/**
 * A fixed size, or a custom offering whose size the user picks at deploy time within optional bounds.
 * A custom offering with a CPU speed is CloudStack's "constrained" kind; without one the user gives it too.
 */
export const computeSizingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fixed'),
    cpuNumber: positiveInt,
    cpuSpeedMhz: positiveInt,
    memoryMiB: positiveInt,
  }),
  z.object({
    kind: z.literal('custom'),
    cpuSpeedMhz: positiveInt.nullable(),
    minCpuNumber: positiveInt.nullable(),
    maxCpuNumber: positiveInt.nullable(),
    minMemoryMiB: positiveInt.nullable(),
    maxMemoryMiB: positiveInt.nullable(),
  }),
]);
export type ComputeSizing = z.infer<typeof computeSizingSchema>;

export const serviceOfferingEventSchemas = {
  ServiceOfferingCreated: v1(
    z.object({
      ...commonOfferingFields,
      sizing: computeSizingSchema,
      networkRateMbps: positiveInt.nullable(),
      offerHa: z.boolean(),
      hostTags: tagsSchema,
      dynamicScalingEnabled: z.boolean(),
      limitCpuUse: z.boolean(),
      isSystem: z.boolean(),
      deploymentPlanner: z.enum(deploymentPlanners).nullable(),
      createdAt: z.string(),
    }),
  ),
  /** Only the fields that changed; sizes are immutable, as in CloudStack. */
  ServiceOfferingUpdated: v1(
    z.object({
      offeringId: idSchema,
      changes: z.object({ ...commonOfferingChanges, hostTags: tagsSchema.optional() }),
    }),
  ),
  /** Marks the offering removed; VMs already on it keep running with their recorded sizes. */
  ServiceOfferingDeleted: v1(offeringDeletedSchema),
};

export type ServiceOfferingEvent = EventsOf<typeof serviceOfferingEventSchemas>;
export type ServiceOfferingCreated = Extract<ServiceOfferingEvent, { type: 'ServiceOfferingCreated' }>;
export type ServiceOfferingUpdated = Extract<ServiceOfferingEvent, { type: 'ServiceOfferingUpdated' }>;
export type ServiceOfferingDeleted = Extract<ServiceOfferingEvent, { type: 'ServiceOfferingDeleted' }>;
