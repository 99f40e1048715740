import { z } from 'zod';
import { deploymentPlanners } from '../../../../domain/offering/service/serviceOffering.events.ts';

/** The offering sizes as request bodies: strict (unknown fields refused), same rules as the events. */
const positive = z.number().int().positive();
export const diskOfferingSchemas = {
  computeSizing: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('fixed'),
      cpuNumber: positive,
      cpuSpeedMhz: positive,
      memoryMiB: positive,
    }),
    z.strictObject({
      kind: z.literal('custom'),
      cpuSpeedMhz: positive.nullable().default(null),
      minCpuNumber: positive.nullable().default(null),
      maxCpuNumber: positive.nullable().default(null),
      minMemoryMiB: positive.nullable().default(null),
      maxMemoryMiB: positive.nullable().default(null),
    }),
  ]),
  diskSizing: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), sizeGiB: positive }),
    z.strictObject({
      kind: z.literal('custom'),
      minSizeGiB: positive.nullable().default(null),
      maxSizeGiB: positive.nullable().default(null),
    }),
  ]),
  qos: z.strictObject({
    minIops: positive.nullable().optional(),
    maxIops: positive.nullable().optional(),
    bytesReadRate: positive.nullable().optional(),
    bytesWriteRate: positive.nullable().optional(),
    iopsReadRate: positive.nullable().optional(),
    iopsWriteRate: positive.nullable().optional(),
  }),
  deploymentPlanner: z.enum(deploymentPlanners),
};
