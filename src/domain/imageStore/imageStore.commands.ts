import type { Command } from '../shared/index.ts';
import type { ImageStoreProvider } from './imageStore.events.ts';

/** NFS stores take nfs://server/export/path; Swift and S3 take their http(s) endpoint. */
export type AddImageStore = Command<
  'AddImageStore',
  {
    readonly imageStoreId: string;
    readonly zoneId: string;
    readonly name: string;
    readonly provider: ImageStoreProvider;
    readonly url: string;
    readonly readOnly?: boolean;
  }
>;

export type SetImageStoreReadOnly = Command<
  'SetImageStoreReadOnly',
  { readonly imageStoreId: string; readonly readOnly: boolean }
>;

/** `storedObjectCount`: templates, ISOs, snapshots and volumes still on the store, read by the command side. */
export type DeleteImageStore = Command<
  'DeleteImageStore',
  { readonly imageStoreId: string; readonly storedObjectCount: number }
>;

export type ImageStoreCommand = AddImageStore | SetImageStoreReadOnly | DeleteImageStore;
