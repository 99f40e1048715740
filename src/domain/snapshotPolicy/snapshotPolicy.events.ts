import { z } from 'zod';
import { type EventsOf, v1 } from '../shared/index.ts';
import { intervalTypes } from './schedule.ts';

const id = z.string().min(1);

const key = { policyId: id, volumeId: id, intervalType: z.enum(intervalTypes) };

/** The whole policy, so a read model or the scheduler never needs an earlier event. */
const settings = {
  ...key,
  accountId: id,
  tenantDomainId: id,
  schedule: z.string().min(1),
  timezone: z.string().min(1),
  maxSnaps: z.number().int().positive(),
  forDisplay: z.boolean(),
  /** When the policy fires next, as computed at the command's `now`. */
  nextRunAt: z.iso.datetime(),
};

export const snapshotPolicyEventSchemas = {
  SnapshotPolicyCreated: v1(z.object(settings)),
  SnapshotPolicyUpdated: v1(z.object(settings)),
  SnapshotPolicyDeleted: v1(z.object(key)),
};

export type SnapshotPolicyEvent = EventsOf<typeof snapshotPolicyEventSchemas>;
export type SnapshotPolicySettings = z.infer<z.ZodObject<typeof settings>>;
