import { illegalState, invalid } from '../shared/index.ts';
import type {
  CopyTemplate,
  DeleteTemplate,
  DownloadReport,
  RecordTemplateDownload,
} from './image.commands.ts';
import { canMoveTo, isRedundant } from './image.download.ts';
import type { ImageEvent } from './image.events.ts';
import {
  assertKind,
  assertPositiveBytes,
  expectActive,
  kindLabel,
  readyCopyOf,
  refOf,
  zoneCopyOf,
} from './image.rules.ts';
import type { ImageState } from './image.state.ts';

/** The per-zone commands: download reports, copies to other zones, deletion of copies. */

const validateReport = (report: DownloadReport): void => {
  if (report.status === 'DOWNLOADED') {
    assertPositiveBytes('sizeBytes', report.sizeBytes);
    assertPositiveBytes('physicalSizeBytes', report.physicalSizeBytes);
  } else if (
    report.status === 'DOWNLOAD_IN_PROGRESS' &&
    !(
      Number.isInteger(report.downloadPercent) &&
      report.downloadPercent >= 0 &&
      report.downloadPercent <= 100
    )
  )
    throw invalid('IMAGE_DOWNLOAD_REPORT_INVALID', 'downloadPercent must be a whole number from 0 to 100', {
      downloadPercent: report.downloadPercent,
    });
  else if (report.status === 'DOWNLOAD_ERROR' && report.errorMessage.trim() === '')
    throw invalid('IMAGE_DOWNLOAD_REPORT_INVALID', 'A failed download must say why (errorMessage)', {});
};

export const recordDownload = ({ data }: RecordTemplateDownload, state: ImageState): ImageEvent[] => {
  const image = expectActive(state, data.imageId);
  const copy = zoneCopyOf(image, data.zoneId);
  const { report, zoneId } = data;
  validateReport(report);
  if (isRedundant(copy, report)) return [];
  if (!canMoveTo(copy.status, report.status))
    throw illegalState(
      'IMAGE_DOWNLOAD_STATE_INVALID',
      `Cannot record ${report.status} for the copy of ${kindLabel(image.kind).toLowerCase()} ${image.imageId} in zone ${zoneId}: it is ${copy.status}`,
      { imageId: image.imageId, zoneId, from: copy.status, to: report.status },
    );
  const ref = refOf(image);
  switch (report.status) {
    case 'DOWNLOAD_IN_PROGRESS':
      return [
        {
          type: 'ImageZoneDownloadProgressed',
          data: { ...ref, zoneId, downloadPercent: report.downloadPercent },
        },
      ];
    case 'DOWNLOADED':
      return [
        {
          type: 'ImageZoneDownloaded',
          data: { ...ref, zoneId, sizeBytes: report.sizeBytes, physicalSizeBytes: report.physicalSizeBytes },
        },
      ];
    case 'DOWNLOAD_ERROR':
      return [
        {
          type: 'ImageZoneDownloadFailed',
          data: { ...ref, zoneId, errorMessage: report.errorMessage.trim() },
        },
      ];
  }
};

/**
 * As CloudStack's copyTemplate: the source copy must be ready; a destination that already holds a copy
 * (downloaded, or on its way) is skipped, a failed one is copied again. Nothing to copy: no events.
 */
export const copyToZones = ({ data }: CopyTemplate, state: ImageState): ImageEvent[] => {
  const image = expectActive(state, data.imageId);
  assertKind(image, data.kind);
  const destinations = [...new Set(data.destinationZoneIds)];
  if (destinations.length === 0)
    throw invalid('IMAGE_ZONE_REQUIRED', 'Give at least one destination zone', { imageId: image.imageId });
  if (destinations.includes(data.sourceZoneId))
    throw invalid('IMAGE_COPY_SAME_ZONE', 'Please specify different source and destination zones', {
      sourceZoneId: data.sourceZoneId,
      destinationZoneIds: destinations,
    });
  const source = readyCopyOf(image, data.sourceZoneId);
  const ref = refOf(image);
  return destinations
    .filter((zoneId) => {
      const existing = image.zones[zoneId];
      return !existing || canMoveTo(existing.status, 'NOT_DOWNLOADED');
    })
    .map((zoneId) => ({
      type: 'ImageZoneCopyRequested',
      data: { ...ref, sourceZoneId: data.sourceZoneId, zoneId, sizeBytes: source.sizeBytes },
    }));
};

/**
 * Deletes one zone's copy, or all of them (no zone given, or a crossZones image: CloudStack deletes
 * those everywhere). When no copy is left the image itself is deleted (Inactive).
 */
export const deleteCopies = ({ data }: DeleteTemplate, state: ImageState): ImageEvent[] => {
  const image = expectActive(state, data.imageId);
  assertKind(image, data.kind);
  const label = kindLabel(image.kind);
  if (data.inUseByVms && !data.forced)
    throw illegalState(
      'IMAGE_IN_USE',
      `${label} ${image.imageId} is used by virtual machines; remove them first or delete with forced=true`,
      { imageId: image.imageId, zoneId: data.zoneId ?? null },
    );
  const all = Object.keys(image.zones);
  const doomed =
    data.zoneId === undefined || image.crossZones ? all : [zoneCopyOf(image, data.zoneId).zoneId];
  const ref = refOf(image);
  const events: ImageEvent[] = doomed.map((zoneId) => {
    const copy = zoneCopyOf(image, zoneId);
    return {
      type: 'ImageZoneCopyDeleted',
      data: {
        ...ref,
        zoneId,
        downloadStatus: copy.status,
        sizeBytes: copy.sizeBytes,
        physicalSizeBytes: copy.physicalSizeBytes,
        forced: data.forced,
      },
    };
  });
  if (doomed.length === all.length)
    events.push({ type: 'ImageDeleted', data: { ...ref, name: image.name, removedAt: data.now } });
  return events;
};
