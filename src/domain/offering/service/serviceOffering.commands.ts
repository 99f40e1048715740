import type { Command } from '../../shared/index.ts';
import type { StorageType } from '../shared/index.ts';
import type { ComputeSizing, DeploymentPlanner } from './serviceOffering.events.ts';

export type CreateServiceOffering = Command<
  'CreateServiceOffering',
  {
    readonly offeringId: string;
    readonly name: string;
    /** Defaults to the name when absent or blank. */
    readonly displayText?: string;
    readonly sizing: ComputeSizing;
    /** null: the network offering's rate applies. */
    readonly networkRateMbps: number | null;
    readonly offerHa: boolean;
    readonly storageType: StorageType;
    readonly hostTags: readonly string[];
    readonly storageTags: readonly string[];
    readonly dynamicScalingEnabled: boolean;
    readonly limitCpuUse: boolean;
    readonly isSystem: boolean;
    /** Empty: public; otherwise only these tenant domains and their subdomains see it. */
    readonly domainIds: readonly string[];
    /** Empty: every zone. */
    readonly zoneIds: readonly string[];
    readonly deploymentPlanner: DeploymentPlanner | null;
    readonly now: string;
  }
>;

/** Sizes, storage type and flags are immutable; only descriptive fields, tags and scope change. */
export type UpdateServiceOffering = Command<
  'UpdateServiceOffering',
  {
    readonly offeringId: string;
    readonly name?: string;
    readonly displayText?: string;
    readonly hostTags?: readonly string[];
    readonly storageTags?: readonly string[];
    readonly domainIds?: readonly string[];
    readonly zoneIds?: readonly string[];
  }
>;

export type DeleteServiceOffering = Command<
  'DeleteServiceOffering',
  { readonly offeringId: string; readonly now: string }
>;

export type ServiceOfferingCommand = CreateServiceOffering | UpdateServiceOffering | DeleteServiceOffering;
