/**
 * Offerings: two aggregates (service offerings for compute, disk offerings for volumes) over shared
 * rules. Each subfolder exports its own `decider`; here they are re-exported under namespaces.
 */
export * as diskOffering from './disk/index.ts';
export { assertDiskOfferingAvailable, diskOfferingCategory, resolveDiskSize } from './disk/index.ts';
export * as serviceOffering from './service/index.ts';
export {
  assertServiceOfferingAvailable,
  resolveComputeSize,
  serviceOfferingCategory,
} from './service/index.ts';
export { type OfferingRequester, type StorageType, storageTypes } from './shared/index.ts';
