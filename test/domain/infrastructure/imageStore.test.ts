import { describe, expect, it } from 'vitest';
import { type AddImageStore, imageStoreDecider } from '../../../src/domain/imageStore/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { imageStoreId, zoneId } from './fixtures.ts';

const spec = DeciderSpecification.for(imageStoreDecider);

const add = (changes: Partial<AddImageStore['data']> = {}): AddImageStore => ({
  type: 'AddImageStore',
  data: {
    imageStoreId,
    zoneId,
    name: 'secondary-1',
    provider: 'NFS',
    url: 'nfs://10.0.0.5/export/secondary',
    ...changes,
  },
});

const added = {
  type: 'ImageStoreAdded',
  data: {
    imageStoreId,
    zoneId,
    name: 'secondary-1',
    provider: 'NFS',
    url: 'nfs://10.0.0.5/export/secondary',
    readOnly: false,
  },
} as const;
const place = { imageStoreId, zoneId };
const readOnly = { type: 'ImageStoreReadOnlyChanged', data: { ...place, readOnly: true } } as const;
const deleted = { type: 'ImageStoreDeleted', data: { ...place, name: 'secondary-1' } } as const;

describe('image store: before it is added', () => {
  it('adds an NFS store, writable by default', () => spec.given([]).when(add()).then([added]));

  it('adds an S3 store on https, read-only when asked', () =>
    spec
      .given([])
      .when(add({ provider: 'S3', url: 'https://s3.example.com', readOnly: true }))
      .then([
        {
          type: 'ImageStoreAdded',
          data: { ...added.data, provider: 'S3', url: 'https://s3.example.com', readOnly: true },
        },
      ]));

  it('adds a Swift store on http', () =>
    spec
      .given([])
      .when(add({ provider: 'Swift', url: 'http://swift.example.com:8080/auth/v1.0' }))
      .then([
        {
          type: 'ImageStoreAdded',
          data: { ...added.data, provider: 'Swift', url: 'http://swift.example.com:8080/auth/v1.0' },
        },
      ]));

  it('refuses an empty name', () =>
    spec
      .given([])
      .when(add({ name: '' }))
      .thenThrows('IMAGE_STORE_NAME_REQUIRED'));

  it('refuses an NFS store with an http URL', () =>
    spec
      .given([])
      .when(add({ url: 'http://10.0.0.5/export' }))
      .thenThrows('IMAGE_STORE_URL_INVALID', (e) => expect(e.details).toMatchObject({ provider: 'NFS' })));

  it('refuses an NFS URL without an export path', () =>
    spec
      .given([])
      .when(add({ url: 'nfs://10.0.0.5/' }))
      .thenThrows('IMAGE_STORE_URL_INVALID'));

  it('refuses an NFS URL without a server', () =>
    spec
      .given([])
      .when(add({ url: 'nfs:///export' }))
      .thenThrows('IMAGE_STORE_URL_INVALID'));

  it('refuses an S3 store with an nfs URL', () =>
    spec
      .given([])
      .when(add({ provider: 'S3', url: 'nfs://10.0.0.5/export' }))
      .thenThrows('IMAGE_STORE_URL_INVALID'));

  it('refuses a Swift URL that is not a URL at all', () =>
    spec
      .given([])
      .when(add({ provider: 'Swift', url: 'swift endpoint' }))
      .thenThrows('IMAGE_STORE_URL_INVALID'));

  it('refuses credentials inside the URL', () =>
    spec
      .given([])
      .when(add({ provider: 'S3', url: 'https://key:secret@s3.example.com' }))
      .thenThrows('IMAGE_STORE_URL_INVALID'));

  it('refuses to change a store that does not exist', () =>
    spec
      .given([])
      .when({ type: 'SetImageStoreReadOnly', data: { imageStoreId, readOnly: true } })
      .thenThrows('IMAGE_STORE_NOT_FOUND'));
});

describe('image store: writable', () => {
  it('refuses to add it again', () =>
    spec.given([added]).when(add()).thenThrows('IMAGE_STORE_ALREADY_EXISTS'));

  it('makes it read-only', () =>
    spec
      .given([added])
      .when({ type: 'SetImageStoreReadOnly', data: { imageStoreId, readOnly: true } })
      .then([readOnly]));

  it('making it writable again changes nothing', () =>
    spec
      .given([added])
      .when({ type: 'SetImageStoreReadOnly', data: { imageStoreId, readOnly: false } })
      .thenNothingHappened());

  it('deletes an empty store', () =>
    spec
      .given([added])
      .when({ type: 'DeleteImageStore', data: { imageStoreId, storedObjectCount: 0 } })
      .then([deleted]));

  it('refuses to delete a store that still holds templates or snapshots', () =>
    spec
      .given([added])
      .when({ type: 'DeleteImageStore', data: { imageStoreId, storedObjectCount: 4 } })
      .thenThrows('IMAGE_STORE_NOT_EMPTY', (e) => expect(e.details).toMatchObject({ storedObjectCount: 4 })));
});

describe('image store: read-only', () => {
  it('makes it writable again', () =>
    spec
      .given([added, readOnly])
      .when({ type: 'SetImageStoreReadOnly', data: { imageStoreId, readOnly: false } })
      .then([{ type: 'ImageStoreReadOnlyChanged', data: { ...place, readOnly: false } }]));
});

describe('image store: deleted', () => {
  it('refuses any further change', () =>
    spec
      .given([added, deleted])
      .when({ type: 'SetImageStoreReadOnly', data: { imageStoreId, readOnly: true } })
      .thenThrows('IMAGE_STORE_NOT_FOUND'));

  it('refuses to delete it twice', () =>
    spec
      .given([added, deleted])
      .when({ type: 'DeleteImageStore', data: { imageStoreId, storedObjectCount: 0 } })
      .thenThrows('IMAGE_STORE_NOT_FOUND'));
});
