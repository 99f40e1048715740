import type { Workflows } from '../jobs/workflow.ts';
import type { StreamLookup } from './lookup.ts';
import { type PlaceVolume, poolsFromStreams } from './pools.ts';
import { snapshotWorkflows } from './snapshot.workflows.ts';
import { templateWorkflows } from './templates.ts';
import { volumeWorkflows } from './volume.workflows.ts';

export type { Ownership } from './access.ts';
export { allLookup, type StreamLookup, sqlLookup } from './lookup.ts';
export { type PlaceVolume, poolCandidate, poolIdsInZone, poolsFromStreams } from './pools.ts';
export type { Requester, StorageDeps, Submitted } from './requests.ts';
export {
  type CreateSnapshotPolicyInput,
  createSnapshotPolicy,
  deleteSnapshotPolicies,
  listSnapshotPolicies,
  type SnapshotPolicyDeps,
  type SnapshotPolicySettings,
  type UpdateSnapshotPolicyInput,
  updateSnapshotPolicy,
  volumeOfPolicy,
} from './snapshotPolicies.ts';
export {
  deleteSnapshot,
  revertSnapshot,
  snapshotJobs,
  type TakeSnapshotInput,
  takeSnapshot,
} from './snapshots.ts';
export { type CreateTemplateInput, createTemplate, templateJobs } from './templates.ts';
export {
  deleteVolume,
  expungeVolume,
  type ResizeVolumeInput,
  recoverVolume,
  resizeVolume,
} from './volumeLifecycle.ts';
export { attachVolume, type CreateVolumeInput, createVolume, detachVolume, volumeJobs } from './volumes.ts';

/** Every storage job's workflow, with the pool choice to use (default: pool streams of the zone). */
export const createStorageWorkflows = (
  options: { readonly placeVolume?: PlaceVolume; readonly lookup?: StreamLookup } = {},
): Workflows => ({
  ...volumeWorkflows(
    options.placeVolume ?? poolsFromStreams(options.lookup ? { lookup: options.lookup } : {}),
    options.lookup,
  ),
  ...snapshotWorkflows,
  ...templateWorkflows,
});

export const storageWorkflows: Workflows = createStorageWorkflows();
