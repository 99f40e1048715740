import { z } from 'zod';

/**
 * CloudStack `Resource.ResourceType` (reference: cloudstack-domain.md §5.1): the array index is the
 * CloudStack ordinal the API shows as `resourcetype`.
 */
export const resourceTypes = [
  'user_vm',
  'public_ip',
  'volume',
  'snapshot',
  'template',
  'project',
  'network',
  'vpc',
  'cpu',
  'memory',
  'primary_storage',
  'secondary_storage',
] as const;
export type ResourceType = (typeof resourceTypes)[number];
export const resourceTypeSchema = z.enum(resourceTypes);

export const resourceOrdinal = (type: ResourceType): number => resourceTypes.indexOf(type);
export const resourceTypeOfOrdinal = (ordinal: number): ResourceType | undefined => resourceTypes[ordinal];

/** -1 as a limit means "no limit", as in CloudStack. */
export const UNLIMITED = -1;

/** An amount per resource type; a missing type is zero. In base units (bytes for storage). */
export type ResourceAmounts = Readonly<Partial<Record<ResourceType, number>>>;
/** An effective limit for every resource type. */
export type ResourceLimits = Readonly<Record<ResourceType, number>>;

/**
 * Limits are set in API units; usage is counted in base units. They differ only for storage, which
 * CloudStack limits in GiB and counts in bytes, so a 100 MiB snapshot is not rounded up to a GiB.
 */
export const limitUnit: Readonly<Record<ResourceType, string>> = {
  user_vm: 'VMs',
  public_ip: 'IPs',
  volume: 'volumes',
  snapshot: 'snapshots',
  template: 'templates',
  project: 'projects',
  network: 'networks',
  vpc: 'VPCs',
  cpu: 'cores',
  memory: 'MiB',
  primary_storage: 'GiB',
  secondary_storage: 'GiB',
};

const bytesPerGiB = 1024 ** 3;
const isStorage = (type: ResourceType): boolean => type === 'primary_storage' || type === 'secondary_storage';

/** Base units (counted) per API unit (limited). */
export const baseUnitsPerLimitUnit = (type: ResourceType): number => (isStorage(type) ? bytesPerGiB : 1);

/** A limit expressed in the base units usage is counted in; UNLIMITED stays UNLIMITED. */
export const limitInBaseUnits = (type: ResourceType, limit: number): number =>
  limit === UNLIMITED ? UNLIMITED : limit * baseUnitsPerLimitUnit(type);

/** An amount in base units as a user reads it, in API units: storage in GiB (two decimals). */
export const describeAmount = (type: ResourceType, amount: number): string =>
  `${Number((amount / baseUnitsPerLimitUnit(type)).toFixed(2))} ${limitUnit[type]}`;

/** `max.account.*` defaults (Config.java; reference §5.2). `project` is `max.account.projects`. */
export const defaultAccountLimits: ResourceLimits = {
  user_vm: 20,
  public_ip: 20,
  volume: 20,
  snapshot: 20,
  template: 20,
  project: 10,
  network: 20,
  vpc: 20,
  cpu: 40,
  memory: 40960,
  primary_storage: 200,
  secondary_storage: 400,
};

/** `max.domain.*` defaults. `project` is `max.domain.projects`. */
export const defaultDomainLimits: ResourceLimits = {
  user_vm: 40,
  public_ip: 40,
  volume: 40,
  snapshot: 40,
  template: 40,
  project: 50,
  network: 40,
  vpc: 40,
  cpu: 80,
  memory: 81920,
  primary_storage: 400,
  secondary_storage: 800,
};

/** Builds a full record by asking for each resource type. */
export const perResourceType = (value: (type: ResourceType) => number): ResourceLimits =>
  Object.fromEntries(resourceTypes.map((type) => [type, value(type)])) as ResourceLimits;
