import { z } from 'zod';
import { diskFormats, hypervisorTypes } from '../hypervisor/index.ts';
import { type EventsOf, v1 } from '../shared/index.ts';

/**
 * Templates and ISOs are one aggregate with a kind, as in CloudStack's vm_template table: they share
 * registration, per-zone copies, permissions and deletion. The kind names the usage meter.
 *
 * Usage metering (cloudstack-domain.md §6.1: TEMPLATE = 7, ISO = 8, raw usage in hours, size apart),
 * per (image, zone), with the meter chosen by `kind`:
 *   | event                 | meter                                                                   |
 *   |-----------------------|-------------------------------------------------------------------------|
 *   | ImageZoneDownloaded   | starts, with sizeBytes (virtual) and physicalSizeBytes                 |
 *   |                       | (CloudStack's TEMPLATE.CREATE / ISO.CREATE, or .COPY for a copied zone) |
 *   | ImageZoneCopyDeleted  | stops (when downloadStatus was DOWNLOADED; otherwise it never started)  |
 * Every event carries the owner account and tenant domain, so no meter reads another stream.
 */
export const imageKinds = ['TEMPLATE', 'ISO'] as const;
export type ImageKind = (typeof imageKinds)[number];

/** CloudStack's VMTemplateStorageResourceAssoc.Status values Skyledger uses for a zone's copy. */
export const downloadStatuses = [
  'NOT_DOWNLOADED',
  'DOWNLOAD_IN_PROGRESS',
  'DOWNLOADED',
  'DOWNLOAD_ERROR',
] as const;
export type DownloadStatus = (typeof downloadStatuses)[number];

const id = z.string().min(1);
const bytes = z.number().int().positive();

const imageRef = {
  imageId: id,
  kind: z.enum(imageKinds),
  ownerAccountId: id,
  tenantDomainId: id,
};

/** Where the image's bits come from: a URL to download, or a volume or snapshot to copy. */
export const imageSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url'), url: z.string().min(1) }),
  z.object({ type: z.literal('volume'), volumeId: id }),
  z.object({ type: z.literal('snapshot'), snapshotId: id }),
]);
export type ImageSource = z.infer<typeof imageSourceSchema>;

export const imageEventSchemas = {
  /** Zone copies start NOT_DOWNLOADED in every zone of `zoneIds`. */
  ImageCreated: v1(
    z.object({
      ...imageRef,
      name: z.string().min(1),
      displayText: z.string().min(1),
      format: z.enum(diskFormats),
      /** null for an ISO: it boots on any hypervisor. */
      hypervisor: z.enum(hypervisorTypes).nullable(),
      osType: z.string().min(1).nullable(),
      source: imageSourceSchema,
      zoneIds: z.array(id).min(1),
      crossZones: z.boolean(),
      isPublic: z.boolean(),
      isFeatured: z.boolean(),
      passwordEnabled: z.boolean(),
      dynamicallyScalable: z.boolean(),
      bootable: z.boolean(),
      /** Declared or source size; the downloaded size is recorded per zone. */
      sizeBytes: bytes.nullable(),
      createdAt: z.string(),
    }),
  ),
  ImageZoneDownloadProgressed: v1(
    z.object({ ...imageRef, zoneId: id, downloadPercent: z.number().int().min(0).max(100) }),
  ),
  /** The copy is ready for deploys in the zone. */
  ImageZoneDownloaded: v1(z.object({ ...imageRef, zoneId: id, sizeBytes: bytes, physicalSizeBytes: bytes })),
  ImageZoneDownloadFailed: v1(z.object({ ...imageRef, zoneId: id, errorMessage: z.string().min(1) })),
  /** A new copy (NOT_DOWNLOADED) in `zoneId`, to be copied from `sourceZoneId` by the command side. */
  ImageZoneCopyRequested: v1(
    z.object({ ...imageRef, sourceZoneId: id, zoneId: id, sizeBytes: bytes.nullable() }),
  ),
  /** Only the fields that changed. */
  ImageUpdated: v1(
    z.object({
      ...imageRef,
      changes: z.object({
        name: z.string().min(1).optional(),
        displayText: z.string().min(1).optional(),
        osType: z.string().min(1).optional(),
        passwordEnabled: z.boolean().optional(),
        dynamicallyScalable: z.boolean().optional(),
        bootable: z.boolean().optional(),
      }),
    }),
  ),
  ImagePermissionsUpdated: v1(
    z.object({ ...imageRef, isPublic: z.boolean(), isFeatured: z.boolean(), changedByAccountId: id }),
  ),
  ImageZoneCopyDeleted: v1(
    z.object({
      ...imageRef,
      zoneId: id,
      downloadStatus: z.enum(downloadStatuses),
      sizeBytes: bytes.nullable(),
      physicalSizeBytes: bytes.nullable(),
      forced: z.boolean(),
    }),
  ),
  /** The last copy is gone: the image turns Inactive and is marked removed. */
  ImageDeleted: v1(z.object({ ...imageRef, name: z.string().min(1), removedAt: z.string() })),
};

export type ImageEvent = EventsOf<typeof imageEventSchemas>;
export type ImageCreated = Extract<ImageEvent, { type: 'ImageCreated' }>;
export type ImageUpdated = Extract<ImageEvent, { type: 'ImageUpdated' }>;
/** The owner block every image event starts with. */
export type ImageRef = Pick<ImageCreated['data'], 'imageId' | 'kind' | 'ownerAccountId' | 'tenantDomainId'>;
