import type { Entry } from '../matrix.ts';
import { activityEntries } from './activity.ts';
import { catalogEntries } from './catalog.ts';
import { infrastructureEntries } from './infrastructure.ts';
import { storageEntries } from './storage.ts';
import { tenancyEntries } from './tenancy.ts';
import { vmEntries } from './vms.ts';

/** Every route of the REST API but the anonymous login, each with its probes. */
export const entries: readonly Entry[] = [
  ...infrastructureEntries,
  ...tenancyEntries,
  ...catalogEntries,
  ...vmEntries,
  ...storageEntries,
  ...activityEntries,
];
