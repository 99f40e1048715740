import { mergeChanges } from '../shared/index.ts';
import type { DownloadStatus, ImageCreated, ImageEvent } from './image.events.ts';

/** One zone's copy of the image on secondary storage. `ready` = deployable in that zone. */
export type ZoneCopy = {
  readonly zoneId: string;
  readonly status: DownloadStatus;
  readonly downloadPercent: number;
  readonly ready: boolean;
  readonly errorMessage: string | null;
  readonly sizeBytes: number | null;
  readonly physicalSizeBytes: number | null;
};

export type Image = Omit<ImageCreated['data'], 'zoneIds'> & {
  readonly zones: Readonly<Record<string, ZoneCopy>>;
  readonly removedAt: string | null;
};

/** Active while any zone copy remains; Inactive (removed) once the last one is deleted, as in CloudStack. */
export type ImageStatus = 'None' | 'Active' | 'Inactive';
export type ActiveImage = { readonly status: 'Active' } & Image;
export type InactiveImage = { readonly status: 'Inactive' } & Image;
export type ImageState = { readonly status: 'None' } | ActiveImage | InactiveImage;

export const initialState = (): ImageState => ({ status: 'None' });

export const pendingCopy = (zoneId: string): ZoneCopy => ({
  zoneId,
  status: 'NOT_DOWNLOADED',
  downloadPercent: 0,
  ready: false,
  errorMessage: null,
  sizeBytes: null,
  physicalSizeBytes: null,
});

/** Applies `change` to one zone's copy; a zone the image has no copy in is left alone (evolve never throws). */
const withCopy = (state: ImageState, zoneId: string, change: (copy: ZoneCopy) => ZoneCopy): ImageState => {
  if (state.status === 'None') return state;
  const copy = state.zones[zoneId];
  return copy ? { ...state, zones: { ...state.zones, [zoneId]: change(copy) } } : state;
};

export const evolve = (state: ImageState, event: ImageEvent): ImageState => {
  switch (event.type) {
    case 'ImageCreated': {
      const { zoneIds, ...image } = event.data;
      return {
        status: 'Active',
        ...image,
        zones: Object.fromEntries(zoneIds.map((zoneId) => [zoneId, pendingCopy(zoneId)])),
        removedAt: null,
      };
    }
    case 'ImageZoneDownloadProgressed':
      return withCopy(state, event.data.zoneId, (copy) => ({
        ...copy,
        status: 'DOWNLOAD_IN_PROGRESS',
        downloadPercent: event.data.downloadPercent,
        errorMessage: null,
      }));
    case 'ImageZoneDownloaded': {
      const { sizeBytes, physicalSizeBytes } = event.data;
      const next = withCopy(state, event.data.zoneId, (copy) => ({
        ...copy,
        status: 'DOWNLOADED',
        downloadPercent: 100,
        ready: true,
        errorMessage: null,
        sizeBytes,
        physicalSizeBytes,
      }));
      return next.status === 'None' ? next : { ...next, sizeBytes };
    }
    case 'ImageZoneDownloadFailed':
      return withCopy(state, event.data.zoneId, (copy) => ({
        ...copy,
        status: 'DOWNLOAD_ERROR',
        ready: false,
        errorMessage: event.data.errorMessage,
      }));
    case 'ImageZoneCopyRequested':
      return state.status === 'None'
        ? state
        : { ...state, zones: { ...state.zones, [event.data.zoneId]: pendingCopy(event.data.zoneId) } };
    case 'ImageUpdated':
      return state.status === 'None' ? state : mergeChanges(state, event.data.changes);
    case 'ImagePermissionsUpdated':
      return state.status === 'None'
        ? state
        : { ...state, isPublic: event.data.isPublic, isFeatured: event.data.isFeatured };
    case 'ImageZoneCopyDeleted': {
      if (state.status === 'None') return state;
      const { [event.data.zoneId]: _deleted, ...zones } = state.zones;
      return { ...state, zones };
    }
    case 'ImageDeleted':
      return state.status === 'None'
        ? state
        : { ...state, status: 'Inactive', removedAt: event.data.removedAt };
    default:
      return state;
  }
};
