import type { DiskFormat, HypervisorType } from '../hypervisor/index.ts';
import type { Command } from '../shared/index.ts';
import type { ImageKind } from './image.events.ts';

/**
 * Who is asking, as the command side resolved it. `isAdmin`: a root admin, or a domain admin whose
 * subtree holds the image's owner.
 */
export type Caller = { readonly accountId: string; readonly isAdmin: boolean };

/** What every way of creating an image carries: identity, owner, visibility and the facts that police it. */
export type ImageCreation = {
  readonly imageId: string;
  readonly name: string;
  /** Defaults to the name when absent or blank. */
  readonly displayText?: string;
  readonly ownerAccountId: string;
  readonly tenantDomainId: string;
  readonly caller: Caller;
  /** The owner account's `allow.public.user.templates` setting. */
  readonly allowPublicUserTemplates: boolean;
  readonly isPublic: boolean;
  readonly isFeatured: boolean;
  readonly now: string;
};

/** Where a downloaded image goes: the zones, or every zone (crossZones, zoneIds then lists all of them). */
export type ImageZones = { readonly zoneIds: readonly string[]; readonly crossZones: boolean };

/** A template's guest facts. The format must suit the hypervisor (a QCOW2 template on XenServer is refused). */
export type TemplateTraits = {
  readonly format: DiskFormat;
  readonly hypervisor: HypervisorType;
  readonly osType: string;
  readonly passwordEnabled: boolean;
  readonly dynamicallyScalable: boolean;
};

export type RegisterTemplate = Command<
  'RegisterTemplate',
  ImageCreation & ImageZones & TemplateTraits & { readonly url: string; readonly sizeBytes?: number }
>;

export type RegisterIso = Command<
  'RegisterIso',
  ImageCreation &
    ImageZones & {
      readonly url: string;
      readonly bootable: boolean;
      /** Required when bootable: the VM booted from it needs a guest OS type. */
      readonly osType: string | null;
      readonly sizeBytes?: number;
    }
>;

/** Sources live in one zone: the new template's only copy is made there. */
type FromSource = {
  readonly zoneId: string;
  readonly sourceSizeBytes: number;
};

export type CreateTemplateFromVolume = Command<
  'CreateTemplateFromVolume',
  ImageCreation &
    TemplateTraits &
    FromSource & {
      readonly volumeId: string;
      readonly volumeType: 'ROOT' | 'DATADISK';
      /** State of the VM the volume is attached to; null when detached. */
      readonly vmState: string | null;
    }
>;

export type CreateTemplateFromSnapshot = Command<
  'CreateTemplateFromSnapshot',
  ImageCreation &
    TemplateTraits &
    FromSource & {
      readonly snapshotId: string;
      readonly snapshotState: string;
    }
>;

/** What the secondary-storage download (or copy) reported for one zone. */
export type DownloadReport =
  | { readonly status: 'DOWNLOAD_IN_PROGRESS'; readonly downloadPercent: number }
  | { readonly status: 'DOWNLOADED'; readonly sizeBytes: number; readonly physicalSizeBytes: number }
  | { readonly status: 'DOWNLOAD_ERROR'; readonly errorMessage: string };

export type RecordTemplateDownload = Command<
  'RecordTemplateDownload',
  { readonly imageId: string; readonly zoneId: string; readonly report: DownloadReport }
>;

/**
 * The commands after creation name the kind the caller addressed (updateTemplate vs updateIso):
 * CloudStack refuses a template id given to an ISO API and vice versa.
 */
type Addressed = { readonly imageId: string; readonly kind: ImageKind };

export type UpdateTemplate = Command<
  'UpdateTemplate',
  Addressed & {
    readonly name?: string;
    readonly displayText?: string;
    readonly osType?: string;
    /** Templates only. */
    readonly passwordEnabled?: boolean;
    /** Templates only. */
    readonly dynamicallyScalable?: boolean;
    /** ISOs only. */
    readonly bootable?: boolean;
  }
>;

export type UpdateTemplatePermissions = Command<
  'UpdateTemplatePermissions',
  Addressed & {
    readonly isPublic?: boolean;
    readonly isFeatured?: boolean;
    readonly caller: Caller;
    readonly allowPublicUserTemplates: boolean;
  }
>;

export type CopyTemplate = Command<
  'CopyTemplate',
  Addressed & { readonly sourceZoneId: string; readonly destinationZoneIds: readonly string[] }
>;

export type DeleteTemplate = Command<
  'DeleteTemplate',
  Addressed & {
    /** Absent: every zone. Ignored for a crossZones image, which CloudStack deletes everywhere. */
    readonly zoneId?: string;
    readonly forced: boolean;
    /** Whether non-expunged VMs (in that zone, when one is given) use the image. */
    readonly inUseByVms: boolean;
    readonly now: string;
  }
>;

export type ImageCommand =
  | RegisterTemplate
  | RegisterIso
  | CreateTemplateFromVolume
  | CreateTemplateFromSnapshot
  | RecordTemplateDownload
  | UpdateTemplate
  | UpdateTemplatePermissions
  | CopyTemplate
  | DeleteTemplate;
