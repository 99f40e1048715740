import type { Command } from '../../shared/index.ts';
import type { CommonOfferingPatch, StorageType } from '../shared/index.ts';
import type { DiskQos, DiskSizing } from './diskOffering.events.ts';

export type CreateDiskOffering = Command<
  'CreateDiskOffering',
  {
    readonly offeringId: string;
    readonly name: string;
    /** Defaults to the name when absent or blank. */
    readonly displayText?: string;
    readonly sizing: DiskSizing;
    readonly storageType: StorageType;
    readonly storageTags: readonly string[];
    /** Absent limits are unlimited. */
    readonly qos?: Partial<DiskQos>;
    /** Empty: public; otherwise only these tenant domains and their subdomains see it. */
    readonly domainIds: readonly string[];
    /** Empty: every zone. */
    readonly zoneIds: readonly string[];
    readonly now: string;
  }
>;

export type UpdateDiskOffering = Command<
  'UpdateDiskOffering',
  { readonly offeringId: string } & CommonOfferingPatch
>;

export type DeleteDiskOffering = Command<
  'DeleteDiskOffering',
  { readonly offeringId: string; readonly now: string }
>;

export type DiskOfferingCommand = CreateDiskOffering | UpdateDiskOffering | DeleteDiskOffering;
